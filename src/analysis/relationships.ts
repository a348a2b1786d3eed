// Relationships between on-page characters: pairs who share sentences with romantic or sexual
// cues become "A/B", pairs who share friendship or family cues "A & B" (AO3's convention: names
// sorted alphabetically). A sentence's characters are those it names plus those its pronouns point
// to (the last-named woman for "she", the last-named man for "he"), which is how a two-person
// scene that names each only now and then still credits the pair with "she kissed him".

import type { CanonIndex } from './canon-types.ts';
import type { CharacterProposal, Evidence, Proposal } from './types.ts';
import { Lexicon, clamp01, pickEvidence, quoteAround, saturate, speechRanges, inSpeech, tokenize, type Token } from './evidence.ts';

const CUES = new Lexicon({
  romantic: {
    'kiss': 1, 'kissed': 1, 'kisses': 1, 'kissing': 1, 'lips': 0.5, 'lover': 1.2, 'lovers': 1.2, 'in love': 1.5,
    'love you': 1.5, 'loved her': 1, 'loved him': 1, 'loves her': 1, 'loves him': 1, 'loving her': 0.8, 'loving him': 0.8,
    'made love': 1.5, 'make love': 1.5, 'bed': 0.3, 'married': 1, 'marry': 1, 'husband': 1.2, 'wife': 1.2,
    'boyfriend': 1.5, 'girlfriend': 1.5, 'fiancé': 1.5, 'fiancée': 1.5, 'fiance': 1.5, 'fiancee': 1.5, 'dating': 1,
    'date': 0.4, 'embrace*': 0.4, 'caress*': 0.7, 'cuddl*': 0.8, 'nuzzl*': 0.8, 'flirt*': 1, 'wedding': 0.8,
    'sweetheart': 0.8, 'darling': 0.6, 'moan*': 0.5, 'naked': 0.5, 'sex': 1, 'desire': 0.4, 'held hands': 1,
    'hand in hand': 0.8, 'romantic': 0.8, 'romance': 0.8, 'honeymoon': 1.5, 'anniversary': 0.8, 'jealous*': 0.5,
    'crush': 0.8, 'blush*': 0.3, 'her lips': 0.5, 'his lips': 0.5, 'forehead': 0.3, 'their bed': 1, 'slept with': 1,
  },
  platonic: {
    'friend': 0.8, 'friends': 0.8, 'friendship': 1, 'best friend': 1.5, 'best friends': 1.5, 'brother': 0.8,
    'brothers': 0.8, 'sister': 0.8, 'sisters': 0.8, 'sibling*': 1, 'mother': 0.5, 'father': 0.5, 'mom': 0.5,
    'dad': 0.5, 'son': 0.5, 'daughter': 0.5, 'family': 0.5, 'cousin': 0.6, 'buddy': 0.6, 'pal': 0.4,
    'teammate*': 0.6, 'partner': 0.3, 'mate': 0.2, 'hug': 0.3, 'hugged': 0.3, 'trust': 0.2, 'loyal*': 0.4,
  },
});

// "Love", "darling", "sweetheart" as a form of address in speech: "You're up early, love."
const ADDRESS = /(?:,\s*(?:my\s+)?(?:love|darling|sweetheart|sweetling|babe|baby|honey)\b(?=\s*[,.!?…"”-])|\b(?:love|darling|sweetheart|babe|honey),)/gi;

const MALE = new Set(['he', 'him', 'his', 'himself']);
const FEMALE = new Set(['she', 'her', 'hers', 'herself']);

interface Pair {
  a: number;
  b: number;
  romantic: number;
  platonic: number;
  romanticHits: number;
  spans: { ev: Evidence; weight: number; kind: 'romantic' | 'platonic' }[];
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
  const re = /[.!?…]+["”’)]*\s+|\n+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index + m[0].length);
  return starts;
}

export function detectRelationships(text: string, characters: CharacterProposal[], opts: RelationshipOptions = {}): Proposal[] {
  const chars = characters.filter((c) => c.onPage).map((c) => ({ ...c, gender: c.gender !== 'unknown' ? c.gender : canonGender(opts.canon, c) }));
  if (chars.length < 2) return [];
  const tagName = opts.tagName ?? ((c: CharacterProposal) => c.name);

  // Name forms -> character, skipping forms two characters share ("Mikaelson").
  const forms = new Map<string, { words: string[]; who: number }[]>();
  const owners = new Map<string, Set<number>>();
  chars.forEach((c, who) => {
    for (const form of new Set([c.name, ...c.aliases])) {
      const words = form.match(/[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*/gu);
      if (!words || !/^\p{Lu}/u.test(form)) continue;
      const key = words.join(' ');
      const set = owners.get(key) ?? new Set();
      set.add(who);
      owners.set(key, set);
    }
  });
  for (const [key, set] of owners) {
    if (set.size !== 1) continue;
    const words = key.split(' ');
    const list = forms.get(words[0]!) ?? [];
    list.push({ words, who: [...set][0]! });
    forms.set(words[0]!, list);
  }
  for (const list of forms.values()) list.sort((x, y) => y.words.length - x.words.length);

  const tokens = tokenize(text);
  const starts = sentenceStarts(text);
  // Characters present in each sentence: named (2) or pointed to by a pronoun (1).
  const present: Map<number, number>[] = starts.map(() => new Map());
  let s = 0;
  let lastMale = -1;
  let lastFemale = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    while (s + 1 < starts.length && starts[s + 1]! <= t.start) s++;
    const here = present[s]!;
    const named = matchName(forms, tokens, i);
    if (named) {
      here.set(named.who, 2);
      const g = chars[named.who]!.gender;
      if (g === 'male') lastMale = named.who;
      else if (g === 'female') lastFemale = named.who;
      i += named.length - 1;
      continue;
    }
    const ref = MALE.has(t.lower) ? lastMale : FEMALE.has(t.lower) ? lastFemale : -1;
    if (ref >= 0 && !here.has(ref)) here.set(ref, 1);
  }

  const pairs = new Map<string, Pair>();
  const pairOf = (a: number, b: number): Pair => {
    const [x, y] = a < b ? [a, b] : [b, a];
    const key = `${x},${y}`;
    let p = pairs.get(key);
    if (!p) {
      p = { a: x, b: y, romantic: 0, platonic: 0, romanticHits: 0, spans: [] };
      pairs.set(key, p);
    }
    return p;
  };
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
  const credit = (at: number, end: number, weight: number, kind: 'romantic' | 'platonic') => {
    const si = sentenceOf(at);
    const inS = present[si]!;
    // Pairs within the sentence count fully; a partner from the neighbouring sentences half.
    const near = new Map<number, number>();
    for (const k of [si - 1, si + 1]) for (const [who] of present[k] ?? []) if (!inS.has(who)) near.set(who, 0.5);
    const ids = [...inS.keys()];
    // A line of speech that names nobody ("It's been an hour, love.") belongs to the people of
    // the sentences around it, at half weight.
    if (ids.length === 0) {
      const around = [...near.keys()];
      for (let x = 0; x < around.length; x++) for (let y = x + 1; y < around.length; y++) add(pairOf(around[x]!, around[y]!), weight * 0.5, kind, at, end);
      return;
    }
    for (let x = 0; x < ids.length; x++) {
      for (let y = x + 1; y < ids.length; y++) add(pairOf(ids[x]!, ids[y]!), weight, kind, at, end);
      for (const [other, w] of near) add(pairOf(ids[x]!, other), weight * w, kind, at, end);
    }
  };
  const add = (p: Pair, weight: number, kind: 'romantic' | 'platonic', at: number, end: number) => {
    if (kind === 'romantic') {
      p.romantic += weight;
      p.romanticHits++;
    } else p.platonic += weight;
    if (p.spans.length < 40) p.spans.push({ ev: { quote: '', start: at, end }, weight, kind });
  };

  for (const h of CUES.scan(text, tokens)) credit(h.start, h.end, h.weight, h.category as 'romantic' | 'platonic');
  const speech = speechRanges(text);
  ADDRESS.lastIndex = 0;
  for (let m = ADDRESS.exec(text); m; m = ADDRESS.exec(text)) {
    if (inSpeech(speech, m.index)) credit(m.index, m.index + m[0].length, 1.2, 'romantic');
  }

  // Canon prior: pairings the fandom writes about need less evidence.
  const canonPairs = new Set<string>();
  if (opts.canon && opts.fandoms) {
    for (const name of opts.fandoms) {
      const f = opts.canon.fandomsByName.get(name.toLowerCase());
      for (const r of f?.relationships ?? []) canonPairs.add(r.toLowerCase());
    }
  }

  const words = Math.max(1, tokens.length);
  const out: Proposal[] = [];
  for (const p of pairs.values()) {
    const A = chars[p.a]!;
    const B = chars[p.b]!;
    const names = [tagName(A), tagName(B)].sort((x, y) => x.localeCompare(y));
    const romanticTag = names.join('/');
    const platonicTag = names.join(' & ');
    const romanticPrior = canonPairs.has(romanticTag.toLowerCase());
    const platonicPrior = canonPairs.has(platonicTag.toLowerCase());
    // Long texts accumulate stray cues: the bar rises slowly with length.
    const scale = 1 + Math.log10(Math.max(1, words / 2000));
    const romBar = (romanticPrior ? 2 : 3.5) * scale;
    const platBar = (platonicPrior ? 1.5 : 2.5) * scale;
    if (p.romantic >= romBar && p.romanticHits >= 2 && p.romantic >= p.platonic * 0.6) {
      out.push({ name: romanticTag, confidence: clamp01(0.35 + 0.6 * saturate(p.romantic - romBar + 1, 4) + (romanticPrior ? 0.05 : 0)), evidence: evidence(text, p, 'romantic') });
    } else if (p.platonic >= platBar && p.romantic < romBar) {
      out.push({ name: platonicTag, confidence: clamp01(0.3 + 0.5 * saturate(p.platonic - platBar + 1, 4) + (platonicPrior ? 0.05 : 0)), evidence: evidence(text, p, 'platonic') });
    }
  }
  return out.sort((x, y) => y.confidence - x.confidence || x.name.localeCompare(y.name)).slice(0, 6);
}

/** The canon's gender for a character the text did not gender (pronouns need it). */
function canonGender(canon: CanonIndex | null | undefined, c: CharacterProposal): CharacterProposal['gender'] {
  if (!canon || !c.canonical) return 'unknown';
  const hit = canon.charactersByAlias.get(c.name.toLowerCase())?.find((h) => h.character.name === c.name);
  const g = hit?.character.gender;
  return g === 'female' || g === 'male' ? g : 'unknown';
}

function evidence(text: string, p: Pair, kind: 'romantic' | 'platonic'): Evidence[] {
  const spans = p.spans
    .filter((s) => s.kind === kind)
    .sort((a, b) => b.weight - a.weight || a.ev.start - b.ev.start)
    .slice(0, 12)
    .map((s) => ({ ev: quoteAround(text, s.ev.start, s.ev.end), weight: s.weight }));
  return pickEvidence(spans, 3);
}

function matchName(forms: Map<string, { words: string[]; who: number }[]>, tokens: Token[], i: number): { who: number; length: number } | null {
  const t = tokens[i]!;
  if (!/^\p{Lu}/u.test(t.text)) return null;
  // Possessives ("Klaus's") name the character too.
  const bare = t.text.replace(/['’]s$/, '');
  for (const f of forms.get(bare) ?? []) {
    if (f.words.length === 1) return { who: f.who, length: 1 };
    if (f.words.every((w, k) => k === 0 || tokens[i + k]?.text.replace(/['’]s$/, '') === w)) return { who: f.who, length: f.words.length };
  }
  return null;
}
