// Step 4 of finding people (characters.ts): each cluster of forms is scored as a person. Titles,
// lines of dialogue, verbs after the name, possessed body parts and lexicons speak for a person;
// "in X", "the X" and place words against.

import type { CanonIndex } from './canon-types.ts';
import * as dialogue from './dialogue.ts';
import type { NameSpan, Tokens } from './dialogue.ts';
import * as lexicon from './names.ts';
import type { Gender } from './names.ts';
import { isActionAt, isVerbAt, type Mention, type Scan } from './character-scan.ts';
import { type Form, genderFromVotes } from './character-forms.ts';

// Bound once: under tsx an imported binding is read through a getter at every use, which shows
// in the per-token loops.
const { findAttributions, CAP, QUOTE_CLOSE, QUOTE_OPEN, WORD } = dialogue;
const {
  AT_PERSON_VERBS,
  CALENDAR,
  COMMON_WORDS,
  DEMONYMS,
  PERSON_NOUNS,
  GIVEN_NAME_GENDER,
  INTRODUCERS,
  KNOWN_PLACES,
  MOTION_VERBS,
  PERSONAL_NOUNS,
  PLACE_HEADS,
  PLACE_PREPOSITIONS,
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

const GERMAN_ARTICLES = new Set([
  'der',
  'die',
  'das',
  'dem',
  'den',
  'des',
  'ein',
  'eine',
  'einer',
  'einem',
  'einen',
  'eines',
  'kein',
  'keine',
]);

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

function wordBefore(tok: Tokens, i: number): string {
  const p = i - 1;
  return p >= 0 && tok.kind[p] === WORD ? tok.text[p]!.toLowerCase() : '';
}

export function scorePeople(
  scan: Scan,
  forms: Form[],
  roots: number[],
  canon: CanonIndex | null,
  text: string,
): Person[] {
  const { tok, mentions, mentionAt } = scan;
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

  // Dialogue attribution over the kept mentions.
  const spans: NameSpan[] = [];
  const spanAt = new Int32Array(tok.count).fill(-1);
  const spanMention: number[] = [];
  mentions.forEach((m, idx) => {
    if (m.form < 0) return;
    spanAt[m.first] = spans.length;
    spans.push({ first: m.first, next: m.next });
    spanMention.push(idx);
  });
  const said = new Map<number, { strong: boolean; verb: number }>();
  for (const a of findAttributions(tok, spans, spanAt)) {
    const idx = spanMention[a.span]!;
    const prev = said.get(idx);
    if (!prev || (a.strong && !prev.strong)) said.set(idx, { strong: a.strong, verb: a.verb });
  }

  for (const p of people.values()) {
    p.mentions.sort((a, b) => a - b);
    let title = 0,
      attrib = 0,
      verbs = 0,
      poss = 0,
      mid = 0,
      neg = 0,
      intro = 0,
      voc = 0,
      appos = 0,
      withP = 0;
    for (const idx of p.mentions) {
      const m = mentions[idx]!;
      if (m.title) title++;
      if (!m.untrusted) mid++;
      if (!m.inQuote) p.narrative++;
      const a = said.get(idx);
      if (a) {
        attrib += a.strong ? 1 : 0.5;
        p.speaks++;
        const vs = tok.start[a.verb]!,
          ve = tok.end[a.verb]!;
        addEvidence(p, 3, Math.min(vs, m.start), Math.max(ve, m.end));
      } else if (!m.possessive) {
        // the verb counts as evidence of a person only right after the name; past a list of names
        // ("Steve and Nancy and Robin are running") it still puts each of them on the page
        if (isVerbAt(tok, m.next)) verbs++;
        const v = verbAfter(scan, m);
        if (!m.inQuote && isActionAt(tok, v) && !SUBORDINATORS.has(wordBefore(tok, m.first))) {
          p.actions++;
          addEvidence(p, 2, m.start, tok.end[clauseEnd(tok, m.next, 3)]!);
        }
      }
      if (m.possessive) {
        const nx = m.next < tok.count && tok.kind[m.next] === WORD ? tok.text[m.next]!.toLowerCase() : '';
        // "Lincoln's Inn", "St. Mary's Church" name places
        if (tok.letterCase[m.next] === CAP && !mentionStartsAt(scan, m.next)) neg += PLACE_HEADS.has(nx) ? 2 : 1.5;
        else poss += PERSONAL_NOUNS.has(nx) ? 1 : 0.5;
      }
      if (!m.inQuote && appositivePerson(tok, m.next)) appos++;
      // Vocative: "Caroline, come here." / "There's no need, Klaus."
      if (m.inQuote) {
        const before = m.first > 0 ? tok.text[m.first - 1]! : '';
        const after = m.next < tok.count ? tok.text[m.next]! : '';
        const opens = before === ',' || tok.quote[m.first - 1] === QUOTE_OPEN || tok.sentStart[m.first] === 1;
        // a line that is only the name calls the person: "John." / "Stiles!"
        const alone = tok.quote[m.first - 1] === QUOTE_OPEN && tok.quote[m.next + 1] === QUOTE_CLOSE;
        if (
          opens &&
          /^[,.!?…;:—–-]$/.test(after) &&
          !m.possessive &&
          (alone || !(tok.sentStart[m.first] === 1 && after === '.'))
        )
          voc++;
      }
      // Introductions: "her name is Sheila", "a man named Danny".
      const w1 = wordBefore(tok, m.first),
        w2 = wordBefore(tok, m.first - 1),
        w3 = m.first >= 2 ? wordBefore(tok, m.first - 2) : '';
      if (INTRODUCERS.has(w1) || ((w1 === 'is' || w1 === 'was') && w2 === 'name')) {
        intro++;
        const from = m.first - (INTRODUCERS.has(w1) ? 1 : 3);
        addEvidence(p, 1, tok.start[Math.max(0, from)]!, m.end);
      }
      if (!m.title && !m.possessive) {
        // Places: "in Paris", "went to London", "at Netherfield", "the Thames".
        if (scan.nounCaps && GERMAN_ARTICLES.has(w1)) neg += 1.5;
        else if (w1 === 'the') neg += canon?.charactersByAlias.has('the ' + m.key) || TITLES.has(m.key) ? 0 : 1.5;
        else if (w1 === 'a' || w1 === 'an')
          neg += 1.5; // "a Hermes kid", "an Englishman"
        else if (PLACE_PREPOSITIONS.has(w1)) neg += w1 === 'from' ? 0.5 : 1.5;
        else if (w1 === 'at' && !AT_PERSON_VERBS.has(w2)) neg += 1;
        else if (w1 === 'to' && (MOTION_VERBS.has(w2) || MOTION_VERBS.has(w3))) neg += 1.5;
        else if (w1 === 'with') withP++;
        else if (
          w1 === 'of' &&
          (w2 === 'city' ||
            w2 === 'town' ||
            w2 === 'state' ||
            w2 === 'county' ||
            w2 === 'kingdom' ||
            w2 === 'island' ||
            w2 === 'streets' ||
            w2 === 'people')
        )
          neg += 1.5;
      }
      if (m.title) addEvidence(p, 1, m.start, m.end);
      const tail = clauseEnd(tok, m.next, 3);
      addEvidence(p, 0, m.start, tail >= m.next ? tok.end[tail]! : m.end);
    }
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
    p.why = `appos=${appos} with=${withP} role=${role} title=${title} attrib=${attrib} verbs=${verbs} poss=${poss} voc=${voc} intro=${intro} mid=${mid} lex=${lexicon} canon=${canonHit} multi=${multiword} neg=${neg} place=${place}`;
    p.intro = intro > 0;
    p.vocative = voc;
    const capWeight = scan.nounCaps ? 0 : 1;
    p.score =
      Math.min(title, 2) * 2 +
      Math.min(attrib, 3) * 1.5 +
      Math.min(verbs, 4) * 0.6 * capWeight +
      Math.min(poss, 2) +
      Math.min(voc, 2) * 0.8 +
      intro * 2 +
      Math.min(mid, 4) * 0.5 * capWeight +
      lexicon * 1.2 +
      canonHit * 2 +
      multiword * 1.2 * capWeight +
      Math.min(appos, 2) * 1.5 +
      Math.min(withP, 2) * 0.5 -
      neg -
      place * 3 -
      role * 3 -
      commonOnly * 1.5 -
      initialsOnly * 10;
    // a cluster named only at sentence starts and never doing anything is doubtful
    if (mid === 0 && title === 0 && attrib === 0 && verbs === 0 && !canonHit) p.score -= 1;
    let male = 0,
      female = 0;
    for (const f of p.forms) {
      male += forms[f]!.male;
      female += forms[f]!.female;
    }
    p.gender = genderFromVotes(male, female);
  }
  // Names listed together are alike: "Toots and Ysabel", "Bonnie, Stefan or Damon", "Paris and Rome".
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
  void text;
  return [...people.values()];
}
