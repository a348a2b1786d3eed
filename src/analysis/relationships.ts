// Relationships between on-page characters, as AO3 tags them: canonical names sorted
// alphabetically, joined by "/" for a romantic or sexual pairing and by " & " for a platonic one
// (three or four friends who share the story make one "A & B & C" tag).
//
// A sentence's characters are those it names plus those its pronouns point to (the last-named
// woman for "she", the last-named man for "he"), so a two-person scene that names each only now
// and then still credits the pair with "she kissed him". Pairs collect romantic cues, platonic
// cues and plain interaction (sentences shared); the canon's popular pairings lower the bar.

import type { CanonIndex } from './canon-types.ts';
import { CUES } from './relationship-cues.ts';
import { canonGender, relationshipKey, sameFamily } from './relationship-names.ts';
import type { CharacterProposal, Evidence, Proposal } from './types.ts';
import {
  clamp01,
  inSpeech,
  nameMentions,
  pickEvidence,
  quoteAround,
  saturate,
  speechRanges,
  tokenize,
} from './evidence.ts';

// Pet names as a form of address in speech ("You're up early, love." "Babe, they're on fire.").
// "Love" is weaker: some characters say it to everyone.
const ADDRESS =
  /(?:,\s*(?:my\s+)?(love|darling|sweetheart|babe|baby|honey)\b(?=\s*[,.!?…"”—-])|\b(love|darling|sweetheart|babe|honey),)/gi;

const MALE = new Set(['he', 'him', 'his', 'himself']);
const FEMALE = new Set(['she', 'her', 'hers', 'herself']);

type Kind = 'romantic' | 'platonic' | 'together';

/** Characters apart within a scene's back-and-forth: about three short paragraphs. */
const NEAR = 400;

interface Pair {
  a: number;
  b: number;
  romantic: number;
  platonic: number;
  /** Times one is named shortly after the other. */
  together: number;
  romanticHits: number;
  spans: { ev: Evidence; weight: number; kind: Kind }[];
  /** Spans kept per kind (capped: a novel's pair needs only its strongest few). */
  kept: Record<Kind, number>;
}

export interface RelationshipOptions {
  /** Canon relationships ("A/B", "A & B") of the proposed fandoms, used as a prior. */
  canon?: CanonIndex | null;
  fandoms?: string[];
  /** Name to use for a character in a tag (an "Original Female Character(s)" tag for OCs). */
  tagName?: (c: CharacterProposal) => string;
}

/** Sentence ends: [.!?…] followed by space or a closing quote, and line breaks. */
function sentenceStarts(text: string): number[] {
  const starts = [0];
  const re = /[.!?…]+["”’)*_]*\s+|\n+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index + m[0].length);
  return starts;
}

/**
 * How much evidence a pairing needs grows slowly with length (a novel gathers stray cues) and
 * shrinks for a short piece, where one kiss between the two leads says everything.
 */
function lengthScale(words: number): number {
  return words < 2000 ? Math.max(0.5, Math.sqrt(words / 2000)) : 1 + Math.log10(words / 2000);
}

type Tokens = ReturnType<typeof tokenize>;
type Mentions = ReturnType<typeof nameMentions>;
type Char = CharacterProposal;
/** Characters present in each sentence: named (2) or pointed to by a pronoun (1). */
type Presence = (Map<number, number> | undefined)[];

export function detectRelationships(
  text: string,
  characters: CharacterProposal[],
  opts: RelationshipOptions = {},
): Proposal[] {
  const chars = characters
    .filter((c) => c.onPage)
    .map((c) => ({ ...c, gender: c.gender !== 'unknown' ? c.gender : canonGender(opts.canon, c) }));
  if (chars.length < 2) return [];
  const tagName = opts.tagName ?? ((c: CharacterProposal) => c.name);

  const tokens = tokenize(text);
  const starts = sentenceStarts(text);
  const mentions = nameMentions(text, chars);
  const present = presence(tokens, starts, mentions, chars);
  const pairs = new PairTable();
  countTogether(mentions, pairs);
  creditCues(
    text,
    tokens,
    starts,
    present,
    pairs,
    chars.map((c) => c.gender),
  );

  const canonPairs = canonPairsOf(opts);
  const scale = lengthScale(Math.max(1, tokens.length));
  const all = pairs.all();
  const tagOf = (ids: number[], sep: string) =>
    ids
      .map((i) => tagName(chars[i]!))
      .sort((x, y) => x.localeCompare(y))
      .join(sep);
  const judged: Judged = { romantic: [], platonic: [], isRomantic: new Set() };
  judgeByCues(text, all, canonPairs, scale, tagOf, judged);
  const minTogether = Math.max(4, 4 * scale);
  judgeCentralPairs(text, chars, all, canonPairs, scale, minTogether, tagOf, judged);
  const platonicOut = withGroupTag(text, chars.length, all, judged, scale, minTogether, tagOf);

  return [...exclusiveRomances(judged.romantic, all, (p) => tagOf([p.a, p.b], '/')), ...platonicOut.map(asTagged)]
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

/** Who is present in each sentence: the named, and the last man or woman named for a pronoun. */
function presence(tokens: Tokens, starts: number[], mentions: Mentions, chars: Char[]): Presence {
  const present: Presence = new Array(starts.length);
  let s = 0;
  let lastMale = -1;
  let lastFemale = -1;
  let m = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    while (s + 1 < starts.length && starts[s + 1]! <= t.start) s++;
    const named = mentions[m]?.token === i ? mentions[m++] : undefined;
    if (named) {
      (present[s] ??= new Map()).set(named.who, 2);
      const g = chars[named.who]!.gender;
      if (g === 'male') lastMale = named.who;
      else if (g === 'female') lastFemale = named.who;
      i += named.length - 1;
      continue;
    }
    const ref = MALE.has(t.lower) ? lastMale : FEMALE.has(t.lower) ? lastFemale : -1;
    if (ref >= 0 && !present[s]?.has(ref)) (present[s] ??= new Map()).set(ref, 1);
  }
  return present;
}

/** Every pair of characters with evidence, in the order first seen (which the output's ties keep). */
class PairTable {
  private readonly pairs = new Map<number, Pair>();
  of(a: number, b: number): Pair {
    const x = a < b ? a : b;
    const y = a < b ? b : a;
    const key = x * 65536 + y;
    let p = this.pairs.get(key);
    if (!p) {
      p = {
        a: x,
        b: y,
        romantic: 0,
        platonic: 0,
        together: 0,
        romanticHits: 0,
        spans: [],
        kept: { romantic: 0, platonic: 0, together: 0 },
      };
      this.pairs.set(key, p);
    }
    return p;
  }
  add(p: Pair, weight: number, kind: Kind, at: number, end: number): void {
    if (kind === 'romantic') {
      p.romantic += weight;
      p.romanticHits++;
    } else if (kind === 'platonic') p.platonic += weight;
    else p.together += weight;
    if (p.kept[kind] < 30) {
      p.kept[kind]++;
      p.spans.push({ ev: { quote: '', start: at, end }, weight, kind });
    }
  }
  all(): Pair[] {
    return [...this.pairs.values()];
  }
}

/**
 * Interaction: each time one is named within a few sentences (NEAR characters) of the other,
 * as in a scene where they talk and act in turn.
 */
function countTogether(mentions: Mentions, pairs: PairTable): void {
  // The mentions of the last NEAR characters, oldest first; each other person counts once.
  let from = 0;
  const counted = new Set<number>();
  for (let k = 0; k < mentions.length; k++) {
    const mention = mentions[k]!;
    while (mention.start - mentions[from]!.start > NEAR) from++;
    counted.clear();
    for (let j = k - 1; j >= from; j--) {
      const other = mentions[j]!.who;
      if (other === mention.who || counted.has(other)) continue;
      counted.add(other);
      pairs.add(pairs.of(mention.who, other), 1, 'together', mention.start, mention.end);
    }
  }
}

/** Romantic and platonic cues, and endearments in speech, credited to the pairs of their sentence. */
function creditCues(
  text: string,
  tokens: Tokens,
  starts: number[],
  present: Presence,
  pairs: PairTable,
  genders: string[],
): void {
  const NONE: ReadonlyMap<number, number> = new Map();
  const sentenceOf = (at: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  /**
   * Credit a cue to the pairs of its sentence; a partner from a neighbouring sentence counts
   * `nearWeight`. A cue done by or to "she"/"her" (or "he"/"him") is not a pair's when neither of
   * them is a woman (or a man): two men in the room where one longs to kiss her are not the romance.
   */
  const credit = (at: number, end: number, weight: number, kind: Kind, nearWeight = 0.5, party?: string) => {
    const add = (x: number, y: number, w: number) => {
      if (party && genders[x] !== 'unknown' && genders[y] !== 'unknown' && genders[x] !== party && genders[y] !== party)
        return;
      pairs.add(pairs.of(x, y), w, kind, at, end);
    };
    const si = sentenceOf(at);
    const inS = present[si] ?? NONE;
    const near = new Set<number>();
    for (const k of [si - 1, si + 1]) for (const [who] of present[k] ?? []) if (!inS.has(who)) near.add(who);
    const ids = [...inS.keys()];
    // A line of speech that names nobody ("It's been an hour, love.") belongs to the people of
    // the sentences around it, at half weight.
    if (ids.length === 0) {
      const around = [...near];
      for (let x = 0; x < around.length; x++)
        for (let y = x + 1; y < around.length; y++) add(around[x]!, around[y]!, weight * 0.5);
      return;
    }
    for (let x = 0; x < ids.length; x++) {
      for (let y = x + 1; y < ids.length; y++) add(ids[x]!, ids[y]!, weight);
      for (const other of near) add(ids[x]!, other, weight * nearWeight);
    }
  };

  // One cue per place: "his lips" is not also "lips".
  let coveredTo = -1;
  const hits = CUES.scan(text, tokens).sort((a, b) => a.start - b.start || b.end - a.end);
  for (const h of hits) {
    if (h.end <= coveredTo) continue;
    coveredTo = h.end;
    const party = h.category === 'romantic' ? partyGender(text, h.start, h.end) : undefined;
    credit(h.start, h.end, h.weight, h.category as Kind, 0.5, party);
  }
  const speech = speechRanges(text);
  ADDRESS.lastIndex = 0;
  for (let a = ADDRESS.exec(text); a; a = ADDRESS.exec(text)) {
    if (!inSpeech(speech, a.index)) continue;
    const word = (a[1] ?? a[2] ?? '').toLowerCase();
    // The speaker is usually the one named; the one addressed is the other person in the scene.
    credit(a.index, a.index + a[0].length, word === 'love' ? 1.2 : 1.5, 'romantic', 0.9);
  }
}

/**
 * The gender of someone a romantic cue names by pronoun: done to ("kissed her", "loved him") or
 * by ("she was married", "he kissed").
 */
function partyGender(text: string, start: number, end: number): string | undefined {
  const m =
    /^(?:.*\b)?(her|him)$/i.exec(text.slice(start, end)) ??
    /^\s+(her|him)\b/i.exec(text.slice(end, end + 8)) ??
    /\b(she|he)(?:\s+(?:was|is|had|has|never|had\s+never|would|could))?\s+$/i.exec(
      text.slice(Math.max(0, start - 24), start),
    );
  if (!m) return undefined;
  const w = m[1]!.toLowerCase();
  return w === 'her' || w === 'she' ? 'female' : 'male';
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
        evidence: evidence(text, p, 'romantic'),
      });
    } else if (p.platonic >= platBar && p.romantic < romBar) {
      platonic.push({
        p,
        proposal: {
          name: platonicTag,
          confidence: clamp01(0.3 + 0.5 * saturate(p.platonic / platBar, 2) + (platonicPrior ? 0.05 : 0)),
          evidence: evidence(text, p, 'platonic'),
        },
      });
    }
  }
}

/** The weight from which one romantic cue tells a romance by itself (see relationship-cues.ts). */
const TELLING_CUE = 1;

/**
 * Two characters who are each other's main partner in the story, with no romance between
 * them, are a platonic pairing even without words like "friend" or "brother".
 */
function judgeCentralPairs(
  text: string,
  chars: Char[],
  all: Pair[],
  canonPairs: Map<string, string>,
  scale: number,
  minTogether: number,
  tagOf: TagOf,
  { romantic, platonic, isRomantic }: Judged,
): void {
  const best = new Map<number, Pair>();
  for (const p of all) {
    for (const who of [p.a, p.b]) {
      const cur = best.get(who);
      if (!cur || p.together > cur.together) best.set(who, p);
    }
  }
  for (const p of all) {
    if (isRomantic.has(p) || platonic.some((x) => x.p === p)) continue;
    if (best.get(p.a) !== p || best.get(p.b) !== p || p.together < minTogether) continue;
    // Each other's main partner with some romance between them: in fan fiction that is the
    // pairing the story is about far more often than a friendship. Some romance means one cue
    // that says it (a kiss, love, a date), not only lips, mouths and foreheads described.
    const telling = p.spans.some((s) => s.kind === 'romantic' && s.weight >= TELLING_CUE);
    if (telling && p.romantic >= 0.8 * scale && p.romantic >= p.platonic * 0.5) {
      isRomantic.add(p);
      romantic.push({
        name: tagOf([p.a, p.b], '/'),
        confidence: clamp01(0.3 + 0.25 * saturate(p.romantic / (2.2 * scale), 2)),
        evidence: evidence(text, p, 'romantic'),
      });
      continue;
    }
    if (p.romantic >= 2 * scale) continue;
    // The story's central pair with nothing that makes them kin or friends: on AO3 such a pair is
    // tagged as a romance far more often than not, and surely so when fans write it as one.
    const canonRomance = canonPairs.has(relationshipKey(tagOf([p.a, p.b], '/')));
    // Friendship words weigh less against a pairing the fandom is known to write as a romance.
    const kin = p.platonic >= (canonRomance ? 2.5 : 1.2) * scale || sameFamily(chars[p.a]!.name, chars[p.b]!.name);
    if (!kin && (canonRomance || p.romantic > 0)) {
      isRomantic.add(p);
      romantic.push({
        name: tagOf([p.a, p.b], '/'),
        confidence: canonRomance ? 0.45 : 0.32,
        evidence: evidence(text, p, p.romantic > 0 ? 'romantic' : 'together'),
      });
      continue;
    }
    // Time together alone rarely makes a tag: authors name a friendship when it is the point.
    platonic.push({
      p,
      proposal: {
        name: tagOf([p.a, p.b], ' & '),
        confidence: clamp01(0.15 + 0.1 * saturate(p.together / minTogether, 2)),
        evidence: evidence(text, p, 'together'),
      },
    });
  }
}

/** Three or four characters who all share the story with one another make one group tag, replacing their pairs' platonic tags. */
function withGroupTag(
  text: string,
  count: number,
  all: Pair[],
  { platonic, isRomantic }: Judged,
  scale: number,
  minTogether: number,
  tagOf: TagOf,
): Proposal[] {
  const group = findGroup(count, all, isRomantic, scale);
  if (!group) return platonic.map((x) => x.proposal);
  const members = new Set(group);
  const platonicOut = platonic.filter((x) => !(members.has(x.p.a) && members.has(x.p.b))).map((x) => x.proposal);
  const inside = all.filter((p) => members.has(p.a) && members.has(p.b));
  const ev = pickEvidence(
    inside.flatMap((p) =>
      p.spans
        .filter((s) => s.kind !== 'romantic')
        .slice(0, 4)
        .map((s) => ({ ev: quoteAround(text, s.ev.start, s.ev.end), weight: s.weight })),
    ),
    3,
  );
  const min = Math.min(...inside.map((p) => p.together));
  // A group is tagged when the story says what binds it (family, friends), not for sharing scenes.
  const bound = inside.reduce((sum, p) => sum + p.platonic, 0) / inside.length;
  platonicOut.push({
    name: tagOf(group, ' & '),
    confidence: clamp01(0.15 + 0.15 * saturate(min / minTogether, 2) + 0.3 * saturate(bound / 2.5, 1)),
    evidence: ev,
  });
  return platonicOut;
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

/** The largest set of 3-4 of the most present characters whose every pair shares the story. */
function findGroup(n: number, pairs: Pair[], romantic: Set<Pair>, scale: number): number[] | null {
  const strength = new Map<string, Pair>();
  for (const p of pairs) strength.set(`${p.a},${p.b}`, p);
  const get = (a: number, b: number) => strength.get(a < b ? `${a},${b}` : `${b},${a}`);
  const top = Math.max(0, ...pairs.map((p) => p.together));
  const floor = Math.max(4, 3 * scale, top * 0.4);
  // Characters come most-mentioned first; groups form among the first six.
  const ids = [...Array(Math.min(n, 6)).keys()];
  let bestGroup: number[] | null = null;
  let bestMin = 0;
  for (const size of [4, 3]) {
    for (const combo of combinations(ids, size)) {
      let min = Infinity;
      let ok = true;
      for (let x = 0; x < combo.length && ok; x++) {
        for (let y = x + 1; y < combo.length; y++) {
          const p = get(combo[x]!, combo[y]!);
          if (!p || romantic.has(p) || p.together < floor) {
            ok = false;
            break;
          }
          min = Math.min(min, p.together);
        }
      }
      if (ok && min > bestMin) {
        bestGroup = combo;
        bestMin = min;
      }
    }
    if (bestGroup) return bestGroup;
  }
  return null;
}

function combinations(ids: number[], k: number): number[][] {
  if (k === 0) return [[]];
  const out: number[][] = [];
  ids.forEach((id, i) => {
    for (const rest of combinations(ids.slice(i + 1), k - 1)) out.push([id, ...rest]);
  });
  return out;
}

function evidence(text: string, p: Pair, kind: Kind): Evidence[] {
  const spans = p.spans
    .filter((s) => s.kind === kind)
    .sort((a, b) => b.weight - a.weight || a.ev.start - b.ev.start)
    .slice(0, 12)
    .map((s) => ({ ev: quoteAround(text, s.ev.start, s.ev.end), weight: s.weight }));
  return pickEvidence(spans, 3);
}
