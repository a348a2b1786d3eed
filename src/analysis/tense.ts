// Narrative tense from the verbs that follow a subject in the narration ("she knows", "he sinks"
// against "she knew", "he sank"). Quoted speech is blanked first, since characters talk in the
// present whatever the narration does. Flashbacks in a present-tense story and the odd present
// truth ("the sea is cold") in a past-tense one come out as a minority, so the ratio decides.

import type { Evidence, Tense } from './types.ts';
import { clamp01, narration, pickEvidence, quoteAround, tokenize, type Token } from './evidence.ts';

export interface TenseGuess {
  tense: Tense;
  confidence: number;
  counts: { past: number; present: number };
  evidence: Evidence[];
}

// "base [third-person-singular] past": irregular verbs whose past differs from the base (verbs
// like "put" or "read" that do not change are left out: they say nothing about tense).
const IRREGULAR = `
say said|go goes went|get got|make made|know knew|think thought|take took|see saw|come came|give gave
find found|tell told|feel felt|become became|leave left|mean meant|keep kept|begin began|run ran
hold held|bring brought|stand stood|write wrote|sit sat|hear heard|lose lost|meet met|pay paid
lead led|understand understood|speak spoke|spend spent|grow grew|win won|fall fell|send sent
build built|rise rose|drive drove|break broke|wear wore|sell sold|choose chose|catch caught
throw threw|draw drew|buy bought|fight fought|teach taught|sleep slept|forget forgot|sing sang
swim swam|sink sank|drink drank|ring rang|shrink shrank|spring sprang|bite bit|hide hid|ride rode
shake shook|wake woke|steal stole|freeze froze|fly flies flew|blow blew|sweep swept|weep wept
creep crept|kneel knelt|feed fed|bleed bled|flee fled|stick stuck|strike struck|swing swung
hang hung|dig dug|cling clung|sting stung|spin spun|shoot shot|slide slid|bend bent|lend lent
seek sought|eat ate|forgive forgave|tear tore|swear swore|bear bore|shine shone|spit spat
stride strode|arise arose|awake awoke|withdraw withdrew|mistake mistook|overhear overheard
grind ground|light lit|leap leapt|dream dreamt|kneel knelt|smell smelt|spell spelt
`;

// Common regular verbs, so that a bare base form after "I", "you", "we" or "they" reads as present.
const REGULAR = `want look walk turn try need like love hate watch wait start stop smile nod laugh ask
answer move pull push open close reach realize realise decide notice remember wonder hope stare glance
shrug sigh kiss touch grab step lean wish call seem stay help work live play believe use follow
listen glare frown grin scoff roll hug kick drop pick jump climb crawl whisper shout scream yell cry
breathe blink swallow pause chuckle giggle sob gasp groan moan pace rush hurry slip smirk tug place
press lift hand slam knock enter return finish manage hear`;

const PRESENT_BE = new Map<string, number>([
  ['is', 1],
  ['are', 1],
  ['am', 1],
  ["isn't", 1],
  ["aren't", 1],
  ['has', 1],
  ["hasn't", 1],
  ['have', 1],
  ["haven't", 1],
  ['does', 1],
  ["doesn't", 1],
  ['do', 0.5],
  ["don't", 1],
]);
const PAST_BE = new Map<string, number>([
  ['was', 1],
  ['were', 1],
  ["wasn't", 1],
  ["weren't", 1],
  ['had', 1],
  ["hadn't", 1],
  ['did', 1],
  ["didn't", 1],
]);

const SUBJECT_3SG = new Set([
  'he',
  'she',
  'it',
  'there',
  'this',
  'that',
  'who',
  'everyone',
  'someone',
  'nobody',
  'everything',
  'something',
  'nothing',
]);
const SUBJECT_OTHER = new Set(['i', 'you', 'we', 'they']);
// Contractions of a subject with a verb: "she's" and "I'm" read as present; "she'd" is ambiguous.
const CONTRACTED_PRESENT = new Set([
  "he's",
  "she's",
  "it's",
  "i'm",
  "you're",
  "we're",
  "they're",
  "there's",
  "that's",
  "i've",
  "you've",
  "we've",
  "they've",
]);

// Words that sit between a subject and its verb without telling the tense.
const ADVERBS = new Set([
  'never',
  'always',
  'still',
  'just',
  'only',
  'also',
  'even',
  'already',
  'then',
  'almost',
  'soon',
  'often',
  'sometimes',
  'ever',
  'merely',
  'hardly',
  'simply',
  'finally',
  'barely',
  'really',
  'actually',
  'quickly',
  'slowly',
  'suddenly',
  'immediately',
  'quietly',
  'softly',
  'gently',
  'instantly',
  'immediately',
  'once',
  'again',
  'not',
  'all',
  'both',
  'too',
  'now',
]);

// Capitalised words that begin sentences but are not subjects.
const NOT_NAMES = new Set(
  `the a an but and then when if as so or this that there here what why how who where
maybe perhaps now still yet even just after before once while because since though although with without
in on at for from to by of not no yes oh well her his their my your our its it i he she they we you
mr mrs ms miss dr sir lady lord`.split(/\s+/),
);

const NOT_VERB_S = new Set([
  'is',
  'was',
  'has',
  'does',
  'his',
  'this',
  'thus',
  'as',
  'us',
  'yes',
  'its',
  'less',
  'unless',
  'always',
  'perhaps',
  'sometimes',
  'towards',
  'besides',
  'afterwards',
  'nevertheless',
  'across',
  'whereas',
  'regardless',
  'hers',
  'theirs',
  'yours',
  'ours',
  'seriously',
  'obviously',
]);
const NOT_VERB_ED = new Set([
  'need',
  'feed',
  'bleed',
  'speed',
  'seed',
  'breed',
  'proceed',
  'succeed',
  'exceed',
  'shed',
  'bed',
  'red',
  'sled',
  'wed',
  'indeed',
  'steed',
  'greed',
  'weed',
  'heed',
  'embed',
  'hundred',
  'sacred',
  'naked',
  'wicked',
  'kindred',
  'rugged',
  'jagged',
  'ragged',
  'crooked',
  'beloved',
  'tired',
  'scared',
  'used',
  'supposed',
  'worried',
  'married',
  'excited',
  'interested',
  'surprised',
  'confused',
  'annoyed',
  'bored',
  'exhausted',
  'determined',
  'relieved',
  'dressed',
  'covered',
  'stunned',
  'prepared',
  'concerned',
  'convinced',
  'embarrassed',
  'frightened',
  'terrified',
  'shocked',
  'amazed',
  'pleased',
]);

function thirdSingular(base: string): string {
  if (/(s|sh|ch|x|z|o)$/.test(base)) return base + 'es';
  if (/[^aeiou]y$/.test(base)) return base.slice(0, -1) + 'ies';
  return base + 's';
}

const PAST_FORMS = new Set<string>();
const PRESENT_3SG = new Set<string>();
const BASES = new Set<string>();
for (const entry of IRREGULAR.split(/[|\n]/)) {
  const parts = entry.trim().split(/\s+/).filter(Boolean);
  if (parts.length < 2) continue;
  const base = parts[0]!;
  const past = parts[parts.length - 1]!;
  const third = parts.length === 3 ? parts[1]! : thirdSingular(base);
  BASES.add(base);
  PRESENT_3SG.add(third);
  PAST_FORMS.add(past);
}
for (const base of REGULAR.split(/\s+/).filter(Boolean)) {
  BASES.add(base);
  PRESENT_3SG.add(thirdSingular(base));
}

type Verdict = { tense: Tense; weight: number } | null;

/** The tense a verb form shows after a subject, or null when the form does not tell. */
function classify(word: string, thirdPerson: boolean): Verdict {
  const be = PRESENT_BE.get(word);
  if (be !== undefined) return { tense: 'present', weight: be };
  const was = PAST_BE.get(word);
  if (was !== undefined) return { tense: 'past', weight: was };
  if (PAST_FORMS.has(word)) return { tense: 'past', weight: 1 };
  if (word.length > 3 && word.endsWith('ed') && !NOT_VERB_ED.has(word)) return { tense: 'past', weight: 1 };
  if (thirdPerson) {
    if (PRESENT_3SG.has(word)) return { tense: 'present', weight: 1 };
    // Unknown words in -s after a third-person subject are verbs far more often than not.
    if (
      word.length > 3 &&
      word.endsWith('s') &&
      !word.endsWith('ss') &&
      !word.endsWith("'s") &&
      !NOT_VERB_S.has(word) &&
      !word.endsWith('ous') &&
      !word.endsWith('ly')
    ) {
      return { tense: 'present', weight: 0.7 };
    }
  } else if (BASES.has(word)) {
    return { tense: 'present', weight: 1 };
  }
  return null;
}

function isName(tok: Token): boolean {
  const c = tok.text.charCodeAt(0);
  return c >= 65 && c <= 90 && tok.text.length > 1 && !NOT_NAMES.has(tok.lower) && !/^[A-Z]+$/.test(tok.text);
}

export function detectTense(text: string): TenseGuess {
  const plain = narration(text);
  const tokens = tokenize(plain);
  let past = 0;
  let present = 0;
  const spans: { ev: Evidence; weight: number; tense: Tense }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const w = t.lower;
    if (CONTRACTED_PRESENT.has(w)) {
      present += 0.5;
      continue;
    }
    const third = SUBJECT_3SG.has(w) || (isName(t) && !SUBJECT_OTHER.has(w));
    if (!third && !SUBJECT_OTHER.has(w)) continue;
    // Skip adverbs ("she slowly turns"), staying within the clause.
    let j = i + 1;
    while (j < tokens.length && j - i <= 3 && (ADVERBS.has(tokens[j]!.lower) || tokens[j]!.lower.endsWith('ly'))) j++;
    const v = tokens[j];
    // Only spaces (and an adverb's commas) may separate subject and verb: no sentence or line end.
    if (!v || /[^ \t,]/.test(plain.slice(t.end, v.start).replace(/[\p{L}\p{N}'’-]+/gu, ''))) continue;
    const verdict = classify(v.lower, third);
    if (!verdict) continue;
    if (verdict.tense === 'past') past += verdict.weight;
    else present += verdict.weight;
    if (spans.length < 400)
      spans.push({ ev: { quote: '', start: t.start, end: v.end }, weight: verdict.weight, tense: verdict.tense });
  }
  const total = past + present;
  if (total === 0) return { tense: 'past', confidence: 0, counts: { past, present }, evidence: [] };
  const tense: Tense = present > past ? 'present' : 'past';
  const share = Math.max(past, present) / total;
  const confidence = clamp01((share - 0.5) * 2 * Math.min(1, total / 20));
  const chosen = spans
    .filter((s) => s.tense === tense)
    .slice(0, 12)
    .map((s) => ({ ev: quoteAround(text, s.ev.start, s.ev.end), weight: s.weight }));
  return { tense, confidence, counts: { past, present }, evidence: pickEvidence(chosen, 3) };
}

// Other languages: past and present by marker words and, for the past, verb endings (Spanish
// and Italian imperfect and preterite, French imparfait and passé simple, German Präteritum of
// common verbs). Counted in the narration only, like the English rules.
const OTHER: Record<string, { past: Set<string>; pastEndings: string[]; present: Set<string> }> = {
  es: {
    past: set('fue fueron era eran estaba estaban había habían hizo dijo tuvo vio puso pudo quiso supo vino llegó'),
    pastEndings: ['aba', 'aban', 'ía', 'ían', 'aron', 'ieron', 'ió', 'ó'],
    present: set('es son está están hay tiene tienen hace hacen dice dicen va van puede pueden sabe quiere viene'),
  },
  fr: {
    past: set('fut furent était étaient avait avaient eut fit dit prit mit vint put sut alla'),
    pastEndings: ['ait', 'aient', 'èrent'],
    present: set(
      'est sont a ont fait font va vont peut veut sait voit prend met vient tient doit reste semble habite travaille frappe',
    ),
  },
  it: {
    past: set('fu furono era erano aveva avevano ebbe fece disse stava'),
    pastEndings: ['ava', 'avano', 'eva', 'evano', 'iva', 'ivano', 'arono', 'erono', 'irono', 'ò'],
    present: set('è sono ha hanno fa fanno va vanno può vuole sa dice sta stanno'),
  },
  pt: {
    past: set('foi foram era eram estava estavam tinha tinham fez disse teve viu pôs pôde'),
    pastEndings: ['ava', 'avam', 'aram', 'eram', 'iram'],
    present: set('é são está estão tem têm faz fazem vai vão pode sabe quer diz'),
  },
  de: {
    past: set(
      'war waren hatte hatten wurde wurden sagte sagten ging gingen kam kamen sah stand saß lag gab nahm fand wusste konnte musste wollte sollte ließ hielt lief blieb dachte brachte fragte machte',
    ),
    pastEndings: [],
    present: set(
      'ist sind hat haben wird werden sagt geht gehen kommt kommen sieht steht sitzt liegt gibt nimmt findet weiß kann muss will soll lässt hält läuft bleibt denkt bringt fragt macht',
    ),
  },
};

function set(list: string): Set<string> {
  return new Set(list.split(' '));
}

/** Tense of a text in `language` (ISO 639-1): English rules for English, marker tables for a few others. */
export function detectTenseIn(text: string, language: string): TenseGuess {
  if (language === 'en') return detectTense(text);
  const table = OTHER[language];
  if (!table) return { tense: 'past', confidence: 0, counts: { past: 0, present: 0 }, evidence: [] };
  const tokens = tokenize(narration(text));
  let past = 0;
  let present = 0;
  const spans: { ev: Evidence; weight: number; tense: Tense }[] = [];
  for (const t of tokens) {
    const w = t.lower;
    let verdict: Tense | null = null;
    if (table.past.has(w)) verdict = 'past';
    else if (table.present.has(w)) verdict = 'present';
    else if (w.length > 4 && table.pastEndings.some((e) => w.endsWith(e))) verdict = 'past';
    if (!verdict) continue;
    if (verdict === 'past') past++;
    else present++;
    if (spans.length < 200) spans.push({ ev: { quote: '', start: t.start, end: t.end }, weight: 1, tense: verdict });
  }
  if (past + present === 0) return { tense: 'past', confidence: 0, counts: { past, present }, evidence: [] };
  // Endings over-count the past (nouns in -ía, -ait), so the present needs less to win.
  const tense: Tense = present * 1.5 > past ? 'present' : 'past';
  const share = tense === 'present' ? (present * 1.5) / (present * 1.5 + past) : past / (present * 1.5 + past);
  const confidence = clamp01((share - 0.5) * 2 * Math.min(1, (past + present) / 20) * 0.8);
  const chosen = spans
    .filter((x) => x.tense === tense)
    .slice(0, 9)
    .map((x) => ({ ev: quoteAround(text, x.ev.start, x.ev.end), weight: 1 }));
  return { tense, confidence, counts: { past, present }, evidence: pickEvidence(chosen, 3) };
}
