// The search box's query language, read by a hand-written scanner (no regex over the whole input,
// so no input can make it backtrack), then applied to a QueryBuilder that query-url.ts shares.
// parseQuery never throws: every problem becomes a QueryError with offsets into the input.
//
// Grammar (whitespace separates clauses; field names are case-insensitive):
//   clause  := '-'? ( phrase | filter | word )          '-' excludes the phrase, word or tags
//   phrase  := '"' ( '\"' | '\\' | any )* '"'
//   filter  := FIELD op value                             FIELD from the FIELDS table below
//   op      := ':' | '=' | '>' | '>=' | '<' | '<='        also ':>' ':>=' ':<' ':<=' (AO3's form)
//   value   := phrase | group | bare                      whitespace after op is skipped
//   group   := '(' item ( '|' item )* ')'                 any one of the items
//   item    := (TAGFIELD ':')? ( phrase | text up to '|' or an unbalanced ')' )
//   bare, word := everything up to whitespace
//
// formatQuery writes a WorkQuery back in this grammar; parseQuery(formatQuery(q)) gives q again.
// Must stay in sync: that round trip, and PARAMS in query-url.ts.

import { canonicalVocabName, VOCAB_HINTS } from '../tags/tag-vocabulary.ts';
import { MAX_TAG_LENGTH, TAG_TYPES, cleanTagName, tagKey, type TagType } from '../tags/tag-types.ts';
import {
  COUNT_FIELDS,
  DATE_FIELDS,
  DEFAULT_LIMIT,
  MAX_QUERY_LENGTH,
  MAX_TAG_FILTERS,
  SORT_FIELDS,
  defaultSort,
  hasTextSearch,
  naturalDirection,
  type CountField,
  type DateField,
  type DateRange,
  type Duration,
  type DurationUnit,
  type NumberRange,
  type QueryError,
  type QueryRanges,
  type SortDirection,
  type SortField,
  type TagFilter,
  type TextQuery,
  type WorkQuery,
} from './query.ts';

export interface ParseOptions {
  /** "Now" for relative dates (posted:7d); tests pass a fixed one. */
  now?: Date;
}

export interface ParseResult {
  query: WorkQuery;
  errors: QueryError[];
}

/** Where a problem is: offsets into the query text, or into the value of a URL parameter. */
export interface Where {
  start: number;
  end: number;
  param?: string;
}

const SORT_ALIASES: Record<string, SortField> = {
  best_match: 'best_match',
  bestmatch: 'best_match',
  best: 'best_match',
  relevance: 'best_match',
  score: 'best_match',
  _score: 'best_match',
  title: 'title',
  title_to_sort_on: 'title',
  creator: 'creator',
  author: 'creator',
  authors: 'creator',
  authors_to_sort_on: 'creator',
  posted: 'posted',
  created: 'posted',
  created_at: 'posted',
  date_posted: 'posted',
  updated: 'updated',
  revised: 'updated',
  revised_at: 'updated',
  date_updated: 'updated',
  words: 'words',
  word_count: 'words',
  kudos: 'kudos',
  kudos_count: 'kudos',
  hits: 'hits',
  comments: 'comments',
  comments_count: 'comments',
  bookmarks: 'bookmarks',
  bookmarks_count: 'bookmarks',
};

export const SORT_HINT = `sort by one of: ${SORT_FIELDS.join(', ')}`;

/**
 * "kudos", "-kudos" (descending), "+title" (ascending), "kudos-asc", "kudos_desc", AO3's
 * "kudos_count". The direction is undefined when not given: the field's natural one applies.
 */
export function parseSortValue(text: string): { field: SortField; direction?: SortDirection } | undefined {
  let s = text.trim().toLowerCase();
  let direction: SortDirection | undefined;
  if (s.startsWith('-')) (direction = 'desc'), (s = s.slice(1));
  else if (s.startsWith('+')) (direction = 'asc'), (s = s.slice(1));
  for (const dir of ['asc', 'desc'] as const) {
    for (const sep of ['-', '_', ' ', ':']) {
      if (s.endsWith(sep + dir)) (direction = dir), (s = s.slice(0, -(dir.length + 1)));
    }
  }
  const field = SORT_ALIASES[s.split('-').join('_')];
  return field ? { field, ...(direction ? { direction } : {}) } : undefined;
}

export function parseBoolean(text: string): boolean | undefined {
  const k = text.trim().toLowerCase();
  if (['true', 'yes', 'y', '1', 'on'].includes(k)) return true;
  if (['false', 'no', 'n', '0', 'off'].includes(k)) return false;
  return undefined;
}

/** 'include' (or any/all) means no crossover filter at all. */
export function parseCrossover(text: string): 'only' | 'exclude' | 'include' | undefined {
  const k = text.trim().toLowerCase();
  if (['only', 'true', 'yes'].includes(k)) return 'only';
  if (['exclude', 'false', 'no', 'none'].includes(k)) return 'exclude';
  if (['include', 'any', 'all'].includes(k)) return 'include';
  return undefined;
}

let languageNames: Map<string, string> | undefined;

/** English names of the ISO 639-1 languages ("spanish" -> "es"), from Node's ICU, built on first use. */
function languageByName(name: string): string | undefined {
  if (!languageNames) {
    languageNames = new Map();
    const names = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
    const a = 'a'.charCodeAt(0);
    for (let i = 0; i < 26 * 26; i++) {
      const code = String.fromCharCode(a + Math.floor(i / 26), a + (i % 26));
      const n = names.of(code);
      if (n && n.toLowerCase() !== code && !languageNames.has(n.toLowerCase()))
        languageNames.set(n.toLowerCase(), code);
    }
  }
  return languageNames.get(name.trim().toLowerCase());
}

/** BCP 47-ish, as works store it: "es", "pt-BR", "zh-Hant"; or an English name: "Spanish". */
export function parseLanguage(text: string): string | undefined {
  return languageCode(text) ?? languageByName(text);
}

function languageCode(text: string): string | undefined {
  const parts = text.trim().split(/[-_]/);
  const [primary, ...rest] = parts;
  const letters = (s: string) => [...s].every((c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
  const alnum = (s: string) =>
    [...s].every((c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
  if (!primary || primary.length < 2 || primary.length > 3 || !letters(primary)) return undefined;
  const out = [primary.toLowerCase()];
  for (const p of rest) {
    if (p.length < 2 || p.length > 8 || !alnum(p)) return undefined;
    if (p.length === 2 && letters(p)) out.push(p.toUpperCase());
    else if (p.length === 4 && letters(p)) out.push(p[0]!.toUpperCase() + p.slice(1).toLowerCase());
    else out.push(p.toLowerCase());
  }
  return out.join('-');
}

/** "1000", "1,000", "10k", "1.5k"; a whole number >= 0, or undefined. */
export function parseCount(text: string): number | undefined {
  let s = text.trim().split(',').join('').split('_').join('');
  let scale = 1;
  if (s.endsWith('k') || s.endsWith('K')) (scale = 1000), (s = s.slice(0, -1));
  if (!/^\d+(\.\d+)?$/.test(s) || s.length > 15) return undefined;
  if (scale === 1 && s.includes('.')) return undefined;
  const n = Number(s) * scale;
  return Number.isSafeInteger(n) ? n : undefined;
}

// ---------------------------------------------------------------------------------------------
// Dates. Calendar arithmetic in UTC on epoch days, so results never depend on the server's zone.

const DAY_MS = 86_400_000;

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "2024", "2024-06", "2024-06-05" as the first and last day they cover. */
export function parseCalendarDate(text: string): { first: string; last: string } | undefined {
  const parts = text.trim().split('-');
  if (parts.length > 3 || parts.some((p) => !/^\d+$/.test(p))) return undefined;
  const [ys, ms, ds] = parts;
  if (ys?.length !== 4) return undefined;
  const y = Number(ys);
  if (y < 1) return undefined;
  const utc = (yy: number, mm: number, dd: number) => {
    const d = new Date(0);
    d.setUTCFullYear(yy, mm - 1, dd); // Date.UTC maps years 0-99 to 1900-1999
    return d.getTime();
  };
  if (ms === undefined) return { first: isoDay(utc(y, 1, 1)), last: isoDay(utc(y, 12, 31)) };
  if (ms.length > 2) return undefined;
  const m = Number(ms);
  if (m < 1 || m > 12) return undefined;
  if (ds === undefined) return { first: isoDay(utc(y, m, 1)), last: isoDay(utc(y, m, daysInMonth(y, m))) };
  if (ds.length > 2) return undefined;
  const d = Number(ds);
  if (d < 1 || d > daysInMonth(y, m)) return undefined;
  const day = isoDay(utc(y, m, d));
  return { first: day, last: day };
}

export function addDays(iso: string, days: number): string {
  return isoDay(Date.parse(iso + 'T00:00:00Z') + days * DAY_MS);
}

const UNITS: Record<string, DurationUnit> = {
  d: 'day',
  day: 'day',
  days: 'day',
  w: 'week',
  wk: 'week',
  wks: 'week',
  week: 'week',
  weeks: 'week',
  m: 'month',
  mo: 'month',
  mos: 'month',
  month: 'month',
  months: 'month',
  y: 'year',
  yr: 'year',
  yrs: 'year',
  year: 'year',
  years: 'year',
};
const UNIT_LETTER: Record<DurationUnit, string> = { day: 'd', week: 'w', month: 'm', year: 'y' };
/** A hundred years back in each unit: enough for any archive, small enough for Date. */
const MAX_AMOUNT: Record<DurationUnit, number> = { day: 36_500, week: 5_200, month: 1_200, year: 100 };

/** "7d", "2 weeks", "3mo", "1y". */
export function parseDuration(text: string): Duration | undefined {
  const s = text.trim().toLowerCase();
  let i = 0;
  while (i < s.length && s[i]! >= '0' && s[i]! <= '9') i++;
  if (i === 0 || i > 6) return undefined;
  const unit = UNITS[s.slice(i).trim()];
  const amount = Number(s.slice(0, i));
  return unit && amount <= MAX_AMOUNT[unit] ? { amount, unit } : undefined;
}

/** The calendar day `d` before `now` (UTC); months clamp to the month's last day (Mar 31 - 1m = Feb 28/29). */
export function daysAgo(now: Date, d: Duration): string {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const day = now.getUTCDate();
  const at = new Date(0);
  if (d.unit === 'day' || d.unit === 'week') {
    at.setUTCFullYear(y, m, day - d.amount * (d.unit === 'week' ? 7 : 1));
  } else {
    const months = y * 12 + m - d.amount * (d.unit === 'year' ? 12 : 1);
    const ny = Math.floor(months / 12);
    const nm = months - ny * 12;
    at.setUTCFullYear(ny, nm, Math.min(day, daysInMonth(ny, nm + 1)));
  }
  return isoDay(at.getTime());
}

// ---------------------------------------------------------------------------------------------
// The builder: where clauses from the box and parameters from the URL meet, are checked against
// one another (duplicates, contradictions, limits) and become one canonical WorkQuery.

/** The filters that hold one value: a second, different one replaces the first. */
export interface Scalars {
  language?: string;
  complete?: boolean;
  singleChapter?: boolean;
  crossover?: 'only' | 'exclude';
  creator?: string;
}

const SCALAR_LABELS: { [K in keyof Scalars]-?: (v: Scalars[K]) => string } = {
  language: (v) => v ?? 'any',
  complete: (v) => (v === undefined ? 'any' : v ? 'complete' : 'in progress'),
  singleChapter: (v) => (v === undefined ? 'any' : v ? 'single-chapter' : 'multi-chapter'),
  crossover: (v) => (v === undefined ? 'crossovers included' : v === 'only' ? 'crossovers only' : 'no crossovers'),
  creator: (v) => v ?? 'any',
};

const TYPE_RANK = (t: TagType | undefined) => (t === undefined ? TAG_TYPES.length : TAG_TYPES.indexOf(t));
const filterKey = (t: TagFilter) => `${t.type ?? '*'}\u0000${tagKey(t.name)}`;

export class QueryBuilder {
  readonly errors: QueryError[] = [];
  private readonly text: TextQuery = { terms: [], phrases: [], excludedTerms: [], excludedPhrases: [] };
  private readonly include: TagFilter[] = [];
  private readonly exclude: TagFilter[] = [];
  private readonly groups: TagFilter[][] = [];
  private readonly seen = { include: new Set<string>(), exclude: new Set<string>(), groups: new Set<string>() };
  private tagCount = 0;
  private tagLimitReported = false;
  private readonly ranges: QueryRanges = {};
  private readonly scalars: Scalars = {};
  private sortField?: SortField;
  private sortDirection?: SortDirection;
  private after?: string;
  private limit = DEFAULT_LIMIT;

  constructor(readonly now: Date) {}

  error(message: string, where: Where, severity: QueryError['severity'] = 'error'): void {
    this.errors.push({
      message,
      severity,
      start: where.start,
      end: where.end,
      ...(where.param ? { param: where.param } : {}),
    });
  }

  addText(kind: 'term' | 'phrase', raw: string, negated: boolean): void {
    const value = kind === 'term' ? raw.normalize('NFC') : raw.normalize('NFC').trim().replace(/\s+/g, ' ');
    if (!value) return;
    const list =
      kind === 'term'
        ? negated
          ? this.text.excludedTerms
          : this.text.terms
        : negated
          ? this.text.excludedPhrases
          : this.text.phrases;
    if (!list.includes(value)) list.push(value);
  }

  private admit(count: number, name: string, where: Where): boolean {
    if (this.tagCount + count <= MAX_TAG_FILTERS) {
      this.tagCount += count;
      return true;
    }
    if (!this.tagLimitReported) {
      this.tagLimitReported = true;
      this.error(`at most ${MAX_TAG_FILTERS} tag filters; '${name}' and any after it were ignored`, where);
    }
    return false;
  }

  includeTag(tag: TagFilter, where: Where): void {
    const key = filterKey(tag);
    if (this.seen.include.has(key)) return;
    if (!this.admit(1, tag.name, where)) return;
    if (this.seen.exclude.has(key))
      this.error(`'${tag.name}' is both included and excluded, so nothing can match`, where, 'warning');
    const rating = tag.type === 'rating' && this.include.find((t) => t.type === 'rating');
    if (rating) {
      // AO3 gives every work exactly one rating, so two required ratings match nothing.
      this.error(
        `a work has one rating, so ${rating.name} and ${tag.name} together match nothing; for either, use rating:(a | b)`,
        where,
        'warning',
      );
    }
    this.seen.include.add(key);
    this.include.push(tag);
  }

  excludeTag(tag: TagFilter, where: Where): void {
    const key = filterKey(tag);
    if (this.seen.exclude.has(key)) return;
    if (!this.admit(1, tag.name, where)) return;
    if (this.seen.include.has(key))
      this.error(`'${tag.name}' is both included and excluded, so nothing can match`, where, 'warning');
    this.seen.exclude.add(key);
    this.exclude.push(tag);
  }

  /** At least one of `tags`; a group of one is a plain include. */
  anyOf(tags: TagFilter[], where: Where): void {
    const keys = new Set<string>();
    const group = tags.filter((t) => !keys.has(filterKey(t)) && keys.add(filterKey(t)));
    if (group.length === 0) return;
    if (group.length === 1) return this.includeTag(group[0]!, where);
    const key = [...keys].sort().join('\u0001');
    if (this.seen.groups.has(key)) return;
    if (!this.admit(group.length, group[0]!.name, where)) return;
    this.seen.groups.add(key);
    this.groups.push(group);
  }

  /** Ranges on one field intersect: words>1000 words<5000 is 1001-4999. */
  narrowCount(field: CountField, range: NumberRange, where: Where): void {
    const r = (this.ranges[field] ??= {});
    if (range.min !== undefined && (r.min === undefined || range.min > r.min)) r.min = range.min;
    if (range.max !== undefined && (r.max === undefined || range.max < r.max)) r.max = range.max;
    if (r.min !== undefined && r.max !== undefined && r.min > r.max) {
      this.error(`no work has at least ${r.min} and at most ${r.max} ${field}`, where);
    }
  }

  narrowDate(field: DateField, range: DateRange, where: Where): void {
    const r = (this.ranges[field] ??= {});
    if (range.from !== undefined && (r.from === undefined || range.from > r.from)) {
      r.from = range.from;
      if (range.fromAgo) r.fromAgo = range.fromAgo;
      else delete r.fromAgo;
    }
    if (range.to !== undefined && (r.to === undefined || range.to < r.to)) {
      r.to = range.to;
      if (range.toAgo) r.toAgo = range.toAgo;
      else delete r.toAgo;
    }
    if (r.from !== undefined && r.to !== undefined && r.from > r.to) {
      this.error(`no work was ${field} on or after ${r.from} and on or before ${r.to}`, where);
    }
  }

  /** The last of several differing values wins, with a warning naming both. */
  setScalar<K extends keyof Scalars>(key: K, value: Scalars[K], where: Where): void {
    const old = this.scalars[key];
    if (old !== undefined && old !== value) {
      const show = SCALAR_LABELS[key] as (v: Scalars[K]) => string;
      const label =
        key === 'singleChapter'
          ? 'chapter filter'
          : key === 'complete'
            ? 'completion filter'
            : key === 'crossover'
              ? 'crossover filter'
              : key;
      this.error(`only one ${label} applies: using ${show(value)}, not ${show(old)}`, where, 'warning');
    }
    if (value === undefined) delete this.scalars[key];
    else this.scalars[key] = value;
  }

  setSort(field: SortField, direction: SortDirection | undefined, where: Where): void {
    if (this.sortField !== undefined) {
      const label = (f: SortField, d = naturalDirection(f)) =>
        d === naturalDirection(f) ? f : `${f} ${d === 'asc' ? 'ascending' : 'descending'}`;
      const before = label(this.sortField, this.sortDirection);
      const after = label(field, direction);
      if (before !== after) this.error(`only one sort applies: using ${after}, not ${before}`, where, 'warning');
    }
    this.sortField = field;
    this.sortDirection = direction;
  }

  setDirection(direction: SortDirection, where: Where): void {
    if (this.sortDirection !== undefined && this.sortDirection !== direction) {
      this.error(`only one sort direction applies: using ${direction}, not ${this.sortDirection}`, where, 'warning');
    }
    this.sortDirection = direction;
  }

  setAfter(cursor: string): void {
    this.after = cursor;
  }

  setLimit(limit: number): void {
    this.limit = limit;
  }

  /**
   * Tags come out in one canonical order (by tag type as AO3 lists them, untyped last; groups
   * with typed tags before untyped ones), each group stable, so that a query written to a URL and
   * read back is equal to itself whatever order the URL held its parts in.
   */
  finish(): ParseResult {
    const byType = (a: TagFilter, b: TagFilter) => TYPE_RANK(a.type) - TYPE_RANK(b.type);
    const groupRank = (g: TagFilter[]) => (g.some((t) => t.type !== undefined) ? 0 : 1);
    const text: TextQuery = {
      terms: [...this.text.terms],
      phrases: [...this.text.phrases],
      excludedTerms: [...this.text.excludedTerms],
      excludedPhrases: [...this.text.excludedPhrases],
    };
    const ranges: QueryRanges = {};
    for (const f of COUNT_FIELDS) if (this.ranges[f]) ranges[f] = { ...this.ranges[f] };
    for (const f of DATE_FIELDS) if (this.ranges[f]) ranges[f] = { ...this.ranges[f] };
    const fallback = defaultSort(hasTextSearch({ text }));
    const field = this.sortField ?? fallback.field;
    const query: WorkQuery = {
      text,
      includeTags: [...this.include].sort(byType),
      excludeTags: [...this.exclude].sort(byType),
      anyOf: [...this.groups].sort((a, b) => groupRank(a) - groupRank(b)).map((g) => [...g]),
      ranges,
      ...this.scalars,
      sort: { field, direction: this.sortDirection ?? (this.sortField ? naturalDirection(field) : fallback.direction) },
      ...(this.after !== undefined ? { after: this.after } : {}),
      limit: this.limit,
    };
    return {
      query,
      errors: [...this.errors].sort((a, b) => (a.param ?? '').localeCompare(b.param ?? '') || a.start - b.start),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// The field table. Several names per field: Quire's own, AO3's search field names, plurals.

type FieldSpec =
  | { kind: 'tag'; type?: TagType }
  | { kind: 'count'; field: CountField }
  | { kind: 'date'; field: DateField }
  | { kind: 'sort' | 'language' | 'single' | 'crossover' | 'creator' }
  | { kind: 'complete'; wip: boolean };

const FIELDS: Record<string, FieldSpec> = {};
function field(spec: FieldSpec, ...names: string[]) {
  for (const n of names) FIELDS[n] = spec;
}
field({ kind: 'tag', type: 'rating' }, 'rating', 'ratings');
field({ kind: 'tag', type: 'warning' }, 'warning', 'warnings', 'archive_warning', 'archive_warnings');
field({ kind: 'tag', type: 'category' }, 'category', 'categories');
field({ kind: 'tag', type: 'fandom' }, 'fandom', 'fandoms');
field({ kind: 'tag', type: 'character' }, 'character', 'characters');
field({ kind: 'tag', type: 'relationship' }, 'relationship', 'relationships', 'ship', 'ships', 'pairing');
field({ kind: 'tag', type: 'freeform' }, 'freeform', 'freeforms', 'additional');
field({ kind: 'tag' }, 'tag', 'tags', 'any');
field({ kind: 'count', field: 'words' }, 'words', 'word_count');
field({ kind: 'count', field: 'kudos' }, 'kudos', 'kudos_count');
field({ kind: 'count', field: 'hits' }, 'hits');
field({ kind: 'count', field: 'comments' }, 'comments', 'comments_count');
field({ kind: 'count', field: 'bookmarks' }, 'bookmarks', 'bookmarks_count');
field({ kind: 'count', field: 'chapters' }, 'chapters', 'chapter_count', 'chapters_count');
field({ kind: 'date', field: 'posted' }, 'posted', 'created', 'created_at');
field({ kind: 'date', field: 'updated' }, 'updated', 'revised', 'revised_at');
field({ kind: 'sort' }, 'sort', 'sort_by', 'order');
field({ kind: 'language' }, 'language', 'lang');
field({ kind: 'complete', wip: false }, 'complete', 'completed');
field({ kind: 'complete', wip: true }, 'wip');
field({ kind: 'single' }, 'single', 'single_chapter', 'oneshot');
field({ kind: 'crossover' }, 'crossover', 'crossovers');
field({ kind: 'creator' }, 'creator', 'author', 'by');

const FIELD_NAMES = Object.keys(FIELDS);

/** The field a near-miss ("fandon", "ratng") most likely meant. */
function nearestField(name: string): string | undefined {
  if (name.length < 4 || name.length > 20) return undefined;
  let best: string | undefined;
  let bestDistance = name.length >= 7 ? 3 : 2;
  for (const f of FIELD_NAMES) {
    if (Math.abs(f.length - name.length) >= bestDistance) continue;
    const d = editDistance(name, f);
    if (d < bestDistance) (best = f), (bestDistance = d);
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

// ---------------------------------------------------------------------------------------------
// The scanner: characters to clauses, each with its offsets.

type Op = ':' | '=' | '>' | '>=' | '<' | '<=';

interface Piece extends Where {
  text: string;
  quoted: boolean;
}

interface GroupItem extends Piece {
  /** A tag field written inside the group: any:(fandom:Naruto | Sakura). */
  field?: string;
}

type Value = { kind: 'piece'; piece: Piece } | { kind: 'group'; items: GroupItem[]; start: number; end: number };

type Clause =
  | { kind: 'term' | 'phrase'; negated: boolean; text: string; start: number; end: number }
  | {
      kind: 'filter';
      negated: boolean;
      name: string;
      spec: FieldSpec;
      op: Op;
      value?: Value;
      start: number;
      end: number;
    };

const SPACE = /\s/;
const isSpace = (c: string | undefined) => c !== undefined && SPACE.test(c);
const isIdent = (c: string | undefined) =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');

class Scanner {
  pos = 0;
  /** nearestField per unknown name: repeats of one typo cost one search. */
  private readonly guesses = new Map<string, string | undefined>();
  constructor(
    private readonly src: string,
    private readonly b: QueryBuilder,
    private readonly param: string | undefined,
  ) {}

  private at(start: number, end: number): Where {
    return { start, end, ...(this.param ? { param: this.param } : {}) };
  }

  private skipSpace(): void {
    while (isSpace(this.src[this.pos])) this.pos++;
  }

  /** From an opening quote: the unescaped text, or undefined (and an error) when nothing closes it. */
  private quoted(): Piece | undefined {
    const start = this.pos;
    let text = '';
    for (let i = start + 1; i < this.src.length; i++) {
      const c = this.src[i]!;
      if (c === '\\' && (this.src[i + 1] === '"' || this.src[i + 1] === '\\')) text += this.src[++i];
      else if (c === '"') {
        this.pos = i + 1;
        return { text, quoted: true, ...this.at(start, i + 1) };
      } else text += c;
    }
    this.b.error('unclosed quote: add a closing " (read as separate words meanwhile)', this.at(start, this.src.length));
    this.pos = start + 1;
    return undefined;
  }

  private bare(): Piece {
    const start = this.pos;
    while (this.pos < this.src.length && !isSpace(this.src[this.pos])) this.pos++;
    return { text: this.src.slice(start, this.pos), quoted: false, ...this.at(start, this.pos) };
  }

  private ident(from: number): string {
    let i = from;
    while (isIdent(this.src[i])) i++;
    return this.src.slice(from, i);
  }

  private op(): Op | undefined {
    const s = this.src;
    let p = this.pos;
    let colon = false;
    if (s[p] === ':') (colon = true), p++;
    let op: Op | undefined = colon ? ':' : undefined;
    if (s[p] === '>' || s[p] === '<') {
      op = s[p + 1] === '=' ? (`${s[p]}=` as Op) : (s[p] as Op);
      p += op.length;
    } else if (s[p] === '=') (op = '='), p++;
    if (op) this.pos = p;
    return op;
  }

  private group(): Value {
    const start = this.pos++;
    const items: GroupItem[] = [];
    for (;;) {
      this.skipSpace();
      const c = this.src[this.pos];
      if (c === undefined) {
        this.b.error("unclosed '(': add a closing ')'", this.at(start, this.src.length));
        break;
      }
      if (c === ')' || c === '|') {
        if (c === '|' || items.length === 0)
          this.b.error(`empty choice in '(…)'`, this.at(this.pos, this.pos + 1), 'warning');
        this.pos++;
        if (c === ')') break;
        continue;
      }
      items.push(this.groupItem());
      this.skipSpace();
      const next = this.src[this.pos];
      if (next === '|') {
        this.pos++;
        if (this.src[this.pos] !== undefined) continue;
      }
      if (next === ')') {
        this.pos++;
        break;
      }
      if (next !== undefined && next !== '|') {
        // Text after a quoted choice: `("One Piece" x | y)`. Skip to the next separator.
        const from = this.pos;
        while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') this.pos++;
        this.b.error(`expected '|' or ')' here`, this.at(from, this.pos));
        if (this.src[this.pos] === '|') this.pos++;
        else if (this.src[this.pos] === ')') {
          this.pos++;
          break;
        }
        continue;
      }
      this.b.error("unclosed '(': add a closing ')'", this.at(start, this.src.length));
      break;
    }
    return { kind: 'group', items, start, end: this.pos };
  }

  private groupItem(): GroupItem {
    const start = this.pos;
    let fieldName: string | undefined;
    const id = this.ident(this.pos);
    const spec = FIELDS[id.toLowerCase()];
    if (spec?.kind === 'tag' && this.src[this.pos + id.length] === ':') {
      fieldName = id.toLowerCase();
      this.pos += id.length + 1;
    }
    if (this.src[this.pos] === '"') {
      const q = this.quoted();
      if (q) return { ...q, start, ...(fieldName ? { field: fieldName } : {}) };
    }
    // Up to '|' or the ')' that closes the group; balanced parentheses stay in the name, for
    // AO3's fandom names: fandom:(Teen Wolf (TV) | Sherlock (TV)).
    const from = this.pos;
    let depth = 0;
    for (; this.pos < this.src.length; this.pos++) {
      const c = this.src[this.pos];
      if (c === '|' && depth === 0) break;
      if (c === '(') depth++;
      if (c === ')' && depth-- === 0) break;
    }
    let end = this.pos;
    while (end > from && isSpace(this.src[end - 1])) end--;
    return {
      text: this.src.slice(from, end),
      quoted: false,
      ...this.at(start, end),
      ...(fieldName ? { field: fieldName } : {}),
    };
  }

  private value(): Value | undefined {
    const save = this.pos;
    this.skipSpace();
    const c = this.src[this.pos];
    if (c === undefined) {
      this.pos = save;
      return undefined;
    }
    if (c === '(') return this.group();
    if (c === '"') {
      const q = this.quoted();
      if (q) return { kind: 'piece', piece: q };
    }
    return { kind: 'piece', piece: this.bare() };
  }

  /** The next clause, or undefined at the end of input. */
  next(): Clause | undefined {
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.src.length) return undefined;
      const start = this.pos;
      let negated = false;
      if (this.src[this.pos] === '-') {
        this.pos++;
        if (this.pos >= this.src.length || isSpace(this.src[this.pos])) continue; // a lone '-'
        negated = true;
      }
      if (this.src[this.pos] === '"') {
        const q = this.quoted();
        if (q) return { kind: 'phrase', negated, text: q.text, start, end: this.pos };
        // Unclosed: carry on after the quote mark as if it were not there (a '-' before it
        // still excludes what follows).
        if (!negated) continue;
      }
      const id = this.ident(this.pos);
      const opAt = this.pos + id.length;
      const c = this.src[opAt];
      if (id && (c === ':' || c === '>' || c === '<' || c === '=')) {
        const name = id.toLowerCase();
        const spec = FIELDS[name];
        if (!spec && !this.guesses.has(name)) this.guesses.set(name, nearestField(name));
        const guess = spec ? undefined : this.guesses.get(name);
        if (spec || guess) {
          this.pos = opAt;
          const op = this.op() ?? ':';
          const value = this.value();
          if (spec)
            return { kind: 'filter', negated, name, spec, op, ...(value ? { value } : {}), start, end: this.pos };
          this.b.error(`unknown filter '${id}'; did you mean '${guess}'?`, this.at(start + (negated ? 1 : 0), opAt));
          continue;
        }
      }
      const word = this.bare();
      return { kind: 'term', negated, text: word.text, start, end: this.pos };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Clauses to builder calls.

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Lone surrogates become U+FFFD, as a URL would make them: one code unit for one, so offsets
 * hold, and a query survives the trip through a URL unchanged.
 */
function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\ufffd');
}

/** Parse `input` into an existing builder; query-url.ts uses this for the `q` parameter. */
export function parseInto(b: QueryBuilder, input: string, param?: string): void {
  const where = (start: number, end: number): Where => ({ start, end, ...(param ? { param } : {}) });
  let src = wellFormed(input);
  if (src.length > MAX_QUERY_LENGTH) {
    b.error(
      `a search can be at most ${MAX_QUERY_LENGTH} characters; the rest was ignored`,
      where(MAX_QUERY_LENGTH, src.length),
    );
    src = src.slice(0, MAX_QUERY_LENGTH);
  }
  const scanner = new Scanner(src, b, param);
  for (let clause = scanner.next(); clause; clause = scanner.next()) {
    if (clause.kind === 'filter') applyFilter(b, clause, where);
    else if (clause.kind === 'phrase') b.addText('phrase', clause.text, clause.negated);
    else applyTerm(b, clause.text, clause.negated, where(clause.start, clause.end));
  }
}

function applyTerm(b: QueryBuilder, text: string, negated: boolean, at: Where): void {
  if (!negated && text === 'AND') return; // every word must match already
  if (!negated && (text === 'OR' || text === 'NOT')) {
    const hint =
      text === 'OR' ? 'every word must match; for tags, use fandom:(A | B)' : 'put - before a word to exclude it';
    b.error(`${text} is not an operator here: ${hint}`, at, 'warning');
    return;
  }
  if (LETTER_OR_DIGIT.test(text)) b.addText('term', text, negated);
}

function applyFilter(
  b: QueryBuilder,
  c: Extract<Clause, { kind: 'filter' }>,
  where: (s: number, e: number) => Where,
): void {
  const { name, spec, op, value, negated } = c;
  const whole = where(c.start, c.end);
  if (!value) return b.error(`${name} needs a value`, whole);
  const valueAt = where(
    value.kind === 'piece' ? value.piece.start : value.start,
    value.kind === 'piece' ? value.piece.end : value.end,
  );

  if (spec.kind === 'tag') {
    if (op !== ':' && op !== '=') return b.error(`${name} takes ':' (like ${name}:"a tag"), not '${op}'`, whole);
    if (value.kind === 'piece') {
      const tag = resolveTag(b, spec.type, name, value.piece);
      if (tag) negated ? b.excludeTag(tag, whole) : b.includeTag(tag, whole);
      return;
    }
    const tags: TagFilter[] = [];
    for (const item of value.items) {
      const itemSpec = item.field ? FIELDS[item.field] : undefined;
      const type = itemSpec?.kind === 'tag' ? itemSpec.type : spec.type;
      const tag = resolveTag(b, type, item.field ?? name, item);
      if (tag) tags.push(tag);
    }
    if (negated) for (const t of tags) b.excludeTag(t, whole);
    else b.anyOf(tags, whole);
    return;
  }

  if (negated) return b.error(`${name}: can't be excluded with '-'`, whole);
  if (value.kind === 'group') return b.error(`${name} takes one value, not a list of choices`, valueAt);
  const text = value.piece.text;
  const equality = op === ':' || op === '=';
  const label = spec.kind === 'count' || spec.kind === 'date' ? spec.field : name;
  if (!equality && spec.kind !== 'count' && spec.kind !== 'date')
    return b.error(`${name} takes ':' (like ${name}:value), not '${op}'`, whole);

  switch (spec.kind) {
    case 'count': {
      const range = countRange(op, text);
      if (range === 'nothing') return b.error(`${label}${op}${text} matches nothing: counts start at 0`, valueAt);
      if (!range) return b.error(`${label} needs a number, got '${text}'`, valueAt);
      return b.narrowCount(spec.field, range, whole);
    }
    case 'date': {
      const range = dateRange(op, text, b.now);
      if (!range)
        return b.error(
          `${label} needs a date like 2024-01-31, 2024-01 or 2024, or a time back from now like 7d, 2w, 3m or 1y; got '${text}'`,
          valueAt,
        );
      return b.narrowDate(spec.field, range, whole);
    }
    case 'sort': {
      const sort = parseSortValue(text);
      if (!sort) return b.error(`unknown sort '${text}'; ${SORT_HINT}`, valueAt);
      return b.setSort(sort.field, sort.direction, whole);
    }
    case 'language': {
      const code = parseLanguage(text);
      if (!code) return b.error(`${name} needs a language like es, pt-BR or Spanish, got '${text}'`, valueAt);
      return b.setScalar('language', code, whole);
    }
    case 'complete': {
      const v = parseBoolean(text);
      if (v === undefined) return b.error(`${name} needs true or false, got '${text}'`, valueAt);
      return b.setScalar('complete', spec.wip ? !v : v, whole);
    }
    case 'single': {
      const v = parseBoolean(text);
      if (v === undefined) return b.error(`${name} needs true or false, got '${text}'`, valueAt);
      return b.setScalar('singleChapter', v, whole);
    }
    case 'crossover': {
      const v = parseCrossover(text);
      if (!v) return b.error(`${name} needs only or exclude, got '${text}'`, valueAt);
      return b.setScalar('crossover', v === 'include' ? undefined : v, whole);
    }
    case 'creator': {
      const creator = cleanTagName(text);
      if (!creator) return b.error(`${name} needs a name`, valueAt);
      if (creator.length > MAX_TAG_LENGTH) return b.error(`${name} is at most ${MAX_TAG_LENGTH} characters`, valueAt);
      return b.setScalar('creator', creator, whole);
    }
  }
}

/** Checks one tag name against its type's rules; errors point at the name. */
export function resolveTag(
  b: QueryBuilder,
  type: TagType | undefined,
  label: string,
  piece: Where & { text: string },
): TagFilter | undefined {
  const name = cleanTagName(piece.text);
  if (!name) return void b.error(`${label} needs a tag name`, piece);
  if (name.length > MAX_TAG_LENGTH) return void b.error(`tag names are at most ${MAX_TAG_LENGTH} characters`, piece);
  if (!type) return { name };
  const canonical = canonicalVocabName(type, name);
  if (!canonical) return void b.error(`unknown ${type} '${name}'; use one of: ${VOCAB_HINTS[type]}`, piece);
  return { type, name: canonical };
}

function countRange(op: Op, text: string): NumberRange | 'nothing' | undefined {
  if (op === ':' || op === '=') {
    const sep = text.indexOf('..') >= 0 ? '..' : text.indexOf('-') >= 0 ? '-' : undefined;
    if (!sep) {
      const n = parseCount(text);
      return n === undefined ? undefined : { min: n, max: n };
    }
    const i = text.indexOf(sep);
    const lo = text.slice(0, i).trim();
    const hi = text.slice(i + sep.length).trim();
    const min = lo ? parseCount(lo) : undefined;
    const max = hi ? parseCount(hi) : undefined;
    if ((lo && min === undefined) || (hi && max === undefined) || (!lo && !hi)) return undefined;
    return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
  }
  const n = parseCount(text);
  if (n === undefined) return undefined;
  if (op === '>') return { min: n + 1 };
  if (op === '>=') return { min: n };
  if (op === '<') return n === 0 ? 'nothing' : { max: n - 1 };
  return { max: n };
}

/**
 * Absolute dates compare by the days they cover: posted>2024-01 is from 2024-02-01. A relative
 * span names the day that long ago, so posted:7d, posted>7d and posted>=7d all mean "in the last
 * 7 days" and posted<7d means "before then". (AO3 compares ages instead, where revised_at:>7d
 * means older; readers read "updated>30d" as recent, so Quire compares dates.)
 */
function dateRange(op: Op, text: string, now: Date): DateRange | undefined {
  const ago = parseDuration(text);
  if (ago) {
    const day = daysAgo(now, ago);
    return op === '<' || op === '<=' ? { to: addDays(day, -1), toAgo: ago } : { from: day, fromAgo: ago };
  }
  if ((op === ':' || op === '=') && text.includes('..')) {
    const i = text.indexOf('..');
    const lo = text.slice(0, i).trim();
    const hi = text.slice(i + 2).trim();
    const a = lo ? parseCalendarDate(lo) : undefined;
    const z = hi ? parseCalendarDate(hi) : undefined;
    if ((lo && !a) || (hi && !z) || (!lo && !hi)) return undefined;
    return { ...(a ? { from: a.first } : {}), ...(z ? { to: z.last } : {}) };
  }
  const d = parseCalendarDate(text);
  if (!d) return undefined;
  switch (op) {
    case '>':
      return { from: addDays(d.last, 1) };
    case '>=':
      return { from: d.first };
    case '<':
      return { to: addDays(d.first, -1) };
    case '<=':
      return { to: d.last };
    default:
      return { from: d.first, to: d.last };
  }
}

/** The search box. Never throws; problems come back as errors with offsets into `input`. */
export function parseQuery(input: string, options: ParseOptions = {}): ParseResult {
  const b = new QueryBuilder(options.now ?? new Date());
  parseInto(b, typeof input === 'string' ? input : '');
  return b.finish();
}

// ---------------------------------------------------------------------------------------------
// WorkQuery back to query text, in the canonical spelling parseQuery reads back to the same query.

export function quote(s: string): string {
  let out = '"';
  for (const c of s) out += c === '"' || c === '\\' ? '\\' + c : c;
  return out + '"';
}

/** Bare unless the scanner would read it otherwise: a space ends it, and a leading ( " > < = means something. */
function bareOrQuoted(s: string): string {
  return s === '' || '("><='.includes(s[0]!) || [...s].some((c) => isSpace(c)) ? quote(s) : s;
}

/** Inside a group, spaces are fine; separators, parentheses and a colon (a type prefix) are not. */
function itemText(s: string): string {
  return s === '' || [...s].some((c) => '|()"\\:'.includes(c)) ? quote(s) : s;
}

function formatTag(t: TagFilter, negated: boolean): string {
  return `${negated ? '-' : ''}${t.type ? t.type : 'tag'}:${bareOrQuoted(t.name)}`;
}

function formatGroup(g: TagFilter[]): string {
  const first = g[0]?.type;
  const uniform = g.every((t) => t.type === first);
  const items = g.map((t) => (uniform || !t.type ? itemText(t.name) : `${t.type}:${itemText(t.name)}`));
  return `${uniform && first ? first : 'any'}:(${items.join(' | ')})`;
}

function formatCount(field: CountField, r: NumberRange): string | undefined {
  if (r.min !== undefined && r.max !== undefined)
    return r.min === r.max ? `${field}:${r.min}` : `${field}:${r.min}-${r.max}`;
  if (r.min !== undefined) return `${field}>=${r.min}`;
  if (r.max !== undefined) return `${field}<=${r.max}`;
  return undefined;
}

function formatDuration(d: Duration): string {
  return `${d.amount}${UNIT_LETTER[d.unit]}`;
}

function formatDates(field: DateField, r: DateRange): string[] {
  const out: string[] = [];
  const from = r.fromAgo ? undefined : r.from;
  const to = r.toAgo ? undefined : r.to;
  if (r.fromAgo) out.push(`${field}:${formatDuration(r.fromAgo)}`);
  if (r.toAgo) out.push(`${field}<${formatDuration(r.toAgo)}`);
  if (from !== undefined && to !== undefined) out.push(from === to ? `${field}:${from}` : `${field}:${from}..${to}`);
  else if (from !== undefined) out.push(`${field}>=${from}`);
  else if (to !== undefined) out.push(`${field}<=${to}`);
  return out;
}

export interface FormatOptions {
  /** Leave the sort out (query-url.ts carries it in `sort` and `dir`). */
  withoutSort?: boolean;
}

/** The whole query as search-box text (page size and cursor aside: they are not part of a search). */
export function formatQuery(query: WorkQuery, options: FormatOptions = {}): string {
  const out: string[] = [];
  const { text } = query;
  out.push(...text.terms);
  out.push(...text.phrases.map(quote));
  out.push(...text.excludedTerms.map((t) => '-' + t));
  out.push(...text.excludedPhrases.map((p) => '-' + quote(p)));
  out.push(...query.includeTags.map((t) => formatTag(t, false)));
  out.push(...query.excludeTags.map((t) => formatTag(t, true)));
  out.push(...query.anyOf.map(formatGroup));
  for (const f of COUNT_FIELDS) {
    const s = query.ranges[f] && formatCount(f, query.ranges[f]);
    if (s) out.push(s);
  }
  for (const f of DATE_FIELDS) {
    const r = query.ranges[f];
    if (r) out.push(...formatDates(f, r));
  }
  if (query.language) out.push(`language:${query.language}`);
  if (query.complete !== undefined) out.push(`complete:${query.complete}`);
  if (query.singleChapter !== undefined) out.push(`single:${query.singleChapter}`);
  if (query.crossover) out.push(`crossover:${query.crossover}`);
  if (query.creator) out.push(`creator:${bareOrQuoted(query.creator)}`);
  if (!options.withoutSort) {
    const def = defaultSort(hasTextSearch(query));
    const { field, direction } = query.sort;
    if (field !== def.field || direction !== def.direction) {
      out.push(`sort:${field}${direction === naturalDirection(field) ? '' : '-' + direction}`);
    }
  }
  return out.join(' ');
}
