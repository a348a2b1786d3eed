// How a search finds its page, in one place: indexed-search.ts and word-ranking.ts read it.

/** How each page is found; tests turn them to force every path on a small archive. */
export const PAGE_TUNING = {
  /** Rows read from a sort's index per round trip while walking it. */
  walkBatch: 512,
  /** Past this many rows walked without filling the page, the matches are ordered directly instead. */
  walkMax: 8_192,
  /** Title and creator order is the database's collation: it sorts up to this many matches itself. */
  databaseSortMax: 20_000,
  /** What reading a row of a sort's index costs, in matches ordered in memory. */
  walkRowCost: 20,
  /** Past this many word matches the filters leave out, every match's score is read instead of the top. */
  topScoresMax: 4_000,
  /** Asking the database for its top matches: rows asked beyond 1.5 times an even share of the page. */
  topRoom: 16,
  /** SQLite with read workers: FTS5 ranks this many matches or more in parts, one per worker, at once. */
  splitFrom: 4_000,
  /**
   * PostgreSQL: best match ranks in this many parts at once (postgres-ranking.ts), each on a pool
   * connection of its own, when the filters allow at least postgresSplitFrom works. One: each part
   * visits every match's row to check its range, so parts cost more CPU in all than they save in
   * wall time, and save none when the cores are busy (docs/benchmarks.md).
   */
  postgresParts: 1,
  postgresSplitFrom: 20_000,
  /** SQLite: rank plain words here (text-scores.ts) rather than with FTS5's bm25(). */
  rankInProcess: true,
  /**
   * ...when the words occur at most this many times per match. FTS5 spends about three times as
   * long on a match as reading an occurrence costs here (bench/search.bench.ts, 1M works).
   */
  occurrencesPerMatch: 3,
  /**
   * Plain ASCII words are read before their matches are known (word-ranking.ts): past this many
   * occurrences in all the read stops, and FTS5 lists the matches as for any other words.
   */
  occurrencesFirst: 250_000,
};
