// The per-work columns of the filter index (filter-index.ts): flags, counts, dates and language in
// typed arrays indexed by work id, grown in place as works arrive.

import type { Bitset } from './bitset.ts';
import { DayOrder } from './day-order.ts';
import type * as repo from './filter-index.repo.ts';
import type { TopK } from './top-k.ts';
import { fts5Varints } from './text-scores.ts';

export const FINDABLE = 1;
export const RESTRICTED = 2;

/** Stored times are ISO 8601 text; a date alone or a time without a zone is UTC, as SQL compares them. */
export function timeValue(stored: string): number {
  const iso =
    stored.length === 10
      ? `${stored}T00:00:00Z`
      : /[zZ]|[+-]\d\d:?\d\d$/.test(stored)
        ? stored.replace(' ', 'T')
        : `${stored.replace(' ', 'T')}Z`;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
}

/** The columns kept per work, each a typed array indexed by work id. */
const COLUMN_ARRAYS = {
  flags: Uint8Array,
  complete: Uint8Array,
  words: Int32Array,
  kudos: Int32Array,
  hits: Int32Array,
  comments: Int32Array,
  bookmarks: Int32Array,
  chapters: Int32Array,
  fandoms: Int32Array,
  language: Uint16Array,
  posted: Float64Array,
  updated: Float64Array,
  /** SQLite: tokens in the work's full-text row (every column), what bm25 normalises by. */
  textLength: Uint32Array,
} as const;

export type DateColumn = 'posted' | 'updated';

export type ColumnArrays = { -readonly [K in keyof typeof COLUMN_ARRAYS]: InstanceType<(typeof COLUMN_ARRAYS)[K]> };

/** New arrays of `capacity`, holding what `from` held. */
function allocate(capacity: number, from?: ColumnArrays): ColumnArrays {
  const arrays: Record<string, Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array> = {};
  for (const [name, Kind] of Object.entries(COLUMN_ARRAYS)) {
    const array = new Kind(capacity);
    if (from) array.set(from[name as keyof ColumnArrays]);
    arrays[name] = array;
  }
  return arrays as ColumnArrays;
}

export class WorkColumns {
  arrays: ColumnArrays;
  /** Language codes as numbers; 0 is unused. */
  readonly languages = new Map<string, number>();
  /** The date columns' works by day, built when a range or a sort on the column first asks for them. */
  private dayOrders: Partial<Record<DateColumn, DayOrder>> = {};

  constructor(public capacity: number) {
    this.arrays = allocate(capacity);
  }

  grow(capacity: number): void {
    this.arrays = allocate(capacity, this.arrays);
    this.capacity = capacity;
    // Each order reads the arrays it was built on; the next range builds on the new ones.
    this.dayOrders = {};
  }

  /**
   * Keeps in `set` only the works whose `column` date lies in [lo, hi] (milliseconds). Whole
   * days go by the column's day order, other bounds by testing every work in the set.
   */
  retainDates(set: Bitset, column: DateColumn, lo: number, hi: number, scratch: () => Bitset): void {
    if (!this.dayOrder(column).retain(set, lo, hi, scratch)) set.retainInRange(this.arrays[column], lo, hi);
  }

  /** Offers `top` the works of `set` in `column`'s order from `fromMs` on (see DayOrder.offerInOrder). */
  offerByDate(set: Bitset, column: DateColumn, top: TopK, desc: boolean, fromMs?: number): void {
    this.dayOrder(column).offerInOrder(set, top, desc, fromMs);
  }

  /** `column`'s day order, built again when too many dates changed since it was built. */
  private dayOrder(column: DateColumn): DayOrder {
    let order = this.dayOrders[column];
    if (!order || order.worn()) {
      order = new DayOrder(this.arrays[column]);
      this.dayOrders[column] = order;
    }
    return order;
  }

  /** Bytes the day orders hold. */
  orderBytes(): number {
    return Object.values(this.dayOrders).reduce((n, o) => n + o.bytes(), 0);
  }

  languageCode(language: string, assign: boolean): number {
    let code = this.languages.get(language);
    if (code === undefined && assign) {
      code = this.languages.size + 1;
      this.languages.set(language, code);
    }
    return code ?? 0;
  }

  set(r: repo.WorkColumnsRow): void {
    const i = r.id;
    const a = this.arrays;
    a.flags[i] =
      (r.draft === 0 && r.hidden_by_admin === 0 && r.unrevealed === 0 ? FINDABLE : 0) | (r.restricted ? RESTRICTED : 0);
    a.complete[i] = r.complete ? 1 : 0;
    a.words[i] = r.words;
    a.kudos[i] = r.kudos_count;
    a.hits[i] = r.hits;
    a.comments[i] = r.comments_count;
    a.bookmarks[i] = r.bookmarks_count;
    a.chapters[i] = r.chapter_count;
    a.fandoms[i] = r.fandom_count;
    a.language[i] = this.languageCode(r.language, true);
    this.setDate('posted', i, timeValue(r.posted_at));
    this.setDate('updated', i, timeValue(r.updated_at));
    a.textLength[i] = r.text_sizes ? fts5Varints(r.text_sizes).reduce((sum, n) => sum + n, 0) : 0;
  }

  private setDate(column: DateColumn, id: number, value: number): void {
    if (this.arrays[column][id] !== value) this.dayOrders[column]?.changed(id);
    this.arrays[column][id] = value;
  }

  clear(id: number): void {
    this.arrays.flags[id] = 0;
    this.arrays.textLength[id] = 0;
  }
}
