// Case-blind substring and prefix matching of names with LIKE, the same in both dialects: the
// reader's text is lowercased here and compared with lower(column), and its % and _ match only
// themselves. SQLite's lower() folds ASCII letters alone, so other letters match in their case.
import { sql, type RawBuilder } from 'kysely';

/** `needle` escaped for LIKE ... ESCAPE '!'. */
function escapeLike(needle: string): string {
  return needle.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`);
}

/** lower(column) contains the text. */
export function containsText(column: RawBuilder<unknown>, needle: string): RawBuilder<unknown> {
  return sql`lower(${column}) LIKE ${`%${escapeLike(needle)}%`} ESCAPE '!'`;
}

/** How well lower(column) matches: 0 the whole name, 1 its beginning, 2 elsewhere (for ordering). */
export function matchRank(column: RawBuilder<unknown>, needle: string): RawBuilder<number> {
  const lowered = needle.toLowerCase();
  return sql<number>`CASE WHEN lower(${column}) = ${lowered} THEN 0 WHEN lower(${column}) LIKE ${`${escapeLike(needle)}%`} ESCAPE '!' THEN 1 ELSE 2 END`;
}
