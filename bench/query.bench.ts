// npm run bench:query — how fast the search box's parser reads random and hostile queries.
//
// The parser reads whatever a reader types, so no input may make it backtrack or loop. Parses the
// same seeded soup of 3,000 queries (up to 120 characters) and the hostile inputs of
// src/testing/query-soup.ts, RUNS times each, and prints the median per run, then one line:
//   bench:query soup_ms=X soup_per_parse_us=Y hostile_worst_ms=Z
// Targets: the 3,000-query soup well under a second and no hostile input over 100 ms on this
// machine (a parser that backtracked would take seconds).
//
// Settings (environment): BENCH_RUNS, runs of each (default 5).
import { parseQuery } from '../src/search/query-parser.ts';
import { hostileQueries, querySoup, random } from '../src/testing/query-soup.ts';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const NOW = new Date('2026-01-01T00:00:00Z');
const SOUP = (() => {
  const rand = random(20250331);
  return Array.from({ length: 3000 }, () => querySoup(rand, Math.floor(rand() * 120)));
})();
const HOSTILE = hostileQueries(random(7));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timed(run: () => void): number {
  const t0 = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

parseQuery('lang:Klingon', { now: NOW }); // builds the language-name table once: time the steady state
const soup = median(
  Array.from({ length: RUNS }, () =>
    timed(() => {
      for (const q of SOUP) parseQuery(q, { now: NOW });
    }),
  ),
);
const hostile = HOSTILE.map((q) => ({
  q,
  ms: median(Array.from({ length: RUNS }, () => timed(() => parseQuery(q, { now: NOW })))),
}));
for (const h of hostile)
  console.log(`  ${h.ms.toFixed(2).padStart(8)} ms  ${JSON.stringify(h.q.slice(0, 24))}… (${h.q.length} chars)`);
console.log(`  ${soup.toFixed(1).padStart(8)} ms  3,000 random queries`);
const worst = Math.max(...hostile.map((h) => h.ms));
console.log(
  `bench:query soup_ms=${soup.toFixed(1)} soup_per_parse_us=${((soup * 1000) / SOUP.length).toFixed(1)} hostile_worst_ms=${worst.toFixed(2)}`,
);
