// What the feeds and the catalog list. Feeds are public documents fetched by programs without a
// session (and cached and shared by aggregators), so every list here is what a guest may read:
// the searches run with no viewer, which leaves out drafts, hidden and restricted works.
import type { Database } from '../db/database.ts';
import { emptyQuery, type WorkQuery } from '../search/query.ts';
import { searchWorks } from '../search/search.service.ts';
import { AppError } from '../app-error.ts';
import { collectionView, searchScope } from '../collections/collections.service.ts';
import { getSeries, type SeriesView } from '../series/series.service.ts';
import { tagListing, type TagListing } from '../tags/tags.service.ts';
import type { WorkBlurb } from '../works/works.service.ts';
import { pseudName, tagsByWorkCount, type TagCountRow } from './feeds.repo.ts';

/** Entries in an Atom feed: readers poll for what is new, so one page is the feed. */
export const FEED_SIZE = 20;
/** Works or tags per catalog page. */
export const CATALOG_PAGE = 25;

export interface WorksPage {
  works: WorkBlurb[];
  /** Cursor of the next page, or null. */
  next: string | null;
}

const GUEST = { viewerId: null, facets: false } as const;

export async function recentWorks(database: Database, opts: { limit: number; after?: string }): Promise<WorksPage> {
  const { works, next } = await searchWorks(database, { ...emptyQuery(), limit: opts.limit, after: opts.after }, GUEST);
  return { works, next };
}

export async function tagWorks(
  database: Database,
  name: string,
  opts: { limit: number; after?: string },
): Promise<TagListing | undefined> {
  return tagListing(database, name, { ...opts, viewerId: null });
}

/** A search as the search page runs it (the query from query-url.ts), for a guest. */
export async function searchFeedWorks(database: Database, query: WorkQuery): Promise<WorksPage> {
  const { works, next } = await searchWorks(database, query, GUEST);
  return { works, next };
}

/**
 * When the archive last changed as a guest sees it: the newest update of a readable work. The
 * catalog's navigation feeds are dated by it, so they are the same document (and ETag) until then.
 */
export async function lastUpdate(database: Database): Promise<string> {
  const { works } = await recentWorks(database, { limit: 1 });
  return works[0]?.updatedAt ?? new Date(0).toISOString();
}

/** The works credited to a pseud of this name (any case), newest update first; undefined when no pseud has it. */
export async function creatorWorks(
  database: Database,
  name: string,
  opts: { limit: number; after?: string },
): Promise<(WorksPage & { name: string }) | undefined> {
  const found = await pseudName(database.db, name);
  if (found === undefined) return undefined;
  const { works, next } = await searchWorks(
    database,
    { ...emptyQuery(), creator: found, limit: opts.limit, after: opts.after },
    GUEST,
  );
  return { name: found, works, next };
}

/** A collection's works (with its subcollections') as a guest finds them; undefined when there is no such collection. */
export async function collectionWorks(
  database: Database,
  name: string,
  opts: { limit: number; after?: string },
): Promise<(WorksPage & { name: string; title: string }) | undefined> {
  const view = await collectionView(database, name, null).catch((e: unknown) => {
    if (e instanceof AppError && e.kind === 'not_found') return undefined;
    throw e;
  });
  if (!view) return undefined;
  const { works, next } = await searchWorks(
    database,
    { ...emptyQuery(), limit: opts.limit, after: opts.after },
    { ...GUEST, collectionIds: searchScope(view) },
  );
  return { name: view.collection.name, title: view.collection.title, works, next };
}

export async function seriesForFeed(database: Database, id: number): Promise<SeriesView | undefined> {
  return getSeries(database, id, null);
}

export const TAG_KINDS = {
  fandoms: { types: ['fandom'], title: 'By fandom' },
  tags: { types: ['relationship', 'character', 'freeform'], title: 'By tag' },
} as const;

/** Tags of a kind, most works first, with a cursor for the next page. */
export async function popularTags(
  database: Database,
  kind: keyof typeof TAG_KINDS,
  opts: { limit: number; after?: string },
): Promise<{ tags: TagCountRow[]; next: string | null }> {
  const rows = await tagsByWorkCount(database.db, TAG_KINDS[kind].types, {
    limit: opts.limit + 1,
    after: decodeTagCursor(opts.after),
  });
  const tags = rows.slice(0, opts.limit);
  const last = tags.at(-1);
  return {
    tags,
    next: rows.length > opts.limit && last ? Buffer.from(`${last.count}|${last.id}`).toString('base64url') : null,
  };
}

function decodeTagCursor(raw: string | undefined): { count: number; id: number } | undefined {
  if (!raw || raw.length > 64) return undefined;
  const m = /^(\d{1,10})\|(\d{1,10})$/.exec(Buffer.from(raw, 'base64url').toString('utf8'));
  return m ? { count: Number(m[1]), id: Number(m[2]) } : undefined;
}
