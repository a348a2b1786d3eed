// Background couples: a pairing the fandom writes as a romance, named in the story as one unit
// ("stays with Tony and Pepper") while at least one of the two is only talked about. Writers tag
// such a couple as a minor relationship, yet it shares no scene for relationship-pairs.ts to judge.

import { relationshipKey, sameFamily } from './relationship-names.ts';
import type { CharacterProposal, Proposal } from './types.ts';
import { quoteAround } from './evidence.ts';

/** One joint mention says "these two are a couple" about as often as not; more say it more surely. */
const FIRST_MENTION = 0.35;
const EACH_MORE = 0.05;
const MOST = 0.45;

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const bare = (n: string) =>
  n
    .replace(/\s*\([^()]*\)$/, '')
    .trim()
    .toLowerCase();

/**
 * Romances of the canon (`canonPairs`: key -> tag) that the fandom writes only as romances, whose two
 * people the text names joined by "and" ("Tony and Pepper", "Pepper & Tony"), one of them off the
 * page. A pair the fandom also writes as a friendship is left to the story's own cues. `characters`
 * carry the canon's gender where it has one.
 */
export function backgroundCouples(
  text: string,
  characters: CharacterProposal[],
  canonPairs: ReadonlyMap<string, string>,
  tagOf: (members: CharacterProposal[]) => string,
): Proposal[] {
  const byName = new Map<string, CharacterProposal>();
  for (const c of characters) if (c.canonical !== null) byName.set(bare(c.name), c);
  // A form two of the text's people share ("Stilinski") names neither for sure.
  const owners = new Map<string, number>();
  for (const c of characters) for (const f of new Set([c.name, ...c.aliases])) owners.set(f, (owners.get(f) ?? 0) + 1);
  const forms = (c: CharacterProposal) =>
    [...new Set([c.name, ...c.aliases])]
      .filter((f) => /^\p{Lu}/u.test(f) && owners.get(f) === 1)
      .sort((x, y) => y.length - x.length)
      .map(escapeRegex)
      .join('|');
  const out: Proposal[] = [];
  for (const [key, tag] of canonPairs) {
    if (!tag.includes('/') || canonPairs.has(key.replace('/', ' & '))) continue;
    const members = key.split('/').map((n) => byName.get(n));
    if (members.length !== 2 || members.some((m) => !m)) continue;
    const [x, y] = members as [CharacterProposal, CharacterProposal];
    if (x.onPage && y.onPage) continue;
    // Brothers or sisters named together ("Damon and Stefan") are kin, whatever the fandom ships.
    if (x.gender !== 'unknown' && x.gender === y.gender && sameFamily(x.name, y.name)) continue;
    const fx = forms(x);
    const fy = forms(y);
    if (!fx || !fy) continue;
    const re = new RegExp(
      `(?<![\\p{L}\\p{N}])(?:(?:${fx})\\s+(?:and|&)\\s+(?:${fy})|(?:${fy})\\s+(?:and|&)\\s+(?:${fx}))(?![\\p{L}\\p{N}])`,
      'gu',
    );
    const quotes = [];
    for (const m of text.matchAll(re)) {
      const end = m.index + m[0].length;
      // "Tony, Pepper and Bruce", "Tony and Pepper and Bruce": a list of people, not a couple.
      if (/,\s*$/.test(text.slice(Math.max(0, m.index - 3), m.index))) continue;
      if (/^\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)\p{Lu}/u.test(text.slice(end, end + 40))) continue;
      quotes.push(quoteAround(text, m.index, end));
    }
    if (!quotes.length) continue;
    out.push({
      name: tagOf([x, y]),
      confidence: Math.min(MOST, FIRST_MENTION + EACH_MORE * (quotes.length - 1)),
      evidence: quotes.slice(0, 3),
    });
  }
  return out;
}

/** Whether `tag` is already among `proposals` in either kind. */
export function proposedEitherWay(tag: string, proposals: Proposal[]): boolean {
  const romantic = relationshipKey(tag);
  const platonic = romantic.replace('/', ' & ');
  return proposals.some((p) => {
    const k = relationshipKey(p.name);
    return k === romantic || k === platonic;
  });
}
