// WorkQuery: the one structured form of a search. The query box (query-parser.ts) and the URL
// (query-url.ts) both produce it; search.service turns it into SQL. Everything here is pure.
//
// Must stay in sync: the grammar in query-parser.ts (formatQuery writes what parseQuery reads)
// and the parameter table in query-url.ts.

import type { TagType } from '../tags/tag-types.ts';

/** A work must (includeTags), must not (excludeTags) or may (anyOf) carry this tag. */
export interface TagFilter {
  /** Absent when the name may be a tag of any type (`tag:`, `any:`, `include[]`). */
  type?: TagType;
  /**
   * Whitespace-folded as AO3 does (cleanTagName); ratings, warnings and categories are already
   * AO3's canonical names ("Teen And Up Audiences"). Synonyms and parent tags are resolved later,
   * by tags.service, since that needs the database.
   */
  name: string;
}

/** Free text, matched against the search index (title, summary, tags, story body). */
export interface TextQuery {
  /** Words the work must contain, all of them; whitespace-free, as the reader typed them. */
  terms: string[];
  /** Exact phrases the work must contain, inner whitespace folded to single spaces. */
  phrases: string[];
  /** Words the work must not contain (`-word`). */
  excludedTerms: string[];
  /** Phrases the work must not contain (`-"some phrase"`). */
  excludedPhrases: string[];
}

/** Whole numbers, both ends inclusive; an absent end is open. */
export interface NumberRange {
  min?: number;
  max?: number;
}

export type DurationUnit = 'day' | 'week' | 'month' | 'year';

/** "7 days", "3 months": a span back from now. */
export interface Duration {
  amount: number;
  unit: DurationUnit;
}

/**
 * Calendar dates as `YYYY-MM-DD` in UTC, both ends inclusive: a work posted at any time on `to`
 * matches, so SQL compares `posted_at < to + 1 day`.
 */
export interface DateRange {
  from?: string;
  to?: string;
  /**
   * Set when `from` was written relative to now ("posted:7d"); `from` already holds the date it
   * resolved to. Kept so that a bookmarked search stays "the last 7 days" when re-serialised.
   */
  fromAgo?: Duration;
  /** Set when `to` was written relative to now ("updated<30d": last updated over 30 days ago). */
  toAgo?: Duration;
}

export const COUNT_FIELDS = ['words', 'kudos', 'hits', 'comments', 'bookmarks', 'chapters'] as const;
export type CountField = (typeof COUNT_FIELDS)[number];
export const DATE_FIELDS = ['posted', 'updated'] as const;
export type DateField = (typeof DATE_FIELDS)[number];

export type QueryRanges = { [F in CountField]?: NumberRange } & { [F in DateField]?: DateRange };

/** AO3's sort options (its sort_column values are accepted as aliases by the parser). */
export const SORT_FIELDS = [
  'best_match',
  'title',
  'creator',
  'posted',
  'updated',
  'words',
  'kudos',
  'hits',
  'comments',
  'bookmarks',
] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export type SortDirection = 'asc' | 'desc';

export interface QuerySort {
  field: SortField;
  direction: SortDirection;
}

export interface WorkQuery {
  text: TextQuery;
  /** The work carries every one of these (AND). */
  includeTags: TagFilter[];
  /** The work carries none of these. */
  excludeTags: TagFilter[];
  /** Each inner list: the work carries at least one of them (OR); the lists combine with AND. Each has 2+ tags. */
  anyOf: TagFilter[][];
  ranges: QueryRanges;
  /** ISO 639-1 code as works store it ("es"), with an optional region ("pt-BR"). */
  language?: string;
  /** true: complete works only; false: works in progress only; absent: both. */
  complete?: boolean;
  /** true: one-shots only; false: multi-chapter works only; absent: both. */
  singleChapter?: boolean;
  /** A crossover is a work in more than one fandom: only those, or none of them. */
  crossover?: 'only' | 'exclude';
  /** A pseud name; case-insensitive match is the service's business. */
  creator?: string;
  sort: QuerySort;
  /** Opaque keyset cursor from the previous page, carried through untouched. */
  after?: string;
  /** Page size, 1..MAX_LIMIT. */
  limit: number;
}

export interface QueryError {
  /** Names the problem and, where it helps, what would have been accepted. */
  message: string;
  /**
   * 'error': part of the input was ignored. 'warning': the query was understood, perhaps not as
   * written (a later sort replaced an earlier one, two ratings that no work can have at once).
   */
  severity: 'error' | 'warning';
  /** UTF-16 offsets into the query text (or into the value of `param`). */
  start: number;
  end: number;
  /** The URL parameter the offsets point into; absent for the query box. */
  param?: string;
}

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;
/** Longer query text is cut here, with an error: a search box is not a place for a chapter. */
export const MAX_QUERY_LENGTH = 2000;
/** Include + exclude + any-of tags, together: each costs the database a join. */
export const MAX_TAG_FILTERS = 50;

/** Relevance needs words to be relevant to; without them, newest activity first. */
export function hasTextSearch(query: Pick<WorkQuery, 'text'>): boolean {
  return query.text.terms.length > 0 || query.text.phrases.length > 0;
}

export function defaultSort(hasText: boolean): QuerySort {
  return hasText ? { field: 'best_match', direction: 'desc' } : { field: 'updated', direction: 'desc' };
}

/** AO3 sorts names A to Z and everything else biggest or newest first unless told otherwise. */
export function naturalDirection(field: SortField): SortDirection {
  return field === 'title' || field === 'creator' ? 'asc' : 'desc';
}

export function emptyQuery(): WorkQuery {
  return {
    text: { terms: [], phrases: [], excludedTerms: [], excludedPhrases: [] },
    includeTags: [],
    excludeTags: [],
    anyOf: [],
    ranges: {},
    sort: defaultSort(false),
    limit: DEFAULT_LIMIT,
  };
}

// ---------------------------------------------------------------------------------------------
// describeQuery: one plain sentence for the results page. Plain text; the page escapes it.

const SORT_LABELS: Record<SortField, string> = {
  best_match: 'best match',
  title: 'title',
  creator: 'creator',
  posted: 'date posted',
  updated: 'date updated',
  words: 'word count',
  kudos: 'kudos',
  hits: 'hits',
  comments: 'comments',
  bookmarks: 'bookmarks',
};

const COUNT_NOUNS: Record<CountField, [string, string]> = {
  words: ['word', 'words'],
  kudos: ['kudos', 'kudos'],
  hits: ['hit', 'hits'],
  comments: ['comment', 'comments'],
  bookmarks: ['bookmark', 'bookmarks'],
  chapters: ['chapter', 'chapters'],
};

/** How each tag type reads in the sentence; untyped tags read as "tagged". */
const TAG_VERBS: Record<TagType | 'any', string> = {
  fandom: 'in',
  rating: 'rated',
  warning: 'with',
  category: 'category',
  relationship: 'with',
  character: 'featuring',
  freeform: 'tagged',
  any: 'tagged',
};
const TAG_ORDER: (TagType | 'any')[] = [
  'fandom',
  'rating',
  'warning',
  'category',
  'relationship',
  'character',
  'freeform',
  'any',
];

/** "1,000" whatever the process locale, so the sentence is the same on every server. */
export function groupDigits(n: number): string {
  const s = String(n);
  let out = '';
  for (let i = 0; i < s.length; i++) out += (i > 0 && (s.length - i) % 3 === 0 ? ',' : '') + s[i];
  return out;
}

export function durationText(d: Duration): string {
  return `${d.amount} ${d.unit}${d.amount === 1 ? '' : 's'}`;
}

function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function countText(field: CountField, r: NumberRange): string | undefined {
  const [one, many] = COUNT_NOUNS[field];
  const noun = (n: number) => (n === 1 ? one : many);
  if (r.min !== undefined && r.max !== undefined) {
    return r.min === r.max
      ? `${groupDigits(r.min)} ${noun(r.min)}`
      : `${groupDigits(r.min)}–${groupDigits(r.max)} ${many}`;
  }
  if (r.min !== undefined) return `at least ${groupDigits(r.min)} ${noun(r.min)}`;
  if (r.max !== undefined) return `at most ${groupDigits(r.max)} ${noun(r.max)}`;
  return undefined;
}

function dateText(field: DateField, r: DateRange): string | undefined {
  const bits: string[] = [];
  if (r.fromAgo) bits.push(`in the last ${durationText(r.fromAgo)}`);
  if (r.toAgo) bits.push(`more than ${durationText(r.toAgo)} ago`);
  const from = r.fromAgo ? undefined : r.from;
  const to = r.toAgo ? undefined : r.to;
  if (from !== undefined && to !== undefined) bits.push(from === to ? `on ${from}` : `${from} to ${to}`);
  else if (from !== undefined) bits.push(`since ${from}`);
  else if (to !== undefined) bits.push(`until ${to}`);
  return bits.length ? `${field} ${bits.join(' and ')}` : undefined;
}

const quoted = (s: string) => `"${s}"`;

/**
 * "Works in Naruto or Bleach, rated Explicit, 1,000–5,000 words, excluding Major Character
 * Death, sorted by kudos". The sort is named only when it is not the default for the query.
 */
export function describeQuery(query: WorkQuery): string {
  // Each part as it reads after a comma, and, where different, as it reads straight after "Works".
  const parts: { text: string; lead?: string }[] = [];
  const add = (text: string, lead?: string) => parts.push(lead ? { text, lead } : { text });
  const { text } = query;
  const matching = [...text.terms, ...text.phrases.map(quoted)];
  if (matching.length) add(`matching ${matching.join(' ')}`);

  for (const kind of TAG_ORDER) {
    const ofKind = (t: TagFilter) => (t.type ?? 'any') === kind;
    const names = query.includeTags.filter(ofKind).map((t) => t.name);
    // A group belongs under one type when all its tags have it; mixed groups read as "tagged".
    const groups = query.anyOf.filter((g) => {
      const first = g[0]?.type;
      const uniform = g.every((t) => t.type === first);
      return uniform ? (first ?? 'any') === kind : kind === 'any';
    });
    const items = [...names, ...groups.map((g) => g.map((t) => t.name).join(' or '))];
    if (!items.length) continue;
    const joined =
      items.length > 1 ? items.map((s, i) => (i >= names.length && s.includes(' or ') ? `(${s})` : s)) : items;
    add(`${TAG_VERBS[kind]} ${joined.join(' and ')}`);
  }

  for (const field of COUNT_FIELDS) {
    const r = query.ranges[field];
    const s = r && countText(field, r);
    if (s) add(s, `with ${s}`);
  }
  for (const field of DATE_FIELDS) {
    const r = query.ranges[field];
    const s = r && dateText(field, r);
    if (s) add(s);
  }
  if (query.language) add(`in ${languageName(query.language)}`);
  if (query.complete !== undefined)
    add(query.complete ? 'complete' : 'in progress', query.complete ? 'that are complete' : undefined);
  if (query.singleChapter !== undefined) {
    const s = query.singleChapter ? 'single-chapter' : 'multi-chapter';
    add(s, `that are ${s}`);
  }
  if (query.crossover)
    add(
      query.crossover === 'only' ? 'crossovers only' : 'no crossovers',
      query.crossover === 'only' ? 'that are crossovers' : 'that are not crossovers',
    );
  if (query.creator) add(`by ${query.creator}`);
  if (query.excludeTags.length) add(`excluding ${query.excludeTags.map((t) => t.name).join(' and ')}`);
  const without = [...text.excludedTerms, ...text.excludedPhrases.map(quoted)];
  if (without.length) add(`not mentioning ${without.join(' or ')}`);

  const def = defaultSort(hasTextSearch(query));
  const { field, direction } = query.sort;
  if (field !== def.field || direction !== def.direction) {
    const dir = direction === naturalDirection(field) ? '' : direction === 'asc' ? ' (ascending)' : ' (descending)';
    add(`sorted by ${SORT_LABELS[field]}${dir}`);
  }

  const [first, ...rest] = parts;
  if (!first) return 'All works';
  return [`Works ${first.lead ?? first.text}`, ...rest.map((p) => p.text)].join(', ');
}
