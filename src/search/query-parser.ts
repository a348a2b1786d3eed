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
// The parts: query-scanner.ts reads clauses, query-fields.ts names the fields, query-values.ts reads
// their values, query-builder.ts assembles the query, query-format.ts writes it back; this file
// applies clauses to the builder.

import { type ParseOptions, type ParseResult, QueryBuilder, type Where } from './query-builder.ts';
import { type DateRange, MAX_QUERY_LENGTH, type NumberRange, type TagFilter } from './query.ts';
import { type Clause, type Op, Scanner } from './query-scanner.ts';
import { FIELDS } from './query-fields.ts';
import {
  addDays,
  daysAgo,
  parseBoolean,
  parseCalendarDate,
  parseCount,
  parseCrossover,
  parseDuration,
  parseLanguage,
  parseSortValue,
  SORT_HINT,
} from './query-values.ts';
import { cleanTagName, MAX_TAG_LENGTH, type TagType } from '../tags/tag-types.ts';
import { canonicalVocabName, VOCAB_HINTS } from '../tags/tag-vocabulary.ts';

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
