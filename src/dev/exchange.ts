// A synthetic gift exchange shaped like Yuletide, for bench:matching: many small fandoms with a
// long tail of popularity, each participant requesting 2-4 fandoms and offering 2-6, with the
// characters they ask for or would write. Seeded: the same size and seed give the same sign-ups.
import type { Exchange, Participant, Prompt } from '../challenges/exchange.ts';
import { hashSeed, Rng, zipf } from './random.ts';

/** Yuletide's rules: an offer must share the fandom and at least one requested character. */
export const YULETIDE_RULES = { matchNumber: { fandom: 1, character: 1 } } as const;

const FREEFORMS = Array.from({ length: 40 }, (_, i) => `trope ${i}`);

/** Distinct draws from `draw` until `count` are found (or the draws run dry). */
function distinct(count: number, draw: () => number): number[] {
  const out = new Set<number>();
  for (let tries = 0; out.size < count && tries < count * 20; tries++) out.add(draw());
  return [...out];
}

export function yuletideExchange(participants: number, seed = 'yuletide'): Exchange {
  const rng = new Rng(hashSeed(seed, participants));
  // Roughly Yuletide's proportion of fandoms to participants, most of them asked for by a handful.
  const fandoms = Math.max(10, Math.round(participants * 0.6));
  const popularity = zipf(fandoms, 1, 30);
  const cast = Array.from({ length: fandoms }, () => 3 + rng.int(8));
  const characters = (f: number, count: number) =>
    distinct(Math.min(count, cast[f]!), () => rng.int(cast[f]!)).map((c) => `f${f} c${c}`);
  const freeforms = () => distinct(rng.int(3), () => rng.int(FREEFORMS.length)).map((i) => FREEFORMS[i]!);

  const request = (f: number): Prompt => ({
    tags: { fandom: [`f${f}`], character: characters(f, 1 + rng.int(4)), freeform: freeforms() },
  });
  const offer = (f: number): Prompt =>
    rng.chance(0.3)
      ? { tags: { fandom: [`f${f}`], freeform: freeforms() }, any: { character: true } }
      : { tags: { fandom: [`f${f}`], character: characters(f, 2 + rng.int(cast[f]!)), freeform: freeforms() } };

  const people: Participant[] = Array.from({ length: participants }, (_, i) => ({
    id: i + 1,
    requests: distinct(2 + rng.int(3), () => popularity.sample(rng)).map(request),
    offers: distinct(2 + rng.int(5), () => popularity.sample(rng)).map(offer),
  }));
  return { participants: people, rules: YULETIDE_RULES };
}
