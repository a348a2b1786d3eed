// Steps 1-2 of finding people (characters.ts): runs of capitalised words become name mentions, and
// the statistics that judge a capital (lower-case and mid-sentence uses) are counted once. Also the
// verb tests the later steps ask of the word after a name.

import type { CanonIndex } from './canon-types.ts';
import * as dialogue from './dialogue.ts';
import type { Tokens } from './dialogue.ts';
import * as lexicon from './names.ts';
import type { TitleInfo } from './names.ts';

// Bound once: under tsx an imported binding is read through a getter at every use, which shows
// in the per-token loops.
const { CAP, LINE, LOW, PARA, WORD } = dialogue;
const {
  AUX_VERBS,
  COMMON_WORDS,
  GROUP_HEADS,
  GROUP_PREFIXES,
  PLACE_PREFIXES,
  GIVEN_NAME_GENDER,
  HONORIFIC_SUFFIXES,
  IRREGULAR_PASTS,
  LOWER_TITLES,
  NAME_PARTICLES,
  NEVER_NAMES,
  NOT_VERBS,
  PLACE_HEADS,
  SPEECH_VERBS,
  TITLES,
  foldKey,
  titleCase,
} = lexicon;

/** One occurrence of a name in the text. */
export interface Mention {
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
  /** A word of the name carried an honorific suffix ("Kenta-kun"): only people are addressed so. */
  honorific: boolean;
  /** Index of the form this mention belongs to. */
  form: number;
}

export const HAS_LOWER = /\p{Ll}/u;
const SUFFIX = /^(.+?)(['’](?:s|ll|d|ve|re|m))$/iu;
const COMMON_ENDING = /(?:ly|ing|ness|ment|tion|sion|ful|less|ous|ive|able|ible|wards?|ed|ism|ity)$/;
const ROMAN = /^[IVXLC]+$/;
/** Descriptive compounds before a name: "Australian-born Joan", "Fifteen-year-old Jo". */
const COMPOUND = /-(?:born|bred|year|years|old|like|looking|haired|eyed|faced|minded|hearted|law)\b/;

export interface Scan {
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

export function isCapWord(tok: Tokens, i: number): boolean {
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
  if (!word.includes("'") && !word.includes('’')) return [stripHonorific(word), ''];
  const m = SUFFIX.exec(word);
  return m ? [stripHonorific(m[1]!), m[2]!.slice(1).toLowerCase()] : [stripHonorific(word), ''];
}

/** "Naruto-kun", "Arashi-san", "Wei-xiong": the name without the honorific a fan work keeps in it. */
function stripHonorific(word: string): string {
  const at = word.indexOf('-');
  if (at <= 0 || NEVER_NAMES.has(word.toLowerCase())) return word;
  return HONORIFIC_SUFFIXES.has(word.slice(at + 1).toLowerCase()) ? word.slice(0, at) : word;
}

/** How the text writes each word: the statistics that judge a capital. */
interface CaseCounts {
  lower: Map<string, number>;
  capMid: Map<string, number>;
  nounCaps: boolean;
  /** 1 for the words of a line in title case ("And The Village Keeps Her Secrets"). */
  titleLine: Uint8Array;
}

export function scanCandidates(text: string, tok: Tokens): Scan {
  const counts = countCases(tok);
  const mentions: Mention[] = [];
  let i = 0;
  while (i < tok.count) {
    const read = readMention(tok, i, counts);
    if (read.mention) mentions.push(read.mention);
    i = read.next;
  }
  void text;
  return {
    tok,
    ...dropPlaces(mentions, tok.count),
    lower: counts.lower,
    capMid: counts.capMid,
    nounCaps: counts.nounCaps,
  };
}

function countCases(tok: Tokens): CaseCounts {
  const n = tok.count;
  // One pass for the statistics the decisions below need: how often each word is written in lower
  // case, and how often capitalised in mid-sentence, so that the first "Will" of a story is judged
  // by all the others ("lets Will kneel", "says Will"). German capitalises every noun: there a
  // capital says little, and only titles, dialogue, lexicons and the canon find people (measured:
  // English fiction stays under 11% of mid-sentence words capitalised, German runs near 24%).
  const lower = new Map<string, number>();
  const capMid = new Map<string, number>();
  const titleLine = titleCaseLines(tok);
  let midWords = 0,
    midCaps = 0;
  for (let i = 0; i < n; i++) {
    if (tok.kind[i] !== WORD || titleLine[i] === 1) continue;
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
  return { lower, capMid, nounCaps: midWords > 50 && midCaps / midWords > 0.17, titleLine };
}

/** Words from which a line in title case is told from a sentence that names people. */
const TITLE_LINE_WORDS = 4;
/** A word this short may stay in lower case in a title ("of", "the", "and", "into"). */
const TITLE_SMALL_WORD = 4;

/**
 * Lines written in title case (headings, epigraphs, refrains: "And The River Knows Her Name"),
 * where every word of some length is capitalised, function words too: there a capital says nothing of a name, and a
 * run of capitals is no full name.
 */
function titleCaseLines(tok: Tokens): Uint8Array {
  const out = new Uint8Array(tok.count);
  let from = 0,
    caps = 0,
    commonCaps = 0,
    smallLower = 0,
    longLower = 0;
  for (let i = 0; i <= tok.count; i++) {
    const k = i < tok.count ? tok.kind[i] : PARA;
    if (k === LINE || k === PARA) {
      if (caps >= TITLE_LINE_WORDS && commonCaps > 0 && longLower === 0 && smallLower * 2 <= caps) out.fill(1, from, i);
      from = i + 1;
      caps = commonCaps = smallLower = longLower = 0;
      continue;
    }
    if (k !== WORD) continue;
    if (tok.letterCase[i] === CAP) {
      caps++;
      // a capitalised function word inside a sentence ("Knows Her") is what title case does
      if (tok.sentStart[i] !== 1 && COMMON_WORDS.has(tok.text[i]!.toLowerCase())) commonCaps++;
    } else if (tok.letterCase[i] === LOW) {
      if (tok.text[i]!.length < TITLE_SMALL_WORD) smallLower++;
      else longLower++;
    }
  }
  return out;
}

/** The mention starting at token `i`, if any, and the token to look at next. */
function readMention(tok: Tokens, i: number, counts: CaseCounts): { mention: Mention | null; next: number } {
  const lowerTitle = tok.letterCase[i] === LOW && LOWER_TITLES.has(tok.text[i]!) && isCapWord(tok, i + 1);
  if (!isCapWord(tok, i) && !lowerTitle) return { mention: null, next: i + 1 };
  const { title, titleKeys, nameFirst } = readTitles(tok, i, lowerTitle);
  const inTitleLine = counts.titleLine[i] === 1;
  const {
    words,
    wordTok,
    possessive,
    honorific,
    next: j,
  } = readNameWords(tok, nameFirst, counts.nounCaps, inTitleLine ? 1 : 6);
  const drop = title ? 0 : leadingDrop(tok, words, wordTok, counts);
  if (drop >= words.length || words.length === 0) return { mention: null, next: Math.max(j, i + 1) };
  const nameWords = words.slice(drop).map(titleCase);
  const firstTok = title ? i : wordTok[drop]!;
  const realFirst = wordTok[drop]!;
  const lastTok = wordTok[wordTok.length - 1]!;
  // Places and institutions: "Mystic Falls", "Netherfield Park", "the Colonial Office".
  const lastKey = foldKey(nameWords[nameWords.length - 1]!);
  const firstKey = foldKey(nameWords[0]!);
  const placeHead = !title && nameWords.length >= 2 && (PLACE_HEADS.has(lastKey) || PLACE_PREFIXES.has(firstKey));
  // Groups and teams: "Uchiha Clan", "Team Kakashi", "Rogue Squadron" are nobody, yet their other
  // word may well be someone's name, so unlike a place's it is not marked.
  const group = !title && nameWords.length >= 2 && (GROUP_HEADS.has(lastKey) || GROUP_PREFIXES.has(firstKey));
  if (group && !placeHead) return { mention: null, next: Math.max(j, i + 1) };
  const allCaps = nameWords.length > 0 && words.slice(drop).every((w) => !HAS_LOWER.test(w));
  const untrusted = !title && (tok.sentStart[realFirst] === 1 || allCaps || inTitleLine);
  const lastText = tok.text[lastTok]!;
  const [lastStem] = stripSuffix(lastText);
  const start = tok.start[firstTok]!;
  const end =
    tok.start[lastTok]! +
    (nameWords.length && words[words.length - 1]!.endsWith('.') ? lastText.length + 1 : lastStem.length);
  const mention: Mention = {
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
    honorific,
    form: -1,
  };
  return { mention, next: Math.max(j, i + 1) };
}

/** The titles starting at `i` ("Detective Inspector"), the one that speaks for the bearer, and where the name starts. */
function readTitles(
  tok: Tokens,
  i: number,
  lowerTitle: boolean,
): { title: TitleInfo | null; titleKeys: string[]; nameFirst: number } {
  let title: TitleInfo | null = null;
  const titleKeys: string[] = [];
  let k = lowerTitle ? i + 1 : isTitleAt(tok, i);
  if (k < 0) return { title, titleKeys, nameFirst: i };
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
  return { title, titleKeys, nameFirst: k };
}

/** The run of name words from `nameFirst`: at most `most`, up to a possessive or a title. */
function readNameWords(
  tok: Tokens,
  nameFirst: number,
  nounCaps: boolean,
  most: number,
): { words: string[]; wordTok: number[]; possessive: boolean; honorific: boolean; next: number } {
  const n = tok.count;
  const words: string[] = [];
  const wordTok: number[] = [];
  let possessive = false;
  let honorific = false;
  let j = nameFirst;
  while (j < n && words.length < most) {
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
      if (stem.length < t.length - (suffix ? suffix.length + 1 : 0)) honorific = true;
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
  return { words, wordTok, possessive, honorific, next: j };
}

/** Lower-case uses from which a common word's capital, alone, says nothing of a name. */
const COMMON_LOWER_SEEN = 3;

/** How many leading words are only capitalised because they start the sentence ("Then Klaus"). */
function leadingDrop(tok: Tokens, words: string[], wordTok: number[], counts: CaseCounts): number {
  let drop = 0;
  while (drop < words.length - 1) {
    const w = words[drop]!;
    const key = foldKey(w);
    const wt = wordTok[drop]!;
    const untrusted = tok.sentStart[wt] === 1 || !HAS_LOWER.test(w);
    if (COMMON_WORDS.has(key) && untrusted && (counts.capMid.get(key) ?? 0) < 2) drop++;
    // A common word no one is named, which the text writes in lower case throughout, is not a name
    // even where a missing space hides the sentence start ("that;Would Jabber be").
    else if (
      COMMON_WORDS.has(key) &&
      !GIVEN_NAME_GENDER.has(key) &&
      (counts.lower.get(key) ?? 0) >= COMMON_LOWER_SEEN &&
      (counts.capMid.get(key) ?? 0) < 2
    )
      drop++;
    else if (untrusted && drop < words.length - 1 && (COMMON_ENDING.test(key) || (counts.lower.get(key) ?? 0) > 0))
      drop++;
    else if (drop < words.length - 1 && COMPOUND.test(key)) drop++;
    else break;
  }
  return drop;
}

/** A run ending in a place word is a place unless that word is someone's surname ("Mr. Temple"). */
function dropPlaces(
  mentions: Mention[],
  n: number,
): { mentions: Mention[]; mentionAt: Int32Array; placeWords: Set<string> } {
  const placeWords = new Set<string>();
  const titledWords = new Set(mentions.filter((m) => m.title && m.words.length === 1).map((m) => m.key));
  const kept: Mention[] = [];
  const mentionAt = new Int32Array(n).fill(-1);
  for (const m of mentions) {
    if (m.placeHead && !titledWords.has(foldKey(m.words[m.words.length - 1]!))) {
      const prefixed = PLACE_PREFIXES.has(foldKey(m.words[0]!));
      placeWords.add(foldKey(m.words[prefixed ? m.words.length - 1 : 0]!));
      continue;
    }
    mentionAt[m.first] = kept.length;
    kept.push(m);
  }
  return { mentions: kept, mentionAt, placeWords };
}

/** Can a single untitled word be a name here, judging by how the text writes it? */
export function wordIsNamey(scan: Scan, word: string, untrusted: boolean, canon: CanonIndex | null): boolean {
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

/** "her hair" (possessive, like "his") rather than "kissed her" (object, like "him"). */
export function possessiveHer(tok: Tokens, next: number): boolean {
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

export function isVerbAt(tok: Tokens, i: number): boolean {
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
export function isActionAt(tok: Tokens, i: number): boolean {
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
