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

/** A comma-separated list of whole numbers, as group_concat writes it; read in one pass, without the strings split() makes. */
export function wholeNumbers(list: string): Float64Array {
  if (list === '') return new Float64Array(0);
  let count = 1;
  for (let i = 0; i < list.length; i++) if (list.charCodeAt(i) === 44) count++;
  const out = new Float64Array(count);
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
