// Finding works: resolves a WorkQuery's tag names to filter tags (a synonym searches as its
// canonical tag), plans which filter drives the query, and returns one page with an honest
// total and the sidebar's facet counts. Pages, the JSON API and the CLI all search through here.
import type { Database } from '../db/database.ts';
import { TAG_TYPES, tagKey, type TagType } from '../tags/tag-types.ts';
import { getWorkBlurbs, type WorkBlurb } from '../works/works.service.ts';
import { hasTextSearch, type QueryError, type TagFilter, type WorkQuery } from './query.ts';
import { FilterIndex } from './filter-index.ts';
import { searchWithIndex } from './indexed-search.ts';
import * as repo from './search.repo.ts';
import { readSetting } from '../config.ts';

/**
 * Totals up to this are counted exactly. Past it they are estimated from the newest
 * ESTIMATE_SAMPLE candidates (as search engines do), and say "about".
 */
export const COUNT_CAP = 2_000;
export const ESTIMATE_SAMPLE = 4_000;
/** Facets are counted over at most this many matches (the newest), and scaled past it. */
export const FACET_SAMPLE = 1_000;
export const FACETS_PER_TYPE = 10;

export interface Facet {
  name: string;
  count: number;
}

export interface SearchResult {
  works: WorkBlurb[];
  total: { value: number; exact: boolean };
  /** Top tags of the result set per type; counts are estimates when `approximate`. */
  facets: { byType: Partial<Record<TagType, Facet[]>>; approximate: boolean };
  /** Cursor for the next page, or null on the last. */
  next: string | null;
  /** Problems found while resolving the query against the archive (unknown tags, a stale cursor). */
  notices: QueryError[];
}

// ---- keyset cursors -------------------------------------------------------------------------

/** Opaque to readers; records the sort it belongs to so a cursor from another search is refused. */
export function encodeSearchCursor(sort: WorkQuery['sort'], c: repo.Cursor): string {
  return Buffer.from(JSON.stringify([sort.field, sort.direction, c.key, c.id])).toString('base64url');
}

export function decodeSearchCursor(raw: string, sort: WorkQuery['sort']): repo.Cursor | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!Array.isArray(v) || v.length !== 4) return undefined;
    const [field, direction, key, id] = v as unknown[];
    if (field !== sort.field || direction !== sort.direction) return undefined;
    if ((typeof key !== 'string' && typeof key !== 'number') || !Number.isSafeInteger(id)) return undefined;
    if (typeof key === 'number' && !Number.isFinite(key)) return undefined;
    return { key, id: id as number };
  } catch {
    return undefined;
  }
}

// ---- resolving and planning -----------------------------------------------------------------

interface Resolved {
  spec: repo.SearchSpec;
  /** Each tag read by its name: its id and how many works it filters, for the plan. */
  counts: Map<number, number>;
  /** A required tag the archive does not have: nothing can match. */
  impossible: boolean;
  notices: QueryError[];
}

const notice = (message: string): QueryError => ({ message, severity: 'warning', start: 0, end: 0 });

async function resolve(
  database: Database,
  query: WorkQuery,
  viewerId: number | null,
  pseudIds?: number[],
  collectionIds?: number[],
  knownTags: repo.FilterTag[] = [],
): Promise<Resolved> {
  const all = [...query.includeTags, ...query.excludeTags, ...query.anyOf.flat()];
  const known = new Map(knownTags.map((t) => [tagKey(t.name), t]));
  const unknown = [...new Set(all.map((t) => tagKey(t.name)))].filter((k) => !known.has(k));
  // Independent reads, at once: on PostgreSQL one wait instead of three.
  const [read, creatorPseuds, scope] = await Promise.all([
    repo.tagsByKeys(database.db, unknown),
    pseudIds ?? (query.creator ? repo.pseudIdsByName(database.db, query.creator) : undefined),
    repo.viewerScope(database.db, viewerId),
  ]);
  const tags = new Map([...known, ...read]);
  const notices: QueryError[] = [];
  /** The filter tag id a name searches as, or undefined (with a notice) when there is none. */
  const filterId = (f: TagFilter): number | undefined => {
    const tag = tags.get(tagKey(f.name));
    if (!tag || (f.type && tag.type !== f.type)) {
      notices.push(notice(`no ${f.type ? `${f.type} ` : ''}tag is named '${f.name}' in this archive`));
      return undefined;
    }
    return tag.synonymOf ?? tag.id;
  };
  let impossible = false;
  const includeGroups: number[][] = [];
  for (const f of query.includeTags) {
    const id = filterId(f);
    if (id === undefined) impossible = true;
    else includeGroups.push([id]);
  }
  for (const group of query.anyOf) {
    const ids = group.map(filterId).filter((id): id is number => id !== undefined);
    if (ids.length === 0) impossible = true;
    else includeGroups.push([...new Set(ids)]);
  }
  const exclude = [...new Set(query.excludeTags.map(filterId).filter((id): id is number => id !== undefined))];
  const spec: repo.SearchSpec = {
    includeGroups,
    exclude,
    text: query.text,
    ranges: query.ranges,
    language: query.language,
    complete: query.complete,
    singleChapter: query.singleChapter,
    crossover: query.crossover,
    creatorPseuds,
    ...(collectionIds ? { collectionIds } : {}),
    sort: query.sort,
    scope,
    drive: null,
  };
  const counts = new Map([...tags.values()].map((t) => [t.id, t.filterCount]));
  return { spec, counts, impossible, notices };
}

/**
 * Whether to read the smallest tag's postings first and sort them, or to walk the sort order and
 * probe each work's filters. Walking finds `limit` matches after about limit * N / p works for a
 * tag on p of N works; reading postings costs about p rows sorted. Read postings when that is
 * cheaper (a sort costs a few probes per row, hence the factor).
 */
async function plan(
  database: Database,
  groups: number[][],
  query: WorkQuery,
  known: Map<number, number>,
): Promise<{ drive: number | null; smallest: number | null }> {
  if (groups.length === 0) return { drive: null, smallest: null };
  // A synonym searches as its canonical tag, which was not read by name.
  const missing = [...new Set(groups.flat())].filter((id) => !known.has(id));
  const countOf = new Map(known);
  for (const t of await repo.tagsByIds(database.db, missing)) countOf.set(t.id, t.filterCount);
  const sizes = groups.map((g) => g.reduce((sum, id) => sum + (countOf.get(id) ?? 0), 0));
  const smallest = sizes.indexOf(Math.min(...sizes));
  // With words to match, the full-text index reads first and tags are probed.
  if (hasTextSearch(query)) return { drive: null, smallest };
  const p = sizes[smallest]!;
  const n = await repo.highestWorkId(database.db);
  return { drive: p * p * 4 < (query.limit + 1) * n ? smallest : null, smallest };
}

/** Conditions other than included tags: any of them rules out the cheap exact counts. */
function hasOtherConditions(spec: repo.SearchSpec): boolean {
  const t = spec.text;
  return (
    repo.scopeNarrows(spec.scope) ||
    spec.exclude.length > 0 ||
    t.terms.length + t.phrases.length + t.excludedTerms.length + t.excludedPhrases.length > 0 ||
    Object.keys(spec.ranges).length > 0 ||
    spec.language !== undefined ||
    spec.complete !== undefined ||
    spec.singleChapter !== undefined ||
    spec.crossover !== undefined ||
    spec.creatorPseuds !== undefined ||
    spec.collectionIds !== undefined
  );
}

// ---- searching ------------------------------------------------------------------------------

export interface SearchOptions {
  /** The signed-in reader searching, or null for a guest. */
  viewerId?: number | null;
  /** Skip the sidebar's tag counts (listings that show none). */
  facets?: boolean;
  /**
   * 'index': the in-memory filter index when it is loaded (SQL while it loads); 'sql': SQL alone.
   * Defaults to QUIRE_SEARCH_ENGINE, else 'index'. Both give the same results (a test holds them to it).
   */
  engine?: SearchEngine;
  /** Only works credited to these pseuds (a pseud's page), in place of the query's creator filter. */
  pseudIds?: number[];
  /** Only works in these collections (a collection's page, with its subcollections). */
  collectionIds?: number[];
  /** Tags the caller has read already (a tag's page, its own tag): not read again by name. */
  knownTags?: repo.FilterTag[];
}

export type SearchEngine = 'index' | 'sql';

function engineFor(opts: SearchOptions): SearchEngine {
  return opts.engine ?? readSetting('searchEngine');
}

export async function searchWorks(
  database: Database,
  query: WorkQuery,
  opts: SearchOptions = {},
): Promise<SearchResult> {
  const index = engineFor(opts) === 'index' ? FilterIndex.of(database) : null;
  // The index's change log is read beside the query's own reads: nothing in one waits for the other.
  const [{ spec, counts, impossible, notices }, indexed] = await Promise.all([
    resolve(database, query, opts.viewerId ?? null, opts.pseudIds, opts.collectionIds, opts.knownTags),
    index ? index.current() : false,
  ]);
  const empty: SearchResult = {
    works: [],
    total: { value: 0, exact: true },
    facets: { byType: {}, approximate: false },
    next: null,
    notices,
  };
  if (impossible) return empty;

  let after: repo.Cursor | undefined;
  if (query.after) {
    after = decodeSearchCursor(query.after, query.sort);
    if (!after) notices.push(notice('that page link belongs to another search or sort; showing the first page'));
  }
  const wantFacets = opts.facets !== false;
  let found: Found;
  if (index && indexed) found = await fromIndex(database, index, spec, query, after, wantFacets);
  else {
    // Only SQL needs a plan: the index reads the smallest set first on its own.
    const planned = await plan(database, spec.includeGroups, query, counts);
    spec.drive = planned.drive;
    found = await fromSql(database, spec, planned.smallest, query, after, wantFacets);
  }
  const page = found.rows.slice(0, query.limit);
  const last = page.at(-1);
  const next = found.rows.length > query.limit && last ? encodeSearchCursor(query.sort, last) : null;
  const works = await getWorkBlurbs(
    database,
    page.map((r) => r.id),
  );
  return { works, total: found.total, facets: found.facets ?? empty.facets, next, notices };
}

interface Found {
  /** Up to limit + 1 rows: one more than the page tells that another page follows. */
  rows: { id: number; key: repo.SortKey }[];
  total: SearchResult['total'];
  /** Undefined when not asked for. */
  facets?: SearchResult['facets'];
}

/** From the in-memory filter index: exact totals, facets over the newest matches. */
async function fromIndex(
  database: Database,
  index: FilterIndex,
  spec: repo.SearchSpec,
  query: WorkQuery,
  after: repo.Cursor | undefined,
  wantFacets: boolean,
): Promise<Found> {
  const found = await searchWithIndex(database, index, spec, query, {
    limit: query.limit + 1,
    after,
    sample: wantFacets ? FACET_SAMPLE : 0,
  });
  const facets = wantFacets ? await facetsOf(database, await index.tagCounts(found.sample), found.total) : undefined;
  return { rows: found.rows, total: { value: found.total, exact: true }, facets };
}

/** From SQL alone, as planned by `resolve`. */
async function fromSql(
  database: Database,
  spec: repo.SearchSpec,
  smallest: number | null,
  query: WorkQuery,
  after: repo.Cursor | undefined,
  wantFacets: boolean,
): Promise<Found> {
  const rows = await repo.searchPage(database.db, database.dialect, spec, { limit: query.limit + 1, after });
  // Counting and sampling visit every match (up to a cap), so they read the smallest tag first.
  const counting = smallest === null || hasTextSearch(query) ? spec : { ...spec, drive: smallest };
  const total = await countTotal(database, counting);
  const facets = wantFacets ? await facetsFor(database, counting, total.value) : undefined;
  return { rows, total, facets };
}

async function countTotal(database: Database, spec: repo.SearchSpec): Promise<SearchResult['total']> {
  const groups = spec.includeGroups;
  // A tag's filter count is exact when nothing else narrows: it counts the findable works.
  if (!hasOtherConditions(spec) && groups.length === 1 && groups[0]!.length === 1) {
    const [tag] = await repo.tagsByIds(database.db, [spec.includeGroups[0]![0]!]);
    return { value: (spec.scope.userId === null ? tag?.publicCount : tag?.filterCount) ?? 0, exact: true };
  }
  const n = await repo.countMatches(database.db, database.dialect, spec, COUNT_CAP + 1);
  if (n <= COUNT_CAP) return { value: n, exact: true };
  // The candidates a sample is drawn from: the works the words match, the driving tag's works,
  // or the whole archive.
  const textMatches = await repo.countTextMatches(database.db, database.dialect, spec.text);
  const pool =
    textMatches ??
    (spec.drive !== null && groups[spec.drive]
      ? (await repo.tagsByIds(database.db, groups[spec.drive]!)).reduce((sum, t) => sum + t.filterCount, 0)
      : spec.creatorPseuds?.length
        ? await repo.countCreatorWorks(database.db, spec.creatorPseuds)
        : await repo.highestWorkId(database.db));
  const sample = Math.min(ESTIMATE_SAMPLE, pool);
  const hits = await repo.countSampleMatches(database.db, database.dialect, spec, sample);
  const estimate = sample > 0 ? Math.round((hits / sample) * pool) : n;
  // Never below what was counted for certain; rounded, since it is an estimate.
  return { value: roundEstimate(Math.max(estimate, COUNT_CAP + 1)), exact: false };
}

/** 12,345 -> 12,300: an estimate says only what it knows. */
function roundEstimate(n: number): number {
  const step = 10 ** Math.max(0, Math.floor(Math.log10(n)) - 2);
  return Math.round(n / step) * step;
}

async function facetsFor(database: Database, spec: repo.SearchSpec, total: number): Promise<SearchResult['facets']> {
  return facetsOf(database, await repo.facetCounts(database.db, database.dialect, spec, FACET_SAMPLE), total);
}

/** The sidebar from tag counts over a sample of `total` matches: the top tags per type, scaled. */
async function facetsOf(database: Database, tally: repo.TagCounts, total: number): Promise<SearchResult['facets']> {
  if (tally.sampled === 0) return { byType: {}, approximate: false };
  const approximate = tally.sampled === FACET_SAMPLE && total > tally.sampled;
  const scale = approximate ? total / tally.sampled : 1;
  const top = mostCounted(tally, FACETS_PER_TYPE * TAG_TYPES.length * 3);
  const tags = new Map(
    (
      await repo.facetTags(
        database.db,
        database.dialect,
        top.map((c) => c.tagId),
      )
    ).map((t) => [t.id, t]),
  );
  const byType: Partial<Record<TagType, Facet[]>> = {};
  for (const c of top) {
    const tag = tags.get(c.tagId);
    if (!tag) continue;
    const list = (byType[tag.type as TagType] ??= []);
    if (list.length < FACETS_PER_TYPE) list.push({ name: tag.name, count: Math.round(c.n * scale) });
  }
  return { byType, approximate };
}

const SPAN = 2 ** 32;

/**
 * The `n` tags counted most, most first, ties by id: each count and id packed in one number, so
 * that ordering a thousand or more of them is one numeric sort without a comparator.
 */
function mostCounted({ tagIds, counts }: repo.TagCounts, n: number): { tagId: number; n: number }[] {
  const keys = new Float64Array(tagIds.length);
  for (let i = 0; i < keys.length; i++) keys[i] = counts[i]! * SPAN + (SPAN - 1 - tagIds[i]!);
  keys.sort();
  const top: { tagId: number; n: number }[] = [];
  for (let i = keys.length - 1; i >= 0 && top.length < n; i--)
    top.push({ tagId: SPAN - 1 - (keys[i]! % SPAN), n: Math.floor(keys[i]! / SPAN) });
  return top;
}
