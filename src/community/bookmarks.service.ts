// The rules about bookmarks: one per reader and work, with notes (sanitised like comments), the
// reader's own free-text tags, and private and "rec" flags. Private bookmarks are seen only by
// their owner and are not counted on the work.
import type { SignedIn } from '../accounts/accounts.service.ts';
import type { Database } from '../db/database.ts';
import { getWorkBlurbs, type WorkBlurb } from '../works/works.service.ts';
import { accessOrNotFound } from './actor.ts';
import * as repo from './bookmarks.repo.ts';
import { defaultPseudId } from './comments.repo.ts';
import { CommunityError } from './community-error.ts';
import {
  BOOKMARK_NOTES_MAX_CHARS,
  BOOKMARK_TAG_MAX_CHARS,
  characterCount,
  readerHtml,
  UserTextError,
} from './user-text.ts';

export const BOOKMARK_TAGS_MAX = 50;
export const BOOKMARKS_PAGE_SIZE = 20;

export type Bookmark = repo.BookmarkRow;

export interface BookmarkInput {
  notes?: string;
  /** Comma-separated, as typed. */
  tags?: string;
  private?: boolean;
  rec?: boolean;
}

/** "Fluff,  slow burn ,fluff" is ["Fluff", "slow burn"]: trimmed, spaces folded, case-blind duplicates dropped. */
export function parseBookmarkTags(raw: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const piece of raw.split(',')) {
    const name = piece
      .replace(/[\p{Cc}\p{Cf}]/gu, '')
      .replace(/\s+/g, ' ')
      .trim();
    if (!name) continue;
    if (characterCount(name) > BOOKMARK_TAG_MAX_CHARS) {
      throw new CommunityError(
        'invalid',
        `A bookmark tag can be at most ${BOOKMARK_TAG_MAX_CHARS} characters; '${name.slice(0, 30)}…' has ${characterCount(name)}.`,
      );
    }
    const key = name.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  if (out.length > BOOKMARK_TAGS_MAX)
    throw new CommunityError(
      'invalid',
      `A bookmark can have at most ${BOOKMARK_TAGS_MAX} tags; this one has ${out.length}.`,
    );
  return out;
}

function notesHtml(raw: string | undefined): string | null {
  if (!raw?.trim()) return null;
  try {
    return readerHtml(raw, { what: 'bookmark notes', maxChars: BOOKMARK_NOTES_MAX_CHARS });
  } catch (e) {
    if (e instanceof UserTextError) throw new CommunityError('invalid', e.message);
    throw e;
  }
}

/** The reader's bookmark of the work, if they have one. */
export async function bookmarkOf(database: Database, user: SignedIn, workId: number): Promise<Bookmark | null> {
  return (await repo.findBookmark(database.db, { userId: user.id, workId })) ?? null;
}

export async function saveBookmark(
  database: Database,
  user: SignedIn,
  workId: number,
  input: BookmarkInput,
): Promise<{ id: number; created: boolean }> {
  await accessOrNotFound(database, workId, user);
  const values: repo.BookmarkValues = {
    notesHtml: notesHtml(input.notes),
    tags: parseBookmarkTags(input.tags ?? ''),
    private: input.private === true,
    rec: input.rec === true,
  };
  return database.db.transaction().execute(async (trx) =>
    repo.saveBookmark(trx, {
      userId: user.id,
      pseudId: await defaultPseudId(trx, user.id),
      workId,
      at: new Date().toISOString(),
      ...values,
    }),
  );
}

export async function deleteBookmark(database: Database, user: SignedIn, bookmarkId: number): Promise<Bookmark> {
  const bookmark = await repo.findBookmark(database.db, { id: bookmarkId });
  // Someone else's bookmark is "not found", not "forbidden": private ones must not be confirmed.
  if (!bookmark || bookmark.userId !== user.id)
    throw new CommunityError('not_found', `bookmark ${bookmarkId} was not found`);
  await database.db.transaction().execute((trx) => repo.deleteBookmark(trx, bookmarkId));
  return bookmark;
}

export interface BookmarkListing {
  owner: { username: string };
  isOwner: boolean;
  tag: string | null;
  items: { bookmark: Bookmark; work: WorkBlurb }[];
  /** Cursor for the next page, or null. */
  next: number | null;
}

/**
 * A user's bookmarks as the viewer may see them: `username` names the user, or is the account
 * when the caller has read it already; null means the viewer's own.
 */
export async function bookmarkListing(
  database: Database,
  viewer: SignedIn | null,
  username: string | { id: number; username: string } | null,
  opts: { before?: number; tag?: string; limit?: number } = {},
): Promise<BookmarkListing> {
  let owner: { id: number; username: string };
  if (username === null) {
    if (!viewer) throw new CommunityError('sign_in', 'you need to sign in to see your bookmarks');
    owner = viewer;
  } else if (typeof username === 'object') {
    // An account its caller has read already (and found not to be the archive's own).
    owner = username;
  } else {
    const found = await repo.userByUsername(database.db, username);
    if (!found || found.role === 'system') throw new CommunityError('not_found', `user '${username}' was not found`);
    owner = found;
  }
  const isOwner = viewer?.id === owner.id;
  const limit = opts.limit ?? BOOKMARKS_PAGE_SIZE;
  const tag = opts.tag?.trim() || undefined;
  const rows = await repo.listBookmarks(database.db, {
    ownerId: owner.id,
    includePrivate: isOwner,
    viewerSignedIn: viewer !== null,
    tag,
    before: opts.before,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    owner: { username: owner.username },
    isOwner,
    tag: tag ?? null,
    items: await withWorks(database, page),
    next: rows.length > limit ? page.at(-1)!.id : null,
  };
}

/** Each bookmark beside its work's blurb, in order; a bookmark whose work has no blurb is left out. */
export async function withWorks<B extends { workId: number }>(
  database: Database,
  bookmarks: B[],
): Promise<{ bookmark: B; work: WorkBlurb }[]> {
  const blurbs = new Map(
    (
      await getWorkBlurbs(
        database,
        bookmarks.map((b) => b.workId),
      )
    ).map((w) => [w.id, w]),
  );
  return bookmarks.flatMap((b) => {
    const work = blurbs.get(b.workId);
    return work ? [{ bookmark: b, work }] : [];
  });
}
