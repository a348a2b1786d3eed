// Group tags ("A & B & C"): three or four characters whose bond is one the story shows as a
// group. Every pair of them sharing scenes is not enough, since a lead shares scenes with everyone;
// the group must be named together, and the story must say so ("the three of them", "all four"),
// or show the bond (family, friends) in the pairs between them.

import type { Pair } from './relationship-pairs.ts';
import type { Evidence, Proposal } from './types.ts';
import { clamp01, pickEvidence, quoteAround, saturate } from './evidence.ts';

/** Characters apart within a scene's back-and-forth (as relationship-pairs.ts counts a pair). */
const NEAR = 400;

/** Words that gather a group into one: "the three of them", "all four", "the trio". */
const GROUP_WORDS =
  /\b(?:(?:the|all)\s+(three|four)\s+of\s+(?:them|us|you)|all\s+(three|four)\b(?!\s+(?:days|hours|weeks|months|years|times|minutes))|the\s+(trio|foursome))\b/gi;

export interface Mention {
  who: number;
  start: number;
  end: number;
}

/**
 * The group tag among the first six characters (most mentioned first), replacing its pairs'
 * platonic tags, or none. `platonic` are the pairs' platonic proposals so far.
 */
export function withGroupTag(
  text: string,
  count: number,
  all: Pair[],
  mentions: Mention[],
  platonic: { p: Pair; proposal: Proposal }[],
  isRomantic: ReadonlySet<Pair>,
  scale: number,
  minTogether: number,
  tagOf: (ids: number[], sep: string) => string,
): Proposal[] {
  const found = findGroup(text, count, all, mentions, isRomantic, scale);
  if (!found) return platonic.map((x) => x.proposal);
  const { group, joint, gathered } = found;
  const members = new Set(group);
  const platonicOut = platonic.filter((x) => !(members.has(x.p.a) && members.has(x.p.b))).map((x) => x.proposal);
  const inside = all.filter((p) => members.has(p.a) && members.has(p.b));
  // What binds the group (family, friends) in the pairs between them, on average.
  const bound = inside.reduce((sum, p) => sum + p.platonic, 0) / inside.length;
  const ev: Evidence[] = pickEvidence(
    [
      ...gathered.slice(0, 2).map((at) => ({ ev: quoteAround(text, at.start, at.end), weight: 2 })),
      ...inside.flatMap((p) =>
        p.spans
          .filter((s) => s.kind === 'platonic')
          .slice(0, 3)
          .map((s) => ({ ev: quoteAround(text, s.ev.start, s.ev.end), weight: s.weight })),
      ),
    ],
    3,
  );
  platonicOut.push({
    name: tagOf(group, ' & '),
    // Named as a group, the story says it is one; otherwise only a strong bond between all of
    // them comes near the bar, since writers seldom tag a group they do not name.
    confidence: clamp01(
      0.1 +
        0.15 * saturate(joint / minTogether, 2) +
        (gathered.length > 0 ? 0.3 : 0) +
        0.2 * saturate(bound / (2.5 * scale), 1),
    ),
    evidence: ev,
  });
  return platonicOut;
}

/**
 * The largest set of 3-4 of the most present characters whose every pair shares the story and
 * who are named together in one scene more than once; the best such set by how often, with the
 * places the text gathers them by their number.
 */
function findGroup(
  text: string,
  n: number,
  pairs: Pair[],
  mentions: Mention[],
  romantic: ReadonlySet<Pair>,
  scale: number,
): { group: number[]; joint: number; gathered: { start: number; end: number }[] } | null {
  const strength = new Map<string, Pair>();
  for (const p of pairs) strength.set(`${p.a},${p.b}`, p);
  const get = (a: number, b: number) => strength.get(a < b ? `${a},${b}` : `${b},${a}`);
  const top = Math.max(0, ...pairs.map((p) => p.together));
  const floor = Math.max(4, 3 * scale, top * 0.4);
  // Characters come most-mentioned first; groups form among the first six.
  const ids = [...Array(Math.min(n, 6)).keys()];
  for (const size of [4, 3]) {
    let best: { group: number[]; joint: number } | null = null;
    for (const combo of combinations(ids, size)) {
      let ok = true;
      for (let x = 0; x < combo.length && ok; x++) {
        for (let y = x + 1; y < combo.length; y++) {
          const p = get(combo[x]!, combo[y]!);
          if (!p || romantic.has(p) || p.together < floor) {
            ok = false;
            break;
          }
        }
      }
      if (!ok) continue;
      const joint = jointScenes(mentions, combo);
      if (joint >= 2 && (!best || joint > best.joint)) best = { group: combo, joint };
    }
    if (best) return { ...best, gathered: gatheredBy(text, mentions, best.group) };
  }
  return null;
}

/** Where the text names a group of this size as one ("the three of them") among its members. */
function gatheredBy(text: string, mentions: Mention[], group: number[]): { start: number; end: number }[] {
  const members = new Set(group);
  const number = group.length === 3 ? 'three' : 'four';
  const out: { start: number; end: number }[] = [];
  GROUP_WORDS.lastIndex = 0;
  for (let m = GROUP_WORDS.exec(text); m; m = GROUP_WORDS.exec(text)) {
    const said = (m[1] ?? m[2] ?? m[3] ?? '').toLowerCase();
    if (said !== number && said !== (group.length === 3 ? 'trio' : 'foursome')) continue;
    const from = m.index - 2 * NEAR;
    const to = m.index + NEAR;
    const named = new Set(
      mentions.filter((x) => members.has(x.who) && x.start >= from && x.start <= to).map((x) => x.who),
    );
    if (named.size === members.size) out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Times every member of `group` is named within one stretch of NEAR characters. */
export function jointScenes(mentions: Mention[], group: number[]): number {
  const members = new Set(group);
  const lastAt = new Map<number, number>();
  let joint = 0;
  let lastJoint = -Infinity;
  for (const m of mentions) {
    if (!members.has(m.who)) continue;
    lastAt.set(m.who, m.start);
    if (lastAt.size < members.size || m.start - lastJoint < NEAR) continue;
    if ([...lastAt.values()].every((at) => m.start - at <= NEAR)) {
      joint++;
      lastJoint = m.start;
    }
  }
  return joint;
}

function combinations(ids: number[], k: number): number[][] {
  if (k === 0) return [[]];
  const out: number[][] = [];
  ids.forEach((id, i) => {
    for (const rest of combinations(ids.slice(i + 1), k - 1)) out.push([id, ...rest]);
  });
  return out;
}
