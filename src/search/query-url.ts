// Every search is a URL a reader can bookmark: WorkQuery <-> URLSearchParams. The parameters are
// what a plain GET form can send (repeatable names, empty fields ignored); whatever has no
// parameter of its own (other counts, typed exclusions and any-of groups, relative dates, creator)
// travels in `q` in the query-box grammar, so queryFromParams(queryToParams(q)) equals q.
//
// Must stay in sync: PARAMS below and the search form that sends them.

import { TAG_TYPES, type TagType } from '../tags/tag-types.ts';
import { QueryBuilder, type ParseOptions, type ParseResult, type Where } from './query-builder.ts';
import { formatQuery } from './query-format.ts';
import { parseInto, resolveTag } from './query-parser.ts';
import {
  parseBoolean,
  parseCalendarDate,
  parseCount,
  parseCrossover,
  parseLanguage,
  parseSortValue,
  SORT_HINT,
} from './query-values.ts';
import {
  DEFAULT_LIMIT,
  MAX_LIMIT,
  defaultSort,
  emptyQuery,
  hasTextSearch,
  naturalDirection,
  type DateField,
  type DateRange,
  type TagFilter,
  type WorkQuery,
} from './query.ts';

/** Parameter names. List parameters are also read without their brackets (`include=`). */
export const PARAMS = {
  q: 'q',
  include: 'include[]',
  exclude: 'exclude[]',
  any: 'any[]',
  /** One per tag type, each repeatable: rating, warning, category, fandom, relationship, character, freeform. */
  tagTypes: TAG_TYPES,
  wordsFrom: 'words_from',
  wordsTo: 'words_to',
  postedFrom: 'posted_from',
  postedTo: 'posted_to',
  updatedFrom: 'updated_from',
  updatedTo: 'updated_to',
  language: 'language',
  complete: 'complete',
  singleChapter: 'single_chapter',
  crossover: 'crossover',
  sort: 'sort',
  dir: 'dir',
  after: 'after',
  limit: 'limit',
} as const;

/** Keyset cursors are short; anything longer is not one of ours. */
const MAX_CURSOR_LENGTH = 512;

interface Entry {
  value: string;
  at: Where;
}

/** Non-empty values of `name` (and of `name[]`, or `name` without its brackets), in URL order. */
function entries(params: URLSearchParams, name: string): Entry[] {
  const names = name.endsWith('[]') ? [name, name.slice(0, -2)] : [name, name + '[]'];
  const out: Entry[] = [];
  for (const [key, value] of params) {
    if (names.includes(key) && value.trim() !== '')
      out.push({ value, at: { start: 0, end: value.length, param: key } });
  }
  return out;
}

/** `tag1|tag2|a\|b`: split on unescaped pipes; `\|` is a pipe and `\\` a backslash inside a name. */
export function splitAnyGroup(value: string): { text: string; start: number; end: number }[] {
  const items: { text: string; start: number; end: number }[] = [];
  let text = '';
  let start = 0;
  for (let i = 0; i <= value.length; i++) {
    const c = value[i];
    if (c === undefined || c === '|') {
      items.push({ text, start, end: i });
      text = '';
      start = i + 1;
    } else if (c === '\\' && (value[i + 1] === '|' || value[i + 1] === '\\')) text += value[++i];
    else text += c;
  }
  return items;
}

export function joinAnyGroup(names: string[]): string {
  return names.map((n) => n.replace(/[\\|]/g, (c) => '\\' + c)).join('|');
}

export function queryFromParams(params: URLSearchParams, options: ParseOptions = {}): ParseResult {
  const b = new QueryBuilder(options.now ?? new Date());

  for (const { value } of entries(params, PARAMS.q)) parseInto(b, value, PARAMS.q);

  const tag = (type: TagType | undefined, { value, at }: Entry) =>
    resolveTag(b, type, at.param!, { text: value, ...at });
  for (const e of entries(params, PARAMS.include)) {
    const t = tag(undefined, e);
    if (t) b.includeTag(t, e.at);
  }
  for (const e of entries(params, PARAMS.exclude)) {
    const t = tag(undefined, e);
    if (t) b.excludeTag(t, e.at);
  }
  for (const e of entries(params, PARAMS.any)) {
    const tags: TagFilter[] = [];
    for (const item of splitAnyGroup(e.value)) {
      if (item.text.trim() === '') continue;
      const t = resolveTag(b, undefined, e.at.param!, {
        text: item.text,
        start: item.start,
        end: item.end,
        param: e.at.param!,
      });
      if (t) tags.push(t);
    }
    b.anyOf(tags, e.at);
  }
  for (const type of TAG_TYPES) {
    for (const e of entries(params, type)) {
      const t = tag(type, e);
      if (t) b.includeTag(t, e.at);
    }
  }

  for (const [name, bound] of [
    [PARAMS.wordsFrom, 'min'],
    [PARAMS.wordsTo, 'max'],
  ] as const) {
    for (const { value, at } of entries(params, name)) {
      const n = parseCount(value);
      if (n === undefined) b.error(`${name} needs a whole number, got '${value}'`, at);
      else b.narrowCount('words', { [bound]: n }, at);
    }
  }

  const dates: [string, DateField, 'from' | 'to'][] = [
    [PARAMS.postedFrom, 'posted', 'from'],
    [PARAMS.postedTo, 'posted', 'to'],
    [PARAMS.updatedFrom, 'updated', 'from'],
    [PARAMS.updatedTo, 'updated', 'to'],
  ];
  for (const [name, field, bound] of dates) {
    for (const { value, at } of entries(params, name)) {
      const d = parseCalendarDate(value);
      if (!d) b.error(`${name} needs a date like 2024-01-31, got '${value}'`, at);
      else b.narrowDate(field, bound === 'from' ? { from: d.first } : { to: d.last }, at);
    }
  }

  for (const { value, at } of entries(params, PARAMS.language)) {
    const code = parseLanguage(value);
    if (!code) b.error(`${PARAMS.language} needs a language like es, pt-BR or Spanish, got '${value}'`, at);
    else b.setScalar('language', code, at);
  }
  for (const [name, key] of [
    [PARAMS.complete, 'complete'],
    [PARAMS.singleChapter, 'singleChapter'],
  ] as const) {
    for (const { value, at } of entries(params, name)) {
      const v = parseBoolean(value);
      if (v === undefined) b.error(`${name} needs true or false, got '${value}'`, at);
      else b.setScalar(key, v, at);
    }
  }
  for (const { value, at } of entries(params, PARAMS.crossover)) {
    const v = parseCrossover(value);
    if (!v) b.error(`${PARAMS.crossover} needs only or exclude, got '${value}'`, at);
    else b.setScalar('crossover', v === 'include' ? undefined : v, at);
  }

  for (const { value, at } of entries(params, PARAMS.sort)) {
    const sort = parseSortValue(value);
    if (!sort) b.error(`${PARAMS.sort}: unknown sort '${value}'; ${SORT_HINT}`, at);
    else b.setSort(sort.field, sort.direction, at);
  }
  for (const { value, at } of entries(params, PARAMS.dir)) {
    const dir = value.trim().toLowerCase();
    if (dir === 'asc' || dir === 'desc') b.setDirection(dir, at);
    else b.error(`${PARAMS.dir} needs asc or desc, got '${value}'`, at);
  }

  for (const { value, at } of entries(params, PARAMS.after)) {
    if (value.length > MAX_CURSOR_LENGTH) b.error(`${PARAMS.after} is not a cursor from this archive`, at);
    else b.setAfter(value);
  }
  for (const { value, at } of entries(params, PARAMS.limit)) {
    const n = /^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : undefined;
    if (n === undefined) b.error(`${PARAMS.limit} needs a whole number from 1 to ${MAX_LIMIT}, got '${value}'`, at);
    else if (n < 1 || n > MAX_LIMIT) {
      b.error(`${PARAMS.limit} is from 1 to ${MAX_LIMIT}; got ${n}, using ${n < 1 ? DEFAULT_LIMIT : MAX_LIMIT}`, at);
      b.setLimit(n < 1 ? DEFAULT_LIMIT : MAX_LIMIT);
    } else b.setLimit(n);
  }

  return b.finish();
}

/** Splits a date range into the bounds that have parameters (absolute) and those for `q` (relative). */
function splitDates(r: DateRange | undefined): { absolute: DateRange; relative?: DateRange } {
  if (!r) return { absolute: {} };
  const absolute: DateRange = {};
  const relative: DateRange = {};
  if (r.from !== undefined)
    Object.assign(r.fromAgo ? relative : absolute, r.fromAgo ? { from: r.from, fromAgo: r.fromAgo } : { from: r.from });
  if (r.to !== undefined)
    Object.assign(r.toAgo ? relative : absolute, r.toAgo ? { to: r.to, toAgo: r.toAgo } : { to: r.to });
  return Object.keys(relative).length ? { absolute, relative } : { absolute };
}

/** The canonical URL form: only what differs from an empty search, in a fixed order. */
export function queryToParams(query: WorkQuery): URLSearchParams {
  const p = new URLSearchParams();
  const typed = (t: TagFilter) => t.type !== undefined;
  const posted = splitDates(query.ranges.posted);
  const updated = splitDates(query.ranges.updated);

  // What has no parameter of its own goes to q.
  const rest = emptyQuery();
  rest.text = query.text;
  rest.excludeTags = query.excludeTags.filter(typed);
  rest.anyOf = query.anyOf.filter((g) => g.some(typed));
  const { words: _words, posted: _posted, updated: _updated, ...counts } = query.ranges;
  rest.ranges = {
    ...counts,
    ...(posted.relative ? { posted: posted.relative } : {}),
    ...(updated.relative ? { updated: updated.relative } : {}),
  };
  if (query.creator !== undefined) rest.creator = query.creator;
  const q = formatQuery(rest, { withoutSort: true });
  if (q) p.append(PARAMS.q, q);

  for (const t of query.includeTags) if (!t.type) p.append(PARAMS.include, t.name);
  for (const t of query.excludeTags) if (!t.type) p.append(PARAMS.exclude, t.name);
  for (const g of query.anyOf) if (!g.some(typed)) p.append(PARAMS.any, joinAnyGroup(g.map((t) => t.name)));
  for (const type of TAG_TYPES) for (const t of query.includeTags) if (t.type === type) p.append(type, t.name);

  const words = query.ranges.words;
  if (words?.min !== undefined) p.append(PARAMS.wordsFrom, String(words.min));
  if (words?.max !== undefined) p.append(PARAMS.wordsTo, String(words.max));
  if (posted.absolute.from) p.append(PARAMS.postedFrom, posted.absolute.from);
  if (posted.absolute.to) p.append(PARAMS.postedTo, posted.absolute.to);
  if (updated.absolute.from) p.append(PARAMS.updatedFrom, updated.absolute.from);
  if (updated.absolute.to) p.append(PARAMS.updatedTo, updated.absolute.to);

  if (query.language) p.append(PARAMS.language, query.language);
  if (query.complete !== undefined) p.append(PARAMS.complete, String(query.complete));
  if (query.singleChapter !== undefined) p.append(PARAMS.singleChapter, String(query.singleChapter));
  if (query.crossover) p.append(PARAMS.crossover, query.crossover);

  const { field, direction } = query.sort;
  if (field !== defaultSort(hasTextSearch(query)).field) p.append(PARAMS.sort, field);
  if (direction !== naturalDirection(field)) p.append(PARAMS.dir, direction);
  if (query.after !== undefined) p.append(PARAMS.after, query.after);
  if (query.limit !== DEFAULT_LIMIT) p.append(PARAMS.limit, String(query.limit));
  return p;
}
