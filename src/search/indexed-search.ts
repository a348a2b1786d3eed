// A search answered from the in-memory filter index (filter-index.ts): the matching works as a
// bitset, so the total is always exact; words from the full-text index, kept when the bitset
// holds them; then one page in the chosen sort, found whichever way is cheaper: by ordering the
// matches themselves when they are few, or by walking the sort order and keeping the works the
// bitset holds when they are many (then a page costs about limit / share works): dates day by day
// in memory, other sorts through the database's index.
import type { Database } from '../db/database.ts';
import type { Bitset } from './bitset.ts';
import type { FilterIndex, MemoryFilter, NumericSort } from './filter-index.ts';
import { timeValue } from './work-columns.ts';
import * as indexRepo from './filter-index.repo.ts';
import { hasTextSearch, type TextQuery, type WorkQuery } from './query.ts';
import type { Cursor, SearchSpec, SortKey } from './search.repo.ts';
import type { IdRange } from './text-index.ts';
import type { Scratch } from './scratch.ts';
import { TopK } from './top-k.ts';
import { PAGE_TUNING } from './page-tuning.ts';
import { rankedHere, wordsRankedHere } from './word-ranking.ts';
import { rankedOnPostgres } from './postgres-ranking.ts';

export { PAGE_TUNING };

export interface IndexedResult {
  /** Up to `limit` rows in order, with their sort keys as the database stores them. */
  rows: { id: number; key: SortKey }[];
  total: number;
  /** The newest matches, up to `sample`: what facets are counted over. */
  sample: number[];
}

/** The filter the index evaluates: the spec, the reader's own exclusions, and the creator's works. */
async function memoryFilter(database: Database, spec: SearchSpec): Promise<MemoryFilter> {
  const { db, dialect } = database;
  const me = spec.scope.userId;
  const excludeTags = [...spec.exclude];
  const excludeWorks: number[] = [];
  if (me !== null && spec.scope.hasBlocklist) excludeTags.push(...(await indexRepo.blocklistTags(db, me)));
  if (me !== null && spec.scope.hasMutes) excludeWorks.push(...(await indexRepo.mutedWorks(db, me)));
  if (me !== null && spec.scope.hasHidden) excludeWorks.push(...(await indexRepo.hiddenWorks(db, me)));
  excludeWorks.push(...(await indexRepo.textExcludedWorks(db, dialect, spec.text)));
  return {
    includeGroups: spec.includeGroups,
    excludeTags,
    ranges: spec.ranges,
    language: spec.language,
    complete: spec.complete,
    singleChapter: spec.singleChapter,
    crossover: spec.crossover,
    guest: me === null,
    onlyWorks: await onlyWorks(database, spec),
    excludeWorks,
  };
}

/** The creator's works, the collections' works, or the works in both; undefined for all works. */
async function onlyWorks(database: Database, spec: SearchSpec): Promise<ArrayLike<number> | undefined> {
  const { db, dialect } = database;
  const creators = spec.creatorPseuds
    ? await indexRepo.worksOfPseuds(db, dialect, spec.creatorPseuds, spec.scope.userId)
    : undefined;
  const collections = spec.collectionIds
    ? await indexRepo.worksOfCollections(db, dialect, spec.collectionIds)
    : undefined;
  if (!creators || !collections) return creators ?? collections;
  const inCollections = new Set(collections);
  return creators.filter((id) => inCollections.has(id));
}

export async function searchWithIndex(
  database: Database,
  index: FilterIndex,
  spec: SearchSpec,
  query: WorkQuery,
  opts: { limit: number; after?: Cursor; sample: number },
): Promise<IndexedResult> {
  const scratch = index.scratch();
  try {
    return await searchIn(database, index, spec, query, opts, scratch);
  } finally {
    scratch.release();
  }
}

async function searchIn(
  database: Database,
  index: FilterIndex,
  spec: SearchSpec,
  query: WorkQuery,
  opts: { limit: number; after?: Cursor; sample: number },
  scratch: Scratch,
): Promise<IndexedResult> {
  const matches = await index.matching(await memoryFilter(database, spec), scratch);
  const desc = spec.sort.direction === 'desc';
  let rows: { id: number; key: SortKey }[];
  let set = matches;
  if (hasTextSearch(query)) {
    if (spec.sort.field === 'best_match') {
      const top = new TopK(opts.limit, desc, cursorOf(opts.after));
      const kept =
        (await wordsRankedHere(database, index, spec.text, matches, top, scratch)) ??
        (await rankedOnPostgres(database, spec.text, matches, top, scratch));
      if (kept) return { rows: top.rows(), total: kept.count(), sample: newest(kept, opts.sample) };
    }
    const words = await indexRepo.textMatchIds(database.db, database.dialect, spec.text, (n) => scratch.buffer(n));
    if (words) {
      // The word matches the filters allow are the result set from here on.
      set = scratch.set(matches.capacity);
      for (let i = 0; i < words.length; i++) if (matches.has(words[i]!)) set.add(words[i]!);
      const kept = set.count();
      if (spec.sort.field === 'best_match') {
        rows = await byScore(database, index, spec, set, words, kept, desc, opts.after, opts.limit, scratch);
        return { rows, total: kept, sample: newest(set, opts.sample) };
      }
    }
  }
  const total = set.count();
  const field = spec.sort.field;
  if (field === 'best_match') rows = byId(set, desc, opts.after, opts.limit);
  else if (field === 'title' || field === 'creator')
    rows = await byDatabaseOrder(database, index, set, total, field, desc, spec, opts, scratch);
  else rows = await byValue(database, index, set, total, field, desc, spec, opts, scratch);
  return { rows, total, sample: newest(set, opts.sample) };
}

function newest(set: Bitset, n: number): number[] {
  const out: number[] = [];
  if (n > 0) set.forEachDescending((id) => out.push(id) < n);
  return out;
}

/** A best-match cursor as TopK compares it: scores are numbers. */
function cursorOf(after: Cursor | undefined): { key: number; id: number } | undefined {
  return after ? { key: Number(after.key), id: after.id } : undefined;
}

/** Without words every score is 0 (as the SQL search has it): newest first, by id. */
function byId(set: Bitset, desc: boolean, after: Cursor | undefined, limit: number): { id: number; key: SortKey }[] {
  const rows: { id: number; key: SortKey }[] = [];
  if (desc) {
    set.forEachDescending((id) => rows.push({ id, key: 0 }) < limit, after ? after.id : undefined);
    return rows;
  }
  const words = set.words;
  for (let i = after ? (after.id + 1) >>> 5 : 0; i < words.length && rows.length < limit; i++) {
    for (let v = words[i]!; v !== 0 && rows.length < limit; ) {
      const low = v & -v;
      const id = (i << 5) + (31 - Math.clz32(low));
      v ^= low;
      if (!after || id > after.id) rows.push({ id, key: 0 });
    }
  }
  return rows;
}

/**
 * The best `limit` of the word matches in the set after the cursor; ties by id, as SQL has them.
 * On SQLite plain words are ranked here. Otherwise, when the filters leave out few matches, the
 * database ranks and returns only the top (however many are left out, that many more suffice);
 * else every score is read and ranked here. Either way SQLite ranks many matches in parts, on
 * the read workers at once.
 */
async function byScore(
  database: Database,
  index: FilterIndex,
  spec: SearchSpec,
  set: Bitset,
  words: Int32Array,
  kept: number,
  desc: boolean,
  after: Cursor | undefined,
  limit: number,
  scratch: Scratch,
): Promise<{ id: number; key: SortKey }[]> {
  const cursor = cursorOf(after);
  const here = new TopK(limit, desc, cursor);
  if (await rankedHere(database, index, spec.text, set, words.length, here, scratch)) return here.rows();
  const leftOut = words.length - kept;
  const split = splitByMatches(database, words);
  if (leftOut + limit <= PAGE_TUNING.topScoresMax)
    return await topKept(database, spec.text, set, words.length, kept, desc, cursor, limit, split);
  const text = await indexRepo.textMatches(database.db, database.dialect, spec.text, split);
  if (!text) return [];
  const { ids, scores } = text;
  // A fresh one: ranking here may have offered some works before it gave up.
  const top = new TopK(limit, desc, cursor);
  for (let i = 0; i < ids.length; i++) if (set.has(ids[i]!)) top.offer(scores[i]!, ids[i]!);
  return top.rows();
}

/**
 * The database's top matches after the cursor that the set holds. It asks first for what the page
 * needs if the filters leave matches out evenly, with room to spare, and only if the top is left
 * out more than that for enough however many are: a guest's search leaves out every restricted
 * match (~1,800 of a common phrase's 35,000 at a million works), and ordering those costs more.
 */
async function topKept(
  database: Database,
  text: TextQuery,
  set: Bitset,
  matched: number,
  kept: number,
  desc: boolean,
  cursor: { key: number; id: number } | undefined,
  limit: number,
  split: indexRepo.SplitRanking | undefined,
): Promise<{ id: number; key: SortKey }[]> {
  const enough = matched - kept + limit;
  const even = Math.ceil(((limit * matched) / Math.max(kept, 1)) * 1.5) + PAGE_TUNING.topRoom;
  let page: { id: number; key: number }[] = [];
  for (const ask of even < enough ? [even, enough] : [enough]) {
    const top = await indexRepo.topTextMatches(database.db, database.dialect, text, desc, cursor, ask, split);
    page = top.filter((r) => set.has(r.id)).slice(0, limit);
    if (page.length === limit || top.length < ask) break;
  }
  return page;
}

/**
 * SQLite with read workers, for many matches: ranges of ids holding about equal shares of them,
 * one per worker, so that FTS5 ranks each share on its own core. `words` is in id order, as FTS5
 * returns matches; out of order, the shares are uneven but still cover every id.
 */
function splitByMatches(database: Database, words: Int32Array): indexRepo.SplitRanking | undefined {
  const readers = database.readers;
  if (!readers || readers.size < 2 || words.length < PAGE_TUNING.splitFrom) return undefined;
  const ranges: IdRange[] = [];
  let from = 0;
  for (let part = 1; part < readers.size; part++) {
    const to = words[Math.floor((words.length * part) / readers.size)]! - 1;
    if (to < from) continue;
    ranges.push({ from, to });
    from = to + 1;
  }
  ranges.push({ from, to: null });
  return { readers, ranges };
}

/** Sorts walked through the database's index: dates are walked in memory (DayOrder). */
type WalkedSort = Exclude<NumericSort, 'posted' | 'updated'> | 'title' | 'creator';

/** Bounds the walk can seek to when the search has a range on the sort's own column. */
function ownRange(field: WalkedSort, spec: SearchSpec) {
  const bounds = [];
  const counts = {
    words: 'words',
    kudos: 'kudos',
    hits: 'hits',
    comments: 'comments',
    bookmarks: 'bookmarks',
  } as const;
  if (field in counts) {
    const r = spec.ranges[field as keyof typeof counts];
    if (r?.min !== undefined) bounds.push(indexRepo.sortBound(field as keyof typeof counts, '>=', r.min));
    if (r?.max !== undefined) bounds.push(indexRepo.sortBound(field as keyof typeof counts, '<=', r.max));
  }
  return bounds;
}

/**
 * Walks the sort's index from the cursor, keeping works in the set, until the page is full.
 * Null when it read walkMax rows without filling it: the matches are too thin at this end.
 */
async function walk(
  database: Database,
  set: Bitset,
  field: WalkedSort,
  desc: boolean,
  spec: SearchSpec,
  after: Cursor | undefined,
  limit: number,
  needed: number,
): Promise<{ id: number; key: SortKey }[] | null> {
  const rows: { id: number; key: SortKey }[] = [];
  const bounds = ownRange(field, spec);
  let from: Cursor | undefined = after;
  // The first batch twice what the page should need: a common filter (a rating) reads a hundred
  // rows, not a full batch; the batches after it are full.
  let size = Math.min(PAGE_TUNING.walkBatch, Math.max(64, Math.ceil(needed * 2)));
  for (let walked = 0; walked < PAGE_TUNING.walkMax; walked += size, size = PAGE_TUNING.walkBatch) {
    const batch = await indexRepo.walkSortIndex(database.db, field, desc, from, bounds, size);
    for (const r of batch) {
      if (!set.has(r.id)) continue;
      rows.push(r);
      if (rows.length >= limit) return rows;
    }
    if (batch.length < size) return rows;
    from = batch.at(-1);
  }
  return null;
}

/** Rows of a sort's index a walk reads to fill a page, if the matches are spread evenly. */
function rowsNeeded(index: FilterIndex, total: number, limit: number): number {
  return total > 0 ? (limit * index.findableCount()) / total : Infinity;
}

/**
 * Whether walking should fill a page sooner than ordering every match. A walked row comes from the
 * database (walkRowCost times what ordering a match in memory costs), and a page needs about
 * limit * findable / total of them.
 */
function walkPays(total: number, needed: number): boolean {
  return total > 0 && needed < Math.min(PAGE_TUNING.walkMax / 2, total / PAGE_TUNING.walkRowCost);
}

async function byDatabaseOrder(
  database: Database,
  index: FilterIndex,
  set: Bitset,
  total: number,
  field: 'title' | 'creator',
  desc: boolean,
  spec: SearchSpec,
  opts: { limit: number; after?: Cursor },
  scratch: Scratch,
) {
  const needed = rowsNeeded(index, total, opts.limit);
  if (total > PAGE_TUNING.databaseSortMax || walkPays(total, needed)) {
    const walked = await walk(database, set, field, desc, spec, opts.after, opts.limit, needed);
    if (walked) return walked;
  }
  // Past databaseSortMax with the walk failing too, the database sorts them all: rare and slow.
  const ids = scratch.members(set);
  return indexRepo.pageOfIds(database.db, database.dialect, field, desc, ids, opts.after, opts.limit);
}

async function byValue(
  database: Database,
  index: FilterIndex,
  set: Bitset,
  total: number,
  field: NumericSort,
  desc: boolean,
  spec: SearchSpec,
  opts: { limit: number; after?: Cursor },
  scratch: Scratch,
) {
  const needed = rowsNeeded(index, total, opts.limit);
  const dates = field === 'posted' || field === 'updated';
  // Dates are walked in memory, by day, below; other sorts walk the database's index.
  if (!dates && walkPays(total, needed)) {
    const walked = await walk(database, set, field, desc, spec, opts.after, opts.limit, needed);
    if (walked) return walked;
  }
  const column = index.sortColumn(field);
  const after = opts.after && {
    key: dates ? timeValue(String(opts.after.key)) : Number(opts.after.key),
    id: opts.after.id,
  };
  const top = new TopK(opts.limit, desc, after);
  // A walk by day visits about `needed` works; ordering the matches visits every one of them.
  if (dates && needed < total) index.offerByDate(set, field, top, desc, after?.key);
  else {
    // The column itself, not a lookup by name per match: this loop visits every match.
    const ids = scratch.members(set);
    for (let i = 0; i < ids.length; i++) top.offer(column[ids[i]!]!, ids[i]!);
  }
  const picked = top.rows().map((r) => r.id);
  if (!dates) return picked.map((id) => ({ id, key: column[id]! }));
  // Cursors carry dates as the database stores them.
  const keys = await indexRepo.sortKeysOf(database.db, field, picked);
  return picked.map((id) => ({ id, key: keys.get(id) ?? '' }));
}
