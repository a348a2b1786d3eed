// Relationships between on-page characters, as AO3 tags them: canonical names in AO3's order (by
// family name, then given name; the canon's own tag where it has one), joined by "/" for a
// romantic or sexual pairing and by " & " for a platonic one (three or four the story names as a
// group make one "A & B & C" tag: relationship-groups.ts).
//
// Pairs come with their romantic cues, platonic cues and plain interaction (sentences shared)
// from relationship-pairs.ts; here they are judged, and the canon's popular pairings lower the bar.
// A canon couple named as one while off the page comes from relationship-couples.ts.

import type { CanonIndex } from './canon-types.ts';
import { collectPairs, pairEvidence, type Pair } from './relationship-pairs.ts';
import {
  canonGender,
  familyNameFirstOf,
  inAo3Order,
  inCanonOrder,
  relationshipKey,
  sameFamily,
} from './relationship-names.ts';
import { backgroundCouples, proposedEitherWay } from './relationship-couples.ts';
import type { CharacterProposal, Proposal } from './types.ts';
import { clamp01, saturate } from './evidence.ts';
import { withGroupTag } from './relationship-groups.ts';

export interface RelationshipOptions {
  /** Canon relationships ("A/B", "A & B") of the proposed fandoms, used as a prior. */
  canon?: CanonIndex | null;
  fandoms?: string[];
  /** Name to use for a character in a tag (an "Original Female Character(s)" tag for OCs). */
  tagName?: (c: CharacterProposal) => string;
}

/**
 * How much evidence a pairing needs grows slowly with length (a novel gathers stray cues) and
 * shrinks for a short piece, where one kiss between the two leads says everything.
 */
function lengthScale(words: number): number {
  return words < 2000 ? Math.max(0.5, Math.sqrt(words / 2000)) : 1 + Math.log10(words / 2000);
}

export function detectRelationships(
  text: string,
  characters: CharacterProposal[],
  opts: RelationshipOptions = {},
): Proposal[] {
  // The canon's gender first: a text's pronouns, read in a scene of two, can land on the wrong one.
  const gendered = characters.map((c) => {
    const canon = canonGender(opts.canon, c);
    return { ...c, gender: canon !== 'unknown' ? canon : c.gender };
  });
  const chars = gendered.filter((c) => c.onPage);
  const tagName = opts.tagName ?? ((c: CharacterProposal) => c.name);
  const canonPairs = canonPairsOf(opts);
  const tagOfMembers = membersTag(tagName, familyNameFirstOf(opts.canon));
  const couples = backgroundCouples(text, gendered, canonPairs, (members) => tagOfMembers(members, '/'));
  if (chars.length < 2) return finish(couples, canonPairs);

  const { pairs: all, words, mentions } = collectPairs(text, chars);
  const scale = lengthScale(Math.max(1, words));
  const tagOf = (ids: number[], sep: string) =>
    tagOfMembers(
      ids.map((i) => chars[i]!),
      sep,
    );
  const judged: Judged = { romantic: [], platonic: [], isRomantic: new Set() };
  judgeByCues(text, all, canonPairs, scale, tagOf, judged);
  const minTogether = Math.max(4, 4 * scale);
  judgeCentralPairs(text, chars, all, canonPairs, scale, minTogether, tagOf, judged);
  const platonicOut = withGroupTag(
    text,
    chars.length,
    all,
    mentions,
    judged.platonic,
    judged.isRomantic,
    scale,
    minTogether,
    tagOf,
  );

  const judgedOut = [
    ...exclusiveRomances(judged.romantic, all, (p) => tagOf([p.a, p.b], '/')),
    ...platonicOut.map(asTagged),
  ];
  return finish([...judgedOut, ...couples.filter((c) => !proposedEitherWay(c.name, judgedOut))], canonPairs);
}

/**
 * A relationship tag for characters: their tag names in AO3's order, each alphabetised the way its
 * own fandom writes names (family name first or last).
 */
function membersTag(
  tagName: (c: CharacterProposal) => string,
  familyNameFirst: (c: CharacterProposal) => boolean,
): (members: CharacterProposal[], sep: string) => string {
  return (members, sep) => {
    const names = members.map(tagName);
    const first = new Map(names.map((n, i) => [n, familyNameFirst(members[i]!)]));
    return inAo3Order(names, (n) => first.get(n) ?? false).join(sep);
  };
}

/** Proposals in the canon's order of names, most confident first, at most six. */
function finish(proposals: Proposal[], canonPairs: Map<string, string>): Proposal[] {
  return proposals
    .map((r) => ({ ...r, name: inCanonOrder(r.name, canonPairs) }))
    .sort((x, y) => y.confidence - x.confidence || x.name.localeCompare(y.name))
    .slice(0, 6);
}

/**
 * How often writers tag a friendship or a family bond the text shows: far less often than a
 * romance, and least of all one with an original character, who is there to serve the story.
 * A platonic proposal's confidence is its evidence times this rate, so that it reads as the
 * chance the writer would tag it.
 */
const PLATONIC_TAGGING_RATE = 0.6;
const ORIGINAL_PLATONIC_TAGGING_RATE = 0.4;

function asTagged(p: Proposal): Proposal {
  const rate = /\bOriginal (?:Female|Male|Non-Binary)? ?Character/.test(p.name)
    ? ORIGINAL_PLATONIC_TAGGING_RATE
    : PLATONIC_TAGGING_RATE;
  return { ...p, confidence: Math.round(p.confidence * rate * 100) / 100 };
}

/**
 * Canon prior: pairings the fandom writes about need less evidence. Keys ignore "(Fandom)"
 * disambiguators, which AO3 drops or moves in relationship tags; tags keep the characters'
 * canonical names whole, as the labels do.
 */
function canonPairsOf(opts: RelationshipOptions): Map<string, string> {
  const canonPairs = new Map<string, string>();
  if (opts.canon && opts.fandoms) {
    for (const name of opts.fandoms) {
      const f = opts.canon.fandomsByName.get(name.toLowerCase());
      for (const r of f?.relationships ?? []) canonPairs.set(relationshipKey(r), r);
    }
  }
  return canonPairs;
}

/** The pairings proposed so far. */
interface Judged {
  romantic: Proposal[];
  platonic: { p: Pair; proposal: Proposal }[];
  isRomantic: Set<Pair>;
}

type TagOf = (ids: number[], sep: string) => string;

/** Pairs whose cues pass the bar, romantic first. */
function judgeByCues(
  text: string,
  all: Pair[],
  canonPairs: Map<string, string>,
  scale: number,
  tagOf: TagOf,
  { romantic, platonic, isRomantic }: Judged,
): void {
  for (const p of all) {
    const romanticTag = tagOf([p.a, p.b], '/');
    const platonicTag = tagOf([p.a, p.b], ' & ');
    const romanticPrior = canonPairs.has(relationshipKey(romanticTag));
    const platonicPrior = canonPairs.has(relationshipKey(platonicTag));
    // A pairing the fandom writes about needs little; any other needs several cues, since in a
    // scene of three the lovers' cues also land on the friend beside them.
    const romBar = (romanticPrior ? 1.5 : 3.2) * scale;
    const platBar = (platonicPrior ? 1.5 : 2.5) * scale;
    // One cue is enough for a popular pairing; otherwise two, or one strong one.
    const enoughHits = p.romanticHits >= 2 || romanticPrior || p.romantic >= romBar * 1.5;
    if (p.romantic >= romBar && enoughHits && p.romantic >= p.platonic * 0.5) {
      isRomantic.add(p);
      romantic.push({
        name: romanticTag,
        confidence: clamp01(0.35 + 0.6 * saturate(p.romantic / romBar, 2) + (romanticPrior ? 0.05 : 0)),
        evidence: pairEvidence(text, p, 'romantic'),
      });
    } else if (p.platonic >= platBar && p.romantic < romBar) {
      platonic.push({
        p,
        proposal: {
          name: platonicTag,
          confidence: clamp01(0.3 + 0.5 * saturate(p.platonic / platBar, 2) + (platonicPrior ? 0.05 : 0)),
          evidence: pairEvidence(text, p, 'platonic'),
        },
      });
    }
  }
}

/** Confidence in the story's central pair as a romance on no telling cue: canon romance, or some romance. */
const CENTRAL_CANON_ROMANCE = 0.6;
const CENTRAL_ROMANCE = 0.32;

/** A character's confidence from which the weaker romance route (beside kin) may name them. */
const SURE_PERSON = 0.5;

/** The weight from which one romantic cue tells a romance by itself (see relationship-cues.ts). */
const TELLING_CUE = 1;

/**
 * Two characters who are each other's main partner in the story, with no romance between
 * them, are a platonic pairing even without words like "friend" or "brother".
 */
function judgeCentralPairs(
  text: string,
  chars: CharacterProposal[],
  all: Pair[],
  canonPairs: Map<string, string>,
  scale: number,
  minTogether: number,
  tagOf: TagOf,
  { romantic, platonic, isRomantic }: Judged,
): void {
  // Kin by name or by the words between them: a parent or a sibling at a lead's side all story
  // long is not whom the lead's romance is with.
  const isKin = (p: Pair) =>
    sameFamily(chars[p.a]!.name, chars[p.b]!.name) || (p.platonic >= 1.2 * scale && p.platonic > p.romantic);
  const best = mainPartners(all, () => true);
  const bestOutsideKin = mainPartners(all, (p) => !isKin(p));
  for (const p of all) {
    if (isRomantic.has(p) || platonic.some((x) => x.p === p) || p.together < minTogether) continue;
    const central = best.get(p.a) === p && best.get(p.b) === p;
    // Each other's main partner once kin are set aside: only a romance can make them a tag.
    const centralOutsideKin = !central && bestOutsideKin.get(p.a) === p && bestOutsideKin.get(p.b) === p;
    if (!central && !centralOutsideKin) continue;
    // That weaker route needs two people the analysis is sure of.
    if (centralOutsideKin && (isKin(p) || Math.min(chars[p.a]!.confidence, chars[p.b]!.confidence) < SURE_PERSON))
      continue;
    // Each other's main partner with some romance between them: in fan fiction that is the
    // pairing the story is about far more often than a friendship. Some romance means one cue
    // that says it (a kiss, love, a date), not only lips, mouths and foreheads described.
    const telling = p.spans.some((s) => s.kind === 'romantic' && s.weight >= TELLING_CUE);
    const canonRomance = canonPairs.has(relationshipKey(tagOf([p.a, p.b], '/')));
    // A fandom that writes the pair both ways (master and apprentice, partners) leaves the choice
    // to the text: with no romance in it, the pair is the friendship; a fandom that writes it only
    // as a friendship needs a cue that says romance.
    const canonFriendship = canonPairs.has(relationshipKey(tagOf([p.a, p.b], ' & ')));
    if (telling && p.romantic >= 0.8 * scale && p.romantic >= p.platonic * 0.5) {
      isRomantic.add(p);
      romantic.push({
        name: tagOf([p.a, p.b], '/'),
        confidence: clamp01(0.3 + 0.25 * saturate(p.romantic / (2.2 * scale), 2)),
        evidence: pairEvidence(text, p, 'romantic'),
      });
      continue;
    }
    if (p.romantic >= 2 * scale) continue;
    // Beside kin, no friendship is inferred from time together: a hint of romance or nothing.
    if (centralOutsideKin && !(p.romantic > 0 && !canonFriendship)) continue;
    // The story's central pair with nothing that makes them kin or friends: on AO3 such a pair is
    // tagged as a romance far more often than not, and surely so when fans write it as one.
    // Friendship words weigh less against a pairing the fandom is known to write as a romance.
    const kin = p.platonic >= (canonRomance ? 2.5 : 1.2) * scale || sameFamily(chars[p.a]!.name, chars[p.b]!.name);
    const romanceHint = p.romantic > 0 && (canonRomance || !canonFriendship);
    if (!kin && ((canonRomance && !canonFriendship) || romanceHint)) {
      isRomantic.add(p);
      romantic.push({
        name: tagOf([p.a, p.b], '/'),
        // On the real sets, such a pair was the author's own tag nearly every time the fandom
        // writes it as a romance; lips and looks alone, with no canon behind them, stay weak.
        confidence: canonRomance ? CENTRAL_CANON_ROMANCE : CENTRAL_ROMANCE,
        evidence: pairEvidence(text, p, p.romantic > 0 ? 'romantic' : 'together'),
      });
      continue;
    }
    // Time together alone rarely makes a tag: authors name a friendship when it is the point, as
    // they do for a bond the fandom writes about.
    platonic.push({
      p,
      proposal: {
        name: tagOf([p.a, p.b], ' & '),
        confidence: clamp01((canonFriendship ? 0.45 : 0.15) + 0.1 * saturate(p.together / minTogether, 2)),
        evidence: pairEvidence(text, p, 'together'),
      },
    });
  }
}

/**
 * Romance cues in a scene of three credit every pair in it: the lovers' kiss also lands on the
 * friend beside them. A second romance of one character is kept only when its own evidence is at
 * least half as strong as that character's strongest.
 */
function exclusiveRomances(romantic: Proposal[], pairs: Pair[], tagOf: (p: Pair) => string): Proposal[] {
  const byTag = new Map(pairs.map((p) => [tagOf(p), p]));
  const strongest = new Map<number, number>();
  for (const r of romantic) {
    const p = byTag.get(r.name);
    if (!p) continue;
    for (const who of [p.a, p.b]) strongest.set(who, Math.max(strongest.get(who) ?? 0, p.romantic));
  }
  return romantic.filter((r) => {
    const p = byTag.get(r.name);
    if (!p) return true;
    return p.romantic >= 0.5 * Math.max(strongest.get(p.a) ?? 0, strongest.get(p.b) ?? 0);
  });
}

/** Each character's pair with the most time together, among the pairs `counts` lets in. */
function mainPartners(all: Pair[], counts: (p: Pair) => boolean): Map<number, Pair> {
  const best = new Map<number, Pair>();
  for (const p of all) {
    if (!counts(p)) continue;
    for (const who of [p.a, p.b]) {
      const cur = best.get(who);
      if (!cur || p.together > cur.together) best.set(who, p);
    }
  }
  return best;
}
