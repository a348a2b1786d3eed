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
