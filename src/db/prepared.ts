// Statements PostgreSQL keeps parsed per connection (named prepared statements). A module of its
// own so that repos name their statements without loading the drivers.

/** The texts sent as named prepared statements on PostgreSQL (keepPrepared), and their names. */
const preparedNames = new Map<string, string>();
/** Their lengths: most statements are not named, and a length is cheaper to look up than a text. */
const preparedLengths = new Set<number>();

/**
 * Asks PostgreSQL to keep `sql` parsed on each connection that runs it (a named prepared
 * statement): for the few fixed statements every page view runs, where parsing them again costs
 * more than running them (docs/benchmarks.md). Only for keyed lookups, whose plan does not depend
 * on the values: after a few runs PostgreSQL may keep one generic plan for a named statement.
 * SQLite's statement cache already reuses every statement.
 */
export function keepPrepared(sql: string): void {
  if (!preparedNames.has(sql)) preparedNames.set(sql, `quire_${preparedNames.size + 1}`);
  preparedLengths.add(sql.length);
}

/** The name `sql` is sent under, if keepPrepared named it. */
export function preparedName(sql: string): string | undefined {
  return preparedLengths.has(sql.length) ? preparedNames.get(sql) : undefined;
}
