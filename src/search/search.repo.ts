// All SQL for searching works. A search is one statement over `works w`: tag filters as probes
// into work_filters, ranges as column conditions, free text through the dialect's TextIndex,
// keyset paging on (sort key, id). The service decides which tag list drives the plan; this file
// only writes the SQL for it.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Dialect } from '../db/database.ts';
import { oneOf, tallyWholeNumbers } from '../db/id-lists.ts';
import type { Schema } from '../db/schema.ts';
import type { QueryRanges, SortField, TextQuery } from './query.ts';
import { textIndexFor } from './text-index.repo.ts';

type Db = Kysely<Schema>;

/** What the SQL needs, tag names already resolved to filter tag ids. */
export interface SearchSpec {
  /** Each group: the work matches at least one of these tag ids; groups combine with AND. */
  includeGroups: number[][];
  exclude: number[];
  text: TextQuery;
  ranges: QueryRanges;
  language?: string;
  complete?: boolean;
  singleChapter?: boolean;
  crossover?: 'only' | 'exclude';
  /** Pseud ids of the creator searched for. */
  creatorPseuds?: number[];
  /** Only works in one of these collections (approved by both sides): a collection's page. */
  collectionIds?: number[];
  sort: { field: SortField; direction: 'asc' | 'desc' };
  /** Whose search it is: what they may see and what they asked never to see. */
  scope: ViewerScope;
  /**
   * Index of the include group that drives the plan (its postings are read first and the rest
   * probed), or null to walk the sort order and probe every filter. See search.service.
   */
  drive: number | null;
}

/**
 * The reader's view of the archive. Drafts and admin-hidden works have no filters and are never
 * listed; restricted works need a signed-in reader. The flags say which of the reader's own
 * exclusions exist, so that a reader without any pays nothing for them.
 */
export interface ViewerScope {
  userId: number | null;
  hasMutes: boolean;
  hasBlocklist: boolean;
  hasHidden: boolean;
}

export const GUEST_SCOPE: ViewerScope = { userId: null, hasMutes: false, hasBlocklist: false, hasHidden: false };

/** Whether the scope adds a condition that a tag's stored counts do not already account for. */
export function scopeNarrows(scope: ViewerScope): boolean {
  return scope.hasMutes || scope.hasBlocklist || scope.hasHidden;
}

/**
 * What the reader may see of works, as conditions on `works w`: every listing of works (and of
 * bookmarks of them) applies these.
 */
export function scopeConditions(scope: ViewerScope): RawBuilder<unknown>[] {
  const out: RawBuilder<unknown>[] = [sql`w.draft = 0`, sql`w.hidden_by_admin = 0`, sql`w.unrevealed = 0`];
  const me = scope.userId;
  if (me === null) {
    out.push(sql`w.restricted = 0`);
    return out;
  }
  if (scope.hasMutes) {
    out.push(sql`NOT EXISTS (SELECT 1 FROM work_creators wc JOIN pseuds p ON p.id = wc.pseud_id
      JOIN user_blocks b ON b.other_id = p.user_id AND b.user_id = ${me} AND b.kind = 'mute' WHERE wc.work_id = w.id)`);
  }
  if (scope.hasBlocklist) {
    out.push(
      sql`NOT EXISTS (SELECT 1 FROM tag_blocklist bl JOIN work_filters f ON f.tag_id = bl.tag_id AND f.work_id = w.id WHERE bl.user_id = ${me})`,
    );
  }
  if (scope.hasHidden) {
    out.push(sql`NOT EXISTS (SELECT 1 FROM hidden_items h WHERE h.user_id = ${me} AND h.work_id = w.id)`);
    out.push(
      sql`NOT EXISTS (SELECT 1 FROM series_works sw JOIN hidden_items h ON h.series_id = sw.series_id AND h.user_id = ${me} WHERE sw.work_id = w.id)`,
    );
  }
  return out;
}

export async function viewerScope(db: Db, userId: number | null): Promise<ViewerScope> {
  if (userId === null) return GUEST_SCOPE;
  // The three probes in one statement: on PostgreSQL each statement is a round trip.
  const r = await sql<{ mutes: unknown; blocklist: unknown; hidden: unknown }>`SELECT
      CASE WHEN EXISTS (SELECT 1 FROM user_blocks WHERE user_id = ${userId} AND kind = 'mute') THEN 1 ELSE 0 END AS mutes,
      CASE WHEN EXISTS (SELECT 1 FROM tag_blocklist WHERE user_id = ${userId}) THEN 1 ELSE 0 END AS blocklist,
      CASE WHEN EXISTS (SELECT 1 FROM hidden_items WHERE user_id = ${userId}) THEN 1 ELSE 0 END AS hidden`.execute(db);
  const row = r.rows[0];
  return {
    userId,
    hasMutes: Number(row?.mutes) === 1,
    hasBlocklist: Number(row?.blocklist) === 1,
    hasHidden: Number(row?.hidden) === 1,
  };
}

export type SortKey = string | number;

export interface Cursor {
  key: SortKey;
  id: number;
}

/** Column (or expression) each sort reads, on `works w`. */
export const SORT_COLUMNS: Record<Exclude<SortField, 'best_match'>, string> = {
  title: 'w.title_key',
  creator: 'w.creator_key',
  posted: 'w.posted_at',
  updated: 'w.updated_at',
  words: 'w.words',
  kudos: 'w.kudos_count',
  hits: 'w.hits',
  comments: 'w.comments_count',
  bookmarks: 'w.bookmarks_count',
};

const RANGE_COLUMNS = {
  words: 'w.words',
  kudos: 'w.kudos_count',
  hits: 'w.hits',
  comments: 'w.comments_count',
  bookmarks: 'w.bookmarks_count',
  chapters: 'w.chapter_count',
} as const;

/** The calendar day after `date` (YYYY-MM-DD): date ranges end before it. */
export function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Work `w` matches at least one of these filter tags. */
export function has(group: number[]): RawBuilder<unknown> {
  return group.length === 1
    ? sql`EXISTS (SELECT 1 FROM work_filters f WHERE f.tag_id = ${group[0]} AND f.work_id = w.id)`
    : sql`EXISTS (SELECT 1 FROM work_filters f WHERE f.tag_id IN (${sql.join(group)}) AND f.work_id = w.id)`;
}

/** Every condition of the spec except keyset paging, as SQL on `works w`. */
/**
 * Where the rows come from. Normally `works w`. When one tag drives, its postings are read in
 * primary-key order and joined to works (CROSS JOIN makes SQLite keep that order; PostgreSQL
 * plans joins itself), so a count or a sample stops as soon as it has enough instead of first
 * gathering every posting. `sample` keeps only the newest N postings (or works): the fair slice
 * estimates and facets need.
 */
function source(spec: SearchSpec, dialect: Dialect, sample?: number): RawBuilder<unknown> {
  const join = sql.raw(dialect === 'sqlite' ? 'CROSS JOIN' : 'JOIN');
  // Words to find drive: the full-text index yields its matches with their scores, once.
  const text = textIndexFor(dialect).match(spec.text);
  if (text?.rows) return sql`${text.rows(sample)} t ${join} works w ON w.id = t.id`;
  const group = spec.drive === null ? undefined : spec.includeGroups[spec.drive];
  if (group?.length === 1) {
    const postings = sample
      ? sql`(SELECT work_id FROM work_filters WHERE tag_id = ${group[0]} ORDER BY work_id DESC LIMIT ${sample})`
      : sql`(SELECT work_id FROM work_filters WHERE tag_id = ${group[0]})`;
    return sql`${postings} f0 ${join} works w ON w.id = f0.work_id`;
  }
  // A creator's works are few beside the archive's: read them first.
  if (!group && spec.creatorPseuds?.length) {
    const pseuds = sql.join(spec.creatorPseuds);
    const theirs = sample
      ? sql`(SELECT DISTINCT work_id FROM work_creators WHERE pseud_id IN (${pseuds}) ORDER BY work_id DESC LIMIT ${sample})`
      : sql`(SELECT DISTINCT work_id FROM work_creators WHERE pseud_id IN (${pseuds}))`;
    return sql`${theirs} c0 ${join} works w ON w.id = c0.work_id`;
  }
  if (sample && !group)
    return sql`(SELECT id FROM works ORDER BY id DESC LIMIT ${sample}) s0 ${join} works w ON w.id = s0.id`;
  return sql`works w`;
}

/** Every condition of the spec except keyset paging, as SQL on `works w` (and `source`). */
function conditions(spec: SearchSpec, dialect: Dialect, sample?: number): RawBuilder<unknown>[] {
  const out: RawBuilder<unknown>[] = scopeConditions(spec.scope);
  const textDrives = textIndexFor(dialect).match(spec.text)?.rows != null;
  spec.includeGroups.forEach((group, i) => {
    if (i !== spec.drive || textDrives) out.push(has(group));
    // A single driving tag is the source itself; an any-of group drives as an IN list.
    else if (group.length > 1) {
      out.push(
        sample
          ? sql`w.id IN (SELECT f.work_id FROM work_filters f WHERE f.tag_id IN (${sql.join(group)}) ORDER BY f.work_id DESC LIMIT ${sample})`
          : sql`w.id IN (SELECT f.work_id FROM work_filters f WHERE f.tag_id IN (${sql.join(group)}))`,
      );
    }
  });
  if (spec.exclude.length) out.push(sql`NOT ${has(spec.exclude)}`);
  const text = textIndexFor(dialect).match(spec.text);
  if (text?.condition) out.push(text.condition);
  // The plan is ours (see search.service): walk the sort index or read a tag's postings. So that
  // SQLite does not instead pick a range's index and sort every match, range terms are written
  // so no index serves them (a unary + on numbers, || '' on text: SQLite's documented idiom).
  const num = (column: string) => sql.raw(dialect === 'sqlite' ? `+${column}` : column);
  const asText = (column: string) => sql.raw(dialect === 'sqlite' ? `(${column} || '')` : column);
  for (const [field, column] of Object.entries(RANGE_COLUMNS) as [keyof typeof RANGE_COLUMNS, string][]) {
    const range = spec.ranges[field];
    if (range?.min !== undefined) out.push(sql`${num(column)} >= ${range.min}`);
    if (range?.max !== undefined) out.push(sql`${num(column)} <= ${range.max}`);
  }
  for (const [field, column] of [
    ['posted', 'w.posted_at'],
    ['updated', 'w.updated_at'],
  ] as const) {
    const range = spec.ranges[field];
    // Stored times are ISO text, so a calendar date compares as the start of that day.
    if (range?.from) out.push(sql`${asText(column)} >= ${range.from}`);
    if (range?.to) out.push(sql`${asText(column)} < ${nextDay(range.to)}`);
  }
  if (spec.language) out.push(sql`w.language = ${spec.language}`);
  if (spec.complete !== undefined) out.push(sql`w.complete = ${spec.complete ? 1 : 0}`);
  if (spec.singleChapter !== undefined)
    out.push(spec.singleChapter ? sql`w.chapter_count = 1` : sql`w.chapter_count > 1`);
  if (spec.crossover === 'only') out.push(sql`w.fandom_count >= 2`);
  if (spec.crossover === 'exclude') out.push(sql`w.fandom_count <= 1`);
  if (spec.creatorPseuds) {
    out.push(
      spec.creatorPseuds.length
        ? sql`EXISTS (SELECT 1 FROM work_creators c WHERE c.work_id = w.id AND c.pseud_id IN (${sql.join(spec.creatorPseuds)}))`
        : sql`1 = 0`,
    );
    // An anonymous work is nobody's to be found by (a creator search would name its creator)
    // but its own creators'.
    out.push(sql`(w.anonymous = 0 OR ${ownWork(sql`w.id`, spec.scope.userId)})`);
  }
  if (spec.collectionIds) out.push(inCollections(spec.collectionIds));
  return out;
}

/** The work (an id expression) is one of the reader's own; false for a guest. */
export function ownWork(workId: RawBuilder<unknown>, userId: number | null): RawBuilder<unknown> {
  if (userId === null) return sql`1 = 0`;
  return sql`EXISTS (SELECT 1 FROM work_creators oc JOIN pseuds op ON op.id = oc.pseud_id
    WHERE oc.work_id = ${workId} AND op.user_id = ${userId})`;
}

/** The work is in one of the collections, with both its creator's and the collection's approval. */
export function inCollections(ids: number[]): RawBuilder<unknown> {
  if (ids.length === 0) return sql`1 = 0`;
  return sql`EXISTS (SELECT 1 FROM collection_items ci WHERE ci.work_id = w.id AND ci.collection_id IN (${sql.join(ids)})
    AND ci.creator_approved = 1 AND ci.collection_approved = 1)`;
}

function whereClause(parts: RawBuilder<unknown>[]): RawBuilder<unknown> {
  return parts.length ? sql`WHERE ${sql.join(parts, sql` AND `)}` : sql``;
}

/** One page of matching work ids with their sort keys, in order; `limit + 1` rows tell if more follow. */
export async function searchPage(
  db: Db,
  dialect: Dialect,
  spec: SearchSpec,
  opts: { limit: number; after?: Cursor },
): Promise<{ id: number; key: SortKey }[]> {
  const parts = conditions(spec, dialect);
  const desc = spec.sort.direction === 'desc';
  const order = sql.raw(desc ? 'DESC' : 'ASC');
  const cmp = sql.raw(desc ? '<' : '>');
  if (spec.sort.field === 'best_match') {
    const score = textIndexFor(dialect).match(spec.text)?.rows ? sql<number>`t.k` : sql<number>`0`;
    const keyset = opts.after
      ? sql`WHERE (r.k ${cmp} ${opts.after.key} OR (r.k = ${opts.after.key} AND r.id ${cmp} ${opts.after.id}))`
      : sql``;
    const result = await sql<{ id: number; k: number }>`
      SELECT r.id, r.k FROM (SELECT w.id AS id, ${score} AS k FROM ${source(spec, dialect)} ${whereClause(parts)}) r
      ${keyset} ORDER BY r.k ${order}, r.id ${order} LIMIT ${opts.limit}`.execute(db);
    return result.rows.map((r) => ({ id: r.id, key: Number(r.k) }));
  }
  const column = sql.raw(SORT_COLUMNS[spec.sort.field]);
  if (opts.after) {
    const { key, id } = opts.after;
    parts.push(sql`(${column} ${cmp} ${key} OR (${column} = ${key} AND w.id ${cmp} ${id}))`);
  }
  const result = await sql<{ id: number; k: SortKey }>`
    SELECT w.id AS id, ${column} AS k FROM ${source(spec, dialect)} ${whereClause(parts)}
    ORDER BY ${column} ${order}, w.id ${order} LIMIT ${opts.limit}`.execute(db);
  return result.rows.map((r) => ({ id: r.id, key: r.k }));
}

/** How many works match, counted up to `cap` (a count past it is reported as "cap or more"). */
export async function countMatches(db: Db, dialect: Dialect, spec: SearchSpec, cap: number): Promise<number> {
  const result = await sql<{ n: number }>`
    SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${source(spec, dialect)} ${whereClause(conditions(spec, dialect))} LIMIT ${cap}) capped`.execute(
    db,
  );
  return Number(result.rows[0]?.n ?? 0);
}

/** How many works the search's words match, other filters aside; null without words to find. */
export async function countTextMatches(db: Db, dialect: Dialect, text: TextQuery): Promise<number | null> {
  const total = textIndexFor(dialect).match(text)?.total;
  if (!total) return null;
  const result = await sql<{ n: number }>`SELECT ${total} AS n`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/** How many works the pseuds are credited on. */
export async function countCreatorWorks(db: Db, pseudIds: number[]): Promise<number> {
  if (pseudIds.length === 0) return 0;
  const result = await sql<{
    n: number;
  }>`SELECT COUNT(DISTINCT wc.work_id) AS n FROM work_creators wc JOIN works w ON w.id = wc.work_id
      WHERE wc.pseud_id IN (${sql.join(pseudIds)}) AND w.anonymous = 0`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/** How many of the newest `sample` candidates match: the numerator of an estimate. */
export async function countSampleMatches(db: Db, dialect: Dialect, spec: SearchSpec, sample: number): Promise<number> {
  const result = await sql<{
    n: number;
  }>`SELECT COUNT(*) AS n FROM ${source(spec, dialect, sample)} ${whereClause(conditions(spec, dialect, sample))}`.execute(
    db,
  );
  return Number(result.rows[0]?.n ?? 0);
}

/**
 * Tag counts over a sample of the matches (the newest `sample` by id): the sidebar's facets.
 * Returns per tag id how many sampled works carry it, and the sample's size.
 */
export async function facetCounts(db: Db, dialect: Dialect, spec: SearchSpec, sample: number): Promise<TagCounts> {
  // Candidates are bounded too (a few times the sample), so a big tag costs what a small one does.
  const ids = await sql<{ id: number }>`
    SELECT w.id AS id FROM ${source(spec, dialect, sample * 4)} ${whereClause(conditions(spec, dialect, sample * 4))} ORDER BY w.id DESC LIMIT ${sample}`.execute(
    db,
  );
  return tagCounts(
    db,
    dialect,
    ids.rows.map((r) => r.id),
  );
}

/** Per tag id (`tagIds[i]`), how many of the sampled works carry it (`counts[i]`). */
export interface TagCounts {
  tagIds: Int32Array;
  counts: Int32Array;
  sampled: number;
}

/**
 * Per tag id, how many of these works carry it. The tag ids come back as one string and are
 * counted here: a thousand works carry some 15,000 filters, and sorting them for a GROUP BY costs
 * the database several times what reading them does (docs/benchmarks.md).
 */
export async function tagCounts(db: Db, dialect: Dialect, workIds: ArrayLike<number>): Promise<TagCounts> {
  if (workIds.length === 0) return { tagIds: new Int32Array(0), counts: new Int32Array(0), sampled: 0 };
  const all = dialect === 'sqlite' ? sql`group_concat(f.tag_id)` : sql`string_agg(f.tag_id::text, ',')`;
  const r = await sql<{
    list: string | null;
  }>`SELECT ${all} AS list FROM work_filters f WHERE ${oneOf(dialect, sql`f.work_id`, workIds)}`.execute(db);
  const { values, counts } = tallyWholeNumbers(r.rows[0]?.list ?? '');
  return { tagIds: values, counts, sampled: workIds.length };
}

export interface FilterTag {
  id: number;
  name: string;
  type: string;
  canonical: boolean;
  synonymOf: number | null;
  /** Findable works carrying the tag as a filter; publicCount leaves out restricted works. */
  filterCount: number;
  publicCount: number;
}

/** Tags by name (case-insensitive), with what the planner needs; synonyms come with their target. */
export async function tagsByKeys(db: Db, keys: string[]): Promise<Map<string, FilterTag>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .selectFrom('tags')
    .select(['id', 'name', 'name_key', 'type', 'canonical', 'synonym_of', 'filter_count', 'public_filter_count'])
    .where('name_key', 'in', keys)
    .execute();
  return new Map(
    rows.map((r) => [
      r.name_key,
      {
        id: r.id,
        name: r.name,
        type: r.type,
        canonical: r.canonical === 1,
        synonymOf: r.synonym_of,
        filterCount: r.filter_count,
        publicCount: r.public_filter_count,
      },
    ]),
  );
}

export async function tagsByIds(db: Db, ids: number[]): Promise<FilterTag[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('tags')
    .select(['id', 'name', 'type', 'canonical', 'synonym_of', 'filter_count', 'public_filter_count'])
    .where('id', 'in', ids)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    type: r.type,
    canonical: r.canonical === 1,
    synonymOf: r.synonym_of,
    filterCount: r.filter_count,
    publicCount: r.public_filter_count,
  }));
}

/** What the sidebar shows of its tags: their names and types, the ids in one parameter. */
export async function facetTags(
  db: Db,
  dialect: Dialect,
  ids: number[],
): Promise<{ id: number; name: string; type: string }[]> {
  if (ids.length === 0) return [];
  const r = await sql<{
    id: number;
    name: string;
    type: string;
  }>`SELECT t.id AS id, t.name AS name, t.type AS type FROM tags t WHERE ${oneOf(dialect, sql`t.id`, ids)}`.execute(db);
  return r.rows;
}

/** The highest work id: a free upper bound on the number of works, good enough for planning. */
export async function highestWorkId(db: Db): Promise<number> {
  const r = await sql<{ n: number | null }>`SELECT MAX(id) AS n FROM works`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** The pseuds `creator:NAME` means: any pseud of that name, and every pseud of the user of that name. */
export async function pseudIdsByName(db: Db, name: string): Promise<number[]> {
  // Two lookups by index (pseuds_name, users_username_lower): an OR across the join reads every pseud.
  const rows = await sql<{ id: number }>`SELECT p.id FROM pseuds p WHERE lower(p.name) = lower(${name})
    UNION SELECT p.id FROM users u JOIN pseuds p ON p.user_id = u.id WHERE lower(u.username) = lower(${name})
    ORDER BY 1`.execute(db);
  return rows.rows.map((r) => r.id);
}
