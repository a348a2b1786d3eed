// Gift exchanges for the matching tests: random small sign-ups under random rules, and answers
// worked out the slow, obvious way (every pair checked from the rules as written, every
// assignment tried over subsets) to hold the fast matcher against.
import type { Rng } from '../dev/random.ts';
import type { Exchange, MatchNumber, MatchRules, Participant, Prompt, TagKey } from '../challenges/exchange.ts';
import { TAG_TYPES, type TagType } from '../tags/tag-types.ts';

/** A prompt from a compact description: `prompt({fandom: ['A'], character: ['x']}, {any: ['rating']})`. */
export function prompt(
  tags: Partial<Record<TagType, TagKey[]>>,
  extra: { any?: TagType[]; optional?: Partial<Record<TagType, TagKey[]>> } = {},
): Prompt {
  return {
    tags,
    ...(extra.optional ? { optionalTags: extra.optional } : {}),
    ...(extra.any ? { any: Object.fromEntries(extra.any.map((t) => [t, true])) } : {}),
  };
}

const POOLS: Partial<Record<TagType, string[]>> = {
  fandom: ['F1', 'F2', 'F3'],
  character: ['c1', 'c2', 'c3', 'c4', 'c5'],
  relationship: ['r1', 'r2', 'r3'],
  rating: ['General Audiences', 'Explicit'],
  freeform: ['fluff', 'angst', 'au'],
};

function someOf(rng: Rng, pool: readonly string[], max: number): string[] {
  const out = new Set<string>();
  const count = rng.int(max + 1);
  for (let i = 0; i < count; i++) out.add(rng.pick(pool));
  return [...out];
}

function randomPrompt(rng: Rng): Prompt {
  const tags: Partial<Record<TagType, string[]>> = {};
  const optional: Partial<Record<TagType, string[]>> = {};
  const any: Partial<Record<TagType, boolean>> = {};
  for (const [type, pool] of Object.entries(POOLS) as [TagType, string[]][]) {
    if (rng.chance(0.12)) any[type] = true;
    else tags[type] = someOf(rng, pool, type === 'fandom' ? 2 : 3);
    if (rng.chance(0.2)) optional[type] = someOf(rng, pool, 2);
  }
  return { tags, optionalTags: optional, any };
}

function randomMatchNumber(rng: Rng): MatchNumber {
  return rng.pick<MatchNumber>([0, 0, 1, 1, 2, 'all']);
}

/** A small exchange under random rules; ids are numbers or strings so that both are exercised. */
export function randomExchange(rng: Rng, size: number): Exchange {
  const rules: MatchRules = {
    matchNumber: Object.fromEntries(Object.keys(POOLS).map((t) => [t, randomMatchNumber(rng)])),
    includeOptional: Object.fromEntries(Object.keys(POOLS).map((t) => [t, rng.chance(0.3)])),
    requestsToMatch: rng.pick<MatchNumber>([1, 1, 1, 2, 'all']),
  };
  const participants: Participant[] = Array.from({ length: size }, (_, i) => ({
    id: i % 2 ? `p${i}` : i,
    requests: Array.from({ length: 1 + rng.int(2) }, () => randomPrompt(rng)),
    offers: Array.from({ length: 1 + rng.int(3) }, () => randomPrompt(rng)),
  }));
  return { participants, rules };
}

/** The tags of one type a prompt brings to a match, as a set. */
function tagSet(p: Prompt, type: TagType, withOptional: boolean): Set<TagKey> {
  return new Set([...(p.tags[type] ?? []), ...(withOptional ? (p.optionalTags?.[type] ?? []) : [])]);
}

/** AO3's prompt match, read straight from the rules. */
function naivePromptsMatch(rules: MatchRules, request: Prompt, offer: Prompt): boolean {
  return TAG_TYPES.every((type) => {
    const number = rules.matchNumber[type] ?? 0;
    if (number === 0 || request.any?.[type] || offer.any?.[type]) return true;
    const withOptional = rules.includeOptional?.[type] ?? false;
    const wanted = tagSet(request, type, withOptional);
    const offered = tagSet(offer, type, withOptional);
    const shared = [...wanted].filter((t) => offered.has(t)).length;
    if (shared === wanted.size) return true;
    return number !== 'all' && shared >= number;
  });
}

/** The pair's score as the matcher defines it, or -1 when the giver cannot write for the recipient. */
export function naivePairScore(exchange: Exchange, giver: number, recipient: number): number {
  if (giver === recipient) return -1;
  const { rules, participants } = exchange;
  const requests = participants[recipient]!.requests;
  let matched = 0;
  let score = 0;
  for (const request of requests) {
    const overlaps = participants[giver]!.offers.filter((o) => naivePromptsMatch(rules, request, o)).map((o) =>
      TAG_TYPES.reduce((sum, type) => {
        const offered = tagSet(o, type, true);
        return sum + [...tagSet(request, type, true)].filter((t) => offered.has(t)).length;
      }, 0),
    );
    if (overlaps.length) matched++, (score += 1 + Math.max(...overlaps));
  }
  const needed = rules.requestsToMatch ?? 1;
  return matched >= Math.max(1, needed === 'all' ? requests.length : needed) ? score : -1;
}

/** Every giver–recipient score, -1 for a pair that cannot be matched. */
export function naiveScores(exchange: Exchange): number[][] {
  const n = exchange.participants.length;
  return Array.from({ length: n }, (_, g) => Array.from({ length: n }, (_, r) => naivePairScore(exchange, g, r)));
}

/**
 * The most gifts any assignment gives, and the best total score among assignments giving that
 * many, by trying every set of taken recipients (for a handful of participants).
 */
export function bruteForceBest(scores: number[][]): { matched: number; score: number } {
  const n = scores.length;
  // best[mask]: the best (matched, score) of the givers so far using exactly the recipients in mask.
  let best = new Map<number, [number, number]>([[0, [0, 0]]]);
  for (let g = 0; g < n; g++) {
    const next = new Map(best);
    for (const [mask, [matched, score]] of best) {
      for (let r = 0; r < n; r++) {
        const s = scores[g]![r]!;
        if (s < 0 || mask & (1 << r)) continue;
        const key = mask | (1 << r);
        const old = next.get(key);
        const candidate: [number, number] = [matched + 1, score + s];
        if (!old || old[1] < candidate[1]) next.set(key, candidate);
      }
    }
    best = next;
  }
  let answer = { matched: 0, score: 0 };
  for (const [matched, score] of best.values())
    if (matched > answer.matched || (matched === answer.matched && score > answer.score)) answer = { matched, score };
  return answer;
}
