// A date column's works in date order, grouped by day: a date range filter ("posted in the last
// year") visits the works of its days (or, when they are most, the works outside them) instead of
// testing every work's date, and a page sorted by date walks the order from its start or cursor.
// Built by a counting sort by day (a day is sorted by time when a walk first visits it), so it
// is cheap to build again; works whose date changed since are set aside as stale and tested on
// their current date, until there are enough of them to build again.
import { Bitset } from './bitset.ts';
import type { TopK } from './top-k.ts';

const DAY_MS = 86_400_000;

/** Past this share of stale works (or at least STALE_FLOOR), the order is built again. */
const STALE_SHARE = 1 / 64;
const STALE_FLOOR = 1024;

/** Ids below this pack with a time of day (under 2^27 ms) into one exact double. */
const PACK = 2 ** 26;

/**
 * Orders the ids of one day (`ids`, in id order as the counting sort leaves them) by date then
 * id: as doubles packing the time of day above the id, sorted natively, or by comparison when an
 * id reaches `pack`.
 */
export function sortDay(ids: Int32Array, column: Float64Array, dayStart: number, pack = PACK): void {
  if (ids.length < 2) return;
  if (ids.some((id) => id >= pack)) {
    ids.sort((a, b) => column[a]! - column[b]! || a - b);
    return;
  }
  const keys = new Float64Array(ids.length);
  // A stale work's date may lie on another day: clamped into this one, it still packs exactly
  // (walks skip it wherever it lands).
  for (let k = 0; k < ids.length; k++) {
    const ms = Math.min(Math.max(column[ids[k]!]! - dayStart, 0), DAY_MS - 1);
    keys[k] = ms * pack + ids[k]!;
  }
  keys.sort();
  for (let k = 0; k < ids.length; k++) ids[k] = keys[k]! % pack;
}

export class DayOrder {
  /** Work ids by day, ascending; within a day by id, or by date then id once a walk sorted it. */
  private readonly ids: Int32Array;
  /** Where each day's works start in `ids`, from `firstDay`; one more entry ends the last day. */
  private readonly starts: Int32Array;
  private readonly firstDay: number;
  /** Days whose ids a walk has sorted by date (sorted on first visit: a walk visits few days). */
  private readonly sortedDays: Uint8Array;
  /** Works whose date changed since the build: their place in `ids` is stale. */
  private readonly stale: Bitset;
  private readonly staleIds: number[] = [];

  /** The order of `column` (milliseconds since the epoch, by work id) as it is now. */
  constructor(private readonly column: Float64Array) {
    const n = column.length;
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (let id = 0; id < n; id++) {
      const day = Math.floor(column[id]! / DAY_MS);
      if (day < first) first = day;
      if (day > last) last = day;
    }
    if (n === 0) first = last = 0;
    this.firstDay = first;
    const starts = new Int32Array(last - first + 2);
    for (let id = 0; id < n; id++) starts[Math.floor(column[id]! / DAY_MS) - first + 1]!++;
    for (let d = 1; d < starts.length; d++) starts[d]! += starts[d - 1]!;
    const next = starts.slice(0, -1);
    const ids = new Int32Array(n);
    for (let id = 0; id < n; id++) ids[next[Math.floor(column[id]! / DAY_MS) - first]!++] = id;
    this.ids = ids;
    this.starts = starts;
    this.sortedDays = new Uint8Array(starts.length - 1);
    this.stale = new Bitset(n);
  }

  /** The works this order holds (the column's length when it was built). */
  get capacity(): number {
    return this.ids.length;
  }

  /** A work's date changed (or it arrived): it is tested on its current date from now on. */
  changed(id: number): void {
    if (this.stale.has(id)) return;
    this.stale.add(id);
    this.staleIds.push(id);
  }

  /** Whether so many works changed since the build that building again is the cheaper way. */
  worn(): boolean {
    return this.staleIds.length > Math.max(STALE_FLOOR, this.ids.length * STALE_SHARE);
  }

  /**
   * Keeps in `set` only the works dated from `lo` to `hi` (milliseconds, inclusive), when those
   * are whole days (the first millisecond of one, the last of another, or unbounded); returns
   * false, leaving `set` as it was, when they are not. `scratch` is an empty set of the same
   * capacity, used when the days' works are fewer than the rest.
   */
  retain(set: Bitset, lo: number, hi: number, scratch: () => Bitset): boolean {
    const fromDay = lo === Number.NEGATIVE_INFINITY ? this.firstDay : lo / DAY_MS;
    const toDay = hi === Number.POSITIVE_INFINITY ? this.firstDay + this.starts.length - 2 : (hi + 1) / DAY_MS - 1;
    if (!Number.isInteger(fromDay) || !Number.isInteger(toDay)) return false;
    const last = this.starts.length - 1;
    const from = this.starts[Math.min(Math.max(fromDay - this.firstDay, 0), last)]!;
    const to = this.starts[Math.min(Math.max(toDay - this.firstDay + 1, 0), last)]!;
    const { ids, column } = this;
    const stale = this.stale.words;
    // Bits set and tested in place: this loop runs over up to half the archive.
    if (to - from <= ids.length - (to - from)) {
      const days = scratch().words;
      for (let k = from; k < to; k++) {
        const id = ids[k]!;
        if ((stale[id >>> 5]! & (1 << (id & 31))) === 0) days[id >>> 5]! |= 1 << (id & 31);
      }
      for (const id of this.staleIds) if (column[id]! >= lo && column[id]! <= hi) days[id >>> 5]! |= 1 << (id & 31);
      const kept = set.words;
      for (let i = 0; i < kept.length; i++) kept[i]! &= days[i] ?? 0;
    } else {
      const kept = set.words;
      const drop = (k: number) => {
        const id = ids[k]!;
        if ((stale[id >>> 5]! & (1 << (id & 31))) === 0) kept[id >>> 5]! &= ~(1 << (id & 31));
      };
      for (let k = 0; k < from; k++) drop(k);
      for (let k = to; k < ids.length; k++) drop(k);
      for (const id of this.staleIds) if (!(column[id]! >= lo && column[id]! <= hi)) set.delete(id);
    }
    return true;
  }

  /**
   * Offers `top` the works of `set` with their dates in order, newest first (`desc`) or oldest,
   * from the day of `fromMs` (a cursor's) or the first, until the next member would not beat the
   * last one `top` keeps: every one after it comes later still. Stale works are offered first, on
   * their current dates. A page of a common filter visits about a page's share of the archive.
   */
  offerInOrder(set: Bitset, top: TopK, desc: boolean, fromMs?: number): void {
    const { ids, column, starts } = this;
    const stale = this.stale.words;
    const kept = set.words;
    for (const id of this.staleIds) if (set.has(id)) top.offer(column[id]!, id);
    const lastDay = starts.length - 2;
    const from = fromMs === undefined ? (desc ? lastDay : 0) : Math.floor(fromMs / DAY_MS) - this.firstDay;
    const step = desc ? -1 : 1;
    for (let d = Math.min(Math.max(from, 0), lastDay); d >= 0 && d <= lastDay; d += step) {
      const first = starts[d]!;
      const count = starts[d + 1]! - first;
      if (this.sortedDays[d] === 0) {
        sortDay(ids.subarray(first, first + count), column, (this.firstDay + d) * DAY_MS);
        this.sortedDays[d] = 1;
      }
      for (let i = 0; i < count; i++) {
        const id = ids[desc ? first + count - 1 - i : first + i]!;
        const bit = 1 << (id & 31);
        if ((kept[id >>> 5]! & bit) === 0 || (stale[id >>> 5]! & bit) !== 0) continue;
        const key = column[id]!;
        if (top.isFull() && !top.beatsLast(key, id)) return;
        top.offer(key, id);
      }
    }
  }

  bytes(): number {
    return (
      this.ids.byteLength +
      this.starts.byteLength +
      this.sortedDays.byteLength +
      this.stale.words.byteLength +
      this.staleIds.length * 8
    );
  }
}
