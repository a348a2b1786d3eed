// Who is in a story. findPeople() reads the names a text uses and groups them into people, with
// the evidence for each; resolveCharacters() names them after the canon once the fandoms are known.
//
// The method, for English fiction (no tagger: DESIGN.md measured none fast enough that tags names):
//  1. dialogue.ts cuts the text into tokens, marking sentence starts and dialogue.
//  2. Runs of capitalised words, with a title before them or not, are name candidates. A capital at
//     a sentence start proves nothing, so such a word needs support: it is not a common word, it is
//     never written in lower case in this text, or it is capitalised elsewhere mid-sentence.
//  3. Forms are grouped into people: "Sir Walter Elliot", "Walter" and "Elliot" join when only one
//     person fits; a title's gender keeps "Mr. Bennet" apart from "Mrs. Bennet".
//  4. Each person is scored: titles, lines of dialogue, verbs after the name, possessed body parts
//     and given-name or canon lexicons speak for a person; "in X", "the X", place words against.
// Everything is one pass over the tokens plus work per distinct name, so a novel takes milliseconds.

import type { CanonFandom, CanonIndex } from './canon-types.ts';
import type { CharacterProposal, Evidence, PersonMention } from './types.ts';
import * as dialogue from './dialogue.ts';
import type { NameSpan, Tokens } from './dialogue.ts';
import * as lexicon from './names.ts';
import type { Gender, TitleInfo } from './names.ts';

// Bound once: under tsx an imported binding is read through a getter at every use, which shows
// in the per-token loops.
const { findAttributions, tokenize, CAP, LOW, LINE, PARA, PUNCT, QUOTE_CLOSE, QUOTE_OPEN, WORD } = dialogue;
const {
  AT_PERSON_VERBS,
  AUX_VERBS,
  CALENDAR,
  COMMON_WORDS,
  DEMONYMS,
  PERSON_NOUNS,
  PLACE_PREFIXES,
  GIVEN_NAME_GENDER,
  INTRODUCERS,
  IRREGULAR_PASTS,
  KNOWN_PLACES,
  LOWER_TITLES,
  MOTION_VERBS,
  NAME_PARTICLES,
  NEVER_NAMES,
  NOT_VERBS,
  PERSONAL_NOUNS,
  PLACE_HEADS,
  PLACE_PREPOSITIONS,
  NICKNAMES,
  PRONOUN_GENDER,
  SPEECH_VERBS,
  TITLES,
  foldKey,
  titleCase,
} = lexicon;

/** One occurrence of a name in the text. */
interface Mention {
  /** First token, title included. */
  first: number;
  /** First token of the name proper. */
  nameFirst: number;
  /** Token after the name (after the possessive word, if any). */
  next: number;
  words: string[];
  /** Folded words joined by spaces: the key that groups forms. */
  key: string;
  title: TitleInfo | null;
  /** The title as written, without its full stop ("Madame", "Mr", "Detective Inspector"). */
  titleText: string;
  /** Canonical displays of every title before the name. */
  titleKeys: string[];
  /** The run ends in a place word ("Charlotte Temple", "Mystic Falls"): a person only if the word is a surname here. */
  placeHead: boolean;
  start: number;
  end: number;
  /** The capital proves nothing: sentence start or capitals throughout, and no title. */
  untrusted: boolean;
  inQuote: boolean;
  possessive: boolean;
  /** Index of the form this mention belongs to. */
  form: number;
}

/** Every mention sharing one title and one run of words ("Mr. Bennet"). */
interface Form {
  title: TitleInfo | null;
  titleText: string;
  titleKeys: string[];
  words: string[];
  key: string;
  mentions: number[];
  /** Votes for the person's gender: title, given-name lexicon, pronouns after the name. */
  male: number;
  female: number;
}

const HAS_LOWER = /\p{Ll}/u;
const SUFFIX = /^(.+?)(['’](?:s|ll|d|ve|re|m))$/iu;
const COMMON_ENDING = /(?:ly|ing|ness|ment|tion|sion|ful|less|ous|ive|able|ible|wards?|ed|ism|ity)$/;
const ROMAN = /^[IVXLC]+$/;
/** Descriptive compounds before a name: "Australian-born Joan", "Fifteen-year-old Jo". */
const COMPOUND = /-(?:born|bred|year|years|old|like|looking|haired|eyed|faced|minded|hearted|law)\b/;

// ---------------------------------------------------------------------------------------------
// 1-2. Candidates

interface Scan {
  tok: Tokens;
  mentions: Mention[];
  /** Token index -> mention starting there (title included), or -1. */
  mentionAt: Int32Array;
  lower: Map<string, number>;
  capMid: Map<string, number>;
  /** First words of runs that end in a place word ("Mystic" of "Mystic Falls"). */
  placeWords: Set<string>;
  /** The language capitalises nouns (German): capitals are no evidence. */
  nounCaps: boolean;
}

function isCapWord(tok: Tokens, i: number): boolean {
  return i < tok.count && tok.kind[i] === WORD && tok.letterCase[i] === CAP;
}

function isTitleAt(tok: Tokens, i: number): number {
  // returns the token index after the title (and its full stop), or -1
  const t = tok.text[i]!;
  const key = foldKey(t);
  const info = TITLES.get(key) ?? (t === 'M' ? TITLES.get('monsieur') : undefined);
  if (!info) return -1;
  let k = i + 1;
  if (k < tok.count && tok.text[k] === '.') k++;
  else if (t === 'M') return -1;
  if (!isCapWord(tok, k)) return -1;
  const nextKey = foldKey(stripSuffix(tok.text[k]!)[0]);
  if (NEVER_NAMES.has(nextKey) && !TITLES.has(nextKey)) return -1;
  return k;
}

function stripSuffix(word: string): [string, string] {
  if (!word.includes("'") && !word.includes('’')) return [word, ''];
  const m = SUFFIX.exec(word);
  return m ? [m[1]!, m[2]!.slice(1).toLowerCase()] : [word, ''];
}

function scanCandidates(text: string, tok: Tokens): Scan {
  const n = tok.count;
  // One pass for the statistics the decisions below need: how often each word is written in lower
  // case, and how often capitalised in mid-sentence, so that the first "Will" of a story is judged
  // by all the others ("lets Will kneel", "says Will"). German capitalises every noun: there a
  // capital says little, and only titles, dialogue, lexicons and the canon find people (measured:
  // English fiction stays under 11% of mid-sentence words capitalised, German runs near 24%).
  const lower = new Map<string, number>();
  const capMid = new Map<string, number>();
  let midWords = 0,
    midCaps = 0;
  for (let i = 0; i < n; i++) {
    if (tok.kind[i] !== WORD) continue;
    const c = tok.letterCase[i];
    if (c === LOW) {
      const k = tok.text[i]!.toLowerCase();
      lower.set(k, (lower.get(k) ?? 0) + 1);
    }
    if (tok.sentStart[i] === 1) continue;
    midWords++;
    if (c !== CAP) continue;
    midCaps++;
    const t = tok.text[i]!;
    if (!HAS_LOWER.test(t)) continue;
    const key = foldKey(stripSuffix(t)[0]);
    capMid.set(key, (capMid.get(key) ?? 0) + 1);
  }
  const nounCaps = midWords > 50 && midCaps / midWords > 0.17;
  const mentions: Mention[] = [];
  const mentionAt = new Int32Array(n).fill(-1);
  const placeWords = new Set<string>();

  let i = 0;
  while (i < n) {
    const lowerTitle = tok.letterCase[i] === LOW && LOWER_TITLES.has(tok.text[i]!) && isCapWord(tok, i + 1);
    if (!isCapWord(tok, i) && !lowerTitle) {
      i++;
      continue;
    }
    let title: TitleInfo | null = null;
    const titleKeys: string[] = [];
    let k = lowerTitle ? i + 1 : isTitleAt(tok, i);
    if (k >= 0) {
      // "Detective Inspector Margaret Hale", "Lord High Chancellor": every title counts, the
      // gendered one (or else the last) speaks for the bearer
      let t = i;
      for (;;) {
        const info = TITLES.get(foldKey(tok.text[t]!)) ?? TITLES.get('monsieur')!;
        titleKeys.push(info.display);
        if (!title || info.gender || !title.gender) title = info.gender || !title ? info : title;
        const after = isTitleAt(tok, k);
        if (after < 0) break;
        t = k;
        k = after;
      }
    } else k = i;
    const nameFirst = k;
    const words: string[] = [];
    const wordTok: number[] = [];
    let possessive = false;
    let j = k;
    while (j < n && words.length < 6) {
      const t = tok.text[j]!;
      if (tok.kind[j] !== WORD) break;
      // A title inside the run starts a new name ("Then Mr. Bennet"): stop before it.
      if (j > nameFirst && isTitleAt(tok, j) >= 0) break;
      if (tok.letterCase[j] === CAP) {
        // initials and "St.": "J. R. Smith", "St. Aubert"
        if ((t.length === 1 || t === 'St') && tok.text[j + 1] === '.' && isCapWord(tok, j + 2)) {
          words.push(t + '.');
          wordTok.push(j);
          j += 2;
          continue;
        }
        const [stem, suffix] = stripSuffix(t);
        const key = foldKey(stem);
        if (NEVER_NAMES.has(key) || (ROMAN.test(stem) && stem.length <= 4 && words.length > 0)) break;
        words.push(stem);
        wordTok.push(j);
        j++;
        if (suffix) {
          possessive = suffix === 's';
          break;
        }
        continue;
      }
      if (!nounCaps && NAME_PARTICLES.has(t) && words.length > 0 && isCapWord(tok, j + 1)) {
        words.push(t);
        wordTok.push(j);
        j++;
        continue;
      }
      break;
    }
    // Drop leading words that are only capitalised because they start the sentence ("Then Klaus").
    let drop = 0;
    if (!title) {
      while (drop < words.length - 1) {
        const w = words[drop]!;
        const key = foldKey(w);
        const wt = wordTok[drop]!;
        const untrusted = tok.sentStart[wt] === 1 || !HAS_LOWER.test(w);
        if (COMMON_WORDS.has(key) && untrusted && (capMid.get(key) ?? 0) < 2) drop++;
        else if (untrusted && drop < words.length - 1 && (COMMON_ENDING.test(key) || (lower.get(key) ?? 0) > 0)) drop++;
        else if (drop < words.length - 1 && COMPOUND.test(key)) drop++;
        else break;
      }
    }
    if (drop >= words.length || words.length === 0) {
      i = Math.max(j, i + 1);
      continue;
    }
    const nameWords = words.slice(drop).map(titleCase);
    const firstTok = title ? i : wordTok[drop]!;
    const realFirst = wordTok[drop]!;
    const lastTok = wordTok[wordTok.length - 1]!;
    // Places and institutions: "Mystic Falls", "Netherfield Park", "the Colonial Office".
    const lastKey = foldKey(nameWords[nameWords.length - 1]!);
    const placeHead =
      !title && nameWords.length >= 2 && (PLACE_HEADS.has(lastKey) || PLACE_PREFIXES.has(foldKey(nameWords[0]!)));
    const allCaps = nameWords.length > 0 && words.slice(drop).every((w) => !HAS_LOWER.test(w));
    const untrusted = !title && (tok.sentStart[realFirst] === 1 || allCaps);
    const lastText = tok.text[lastTok]!;
    const [lastStem] = stripSuffix(lastText);
    const start = tok.start[firstTok]!;
    const end =
      tok.start[lastTok]! +
      (nameWords.length && words[words.length - 1]!.endsWith('.') ? lastText.length + 1 : lastStem.length);
    const m: Mention = {
      first: firstTok,
      nameFirst: realFirst,
      next: j,
      words: nameWords,
      key: nameWords.map(foldKey).join(' '),
      title,
      titleText: title
        ? tok.text
            .slice(i, nameFirst)
            .filter((x) => x !== '.')
            .map(titleCase)
            .join(' ')
        : '',
      titleKeys,
      placeHead,
      start,
      end,
      untrusted,
      inQuote: tok.inQuote[realFirst] === 1,
      possessive,
      form: -1,
    };
    mentionAt[firstTok] = mentions.length;
    mentions.push(m);
    i = Math.max(j, i + 1);
  }
  // A run ending in a place word is a place unless that word is someone's surname ("Mr. Temple").
  const titledWords = new Set(mentions.filter((m) => m.title && m.words.length === 1).map((m) => m.key));
  const kept: Mention[] = [];
  mentionAt.fill(-1);
  for (const m of mentions) {
    if (m.placeHead && !titledWords.has(foldKey(m.words[m.words.length - 1]!))) {
      const prefixed = PLACE_PREFIXES.has(foldKey(m.words[0]!));
      placeWords.add(foldKey(m.words[prefixed ? m.words.length - 1 : 0]!));
      continue;
    }
    mentionAt[m.first] = kept.length;
    kept.push(m);
  }
  void text;
  return { tok, mentions: kept, mentionAt, lower, capMid, placeWords, nounCaps };
}

/** Can a single untitled word be a name here, judging by how the text writes it? */
function wordIsNamey(scan: Scan, word: string, untrusted: boolean, canon: CanonIndex | null): boolean {
  const key = foldKey(word);
  if (NEVER_NAMES.has(key)) return false;
  const mid = scan.capMid.get(key) ?? 0;
  const low = scan.lower.get(key) ?? 0;
  const known = GIVEN_NAME_GENDER.has(key) || (canon?.charactersByAlias.has(key) ?? false);
  // "Will", "Hope", "Grace": names only where a capital means something, and used so elsewhere
  if (COMMON_WORDS.has(key)) return !untrusted && (mid >= 2 || (mid >= 1 && low === 0));
  if (!untrusted) return mid >= 2 || low <= mid * 2 || known;
  if (mid >= 1) return low <= mid * 3 || known;
  if (known) return low === 0;
  if (low > 0 || COMMON_ENDING.test(key) || key.length < 2) return false;
  // A sentence-initial plural whose singular the text writes in lower case: "Tears", "Hours".
  if (key.endsWith('s') && ((scan.lower.get(key.slice(0, -1)) ?? 0) > 0 || (scan.lower.get(key.slice(0, -2)) ?? 0) > 0))
    return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// 3. Forms and people

class UnionFind {
  parent: Int32Array;
  constructor(
    n: number,
    private readonly merge?: (into: number, from: number) => void,
  ) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(a: number): number {
    let r = a;
    while (this.parent[r] !== r) r = this.parent[r]!;
    while (this.parent[a] !== r) {
      const nx = this.parent[a]!;
      this.parent[a] = r;
      a = nx;
    }
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a),
      rb = this.find(b);
    if (ra === rb) return;
    const into = Math.min(ra, rb),
      from = Math.max(ra, rb);
    this.parent[from] = into;
    this.merge?.(into, from);
  }
}

function titleGenderOf(t: TitleInfo | null): 'male' | 'female' | null {
  return t ? t.gender : null;
}

interface ClusterInfo {
  gender: Gender;
  married: boolean;
  unmarried: boolean;
}

function genderFromVotes(male: number, female: number): Gender {
  if (male >= 0.8 && male >= female * 2) return 'male';
  if (female >= 0.8 && female >= male * 2) return 'female';
  return 'unknown';
}

function compatible(a: ClusterInfo, t: TitleInfo | null, wordGender: Gender): boolean {
  const g = titleGenderOf(t) ?? (wordGender === 'unknown' ? null : wordGender);
  if (g && a.gender !== 'unknown' && a.gender !== g) return false;
  if (t?.marital === 'married' && a.unmarried) return false;
  if (t?.marital === 'unmarried' && a.married) return false;
  return true;
}

function groupForms(scan: Scan, keep: boolean[]): { forms: Form[] } {
  const forms: Form[] = [];
  const byKey = new Map<string, number>();
  scan.mentions.forEach((m, idx) => {
    if (!keep[idx]) return;
    const fk = (m.title?.display ?? '') + '|' + m.key;
    let f = byKey.get(fk);
    if (f === undefined) {
      f = forms.length;
      byKey.set(fk, f);
      forms.push({
        title: m.title,
        titleText: m.titleText,
        titleKeys: m.titleKeys,
        words: m.words,
        key: m.key,
        mentions: [],
        male: 0,
        female: 0,
      });
    }
    m.form = f;
    forms[f]!.mentions.push(idx);
  });
  return { forms };
}

function addGenderVotes(scan: Scan, forms: Form[]): void {
  const { tok, mentions, mentionAt } = scan;
  for (const f of forms) {
    const tg = titleGenderOf(f.title);
    if (tg === 'male') f.male += 3 * f.mentions.length;
    if (tg === 'female') f.female += 3 * f.mentions.length;
    const given = GIVEN_NAME_GENDER.get(foldKey(f.words[0]!));
    if (
      given &&
      (f.words.length > 1 ||
        !f.title ||
        f.title.gender === null ||
        f.title.display === 'Miss' ||
        f.title.display === 'Lady' ||
        f.title.display === 'Sir')
    ) {
      if (given === 'male') f.male += 2;
      else f.female += 2;
    }
  }
  // "Her name is Sheila", "his name was Danny"
  for (const m of mentions) {
    if (m.form < 0 || m.first < 3) continue;
    const w1 = tok.text[m.first - 1]!.toLowerCase(),
      w2 = tok.text[m.first - 2]!.toLowerCase(),
      w3 = tok.text[m.first - 3]!.toLowerCase();
    if ((w1 === 'is' || w1 === 'was') && w2 === 'name' && (w3 === 'her' || w3 === 'his')) {
      if (w3 === 'her') forms[m.form]!.female += 2;
      else forms[m.form]!.male += 2;
    }
  }
  // The first pronoun after a name in narration usually refers back to it, except an object
  // ("Caroline held onto him"): objects are skipped, and a pronoun in the next sentence counts less.
  for (const m of mentions) {
    if (m.form < 0 || m.inQuote) continue;
    const subjectLike = tok.sentStart[m.first] === 1 || isVerbAt(tok, m.next);
    const weight = subjectLike ? 1 : 0.5;
    let crossed = false;
    for (let t = m.next, steps = 0; t < tok.count && steps < 16; t++, steps++) {
      const kind = tok.kind[t];
      if (kind === PARA || tok.quote[t] !== 0 || mentionAt[t]! >= 0) break;
      if (kind !== WORD) {
        const c = tok.text[t]!;
        if (c === '.' || c === '!' || c === '?') {
          if (crossed) break;
          crossed = true;
        }
        continue;
      }
      const w = tok.text[t]!.toLowerCase();
      const p = PRONOUN_GENDER.get(w);
      if (!p) continue;
      if (w === 'him') continue;
      if (w === 'her' && !possessiveHer(tok, t + 1)) continue;
      const f = forms[m.form]!;
      const v = p[1] * weight * (crossed ? 0.6 : 1);
      if (p[0] === 'male') f.male += v;
      else f.female += v;
      break;
    }
  }
}

/** "her hair" (possessive, like "his") rather than "kissed her" (object, like "him"). */
function possessiveHer(tok: Tokens, next: number): boolean {
  if (next >= tok.count || tok.kind[next] !== WORD) return false;
  const w = tok.text[next]!;
  return tok.letterCase[next] === LOW && !OBJECT_FOLLOWERS.has(w);
}

const OBJECT_FOLLOWERS = new Set(
  (
    'and or but to in on at with as for from up down back again close closer tight ' +
    'tighter away off out over into onto by that than if when while so too very gently softly slowly ' +
    'a an the this some one'
  ).split(' '),
);

function isVerbAt(tok: Tokens, i: number): boolean {
  if (i >= tok.count || tok.kind[i] !== WORD) return false;
  let t = tok.text[i]!;
  if (tok.letterCase[i] !== LOW) return false;
  if (t.endsWith('ly') && i + 1 < tok.count && tok.kind[i + 1] === WORD) t = tok.text[i + 1]!;
  const w = t.toLowerCase();
  if (SPEECH_VERBS.has(w) || IRREGULAR_PASTS.has(w) || AUX_VERBS.has(w)) return true;
  if (NOT_VERBS.has(w)) return false;
  // "Fives dragging Tup back": a participle after a name is an action too
  return /(?:ed|[^su]s|[^n]ing)$/.test(w) || /n't$/.test(w);
}

const DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'his',
  'her',
  'their',
  'its',
  'no',
  'some',
  'one',
  'two',
  'that',
  'this',
]);

/** An action on the page: a verb that is not only "was"/"had" ("Kol was stabbed" is not). */
function isActionAt(tok: Tokens, i: number): boolean {
  if (i >= tok.count || tok.kind[i] !== WORD) return false;
  let t = tok.text[i]!.toLowerCase();
  if (tok.letterCase[i] !== LOW) return false;
  if (t.endsWith('ly') && i + 1 < tok.count && tok.kind[i + 1] === WORD) {
    i++;
    t = tok.text[i]!.toLowerCase();
  }
  if (/n't$/.test(t)) {
    // "Caroline didn't answer" acts on the page; "Oliver had promised" and "would" do not
    let v = i + 1;
    if (v < tok.count && (tok.text[v] === 'never' || tok.text[v] === 'not' || tok.text[v] === 'just')) v++;
    const nx = v < tok.count && tok.kind[v] === WORD ? tok.text[v]!.toLowerCase() : '';
    return nx !== '' && nx !== 'been' && nx !== 'be' && !NOT_VERBS.has(nx) && /^\p{Ll}/u.test(nx);
  }
  if (AUX_VERBS.has(t)) {
    const nx = i + 1 < tok.count && tok.kind[i + 1] === WORD ? tok.text[i + 1]!.toLowerCase() : '';
    // "Klaus is smiling"; "Sarah had the good sense" (had as a verb, not "had promised")
    return ((t === 'was' || t === 'is') && nx.endsWith('ing')) || ((t === 'had' || t === 'has') && DETERMINERS.has(nx));
  }
  if (SPEECH_VERBS.has(t) || IRREGULAR_PASTS.has(t)) return true;
  if (NOT_VERBS.has(t) || t === 'being' || t === 'having') return false;
  return /(?:ed|[^su]s|[^n]ing)$/.test(t);
}

function clusterForms(forms: Form[]): number[] {
  // Gender votes and marital titles summed per person as forms join, so that asking costs nothing.
  const n = forms.length;
  const male = Float64Array.from(forms, (f) => f.male);
  const female = Float64Array.from(forms, (f) => f.female);
  const married = Uint8Array.from(forms, (f) => (f.title?.marital === 'married' ? 1 : 0));
  const unmarried = Uint8Array.from(forms, (f) => (f.title?.marital === 'unmarried' ? 1 : 0));
  const uf = new UnionFind(n, (into, from) => {
    male[into]! += male[from]!;
    female[into]! += female[from]!;
    married[into] = married[into]! | married[from]!;
    unmarried[into] = unmarried[into]! | unmarried[from]!;
  });
  const info = (root: number): ClusterInfo => ({
    gender: genderFromVotes(male[root]!, female[root]!),
    married: married[root] === 1,
    unmarried: unmarried[root] === 1,
  });
  const order = forms
    .map((_, i) => i)
    .sort(
      (a, b) =>
        forms[b]!.words.length - forms[a]!.words.length ||
        forms[b]!.mentions.length - forms[a]!.mentions.length ||
        a - b,
    );
  const multi = order.filter((f) => forms[f]!.words.length >= 2);
  const single = order.filter((f) => forms[f]!.words.length === 1);

  // Same words with different titles ("Walter Elliot", "Sir Walter Elliot") are one person unless
  // the titles disagree on gender.
  const byWords = new Map<string, number[]>();
  for (const f of order) {
    const list = byWords.get(forms[f]!.key) ?? [];
    list.push(f);
    byWords.set(forms[f]!.key, list);
  }
  for (const f of multi) {
    const same = byWords.get(forms[f]!.key)!;
    for (const g of same) {
      if (g === f) continue;
      const gf = titleGenderOf(forms[f]!.title) ?? genderFromVotes(forms[f]!.male, forms[f]!.female);
      const gg = titleGenderOf(forms[g]!.title) ?? genderFromVotes(forms[g]!.male, forms[g]!.female);
      if (gf !== 'unknown' && gg !== 'unknown' && gf !== gg) continue;
      uf.union(f, g);
    }
  }
  // A shorter multi-word run inside exactly one longer one ("Jacob Astor" in "John Jacob Astor").
  const containersOf = new Map<string, number[]>();
  for (const g of multi) {
    const ws = forms[g]!.key.split(' ');
    const runs = new Set<string>();
    for (let a = 0; a < ws.length; a++) {
      for (let b = a + 2; b <= ws.length; b++) if (b - a < ws.length) runs.add(ws.slice(a, b).join(' '));
    }
    for (const r of runs) containersOf.set(r, [...(containersOf.get(r) ?? []), g]);
  }
  for (const f of multi) {
    const containers = containersOf.get(forms[f]!.key) ?? [];
    const roots = new Set(containers.map((g) => uf.find(g)));
    if (roots.size === 1) uf.union(f, containers[0]!);
  }
  // Multi-word people by given name and by surname.
  const byGiven = new Map<string, Set<number>>();
  const bySurname = new Map<string, Set<number>>();
  for (const f of multi) {
    const ws = forms[f]!.key.split(' ');
    const root = uf.find(f);
    addTo(byGiven, ws[0]!, root);
    addTo(bySurname, ws[ws.length - 1]!, root);
  }
  // "Miss Ashdown" before "Mrs. Ashdown": when both are named, the full name with a given name is
  // more often the daughter's, and the married title then stays with the mother.
  const maritalOrder = (f: number): number => (forms[f]!.title?.marital === 'unmarried' ? 0 : 1);
  const singleTitled = single.filter((f) => forms[f]!.title).sort((a, b) => maritalOrder(a) - maritalOrder(b));
  const singleBare = single.filter((f) => !forms[f]!.title);
  const attach = (f: number, candidates: number[]): boolean => {
    const roots = [...new Set(candidates.map((r) => uf.find(r)))];
    if (roots.length !== 1) return false;
    uf.union(f, roots[0]!);
    return true;
  };
  // "Mr. Elliot", "Sir Walter", "Lady Bridget": join the one multi-word person they fit.
  for (const f of singleTitled) {
    const form = forms[f]!;
    const wg = GIVEN_NAME_GENDER.get(form.key) ?? 'unknown';
    const cands = [...(byGiven.get(form.key) ?? []), ...(bySurname.get(form.key) ?? [])].filter((r) =>
      compatible(info(uf.find(r)), form.title, wg),
    );
    if (attach(f, cands)) continue;
    // prefer the one whose gender is known to fit ("Mrs. McChesney" is Emma, not her son Jock)
    const tg = titleGenderOf(form.title);
    if (tg)
      attach(
        f,
        cands.filter((r) => info(uf.find(r)).gender === tg),
      );
  }
  // Titled single words with each other: "Dr. Mortimer" and "Mr. Mortimer", never "Mr." with "Mrs.".
  const titledByWord = new Map<string, number[]>();
  for (const f of singleTitled) {
    const list = titledByWord.get(forms[f]!.key) ?? [];
    list.push(f);
    titledByWord.set(forms[f]!.key, list);
  }
  for (const list of titledByWord.values()) {
    if (list.length < 2) continue;
    const genders = new Set(list.map((f) => titleGenderOf(forms[f]!.title)).filter((g) => g !== null));
    const maritals = new Set(list.map((f) => forms[f]!.title!.marital).filter((g) => g !== undefined));
    if (genders.size <= 1 && maritals.size <= 1) for (const f of list) uf.union(list[0]!, f);
    else {
      // join neutral titles to gendered ones only when the pronouns settle which
      for (const f of list) {
        if (titleGenderOf(forms[f]!.title) !== null) continue;
        const g = genderFromVotes(forms[f]!.male, forms[f]!.female);
        if (g === 'unknown') continue;
        const same = list.filter((h) => titleGenderOf(forms[h]!.title) === g);
        if (new Set(same.map((h) => uf.find(h))).size === 1) uf.union(f, same[0]!);
      }
    }
  }
  // Bare single words: the one person with that given name or surname; when several share it, a
  // bare surname is usually the man ("Bennet" is Mr. Bennet), a given name follows the lexicon.
  for (const f of singleBare) {
    const form = forms[f]!;
    const given = [...(byGiven.get(form.key) ?? [])];
    const surname = [...(bySurname.get(form.key) ?? [])];
    const titled = titledByWord.get(form.key) ?? [];
    if (attach(f, [...given, ...surname, ...titled])) continue;
    const lexGender = GIVEN_NAME_GENDER.get(form.key);
    if (lexGender) {
      if (attach(f, given)) continue;
      attach(
        f,
        [...given, ...titled].filter((r) => info(uf.find(r)).gender === lexGender),
      );
    } else {
      attach(
        f,
        [...surname, ...titled].filter((r) => info(uf.find(r)).gender === 'male'),
      );
    }
  }
  // A title used alone ("the Judge", "the Doctor") is the one person who bears it, if only one does.
  for (const f of singleBare) {
    const t = TITLES.get(forms[f]!.key);
    if (!t) continue;
    attach(
      f,
      forms.map((_, g) => g).filter((g) => g !== f && forms[g]!.titleKeys.includes(t.display)),
    );
  }
  // Diminutives: "Lizzy" and "Elizabeth" (or "Elizabeth Bennet") when each side has one person.
  const rootsByGiven = new Map<string, Set<number>>();
  for (let f = 0; f < forms.length; f++) addTo(rootsByGiven, forms[f]!.key.split(' ')[0]!, uf.find(f));
  const claims = new Map<number, number[]>();
  for (const f of singleBare) {
    const fulls = NICKNAMES.get(forms[f]!.key);
    if (!fulls) continue;
    const targets = new Set(fulls.flatMap((full) => [...(rootsByGiven.get(full) ?? [])]).map((r) => uf.find(r)));
    targets.delete(uf.find(f));
    if (targets.size !== 1) continue;
    const target = [...targets][0]!;
    claims.set(target, [...(claims.get(target) ?? []), uf.find(f)]);
  }
  for (const [target, nickRoots] of claims) {
    const distinct = [...new Set(nickRoots)];
    if (distinct.length === 1) uf.union(target, distinct[0]!);
  }
  return forms.map((_, i) => uf.find(i));
}

function addTo(map: Map<string, Set<number>>, key: string, v: number): void {
  let s = map.get(key);
  if (!s) {
    s = new Set();
    map.set(key, s);
  }
  s.add(v);
}

// ---------------------------------------------------------------------------------------------
// 4. Scoring people

interface Person {
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

const PERSON_THRESHOLD = 2;

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

function scorePeople(scan: Scan, forms: Form[], roots: number[], canon: CanonIndex | null, text: string): Person[] {
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
  void PUNCT;
  void LINE;
  void QUOTE_CLOSE;
  return [...people.values()];
}

// ---------------------------------------------------------------------------------------------
// API

function formName(f: Form): string {
  if (!f.title) return f.words.join(' ');
  const abbreviated = ABBREVIATED_TITLES.has(f.titleText.toLowerCase()) && !f.titleText.includes(' ');
  return f.titleText + (abbreviated ? '. ' : ' ') + f.words.join(' ');
}

/** Titles written with a full stop in American usage; British "Mr Verloc" keeps none (we add it). */
const ABBREVIATED_TITLES = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'st',
  'mme',
  'mlle',
  'prof',
  'rev',
  'capt',
  'col',
  'gen',
  'lt',
  'sgt',
  'cpl',
  'det',
  'fr',
  'm',
]);

interface CanonMatch {
  candidates: PersonMention['candidates'];
  /** The canon's gender for the person when every close candidate agrees. */
  gender: Gender;
}

function canonMatch(p: Person, forms: Form[], canon: CanonIndex | null): CanonMatch {
  if (!canon) return { candidates: [], gender: 'unknown' };
  const best = new Map<string, { fandom: string; character: string; score: number; gender: string }>();
  for (const f of p.forms) {
    const form = forms[f]!;
    // "Klaus", and with its title as the canon may list it ("Aunt Jenna", "Mr. Saltzman")
    const lookups = new Set([form.key, form.words.join(' ').toLowerCase(), 'the ' + form.key]);
    if (form.title) lookups.add(formName(form).toLowerCase());
    for (const key of lookups) {
      const hits = canon.charactersByAlias.get(key);
      if (!hits || hits.length === 0) continue;
      const distinct = new Set(hits.map((h) => h.character.name));
      // Within one fandom a shared name ("Salvatore", "Midoriya") leans to the character the canon
      // lists first: canon files list the main cast first.
      const firstInFandom = new Map<CanonFandom, number>();
      for (const h of hits) {
        const at = h.fandom.characters.indexOf(h.character);
        firstInFandom.set(h.fandom, Math.min(firstInFandom.get(h.fandom) ?? Infinity, at));
      }
      for (const h of hits) {
        const full = foldKey(h.character.name) === foldKey(key);
        const lead = h.fandom.characters.indexOf(h.character) === firstInFandom.get(h.fandom);
        let score = full ? 1 : distinct.size === 1 ? 0.8 : lead ? 0.5 : 0.45;
        // "Her name is Sheila": a person the story has to introduce, known only by a first name,
        // is more likely the writer's own than the canon's minor namesake.
        if (p.intro && !full) score = 0.4;
        const id = h.fandom.name + '\u0000' + h.character.name;
        const prev = best.get(id);
        if (!prev || prev.score < score)
          best.set(id, { fandom: h.fandom.name, character: h.character.name, score, gender: h.character.gender });
      }
    }
  }
  const sorted = [...best.values()].sort(
    (a, b) => b.score - a.score || a.fandom.localeCompare(b.fandom) || a.character.localeCompare(b.character),
  );
  const close = sorted.filter((c) => c.score >= 0.8);
  const genders = new Set(close.map((c) => c.gender));
  const only = genders.size === 1 ? [...genders][0] : undefined;
  return {
    candidates: sorted.map(({ fandom, character, score }) => ({ fandom, character, score })),
    gender: only === 'male' || only === 'female' ? only : 'unknown',
  };
}

/**
 * The named people of a story, most mentioned first. Pure and deterministic. `canon` (when given)
 * adds canon candidates and lets canon names count as evidence of a person.
 */
export function findPeople(text: string, canon: CanonIndex | null): PersonMention[] {
  return detect(text, canon)
    .filter((p) => p.score >= PERSON_THRESHOLD)
    .map(({ score, why, ...rest }) => {
      void score;
      void why;
      return rest;
    });
}

/** Every name cluster with its person score, kept or not: for tuning and `--explain` output. */
export function explainPeople(
  text: string,
  canon: CanonIndex | null,
): (PersonMention & { score: number; why: string })[] {
  return detect(text, canon);
}

function detect(text: string, canon: CanonIndex | null): (PersonMention & { score: number; why: string })[] {
  const tok = tokenize(text);
  const scan = scanCandidates(text, tok);
  const keep = scan.mentions.map((m) => {
    if (m.title) return true;
    if (m.words.length >= 2) return !m.untrusted || m.words.slice(1).some((w) => HAS_LOWER.test(w));
    return wordIsNamey(scan, m.words[0]!, m.untrusted, canon);
  });
  const { forms } = groupForms(scan, keep);
  addGenderVotes(scan, forms);
  const roots = clusterForms(forms);
  const people = scorePeople(scan, forms, roots, canon, text);

  const out = people.map((p): PersonMention & { _order: number; score: number; why: string } => {
    // The fullest form names the person: most words, then a title, then most used. In a long text
    // a form used once may be a slip of the source ("at Houndsley Fred Vincy"), so there the
    // fullest form used twice wins.
    const byFullness = [...p.forms].sort(
      (a, b) =>
        forms[b]!.words.length - forms[a]!.words.length ||
        (forms[b]!.title ? 1 : 0) - (forms[a]!.title ? 1 : 0) ||
        forms[b]!.mentions.length - forms[a]!.mentions.length ||
        a - b,
    );
    const repeated = p.mentions.length >= 20 ? byFullness.find((f) => forms[f]!.mentions.length >= 2) : undefined;
    const name = formName(forms[repeated ?? byFullness[0]!]!);
    const aliases = [...new Set(byFullness.map((f) => formName(forms[f]!)))].filter((a) => a !== name);
    const evidence: Evidence[] = [];
    const seen = new Set<string>();
    for (const e of [...p.evidence].sort((a, b) => b.priority - a.priority || a.start - b.start)) {
      if (evidence.length >= 3) break;
      const k = `${e.start}:${e.end}`;
      if (seen.has(k)) continue;
      seen.add(k);
      evidence.push({ quote: text.slice(e.start, e.end), start: e.start, end: e.end });
    }
    const match = canonMatch(p, forms, canon);
    // spoken to is as good as present ("Anakin, hold the line!")
    const onPage = p.speaks > 0 || p.intro || p.actions >= 1 || p.vocative >= 1;
    return {
      name,
      aliases,
      mentions: p.mentions.length,
      speaks: p.speaks,
      // the text's pronouns and titles first (a genderbent story keeps them), then the canon's
      gender: p.gender !== 'unknown' ? p.gender : match.gender,
      onPage,
      evidence,
      candidates: match.candidates,
      score: Math.round(p.score * 100) / 100,
      why: p.why,
      _order: p.mentions[0]!,
    };
  });
  out.sort((a, b) => b.mentions - a.mentions || a._order - b._order);
  return out.map(({ _order, ...rest }) => {
    void _order;
    return rest;
  });
}

/**
 * People named after the canon of the chosen fandoms (canonical names, best first). A person whose
 * best candidate in those fandoms is one character takes that character's name; people who share
 * a character are merged; others keep the text's name with `canonical: null`. People named once,
 * who never speak and match no canon character, are dropped as noise.
 */
export function resolveCharacters(people: PersonMention[], fandoms: string[]): CharacterProposal[] {
  const rank = new Map(fandoms.map((f, i) => [f, i]));
  const options = people.map((p) =>
    p.candidates
      .filter((c) => rank.has(c.fandom) && c.score >= MIN_CANDIDATE)
      .sort((a, b) => b.score - a.score || rank.get(a.fandom)! - rank.get(b.fandom)!),
  );
  // 1. A best candidate no other character ties.
  const choice = options.map((opts) => {
    const top = opts[0];
    if (!top) return null;
    return opts.some((c) => c.character !== top.character && c.score >= top.score) ? null : top;
  });
  // 2. A name shared by several ("General Skywalker") goes to the one of them the story has.
  const present = new Set(choice.flatMap((c) => (c ? [c.character] : [])));
  options.forEach((opts, i) => {
    if (choice[i] || !opts.length) return;
    const tied = opts.filter((c) => c.score >= opts[0]!.score);
    const here = [...new Set(tied.map((c) => c.character).filter((c) => present.has(c)))];
    if (here.length === 1) choice[i] = tied.find((c) => c.character === here[0])!;
  });

  const byCharacter = new Map<string, CharacterProposal>();
  const out: CharacterProposal[] = [];
  people.forEach((p, i) => {
    const match = choice[i];
    if (!match && p.mentions < 2 && p.speaks === 0) return;
    const confidence = Math.min(
      0.98,
      0.25 +
        Math.min(p.mentions, 8) * 0.06 +
        (p.speaks > 0 ? 0.15 : 0) +
        (p.onPage ? 0.05 : 0) +
        (match ? 0.2 * match.score : 0),
    );
    const proposal: CharacterProposal = {
      name: match ? match.character : p.name,
      aliases: match ? [p.name, ...p.aliases].filter((a) => a !== match.character) : [...p.aliases],
      mentions: p.mentions,
      speaks: p.speaks,
      canonical: match ? match.fandom : null,
      gender: p.gender,
      onPage: p.onPage,
      confidence: round2(confidence),
      evidence: [...p.evidence],
    };
    if (match) {
      const prev = byCharacter.get(match.character);
      if (prev) {
        prev.mentions += p.mentions;
        prev.speaks += p.speaks;
        prev.onPage ||= p.onPage;
        prev.aliases = [...new Set([...prev.aliases, ...proposal.aliases])];
        prev.evidence = [...prev.evidence, ...proposal.evidence].slice(0, 3);
        prev.confidence = Math.max(prev.confidence, proposal.confidence);
        if (prev.gender === 'unknown') prev.gender = proposal.gender;
        return;
      }
      byCharacter.set(match.character, proposal);
    }
    out.push(proposal);
  });
  out.sort((a, b) => b.mentions - a.mentions || a.name.localeCompare(b.name));
  return out;
}

/** Below this a candidate is not taken: shared names of minor characters, introduced originals. */
const MIN_CANDIDATE = 0.45;

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * AO3's tags for the original characters of a fan work: "Original Female Character(s)" and
 * "Original Male Character(s)", for non-canon people who are on the page, named at least twice and
 * of clear gender. In original fiction every character is original, so nothing is tagged: when
 * `fandoms` is given and empty, or when no character was matched to a canon.
 */
export function originalCharacterTags(chars: CharacterProposal[], fandoms?: readonly string[]): string[] {
  if (fandoms ? fandoms.length === 0 : !chars.some((c) => c.canonical !== null)) return [];
  const tags = new Set<string>();
  for (const c of chars) {
    if (c.canonical !== null || !c.onPage || c.mentions < 2) continue;
    if (c.gender === 'female') tags.add('Original Female Character(s)');
    if (c.gender === 'male') tags.add('Original Male Character(s)');
  }
  return ['Original Female Character(s)', 'Original Male Character(s)'].filter((t) => tags.has(t));
}

/**
 * AO3's "Original Female Character(s)" / "Original Male Character(s)" as character entries of
 * their own, each gathering the on-page people of that gender no canon knows (their names as
 * aliases). Reported beside those people, and only in fan works, as originalCharacterTags says.
 */
export function originalCharacterEntries(chars: CharacterProposal[], fandoms: readonly string[]): CharacterProposal[] {
  return originalCharacterTags(chars, fandoms).map((tag) => {
    const gender = tag.startsWith('Original Female') ? 'female' : 'male';
    const people = chars.filter((c) => c.canonical === null && c.onPage && c.gender === gender && c.mentions >= 2);
    return {
      name: tag,
      aliases: people.flatMap((p) => [p.name, ...p.aliases]),
      mentions: people.reduce((n, p) => n + p.mentions, 0),
      speaks: people.reduce((n, p) => n + p.speaks, 0),
      canonical: null,
      gender,
      onPage: true,
      confidence: Math.max(...people.map((p) => p.confidence)),
      evidence: people.flatMap((p) => p.evidence).slice(0, 3),
    };
  });
}
