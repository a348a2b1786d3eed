// AO3's categories from the romantic relationships the analysis found and the genders of their
// people: F/M, M/M, F/F for a pairing of those genders, Multi for a triad or for pairings of more
// than one kind, Gen when the story has no romance, Other when a partner's gender is unknown.
// A category is surer than the relationship it comes from: it needs only the genders of the
// romance right, not which two people it joins (on real works a romance suggested at 0.3-0.5
// gives the author's category about five times in six). Gen is never very sure, since a romance
// can be told in ways no cue catches.

import type { CharacterProposal, Proposal } from './types.ts';

const GEN_CONFIDENCE = 0.45;

/** A category's confidence from that of the romance it comes from. */
const fromRomance = (confidence: number) => 0.6 + 0.4 * confidence;

export function detectCategories(relationships: Proposal[], characters: CharacterProposal[]): Proposal[] {
  const gender = new Map<string, CharacterProposal['gender']>();
  for (const c of characters) gender.set(c.name, c.gender);
  const out = new Map<string, Proposal>();
  const add = (name: string, confidence: number, evidence: Proposal['evidence']) => {
    const prev = out.get(name);
    if (!prev || prev.confidence < confidence) out.set(name, { name, confidence, evidence });
  };
  const romances = relationships.filter((r) => r.name.includes('/'));
  for (const r of romances) {
    const people = r.name.split('/');
    if (people.length > 2) {
      add('Multi', fromRomance(r.confidence), r.evidence);
      continue;
    }
    const genders = people.map((p) => gender.get(p) ?? originalGender(p));
    if (genders.includes('unknown')) add('Other', r.confidence * 0.5, r.evidence);
    else if (genders[0] === genders[1])
      add(genders[0] === 'male' ? 'M/M' : 'F/F', fromRomance(r.confidence), r.evidence);
    else add('F/M', fromRomance(r.confidence), r.evidence);
  }
  const kinds = [...out.keys()].filter((k) => k !== 'Other' && k !== 'Multi');
  if (kinds.length > 1) {
    const weakest = Math.min(...kinds.map((k) => out.get(k)!.confidence));
    add('Multi', weakest, []);
  }
  if (romances.length === 0) add('Gen', GEN_CONFIDENCE, []);
  return [...out.values()].sort((a, b) => b.confidence - a.confidence || a.name.localeCompare(b.name));
}

/** AO3's tags for people no canon knows carry their gender in the name. */
function originalGender(name: string): CharacterProposal['gender'] {
  if (/^Original Female Character/.test(name)) return 'female';
  if (/^Original Male Character/.test(name)) return 'male';
  return 'unknown';
}
