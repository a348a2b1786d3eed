// All SQL the in-memory filter index reads: the columns search filters on, a tag's postings, the
// change log that keeps each process's copy current (migration 7), and the id lists a search
// needs beside them (a creator's works, a reader's mutes and hidden works, text matches, keys).
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Dialect } from '../db/database.ts';
import { keepPrepared } from '../db/prepared.ts';
import { oneOf, wholeNumbers } from '../db/id-lists.ts';
import { ReadWorkerError, type ReadWorkers } from '../db/read-workers.ts';
import type { Schema } from '../db/schema.ts';
import type { SortField, TextQuery } from './query.ts';
import { ownWork, SORT_COLUMNS, type Cursor, type SortKey } from './search.repo.ts';
import type { IdRange } from './text-index.ts';
import { textIndexFor } from './text-index.repo.ts';
import { columnNumber } from './phrase-pairs.repo.ts';

type Db = Kysely<Schema>;

/** What the index keeps of a work. */
export interface WorkColumnsRow {
  id: number;
  draft: number;
  hidden_by_admin: number;
  unrevealed: number;
  restricted: number;
  complete: number;
  language: string;
  words: number;
  chapter_count: number;
  posted_at: string;
  updated_at: string;
  kudos_count: number;
  hits: number;
  comments_count: number;
  bookmarks_count: number;
  fandom_count: number;
  /** SQLite: the work's length per full-text column, as FTS5's docsize keeps it; absent on PostgreSQL. */
  text_sizes?: Uint8Array | null;
}

const COLUMNS = [
  'id',
  'draft',
  'hidden_by_admin',
  'unrevealed',
  'restricted',
  'complete',
  'language',
  'words',
  'chapter_count',
  'posted_at',
  'updated_at',
  'kudos_count',
  'hits',
  'comments_count',
  'bookmarks_count',
  'fandom_count',
] as const;

/** SQLite: the works' columns with FTS5's lengths beside them (text-scores ranks with those). */
async function columnsWithSizes(db: Db, where: RawBuilder<unknown>, limit?: number): Promise<WorkColumnsRow[]> {
  const columns = sql.raw(COLUMNS.map((c) => `w.${c}`).join(', '));
  const r = await sql<WorkColumnsRow>`
    SELECT ${columns}, d.sz AS text_sizes FROM works w LEFT JOIN work_text_docsize d ON d.id = w.id
    WHERE ${where} ORDER BY w.id ${limit === undefined ? sql`` : sql`LIMIT ${limit}`}`.execute(db);
  return r.rows;
}

export async function maxWorkId(db: Db): Promise<number> {
  const r = await sql<{ n: number | null }>`SELECT MAX(id) AS n FROM works`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** Works in id order after `afterId`: the index loads the archive in slices like this. */
export async function workColumnsAfter(
  db: Db,
  dialect: Dialect,
  afterId: number,
  limit: number,
): Promise<WorkColumnsRow[]> {
  if (dialect === 'sqlite') return columnsWithSizes(db, sql`w.id > ${afterId}`, limit);
  return db.selectFrom('works').select(COLUMNS).where('id', '>', afterId).orderBy('id').limit(limit).execute();
}

export async function workColumnsOf(db: Db, dialect: Dialect, ids: number[]): Promise<WorkColumnsRow[]> {
  if (ids.length === 0) return [];
  if (dialect === 'sqlite') return columnsWithSizes(db, sql`w.id IN (${sql.join(ids)})`);
  return db.selectFrom('works').select(COLUMNS).where('id', 'in', ids).execute();
}

/** The works a tag filters to, ascending. */
export async function postings(db: Db, dialect: Dialect, tagId: number): Promise<Int32Array> {
  // One string, not a row per work: for a tag on many works the rows are garbage enough to
  // lengthen the collector's next pauses, in the middle of other searches.
  const list =
    dialect === 'sqlite'
      ? sql<{
          ids: string | null;
        }>`SELECT group_concat(work_id, ',' ORDER BY work_id) AS ids FROM work_filters WHERE tag_id = ${tagId}`
      : sql<{
          ids: string | null;
        }>`SELECT string_agg(work_id::text, ',' ORDER BY work_id) AS ids FROM work_filters WHERE tag_id = ${tagId}`;
  const r = await list.execute(db);
  return Int32Array.from(wholeNumbers(r.rows[0]?.ids ?? ''));
}

/** A work without filters: one list shared by all of them (kept lists are never changed). */
const NO_FILTERS = new Int32Array(0);

/** Each work's filter tags (none for a work without any), read in one statement. */
export async function filterListsOf(db: Db, dialect: Dialect, workIds: number[]): Promise<Map<number, Int32Array>> {
  const all = dialect === 'sqlite' ? sql`group_concat(f.tag_id)` : sql`string_agg(f.tag_id::text, ',')`;
  const r = await sql<{ work_id: number; list: string }>`
    SELECT f.work_id, ${all} AS list FROM work_filters f
     WHERE ${oneOf(dialect, sql`f.work_id`, workIds)} GROUP BY f.work_id`.execute(db);
  const out = new Map<number, Int32Array>();
  for (const id of workIds) out.set(id, NO_FILTERS);
  for (const row of r.rows)
    out.set(
      Number(row.work_id),
      wholeNumbers(row.list, (n) => new Int32Array(n)),
    );
  return out;
}

export async function filtersOf(db: Db, workIds: number[]): Promise<{ work_id: number; tag_id: number }[]> {
  if (workIds.length === 0) return [];
  return db.selectFrom('work_filters').select(['work_id', 'tag_id']).where('work_id', 'in', workIds).execute();
}

// ---- the change log --------------------------------------------------------------------------

/**
 * Where a reader of the log stands. SQLite: the last seq read (writers are serialised, so seqs
 * commit in order). PostgreSQL: the oldest transaction still running when last read; any row
 * committed since has an xid at or above it.
 */
export type ChangeMark = string;

export interface Changes {
  mark: ChangeMark;
  /** The works of the rows not in `applied` (see changesSince). */
  workIds: number[];
  /** Every row read, applied before or not: what the next read may skip. */
  seqs: number[];
  /** The highest seq of a "reload everything" row among them, or 0. */
  resetSeq: number;
}

/** The mark to read from after loading everything now, and the newest reset row it covers. */
export async function currentMark(db: Db, dialect: Dialect): Promise<{ mark: ChangeMark; resetSeq: number }> {
  const r =
    dialect === 'sqlite'
      ? await sql<{ mark: number | null; reset: number | null }>`
          SELECT (SELECT MAX(seq) FROM search_changes) AS mark, (SELECT MAX(seq) FROM search_changes WHERE work_id IS NULL) AS reset`.execute(
          db,
        )
      : await sql<{ mark: string; reset: number | null }>`
          SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS mark, (SELECT MAX(seq) FROM search_changes WHERE work_id IS NULL) AS reset`.execute(
          db,
        );
  return { mark: String(r.rows[0]?.mark ?? 0), resetSeq: Number(r.rows[0]?.reset ?? 0) };
}

/**
 * The change log's rows from `mark` on. On PostgreSQL the mark is the oldest transaction still
 * running anywhere in the cluster, so while one runs long (a report, a pg_dump) every read
 * returns the same recent rows again: those whose seq is in `applied`, read and applied before,
 * are left out of `workIds`.
 */
export async function changesSince(
  db: Db,
  dialect: Dialect,
  mark: ChangeMark,
  applied: ReadonlySet<number> = new Set(),
): Promise<Changes> {
  if (dialect === 'sqlite') {
    const rows = await sql<{
      seq: number;
      work_id: number | null;
    }>`SELECT seq, work_id FROM search_changes WHERE seq > ${Number(mark)} ORDER BY seq`.execute(db);
    return summarise(rows.rows, rows.rows.length ? String(rows.rows.at(-1)!.seq) : mark, applied);
  }
  // One statement, so the rows and the next mark come from the same snapshot.
  // Every listing and search asks this first: kept prepared.
  const query = sql<{ mark: string; rows: { seq: number; work_id: number | null }[] | null }>`
    SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS mark,
           (SELECT json_agg(json_build_object('seq', seq, 'work_id', work_id)) FROM search_changes WHERE xid >= ${mark}::xid8) AS rows`.compile(
    db,
  );
  keepPrepared(query.sql);
  const r = await db.executeQuery(query);
  const row = r.rows[0];
  return summarise(row?.rows ?? [], row?.mark ?? mark, applied);
}

function summarise(
  rows: { seq: number; work_id: number | null }[],
  mark: ChangeMark,
  applied: ReadonlySet<number>,
): Changes {
  const ids = new Set<number>();
  let resetSeq = 0;
  for (const r of rows) {
    if (r.work_id === null) resetSeq = Math.max(resetSeq, Number(r.seq));
    else if (!applied.has(Number(r.seq))) ids.add(r.work_id);
  }
  return { mark, workIds: [...ids], seqs: rows.map((r) => Number(r.seq)), resetSeq };
}

/** Forgets changes older than this; a reader that has not read for that long reloads everything. */
export async function pruneChanges(db: Db, olderThanSeconds: number): Promise<void> {
  const cutoff = Math.floor(Date.now() / 1000) - olderThanSeconds;
  await sql`DELETE FROM search_changes WHERE changed_at < ${cutoff}`.execute(db);
}

// ---- id lists a search needs beside the index ------------------------------------------------

/** The works approved in any of these collections. */
export async function worksOfCollections(db: Db, dialect: Dialect, collectionIds: number[]): Promise<Float64Array> {
  if (collectionIds.length === 0) return new Float64Array(0);
  const all = dialect === 'sqlite' ? sql`group_concat(work_id)` : sql`string_agg(work_id::text, ',')`;
  const r = await sql<{ list: string | null }>`SELECT ${all} AS list FROM collection_items
      WHERE collection_id IN (${sql.join(collectionIds)}) AND work_id IS NOT NULL
        AND creator_approved = 1 AND collection_approved = 1`.execute(db);
  return wholeNumbers(r.rows[0]?.list ?? '');
}

/** The pseuds' works but anonymous ones (a creator search must not find those) not the reader's own. */
export async function worksOfPseuds(
  db: Db,
  dialect: Dialect,
  pseudIds: number[],
  viewerId: number | null,
): Promise<Float64Array> {
  if (pseudIds.length === 0) return new Float64Array(0);
  // One string, not a row per work; a work two of the pseuds share may appear twice. The
  // anonymous works are read once from their partial index (works_anonymous), not probed per work.
  const all = dialect === 'sqlite' ? sql`group_concat(work_id)` : sql`string_agg(work_id::text, ',')`;
  const r = await sql<{
    list: string | null;
  }>`SELECT ${all} AS list FROM work_creators
      WHERE pseud_id IN (${sql.join(pseudIds)})
        AND (work_id NOT IN (SELECT id FROM works WHERE anonymous = 1)
          OR ${ownWork(sql`work_creators.work_id`, viewerId)})`.execute(db);
  return wholeNumbers(r.rows[0]?.list ?? '');
}

/** Works with a creator the reader muted. */
export async function mutedWorks(db: Db, userId: number): Promise<number[]> {
  const rows = await sql<{ work_id: number }>`
    SELECT DISTINCT wc.work_id FROM user_blocks b JOIN pseuds p ON p.user_id = b.other_id JOIN work_creators wc ON wc.pseud_id = p.id
     WHERE b.user_id = ${userId} AND b.kind = 'mute'`.execute(db);
  return rows.rows.map((r) => r.work_id);
}

/** Works the reader hid, directly or through a hidden series. */
export async function hiddenWorks(db: Db, userId: number): Promise<number[]> {
  const rows = await sql<{ work_id: number }>`
    SELECT work_id FROM hidden_items WHERE user_id = ${userId} AND work_id IS NOT NULL
    UNION SELECT sw.work_id FROM hidden_items h JOIN series_works sw ON sw.series_id = h.series_id WHERE h.user_id = ${userId}`.execute(
    db,
  );
  return rows.rows.map((r) => r.work_id);
}

export async function blocklistTags(db: Db, userId: number): Promise<number[]> {
  const rows = await db.selectFrom('tag_blocklist').select('tag_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.tag_id);
}

/**
 * Where a ranking query runs: on the connection, or once per id range, all at once, the parts'
 * rows put together here: on SQLite's read workers, or without them (PostgreSQL) on connections
 * of the pool, each part in a server process of its own.
 */
export interface SplitRanking {
  readers?: ReadWorkers;
  ranges: IdRange[];
}

/**
 * Runs `query` on each range of the split at once, or unsplit on the connection; rows as arrays
 * of column values, parts in the order of their ranges. A worker that fails costs speed, not the
 * search: the query runs on the connection instead.
 */
async function rowsOf(
  db: Db,
  query: (within?: IdRange) => RawBuilder<unknown>,
  split: SplitRanking | undefined,
): Promise<unknown[][]> {
  if (split && !split.readers) {
    const parts = await Promise.all(split.ranges.map((range) => query(range).execute(db)));
    return parts.flatMap((r) => (r.rows as Record<string, unknown>[]).map((row) => Object.values(row)));
  }
  if (split?.readers) {
    const readers = split.readers;
    try {
      const parts = await Promise.all(
        split.ranges.map((range) => {
          const compiled = query(range).compile(db);
          return readers.run(compiled.sql, compiled.parameters);
        }),
      );
      return parts.flat();
    } catch (e) {
      if (!(e instanceof ReadWorkerError)) throw e;
      process.stderr.write(`quire: ranking on the connection instead of the read workers: ${e.message}\n`);
    }
  }
  const r = await query().execute(db);
  return (r.rows as Record<string, unknown>[]).map((row) => Object.values(row));
}

/**
 * Works the search's words match, with their scores (higher is better), other filters aside: as
 * one "id:score,..." string (per part of a split), which crosses over far faster than a row per
 * match. Both databases print floats so that they read back to the same number.
 */
export async function textMatches(
  db: Db,
  dialect: Dialect,
  text: TextQuery,
  split?: SplitRanking,
): Promise<{ ids: Int32Array; scores: Float64Array } | null> {
  const rows = textIndexFor(dialect).match(text)?.rows;
  if (!rows) return null;
  const list = (within?: IdRange) =>
    dialect === 'sqlite'
      ? // Materialised: flattened into the aggregate, SQLite refuses bm25() there.
        sql`WITH t AS MATERIALIZED (SELECT * FROM ${rows(undefined, within)} s) SELECT group_concat(t.id || ':' || t.k) AS list FROM t`
      : sql`SELECT string_agg(t.id::text || ':' || t.k::text, ',') AS list FROM ${rows(undefined, within)} t`;
  const pairs = (await rowsOf(db, list, split)).flatMap((row) =>
    typeof row[0] === 'string' && row[0] !== '' ? row[0].split(',') : [],
  );
  const ids = new Int32Array(pairs.length);
  const scores = new Float64Array(pairs.length);
  pairs.forEach((pair, i) => {
    const colon = pair.indexOf(':');
    ids[i] = Number(pair.slice(0, colon));
    scores[i] = Number(pair.slice(colon + 1));
  });
  return { ids, scores };
}

/** Every work the search's words match, other filters aside, into `into(count)`; null without words to find. */
export async function textMatchIds(
  db: Db,
  dialect: Dialect,
  text: TextQuery,
  into: (count: number) => Int32Array,
): Promise<Int32Array | null> {
  const idList = textIndexFor(dialect).match(text)?.idList;
  if (!idList) return null;
  const r = await sql<{ ids: string | null }>`SELECT ${idList} AS ids`.execute(db);
  return wholeNumbers(r.rows[0]?.ids ?? '', into);
}

/**
 * The best `limit` word matches after the cursor, by score then id: the database ranks them and
 * keeps only the top, so no row per match crosses over. Split, each part keeps its own top and
 * the best of those are kept here.
 */
export async function topTextMatches(
  db: Db,
  dialect: Dialect,
  text: TextQuery,
  desc: boolean,
  after: { key: number; id: number } | undefined,
  limit: number,
  split?: SplitRanking,
): Promise<{ id: number; key: number }[]> {
  const rows = textIndexFor(dialect).match(text)?.rows;
  if (!rows) return [];
  const order = sql.raw(desc ? 'DESC' : 'ASC');
  const cmp = sql.raw(desc ? '<' : '>');
  const keyset = after
    ? sql`WHERE (t.k ${cmp} ${after.key} OR (t.k = ${after.key} AND t.id ${cmp} ${after.id}))`
    : sql``;
  const top = (within?: IdRange) =>
    sql`SELECT t.id AS id, t.k AS k FROM ${rows(undefined, within)} t ${keyset} ORDER BY t.k ${order}, t.id ${order} LIMIT ${limit}`;
  const found = (await rowsOf(db, top, split)).map(([id, k]) => ({ id: Number(id), key: Number(k) }));
  if (split) {
    const sign = desc ? -1 : 1;
    found.sort((a, b) => sign * (a.key - b.key) || sign * (a.id - b.id));
  }
  return found.slice(0, limit);
}

/** SQLite: FTS5's averages record (its row count, then the tokens in each column), as bm25() reads it. */
export async function textIndexAverages(db: Db): Promise<Uint8Array | null> {
  const r = await sql<{ block: Uint8Array }>`SELECT block FROM work_text_data WHERE id = 1`.execute(db);
  return r.rows[0]?.block ?? null;
}

/**
 * SQLite: every occurrence of one token in the full-text index, as doc * 8 + column, in index
 * order, up to `limit` (more means "too many to rank here"). One string crosses over, not a row
 * per occurrence.
 */
export async function tokenOccurrences(
  db: Db,
  token: string,
  limit: number,
  into: (count: number) => Int32Array | Float64Array = (n) => new Float64Array(n),
): Promise<Int32Array | Float64Array> {
  const r = await sql<{ list: string | null }>`
    SELECT group_concat(code) AS list FROM (SELECT doc * 8 + ${columnNumber} AS code FROM work_text_instances WHERE term = ${token} LIMIT ${limit})`.execute(
    db,
  );
  return wholeNumbers(r.rows[0]?.list ?? '', into);
}

/** SQLite: the works holding any word or phrase the search leaves out, into `into(count)`. */
export async function textExcludedIds(
  db: Db,
  text: TextQuery,
  into: (count: number) => Int32Array,
): Promise<Int32Array> {
  const leftOut = { ...text, terms: [], phrases: [] };
  const excluded = textIndexFor('sqlite').match(leftOut)?.excluded;
  if (!excluded) return into(0).subarray(0, 0);
  const r = await sql<{ ids: string | null }>`SELECT group_concat(t.id) AS ids FROM ${excluded} t`.execute(db);
  return wholeNumbers(r.rows[0]?.ids ?? '', into);
}

/** With only words to leave out: the works that have any of them. */
export async function textExcludedWorks(db: Db, dialect: Dialect, text: TextQuery): Promise<number[]> {
  const excluded = textIndexFor(dialect).match(text)?.excluded;
  if (!excluded) return [];
  const r = await sql<{ id: number }>`SELECT t.id AS id FROM ${excluded} t`.execute(db);
  return r.rows.map((x) => x.id);
}

// ---- sort keys -----------------------------------------------------------------------------

type KeyedSort = Exclude<SortField, 'best_match'>;

/**
 * The next `limit` works in a sort's index after `after`, whatever they are: the caller keeps the
 * ones its bitset holds. Reads only the index (sort column, id), never the rows.
 */
export async function walkSortIndex(
  db: Db,
  field: KeyedSort,
  desc: boolean,
  after: Cursor | undefined,
  bounds: RawBuilder<unknown>[],
  limit: number,
): Promise<Cursor[]> {
  const column = sql.raw(SORT_COLUMNS[field]);
  const order = sql.raw(desc ? 'DESC' : 'ASC');
  const where = [...bounds];
  if (after) where.push(sql`(${column}, w.id) ${sql.raw(desc ? '<' : '>')} (${after.key}, ${after.id})`);
  const r = await sql<{ id: number; k: SortKey }>`
    SELECT w.id AS id, ${column} AS k FROM works w ${where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``}
    ORDER BY ${column} ${order}, w.id ${order} LIMIT ${limit}`.execute(db);
  return r.rows.map((x) => ({ id: x.id, key: x.k }));
}

/** A range on the sort's own column, as bounds the walk can seek by. */
export function sortBound(field: KeyedSort, op: '>=' | '<=' | '<', value: string | number): RawBuilder<unknown> {
  return sql`${sql.raw(SORT_COLUMNS[field])} ${sql.raw(op)} ${value}`;
}

/** Among these works, the first `limit` in a sort after `after`, ordered by the database itself. */
export async function pageOfIds(
  db: Db,
  dialect: Dialect,
  field: KeyedSort,
  desc: boolean,
  ids: Int32Array,
  after: Cursor | undefined,
  limit: number,
): Promise<Cursor[]> {
  if (ids.length === 0) return [];
  const column = sql.raw(SORT_COLUMNS[field]);
  const order = sql.raw(desc ? 'DESC' : 'ASC');
  const members = oneOf(dialect, sql`w.id`, ids);
  const keyset = after ? sql`AND (${column}, w.id) ${sql.raw(desc ? '<' : '>')} (${after.key}, ${after.id})` : sql``;
  const r = await sql<{ id: number; k: SortKey }>`
    SELECT w.id AS id, ${column} AS k FROM works w WHERE ${members} ${keyset} ORDER BY ${column} ${order}, w.id ${order} LIMIT ${limit}`.execute(
    db,
  );
  return r.rows.map((x) => ({ id: x.id, key: x.k }));
}

/** The stored sort keys of these works (cursors carry them exactly as the database has them). */
export async function sortKeysOf(db: Db, field: KeyedSort, ids: number[]): Promise<Map<number, SortKey>> {
  if (ids.length === 0) return new Map();
  const column = sql.raw(SORT_COLUMNS[field]);
  const r = await sql<{
    id: number;
    k: SortKey;
  }>`SELECT w.id AS id, ${column} AS k FROM works w WHERE w.id IN (${sql.join(ids)})`.execute(db);
  return new Map(r.rows.map((x) => [x.id, x.k]));
}
