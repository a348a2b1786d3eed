// The one place a WorkQuery is assembled, for the search box (query-parser.ts) and the URL
// (query-url.ts) alike, so that both check duplicates, contradictions and limits the same way.

import {
  COUNT_FIELDS,
  type CountField,
  DATE_FIELDS,
  type DateField,
  type DateRange,
  DEFAULT_LIMIT,
  defaultSort,
  hasTextSearch,
  MAX_TAG_FILTERS,
  naturalDirection,
  type NumberRange,
  type QueryError,
  type QueryRanges,
  type SortDirection,
  type SortField,
  type TagFilter,
  type TextQuery,
  type WorkQuery,
} from './query.ts';
import { TAG_TYPES, tagKey, type TagType } from '../tags/tag-types.ts';

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
