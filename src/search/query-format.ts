// A WorkQuery written back as query text (grammar in query-parser.ts). parseQuery(formatQuery(q))
// gives q again: that round trip is tested in query-parser.test.ts.

import { isSpace } from './query-scanner.ts';
import {
  COUNT_FIELDS,
  type CountField,
  DATE_FIELDS,
  type DateField,
  type DateRange,
  defaultSort,
  type Duration,
  hasTextSearch,
  naturalDirection,
  type NumberRange,
  type TagFilter,
  type WorkQuery,
} from './query.ts';
import { UNIT_LETTER } from './query-values.ts';

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
