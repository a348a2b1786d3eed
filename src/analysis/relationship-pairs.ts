// The evidence relationships.ts judges: every pair of on-page characters with the romantic and
// platonic cues of the sentences they share and how often they appear together. A sentence's
// characters are those it names plus those its pronouns point to (the last-named woman for "she",
// the last-named man for "he"), so a two-person scene that names each only now and then still
// credits the pair with "she kissed him".

import { CUES, notRomance } from './relationship-cues.ts';
import type { CharacterProposal, Evidence } from './types.ts';
import { inSpeech, nameMentions, pickEvidence, quoteAround, speechRanges, tokenize } from './evidence.ts';
import { GIVEN_NAME_GENDER } from './names.ts';

// Pet names as a form of address in speech ("You're up early, love." "Babe, they're on fire.").
// "Love" is weaker: some characters say it to everyone.
const ADDRESS =
  /(?:,\s*(?:my\s+)?(love|darling|darlin'?|sweetheart|sweetie|babe|baby|honey|sunshine|gorgeous|handsome)\b(?=\s*[,.!?…"”—-])|\b(love|darling|sweetheart|sweetie|babe|honey|sunshine|gorgeous|handsome),)/gi;

// Love named at someone: "she loves Ana", "he loved Ana"; "in love with" is a cue of its own.
const LOVES = /(?<!\bin\s)\b(?:love|loves|loved|loving)\s+/gi;

const MALE = new Set(['he', 'him', 'his', 'himself']);
const FEMALE = new Set(['she', 'her', 'hers', 'herself']);

export type Kind = 'romantic' | 'platonic' | 'together';

/** Characters apart within a scene's back-and-forth: about three short paragraphs. */
const NEAR = 400;

export interface Pair {
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

/** Sentence ends: [.!?…] followed by space or a closing quote, and line breaks. */
function sentenceStarts(text: string): number[] {
  const starts = [0];
  const re = /[.!?…]+["”’)*_]*\s+|\n+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index + m[0].length);
  return starts;
}

type Tokens = ReturnType<typeof tokenize>;
type Mentions = ReturnType<typeof nameMentions>;
type Char = CharacterProposal;
/** Characters present in each sentence: named (2) or pointed to by a pronoun (1). */
type Presence = (Map<number, number> | undefined)[];
/** Per sentence, whether its "he" (1) or "she" (2) pointed to someone who is none of the characters. */
type Elsewhere = Uint8Array;
const PRONOUN_BIT: Record<string, number> = { male: 1, female: 2 };

/**
 * Every pair of `chars` (on-page, genders known where the text or canon gives them) with its
 * interaction and cues, in the order first seen (which the output's ties keep), and the text's
 * length in tokens.
 */
export function collectPairs(
  text: string,
  chars: CharacterProposal[],
): { pairs: Pair[]; words: number; mentions: Mentions } {
  const tokens = tokenize(text);
  const starts = sentenceStarts(text);
  const mentions = nameMentions(text, chars);
  const nameWords = new Set(chars.flatMap((c) => [c.name, ...c.aliases].flatMap((n) => n.toLowerCase().split(/\s+/))));
  const elsewhere: Elsewhere = new Uint8Array(starts.length);
  const present = presence(tokens, starts, mentions, chars, nameWords, elsewhere);
  const pairs = new PairTable();
  countTogether(mentions, pairs);
  creditCues(
    text,
    tokens,
    starts,
    present,
    elsewhere,
    pairs,
    chars.map((c) => c.gender),
    mentions,
    nameWords,
  );
  return { pairs: pairs.all(), words: tokens.length, mentions };
}

/**
 * Who is present in each sentence: the named, and for a pronoun the last man or woman named. Within
 * a sentence, one named after a preposition ("proud of her place with Ana") does not take the
 * pronouns from the one the sentence is about. A woman or man named who is none of the characters
 * (a given name the analysis did not place) takes the pronouns after her or him too, so that "she"
 * then points to nobody rather than to the last character.
 */
function presence(
  tokens: Tokens,
  starts: number[],
  mentions: Mentions,
  chars: Char[],
  nameWords: ReadonlySet<string>,
  elsewhere: Elsewhere,
): Presence {
  const present: Presence = new Array(starts.length);
  let s = 0;
  // Who "he" and "she" point to (-1: nobody yet, SOMEONE_ELSE) and the sentence that named them.
  const last = { male: -1, female: -1 };
  const namedIn = { male: -1, female: -1 };
  const seen = (g: string, who: number, i: number) => {
    if (g !== 'male' && g !== 'female') return;
    if (namedIn[g] === s && last[g] !== -1 && i > 0 && OBLIQUE.has(tokens[i - 1]!.lower)) return;
    last[g] = who;
    namedIn[g] = s;
  };
  let m = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    while (s + 1 < starts.length && starts[s + 1]! <= t.start) s++;
    const named = mentions[m]?.token === i ? mentions[m++] : undefined;
    if (named) {
      (present[s] ??= new Map()).set(named.who, 2);
      seen(chars[named.who]!.gender, named.who, i);
      i += named.length - 1;
      continue;
    }
    const ref = MALE.has(t.lower) ? last.male : FEMALE.has(t.lower) ? last.female : -1;
    if (ref >= 0) {
      if (!present[s]?.has(ref)) (present[s] ??= new Map()).set(ref, 1);
    } else if (ref === SOMEONE_ELSE) {
      elsewhere[s]! |= PRONOUN_BIT[MALE.has(t.lower) ? 'male' : 'female']!;
    } else if (t.start !== starts[s] && isCapitalised(t.text) && !nameWords.has(t.lower)) {
      // Not at a sentence's start, where "Will" and "Grace" are words.
      const g = GIVEN_NAME_GENDER.get(t.lower);
      if (g) seen(g, SOMEONE_ELSE, i);
    }
  }
  return present;
}

/** A pronoun's antecedent who is none of the characters. */
const SOMEONE_ELSE = -2;

/** Prepositions before a name that make it an oblique mention, not what the sentence is about. */
const OBLIQUE = new Set([
  'with',
  'to',
  'for',
  'of',
  'at',
  'from',
  'by',
  'about',
  'beside',
  'behind',
  'near',
  'without',
  'toward',
  'towards',
  'like',
  'than',
  'between',
  'among',
  'around',
  'past',
  'after',
  'before',
]);

function isCapitalised(word: string): boolean {
  const c = word.charCodeAt(0);
  return (c >= 65 && c <= 90) || (c >= 128 && /^\p{Lu}/u.test(word));
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
  elsewhere: Elsewhere,
  pairs: PairTable,
  genders: string[],
  mentions: Mentions,
  nameWords: ReadonlySet<string>,
): void {
  const mentionAt = new Map(mentions.map((m) => [m.start, m.who]));
  const mentionEnd = new Map(mentions.map((m) => [m.end, m.who]));
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
  const credit = (
    at: number,
    end: number,
    weight: number,
    kind: Kind,
    nearWeight = 0.5,
    party?: string,
    target?: number,
    subject?: number,
  ) => {
    const add = (x: number, y: number, w: number) => {
      if (party && genders[x] !== 'unknown' && genders[y] !== 'unknown' && genders[x] !== party && genders[y] !== party)
        return;
      if (target !== undefined && x !== target && y !== target) return;
      if (subject !== undefined && target !== undefined && x !== subject && y !== subject) return;
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
    // A cue done by or to "she" when the sentence's "she" is a woman who is none of the characters.
    if (party && (elsewhere[si]! & PRONOUN_BIT[party]!) !== 0 && !ids.some((who) => genders[who] === party)) return;
    for (let x = 0; x < ids.length; x++) for (let y = x + 1; y < ids.length; y++) add(ids[x]!, ids[y]!, weight);
    // A partner from the sentences around counts only when the sentence itself holds one person:
    // with two in it, the cue is theirs.
    if (ids.length === 1) for (const other of near) add(ids[0]!, other, weight * nearWeight);
  };

  /** The character a cue is done to when the text names them right after it ("kissed Ana", "in love with Ana"). */
  const nameAfter = (end: number): number | undefined => {
    const m = /^\s+(?:(?:with|on|to)\s+)?/i.exec(text.slice(end, end + 10));
    return m ? mentionAt.get(end + m[0].length) : undefined;
  };
  /**
   * Whether a cue is done to someone named who is none of the characters ("snogging Lavender"); a
   * name one of them goes by, though shared and so not placed ("kissed Malfoy"), is not someone else.
   */
  const toSomeoneElse = (end: number): boolean => {
    const m = /^\s+(?:(?:with|on|to)\s+)?(\p{Lu}\p{Ll}+)/u.exec(text.slice(end, end + 40));
    if (!m) return false;
    const at = end + m[0].length - m[1]!.length;
    return !mentionAt.has(at) && !nameWords.has(m[1]!.toLowerCase());
  };

  /** The character who does a cue when the text names them right before it ("Ana kissed"). */
  const nameBefore = (start: number): number | undefined => {
    const m = /\s+$/.exec(text.slice(Math.max(0, start - 4), start));
    return m ? mentionEnd.get(start - m[0].length) : undefined;
  };

  // One cue per place: "his lips" is not also "lips".
  let coveredTo = -1;
  const hits = CUES.scan(text, tokens).sort((a, b) => a.start - b.start || b.end - a.end);
  for (const h of hits) {
    if (h.end <= coveredTo) continue;
    coveredTo = h.end;
    if (h.category === 'romantic' && notRomance(text, h.start, h.end)) continue;
    const romantic = h.category === 'romantic';
    const party = romantic ? partyGender(text, h.start, h.end) : undefined;
    if (!romantic) credit(h.start, h.end, h.weight, h.category as Kind, 0.5, party);
    else if (!toSomeoneElse(h.end))
      credit(h.start, h.end, h.weight, 'romantic', 0.5, party, nameAfter(h.end), nameBefore(h.start));
  }
  // "loves Arthur", "loved Sana": love named at someone, who is then one of the pair.
  LOVES.lastIndex = 0;
  for (let m = LOVES.exec(text); m; m = LOVES.exec(text)) {
    const end = m.index + m[0].length;
    const target = mentionAt.get(end);
    if (
      target === undefined ||
      /^\S*\s+(?:like|as)\s+(?:a|an|his|her|their|my|your)\b/i.test(text.slice(end, end + 40))
    )
      continue;
    credit(m.index, end, 1, 'romantic', 0.5, undefined, target, nameBefore(m.index));
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
 * by ("she was married", "he kissed", "she is still almost in love with").
 */
function partyGender(text: string, start: number, end: number): string | undefined {
  const m =
    /^(?:.*\b)?(her|him)$/i.exec(text.slice(start, end)) ??
    /^\s+(her|him)\b/i.exec(text.slice(end, end + 8)) ??
    PRONOUN_BEFORE.exec(text.slice(Math.max(0, start - 48), start));
  if (!m) return undefined;
  const w = m[1]!.toLowerCase();
  return w === 'her' || w === 'she' ? 'female' : 'male';
}

/**
 * "she", "he" as the subject of the cue that follows: right before it, or with a few auxiliaries
 * and adverbs between ("he had never", "she is still almost", "he was already half").
 */
const PRONOUN_BEFORE =
  /\b(she|he)(?:\s+(?:was|is|had|has|would|could|might|must|never|still|almost|already|always|so|really|truly|just|half|completely|hopelessly|madly|clearly|obviously|probably|definitely|been|falling|fallen|becoming)){0,4}\s+$/i;

/** Up to three quotes of one kind of the pair's evidence, strongest first. */
export function pairEvidence(text: string, p: Pair, kind: Kind): Evidence[] {
  const spans = p.spans
    .filter((s) => s.kind === kind)
    .sort((a, b) => b.weight - a.weight || a.ev.start - b.ev.start)
    .slice(0, 12)
    .map((s) => ({ ev: quoteAround(text, s.ev.start, s.ev.end), weight: s.weight }));
  return pickEvidence(spans, 3);
}
