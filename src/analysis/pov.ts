// Narrative point of view from the pronouns of the narration. Quoted speech is blanked first:
// characters say "I" and "you" in every kind of story, but only a first-person narrator says "I"
// outside quotation marks, and only a second-person one addresses "you" there.

import type { Evidence, Pov } from './types.ts';
import { clamp01, narration, pickEvidence, quoteAround, tokenize } from './evidence.ts';

export interface PovGuess {
  pov: Pov;
  confidence: number;
  counts: { first: number; second: number; third: number };
  evidence: Evidence[];
}

const FIRST = new Set(['i', "i'm", "i'd", "i'll", "i've", 'me', 'my', 'mine', 'myself']);
// "We" narration is first person too, but "we" also turns up in third-person free indirect
// speech, so it counts for half.
const FIRST_PLURAL = new Set(['we', "we're", "we'd", "we'll", "we've", 'us', 'our', 'ours', 'ourselves']);
const SECOND = new Set(['you', "you're", "you'd", "you'll", "you've", 'your', 'yours', 'yourself']);
const THIRD = new Set([
  'he',
  "he's",
  "he'd",
  "he'll",
  'him',
  'his',
  'himself',
  'she',
  "she's",
  "she'd",
  "she'll",
  'her',
  'hers',
  'herself',
  'they',
  "they're",
  "they'd",
  "they'll",
  'them',
  'their',
  'theirs',
  'themselves',
]);

// Other languages: first- and third-person pronouns and possessives of the narration (subject
// pronouns are often dropped in Spanish, Italian and Portuguese; the object and possessive
// forms still show the narrator). French elided forms count by their first letters ("j'ai").
const OTHER: Record<string, { first: Set<string>; third: Set<string> }> = {
  es: {
    first: words('yo me mi mis mí conmigo nosotros nosotras nuestro nuestra nuestros nuestras'),
    third: words('él ella ellos ellas su sus suyo suya lo la le les'),
  },
  fr: {
    first: words("je j' me m' moi mon ma mes nous notre nos"),
    third: words('il elle ils elles lui leur leurs son sa ses'),
  },
  de: {
    first: words('ich mich mir mein meine meinen meinem meiner meines wir uns unser unsere'),
    third: words('er sie ihn ihm sein seine seinen seinem seiner ihr ihre ihren ihrem ihrer'),
  },
  it: {
    first: words('io mi me mio mia miei mie noi ci nostro nostra'),
    third: words('lui lei egli ella loro suo sua suoi sue gli'),
  },
  pt: {
    first: words('eu me mim meu minha meus minhas comigo nós nosso nossa'),
    third: words('ele ela eles elas seu sua seus suas dele dela lhe'),
  },
  nl: { first: words('ik me mij mijn wij we ons onze'), third: words('hij zij ze hem haar zijn hun') },
};

function words(list: string): Set<string> {
  return new Set(list.split(' '));
}

/** POV of a text in `language` (ISO 639-1); English rules for English, pronoun tables for a few others. */
export function detectPovIn(text: string, language: string): PovGuess {
  const table = OTHER[language];
  if (language === 'en' || !table)
    return language === 'en'
      ? detectPov(text)
      : { pov: 'third', confidence: 0, counts: { first: 0, second: 0, third: 0 }, evidence: [] };
  const tokens = tokenize(narration(text));
  let first = 0;
  let third = 0;
  const spans: { ev: Evidence; weight: number }[] = [];
  for (const t of tokens) {
    const w = t.lower;
    const elided = w.length > 2 && w[1] === "'" ? w.slice(0, 2) : '';
    if (table.first.has(w) || (elided && table.first.has(elided))) {
      first++;
      if (spans.length < 8) spans.push({ ev: quoteAround(text, t.start, t.end), weight: 1 });
    } else if (table.third.has(w)) third++;
  }
  const counts = { first, second: 0, third };
  if (first + third === 0) return { pov: 'third', confidence: 0, counts, evidence: [] };
  const pov: Pov = first >= 3 && first > third * 0.3 ? 'first' : 'third';
  const confidence = clamp01(0.6 * Math.min(1, (first + third) / 40));
  return { pov, confidence, counts, evidence: pov === 'first' ? pickEvidence(spans, 3) : [] };
}

const HEADINGS = new Set([
  'chapter',
  'book',
  'part',
  'volume',
  'vol',
  'act',
  'scene',
  'section',
  'canto',
  'letter',
  'no',
]);

export function detectPov(text: string): PovGuess {
  const plain = narration(text);
  const tokens = tokenize(plain);
  let first = 0;
  let second = 0;
  let third = 0;
  const firstSpans: { ev: Evidence; weight: number }[] = [];
  const secondSpans: { ev: Evidence; weight: number }[] = [];
  const thirdSpans: { ev: Evidence; weight: number }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const w = t.lower;
    if (FIRST.has(w)) {
      // "CHAPTER I", "Book I": a numeral, not the narrator.
      if (w === 'i' && i > 0 && HEADINGS.has(tokens[i - 1]!.lower)) continue;
      first += 1;
      if (firstSpans.length < 8) firstSpans.push({ ev: quoteAround(text, t.start, t.end), weight: 1 });
    } else if (FIRST_PLURAL.has(w)) {
      first += 0.5;
    } else if (SECOND.has(w)) {
      second += 1;
      if (secondSpans.length < 8) secondSpans.push({ ev: quoteAround(text, t.start, t.end), weight: 1 });
    } else if (THIRD.has(w)) {
      third += 1;
      if (thirdSpans.length < 8) thirdSpans.push({ ev: quoteAround(text, t.start, t.end), weight: 1 });
    }
  }
  const counts = { first, second, third };
  const total = first + second + third;
  if (total === 0) return { pov: 'third', confidence: 0, counts, evidence: [] };

  // First-person narration still speaks of "he" and "she" a great deal, so "I" needs only a
  // fraction of the third-person count; unquoted thoughts and letters in third-person stories
  // give a few "I"s, hence the floor.
  let pov: Pov = 'third';
  let share: number;
  if (second >= 3 && second > first * 1.2 && second > third * 0.35) {
    pov = 'second';
    share = second / total;
  } else if (first >= 3 && first > third * 0.3) {
    pov = 'first';
    share = first / (first + third * 0.3);
  } else {
    share = third / (third + first / 0.3 + second / 0.35);
  }
  const weight = Math.min(1, total / 40);
  const confidence = clamp01((0.4 + 0.6 * Math.min(1, share)) * weight);
  const spans = pov === 'first' ? firstSpans : pov === 'second' ? secondSpans : thirdSpans;
  return { pov, confidence, counts, evidence: pickEvidence(spans, 3) };
}
