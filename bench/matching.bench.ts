// npm run bench:matching — gift-exchange matching on exchanges shaped like Yuletide.
//
// For 500, 2,000 and 5,000 participants (src/dev/exchange.ts: small fandoms with a long tail of
// popularity, 2-4 requests and 2-6 offers each, with characters), times matchExchange (building
// the compatibility graph and the assignment) RUNS times and prints the median, then checks the
// result against an optimum computed here independently: the pairs found by a plain reading of
// Yuletide's rules (same fandom, one shared character unless either side takes any) and a plain
// augmenting-path maximum matching over them. One line per size:
//   bench:matching participants=N matched=M optimum=O seconds=S
// Exits 1 when M differs from O or an assignment breaks the rules. Target: 5,000 participants in
// under 10 s on this machine. For comparison it also prints what a greedy assignment in AO3's
// order (recipients with the fewest possible givers first) reaches.
//
// Settings (environment): BENCH_RUNS, timed runs per size (default 3); BENCH_SIZES, comma-separated.
import type { Exchange, Prompt } from '../src/challenges/exchange.ts';
import { type MatchResult, matchExchange } from '../src/challenges/matching.ts';
import { YULETIDE_RULES, yuletideExchange } from '../src/dev/exchange.ts';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const SIZES = (process.env.BENCH_SIZES ?? '500,2000,5000').split(',').map(Number);

/** Yuletide's rule for one request and one offer, read plainly. */
function meets(request: Prompt, offer: Prompt): boolean {
  if (request.tags.fandom?.[0] !== offer.tags.fandom?.[0]) return false;
  if (offer.any?.character || request.any?.character) return true;
  const wanted = request.tags.character ?? [];
  return wanted.length === 0 || wanted.some((c) => offer.tags.character?.includes(c));
}

/** For each recipient, the givers who can write for them (by index), from a map of fandom to offers. */
function oraclePairs(exchange: Exchange): number[][] {
  const byFandom = new Map<string | number | undefined, { giver: number; offer: Prompt }[]>();
  exchange.participants.forEach((p, giver) => {
    for (const offer of p.offers) {
      const fandom = offer.tags.fandom?.[0];
      byFandom.set(fandom, [...(byFandom.get(fandom) ?? []), { giver, offer }]);
    }
  });
  return exchange.participants.map((p, recipient) => {
    const givers = new Set<number>();
    for (const request of p.requests)
      for (const { giver, offer } of byFandom.get(request.tags.fandom?.[0]) ?? [])
        if (giver !== recipient && meets(request, offer)) givers.add(giver);
    return [...givers];
  });
}

/** Maximum matching size by augmenting paths: a breadth-first search from each free recipient. */
function oracleMaximum(giversOf: number[][]): number {
  const n = giversOf.length;
  const recipientOf = new Int32Array(n).fill(-1);
  const giverOf = new Int32Array(n).fill(-1);
  let size = 0;
  for (let root = 0; root < n; root++) {
    // parent[g]: the recipient from which giver g was reached.
    const parent = new Map<number, number>();
    const queue = [root];
    let free = -1;
    for (let head = 0; head < queue.length && free === -1; head++) {
      const r = queue[head]!;
      for (const g of giversOf[r]!) {
        if (parent.has(g)) continue;
        parent.set(g, r);
        if (recipientOf[g] === -1) {
          free = g;
          break;
        }
        queue.push(recipientOf[g]!);
      }
    }
    if (free === -1) continue;
    // Flip the path: each giver on it takes the recipient it was reached from.
    for (let g = free; g !== -1; ) {
      const r = parent.get(g)!;
      const previous = giverOf[r]!;
      giverOf[r] = g;
      recipientOf[g] = r;
      g = previous;
    }
    size++;
  }
  return size;
}

/** For comparison, AO3's way: recipients with the fewest possible givers first, each taking the first free one. */
function greedyCount(giversOf: number[][]): number {
  const taken = new Uint8Array(giversOf.length);
  const order = giversOf.map((_, r) => r).sort((a, b) => giversOf[a]!.length - giversOf[b]!.length || a - b);
  let count = 0;
  for (const r of order) {
    const g = giversOf[r]!.find((giver) => !taken[giver]);
    if (g !== undefined) (taken[g] = 1), count++;
  }
  return count;
}

/** The assignments that are oracle pairs, each giver and recipient once; throws on any other. */
function checkedCount(exchange: Exchange, result: MatchResult, giversOf: number[][]): number {
  const index = new Map(exchange.participants.map((p, i) => [p.id, i]));
  const givers = new Set<number>();
  const recipients = new Set<number>();
  for (const a of result.assignments) {
    const g = index.get(a.giver)!;
    const r = index.get(a.recipient)!;
    if (givers.has(g) || recipients.has(r) || !giversOf[r]!.includes(g))
      throw new Error(`bench:matching: ${a.giver} -> ${a.recipient} breaks the rules`);
    givers.add(g);
    recipients.add(r);
  }
  return result.assignments.length;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

for (const n of SIZES) {
  const exchange = yuletideExchange(n);
  if (exchange.rules !== YULETIDE_RULES) throw new Error('bench:matching: the oracle reads Yuletide rules only');
  let result: MatchResult | undefined;
  const seconds = median(
    Array.from({ length: RUNS }, () => {
      const t0 = process.hrtime.bigint();
      result = matchExchange(exchange);
      return Number(process.hrtime.bigint() - t0) / 1e9;
    }),
  );
  const giversOf = oraclePairs(exchange);
  const matched = checkedCount(exchange, result!, giversOf);
  const optimum = oracleMaximum(giversOf);
  const pairs = giversOf.reduce((sum, list) => sum + list.length, 0);
  console.log(
    `  ${n} participants: ${pairs} possible pairs, total score ${result!.totalScore}, fewest-options-first greedy matches ${greedyCount(giversOf)}`,
  );
  console.log(`bench:matching participants=${n} matched=${matched} optimum=${optimum} seconds=${seconds.toFixed(2)}`);
  if (matched !== optimum) process.exitCode = 1;
}
