// Many ids through one value, both ways: one parameter in (a JSON array on SQLite, an int[] on
// PostgreSQL) and one string out (group_concat / string_agg), parsed here. Tens of thousands of
// ids cost far less as one value than as bound parameters or a row each.
import { sql, type RawBuilder } from 'kysely';
import type { Dialect } from './database.ts';

/** `column` is one of `ids`: one bound parameter however many there are. */
export function oneOf(dialect: Dialect, column: RawBuilder<unknown>, ids: ArrayLike<number>): RawBuilder<unknown> {
  const list = Array.from(ids);
  return dialect === 'sqlite'
    ? sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(list)}))`
    : sql`${column} = ANY(${list}::int[])`;
}

/**
 * A comma-separated list of whole numbers, as group_concat writes it; read in one pass, without
 * the strings split() makes. `into(count)` gives an array of at least that length to fill (a
 * pooled one) instead of a new one; the result is its first `count` values.
 */
export function wholeNumbers(list: string): Float64Array;
export function wholeNumbers<T extends Int32Array | Float64Array>(list: string, into: (count: number) => T): T;
export function wholeNumbers(
  list: string,
  into: (count: number) => Int32Array | Float64Array = (n) => new Float64Array(n),
): Int32Array | Float64Array {
  if (list === '') return into(0).subarray(0, 0);
  let count = 1;
  for (let i = 0; i < list.length; i++) if (list.charCodeAt(i) === 44) count++;
  const out = into(count).subarray(0, count);
  let n = 0;
  let v = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list.charCodeAt(i);
    if (c === 44) {
      out[n++] = v;
      v = 0;
    } else v = v * 10 + (c - 48);
  }
  out[n] = v;
  return out;
}

/** Counters by value, shared by every tally: a tally runs to its end without yielding. */
let counters = new Int32Array(1024);
/** Past this a value is counted in a Map: a counter array that long would be mostly empty. */
const DENSE_MAX = 1 << 22;

/** Counts `v` in the shared counters, noting its first sight; false when it is past DENSE_MAX. */
function countValue(v: number, firsts: number[]): boolean {
  if (v >= counters.length) {
    if (v >= DENSE_MAX) return false;
    const grown = new Int32Array(2 ** Math.ceil(Math.log2(v + 1)));
    grown.set(counters);
    counters = grown;
  }
  const seen = counters[v]!;
  counters[v] = seen + 1;
  if (seen === 0) firsts.push(v);
  return true;
}

/** The values counted since `firsts` began, with their counts; the counters left clear. */
function collect(firsts: number[]): { values: Int32Array; counts: Int32Array } {
  const values = Int32Array.from(firsts);
  const counts = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    counts[i] = counters[values[i]!]!;
    counters[values[i]!] = 0;
  }
  return { values, counts };
}

/**
 * Each distinct whole number of a comma-separated list (as group_concat writes it) and how many
 * times it occurs, in order of first appearance; read in one pass into typed counters, without
 * a Map entry or an object per value (the tag ids of a thousand works are some 15,000 values).
 */
export function tallyWholeNumbers(list: string): { values: Int32Array; counts: Int32Array } {
  const firsts: number[] = [];
  let v = 0;
  for (let i = 0; list !== '' && i <= list.length; i++) {
    const c = i < list.length ? list.charCodeAt(i) : 44;
    if (c !== 44) {
      v = v * 10 + (c - 48);
      continue;
    }
    if (!countValue(v, firsts)) {
      for (const f of firsts) counters[f] = 0;
      return tallySparse(wholeNumbers(list));
    }
    v = 0;
  }
  return collect(firsts);
}

/** The same tally over lists of whole numbers already read (a work's filter tags each). */
export function tallyLists(lists: readonly ArrayLike<number>[]): { values: Int32Array; counts: Int32Array } {
  const firsts: number[] = [];
  for (const list of lists)
    for (let i = 0; i < list.length; i++) {
      if (countValue(list[i]!, firsts)) continue;
      for (const f of firsts) counters[f] = 0;
      return tallySparse(Float64Array.from(lists.flatMap((l) => Array.from(l))));
    }
  return collect(firsts);
}

function tallySparse(parsed: Float64Array): { values: Int32Array; counts: Int32Array } {
  const n = new Map<number, number>();
  for (let i = 0; i < parsed.length; i++) n.set(parsed[i]!, (n.get(parsed[i]!) ?? 0) + 1);
  return { values: Int32Array.from(n.keys()), counts: Int32Array.from(n.values()) };
}
