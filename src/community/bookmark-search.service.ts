// Finding bookmarks (AO3's bookmark search): public bookmarks of works the reader may see, by the
// bookmarked work's tags (through the same materialised filters as the work search, so a synonym
// finds its canonical tag's works), the bookmarker's own tags, recs alone, words in the notes, and
// who bookmarked. Latest bookmarked first.
import type { SignedIn } from '../accounts/accounts.service.ts';
import type { Database } from '../db/database.ts';
import { pseudIdsByName, tagsByKeys, viewerScope } from '../search/search.repo.ts';
import { tagKey } from '../tags/tag-types.ts';
import type { WorkBlurb } from '../works/works.service.ts';
import * as repo from './bookmarks.repo.ts';
import { withWorks } from './bookmarks.service.ts';

export const BOOKMARK_SEARCH_PAGE = 20;
/** Text fields longer than this search for nothing a bookmark holds. */
export const BOOKMARK_SEARCH_TEXT_MAX = 200;
const MAX_TAGS = 10;

export interface BookmarkSearchInput {
  /** Comma-separated: the bookmarked work carries every one. */
  workTags?: string;
  /** Comma-separated: the bookmarker tagged it with every one. */
  bookmarkTags?: string;
  recOnly?: boolean;
  notes?: string;
  /** A username or pseud name. */
  bookmarker?: string;
  /** The cursor from the previous page. */
  after?: string;
  /** Only bookmarks in these collections (a collection's bookmarks page): lists them unasked. */
  collectionIds?: number[];
}

export interface FoundBookmark {
  bookmark: repo.FoundBookmark;
  work: WorkBlurb;
}

export interface BookmarkResults {
  /** Whether anything was asked: an empty form lists nothing. */
  asked: boolean;
  total: number;
  items: FoundBookmark[];
  next: string | null;
  /** Names that match nothing in the archive, said back to the reader. */
  notices: string[];
}

function names(raw: string | undefined): string[] {
  return [
    ...new Set(
      (raw ?? '')
        .split(',')
        .map((s) => s.replace(/\s+/g, ' ').trim().slice(0, BOOKMARK_SEARCH_TEXT_MAX))
        .filter(Boolean),
    ),
  ].slice(0, MAX_TAGS);
}

export function encodeBookmarkCursor(b: { createdAt: string; id: number }): string {
  return Buffer.from(JSON.stringify([b.createdAt, b.id])).toString('base64url');
}

function decodeCursor(raw: string | undefined): { at: string; id: number } | undefined {
  if (!raw) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(v) && typeof v[0] === 'string' && Number.isSafeInteger(v[1])) return { at: v[0], id: v[1] };
  } catch {
    // A mangled cursor starts again from the first page.
  }
  return undefined;
}

export async function searchBookmarks(
  database: Database,
  viewer: SignedIn | null,
  input: BookmarkSearchInput,
): Promise<BookmarkResults> {
  const workTags = names(input.workTags);
  const bookmarkTags = names(input.bookmarkTags);
  const notes = input.notes?.trim().slice(0, BOOKMARK_SEARCH_TEXT_MAX) || undefined;
  const bookmarker = input.bookmarker?.trim().replace(/^@/, '').slice(0, BOOKMARK_SEARCH_TEXT_MAX) || undefined;
  const asked =
    input.collectionIds !== undefined ||
    workTags.length + bookmarkTags.length > 0 ||
    input.recOnly === true ||
    !!notes ||
    !!bookmarker;
  const none: BookmarkResults = { asked, total: 0, items: [], next: null, notices: [] };
  if (!asked) return none;

  const known = await tagsByKeys(database.db, workTags.map(tagKey));
  const missing = workTags.filter((n) => !known.has(tagKey(n)));
  if (missing.length) return { ...none, notices: missing.map((n) => `no tag is named '${n}' in this archive`) };
  const spec: repo.BookmarkSearchSpec = {
    scope: await viewerScope(database.db, viewer?.id ?? null),
    workTags: workTags.map((n) => {
      const tag = known.get(tagKey(n))!;
      return [tag.synonymOf ?? tag.id];
    }),
    bookmarkTags,
    ...(input.collectionIds ? { collectionIds: input.collectionIds } : {}),
    recOnly: input.recOnly === true,
    notes,
    bookmarker: bookmarker
      ? {
          pseudIds: await pseudIdsByName(database.db, bookmarker),
          userId: (await repo.userByUsername(database.db, bookmarker))?.id ?? null,
        }
      : undefined,
  };
  const [rows, total] = await Promise.all([
    repo.searchBookmarks(database.db, spec, {
      before: decodeCursor(input.after),
      limit: BOOKMARK_SEARCH_PAGE + 1,
    }),
    repo.countBookmarkSearch(database.db, spec),
  ]);
  const page = rows.slice(0, BOOKMARK_SEARCH_PAGE);
  return {
    asked,
    total,
    items: await withWorks(database, page),
    next: rows.length > BOOKMARK_SEARCH_PAGE ? encodeBookmarkCursor(page.at(-1)!) : null,
    notices: [],
  };
}
