// Step 4 of finding people (characters.ts): each cluster of forms is scored as a person. Titles,
// lines of dialogue, verbs after the name, possessed body parts and lexicons speak for a person;
// "in X", "the X" and place words against (the words around a mention are read in
// mention-context.ts).

import type { CanonIndex } from './canon-types.ts';
import * as dialogue from './dialogue.ts';
import type { NameSpan, Tokens } from './dialogue.ts';
import * as lexicon from './names.ts';
import type { Gender } from './names.ts';
import { isActionAt, isVerbAt, type Mention, type Scan } from './character-scan.ts';
import { type Form, genderFromVotes } from './character-forms.ts';
import { speakerLabels } from './speaker-labels.ts';
import { BODY_PARTS, isVocative, placeCue, seenAt, wordBefore } from './mention-context.ts';

// Bound once: under tsx an imported binding is read through a getter at every use, which shows
// in the per-token loops.
const { findAttributions, CAP, WORD } = dialogue;
const {
  CALENDAR,
  COMMON_WORDS,
  DEMONYMS,
  PERSON_NOUNS,
  GIVEN_NAME_GENDER,
  INTRODUCERS,
  KNOWN_PLACES,
  PERSONAL_NOUNS,
  PLACE_HEADS,
  TITLES,
  foldKey,
} = lexicon;

export interface Person {
  forms: number[];
  mentions: number[];
  score: number;
  speaks: number;
  actions: number;
  narrative: number;
  intro: boolean;
  vocative: number;
  gender: Gender;
  evidence: { priority: number; start: number; end: number }[];
  why: string;
}

export const PERSON_THRESHOLD = 2;

/** Keeps the first few spans of each kind: only the best three are shown, in text order. */
function addEvidence(p: Person, priority: number, start: number, end: number): void {
  let same = 0;
  for (const e of p.evidence) if (e.priority === priority) same++;
  if (same < 3) p.evidence.push({ priority, start, end });
}

/** "Angel's Share", "Zeus's Fist": a possessive before a capitalised word names a place or a thing. */
function mentionStartsAt(scan: Scan, t: number): boolean {
  return t < scan.mentionAt.length && scan.mentionAt[t]! >= 0 && !TITLES.has(foldKey(scan.tok.text[t]!));
}

/** The token after a name where its verb would be, past a list of names: "Steve and Nancy run". */
function verbAfter(scan: Scan, m: Mention): number {
  let t = m.next;
  for (let hops = 0; hops < 4; hops++) {
    const joint = t < scan.tok.count ? scan.tok.text[t]! : '';
    if (joint !== 'and' && joint !== ',') return t;
    const other = scan.mentionAt[t + 1] ?? -1;
    if (other < 0) return t;
    t = scan.mentions[other]!.next;
  }
  return t;
}

/** "when Tyler bit her", "if Stefan came": an action remembered or supposed, not on the page. */
const SUBORDINATORS = new Set([
  'when',
  'after',
  'before',
  'since',
  'once',
  'until',
  'till',
  'if',
  'unless',
  'whenever',
  'because',
  'though',
  'although',
  'that',
  'whether',
]);

/** The last token of up to `words` words from `i` before any punctuation (i - 1 when none). */
function clauseEnd(tok: Tokens, i: number, words: number): number {
  let last = i - 1;
  for (let k = i, n = 0; k < tok.count && n < words; k++, n++) {
    if (tok.kind[k] !== WORD || mentionFree(tok, k) === false) break;
    last = k;
  }
  return last;
}

function mentionFree(tok: Tokens, k: number): boolean {
  return tok.letterCase[k] !== CAP;
}

/** ", a boy of seven", ", Emperor of the Moguls", ", her cousin": an appositive that names a person. */
function appositivePerson(tok: Tokens, i: number): boolean {
  if (i >= tok.count || tok.text[i] !== ',') return false;
  for (let k = i + 1, steps = 0; k < tok.count && steps < 4; k++, steps++) {
    if (tok.kind[k] !== WORD) return false;
    const w = tok.text[k]!.toLowerCase();
    if (PERSON_NOUNS.has(w) || TITLES.has(w)) return true;
    if (steps === 0 && tok.letterCase[k] === CAP) return false; // ", Stefan or Damon": a list
  }
  return false;
}

/** What a person's mentions say for and against a person, counted over all of them. */
interface Tally {
  title: number;
  attrib: number;
  verbs: number;
  poss: number;
  mid: number;
  neg: number;
  intro: number;
  voc: number;
  appos: number;
  withP: number;
}

/** What a person's names say: lexicons, places, the canon. */
interface NameSignals {
  lexicon: number;
  place: number;
  canonHit: number;
  role: number;
  initialsOnly: number;
  commonOnly: number;
  multiword: number;
}

type Attribution = { strong: boolean; verb: number };

export function scorePeople(
  scan: Scan,
  forms: Form[],
  roots: number[],
  canon: CanonIndex | null,
  text: string,
): Person[] {
  const people = gatherPeople(forms, roots);
  const said = attributeDialogue(scan);
  const labels = speakerLabels(text, scan.mentions);
  for (const p of people.values()) {
    p.mentions.sort((a, b) => a - b);
    const t = tallyMentions(scan, p, said, labels, canon);
    const s = nameSignals(scan, p, forms, canon);
    p.why = `appos=${t.appos} with=${t.withP} role=${s.role} title=${t.title} attrib=${t.attrib} verbs=${t.verbs} poss=${t.poss} voc=${t.voc} intro=${t.intro} mid=${t.mid} lex=${s.lexicon} canon=${s.canonHit} multi=${s.multiword} neg=${t.neg} place=${s.place}`;
    p.intro = t.intro > 0;
    p.vocative = t.voc;
    p.score = personScore(t, s, scan.nounCaps);
    let male = 0,
      female = 0;
    for (const f of p.forms) {
      male += forms[f]!.male;
      female += forms[f]!.female;
    }
    p.gender = genderFromVotes(male, female);
  }
  scoreCoordination(scan, people);
  return [...people.values()];
}

/** One person per root form, with the forms and mentions that are theirs. */
function gatherPeople(forms: Form[], roots: number[]): Map<number, Person> {
  const people = new Map<number, Person>();
  forms.forEach((_, f) => {
    const r = roots[f]!;
    let p = people.get(r);
    if (!p) {
      p = {
        forms: [],
        mentions: [],
        score: 0,
        speaks: 0,
        actions: 0,
        narrative: 0,
        intro: false,
        vocative: 0,
        gender: 'unknown',
        evidence: [],
        why: '',
      };
      people.set(r, p);
    }
    p.forms.push(f);
    p.mentions.push(...forms[f]!.mentions);
  });
  return people;
}

/** Dialogue attribution over the kept mentions: mention index -> its strongest speech verb. */
function attributeDialogue(scan: Scan): Map<number, Attribution> {
  const { tok, mentions } = scan;
  const spans: NameSpan[] = [];
  const spanAt = new Int32Array(tok.count).fill(-1);
  const spanMention: number[] = [];
  mentions.forEach((m, idx) => {
    if (m.form < 0) return;
    spanAt[m.first] = spans.length;
    spans.push({ first: m.first, next: m.next });
    spanMention.push(idx);
  });
  const said = new Map<number, Attribution>();
  for (const a of findAttributions(tok, spans, spanAt)) {
    const idx = spanMention[a.span]!;
    const prev = said.get(idx);
    if (!prev || (a.strong && !prev.strong)) said.set(idx, { strong: a.strong, verb: a.verb });
  }
  return said;
}

/** Counts each mention's evidence into a tally, and records the person's speech, actions and evidence spans. */
function tallyMentions(
  scan: Scan,
  p: Person,
  said: Map<number, Attribution>,
  labels: Set<number>,
  canon: CanonIndex | null,
): Tally {
  const { tok, mentions } = scan;
  const t: Tally = { title: 0, attrib: 0, verbs: 0, poss: 0, mid: 0, neg: 0, intro: 0, voc: 0, appos: 0, withP: 0 };
  for (const idx of p.mentions) {
    const m = mentions[idx]!;
    // "Kenta-kun", "Daisuke-sensei": an honorific, like a title, is said of people
    if (m.title || m.honorific) t.title++;
    if (!m.untrusted) t.mid++;
    if (!m.inQuote) p.narrative++;
    const a = said.get(idx);
    if (labels.has(idx)) {
      // A chat or script line: the label is the speaker, however the line reads, and one line
      // is as sure as a "said" with a title.
      t.attrib += 2;
      p.speaks++;
      addEvidence(p, 3, m.start, tok.end[clauseEnd(tok, m.next, 6)]!);
    } else if (a) {
      t.attrib += a.strong ? 1 : 0.5;
      p.speaks++;
      const vs = tok.start[a.verb]!,
        ve = tok.end[a.verb]!;
      addEvidence(p, 3, Math.min(vs, m.start), Math.max(ve, m.end));
    } else if (!m.possessive) {
      // the verb counts as evidence of a person only right after the name; past a list of names
      // ("Steve and Nancy and Robin are running") it still puts each of them on the page
      if (isVerbAt(tok, m.next)) t.verbs++;
      const v = verbAfter(scan, m);
      if (!m.inQuote && isActionAt(tok, v) && !SUBORDINATORS.has(wordBefore(tok, m.first))) {
        p.actions++;
        addEvidence(p, 2, m.start, tok.end[clauseEnd(tok, m.next, 3)]!);
      }
    }
    if (m.possessive) {
      const nx = m.next < tok.count && tok.kind[m.next] === WORD ? tok.text[m.next]!.toLowerCase() : '';
      // "Lincoln's Inn", "St. Mary's Church" name places
      if (tok.letterCase[m.next] === CAP && !mentionStartsAt(scan, m.next)) t.neg += PLACE_HEADS.has(nx) ? 2 : 1.5;
      else {
        t.poss += PERSONAL_NOUNS.has(nx) ? 1 : 0.5;
        // "Sasuke's eyes narrowed": a part of someone moving in the narration puts them there
        if (!m.inQuote && BODY_PARTS.has(nx) && isActionAt(tok, m.next + 1) && !p.actions) {
          p.actions++;
          addEvidence(p, 2, m.start, tok.end[clauseEnd(tok, m.next, 3)]!);
        }
      }
    }
    // "Naruto hugged Sasuke", "she glared at Derek": touched or looked at in the narration is there
    if (!m.inQuote && !p.actions && seenAt(tok, m.first)) p.actions++;
    if (!m.inQuote && appositivePerson(tok, m.next)) t.appos++;
    if (isVocative(tok, m)) t.voc++;
    // Introductions: "her name is Sheila", "a man named Danny".
    const w1 = wordBefore(tok, m.first),
      w2 = wordBefore(tok, m.first - 1),
      w3 = m.first >= 2 ? wordBefore(tok, m.first - 2) : '';
    if (INTRODUCERS.has(w1) || ((w1 === 'is' || w1 === 'was') && w2 === 'name')) {
      t.intro++;
      const from = m.first - (INTRODUCERS.has(w1) ? 1 : 3);
      addEvidence(p, 1, tok.start[Math.max(0, from)]!, m.end);
    }
    if (!m.title && !m.possessive) {
      if (w1 === 'with') t.withP++;
      else t.neg += placeCue(scan, m, w1, w2, w3, canon);
    }
    if (m.title) addEvidence(p, 1, m.start, m.end);
    const tail = clauseEnd(tok, m.next, 3);
    addEvidence(p, 0, m.start, tail >= m.next ? tok.end[tail]! : m.end);
  }
  return t;
}

function nameSignals(scan: Scan, p: Person, forms: Form[], canon: CanonIndex | null): NameSignals {
  const keys = new Set(p.forms.map((f) => forms[f]!.key));
  const singleWords = [...keys].flatMap((k) => k.split(' '));
  let lexicon = 0,
    place = 0,
    canonHit = 0,
    role = 0;
  for (const k of singleWords) {
    if (GIVEN_NAME_GENDER.has(k)) lexicon = Math.max(lexicon, 1);
    if (KNOWN_PLACES.has(k) || scan.placeWords.has(k)) place = 1;
    if (DEMONYMS.has(k)) place = 1;
    if (CALENDAR.has(k)) place = 1.5;
  }
  // "the Row", "the Hall" named alone; "M. R. C. S." (letters after a name) is no one
  if ([...keys].every((k) => PLACE_HEADS.has(k))) place = Math.max(place, 1);
  const initialsOnly = p.forms.every((f) => forms[f]!.words.every((w) => /^\p{Lu}\.?$/u.test(w))) ? 1 : 0;
  // named only by common words ("Time", "Hope"): capitals alone do not make these people
  const commonOnly = [...keys].every((k) => COMMON_WORDS.has(k)) ? 1 : 0;
  for (const f of p.forms) {
    const fm = forms[f]!;
    if (fm.words.length >= 2 && GIVEN_NAME_GENDER.has(foldKey(fm.words[0]!))) lexicon = 1.3;
  }
  // a title alone ("the Judge") that fits no one titled so: a role, not a name
  if (p.forms.every((f) => !forms[f]!.title && forms[f]!.words.length === 1 && TITLES.has(forms[f]!.key))) role = 1;
  if (canon)
    for (const k of keys) if (canon.charactersByAlias.has(k) || canon.charactersByAlias.has('the ' + k)) canonHit = 1;
  if (canonHit) role = 0; // "the Doctor" is a name in Doctor Who
  const multiword = p.forms.some((f) => forms[f]!.words.length >= 2 && !forms[f]!.title) ? 1 : 0;
  return { lexicon, place, canonHit, role, initialsOnly, commonOnly, multiword };
}

/** The weighted sum of the evidence; capitals count for nothing where every noun has one. */
function personScore(t: Tally, s: NameSignals, nounCaps: boolean): number {
  const capWeight = nounCaps ? 0 : 1;
  let score =
    Math.min(t.title, 2) * 2 +
    Math.min(t.attrib, 3) * 1.5 +
    Math.min(t.verbs, 4) * 0.6 * capWeight +
    Math.min(t.poss, 2) +
    Math.min(t.voc, 2) * 0.8 +
    t.intro * 2 +
    Math.min(t.mid, 4) * 0.5 * capWeight +
    s.lexicon * 1.2 +
    s.canonHit * 2 +
    s.multiword * 1.2 * capWeight +
    Math.min(t.appos, 2) * 1.5 +
    Math.min(t.withP, 2) * 0.5 -
    t.neg -
    s.place * 3 -
    s.role * 3 -
    s.commonOnly * 1.5 -
    s.initialsOnly * 10;
  // a cluster named only at sentence starts and never doing anything is doubtful
  if (t.mid === 0 && t.title === 0 && t.attrib === 0 && t.verbs === 0 && !s.canonHit) score -= 1;
  return score;
}

/** Names listed together are alike: "Toots and Ysabel", "Bonnie, Stefan or Damon", "Paris and Rome". */
function scoreCoordination(scan: Scan, people: Map<number, Person>): void {
  const { tok, mentions, mentionAt } = scan;
  const personOf = new Map<number, Person>();
  for (const p of people.values()) for (const idx of p.mentions) personOf.set(idx, p);
  const base = new Map([...people.values()].map((p) => [p, p.score]));
  const links = new Map<Person, Map<Person, boolean>>();
  for (const [idx, p] of personOf) {
    const m = mentions[idx]!;
    const joint = m.next < tok.count ? tok.text[m.next]! : '';
    if (joint !== 'and' && joint !== 'or' && joint !== 'nor' && joint !== ',' && joint !== '&') continue;
    if (joint === '&') {
      p.score -= 1;
      continue;
    } // "Kirby & John's": a firm
    const other = mentionAt[m.next + 1]!;
    const q = other >= 0 ? personOf.get(other) : undefined;
    if (!q || q === p) continue;
    // after a comma the next name may be an appositive ("Aurungzebe, Emperor of the Moguls"): it
    // can vouch for a person but not against one
    const strong = joint !== ',';
    if (!links.has(p)) links.set(p, new Map());
    if (!links.has(q)) links.set(q, new Map());
    links.get(p)!.set(q, strong || (links.get(p)!.get(q) ?? false));
    links.get(q)!.set(p, strong || (links.get(q)!.get(p) ?? false));
  }
  for (const [p, partners] of links) {
    let bonus = 0;
    for (const [q, strong] of partners) {
      const b = base.get(q)!;
      if (b >= PERSON_THRESHOLD) bonus += 0.8;
      else if (b <= -2 && strong) bonus -= 0.8;
    }
    p.score += Math.max(-1.6, Math.min(1.6, bonus));
    p.why += ` coord=${bonus.toFixed(1)}`;
  }
}
