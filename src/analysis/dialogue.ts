// One pass over a story that cuts it into tokens and marks, for each word, whether it starts a
// sentence (so its capital proves nothing) and whether it stands inside dialogue; then the
// attribution of lines of dialogue to the names around them ("...," Caroline said / said Klaus).

import * as lexicon from './names.ts';

// Bound once: under tsx an imported binding is read through a getter at every use.
const { ABBREVIATIONS, AUX_VERBS, NOT_VERBS, SPEECH_VERBS } = lexicon;

export const WORD = 0;
export const PUNCT = 1;
export const PARA = 2;
export const LINE = 3;

export const QUOTE_NONE = 0;
export const QUOTE_OPEN = 1;
export const QUOTE_CLOSE = 2;

export interface Tokens {
  count: number;
  text: string[];
  start: Int32Array;
  end: Int32Array;
  kind: Uint8Array;
  /** 1 where a word begins a sentence, a line or a quotation: there its capital proves nothing. */
  sentStart: Uint8Array;
  /** 1 for tokens inside dialogue quotation marks. */
  inQuote: Uint8Array;
  /** For punctuation: QUOTE_OPEN / QUOTE_CLOSE when it opens or closes dialogue. */
  quote: Uint8Array;
  /** For words: CAP when the first letter is upper case, LOW when lower case, else 0. */
  letterCase: Uint8Array;
}

export const CAP = 1;
export const LOW = 2;

const UPPER = /^\p{Lu}/u;
const LOWER = /^\p{Ll}/u;

function caseOf(word: string): number {
  const c = word.charCodeAt(0);
  if (c >= 65 && c <= 90) return CAP;
  if (c >= 97 && c <= 122) return LOW;
  if (c < 128) return 0;
  return UPPER.test(word) ? CAP : LOWER.test(word) ? LOW : 0;
}

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const LETTER_CHAR = /[\p{L}\p{M}]/u;
const SPACE_CHAR = /\s/u;

function isWordCode(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  return WORD_CHAR.test(text[i]!);
}

function isLetterCode(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  return LETTER_CHAR.test(text[i]!);
}

const DOUBLE_QUOTES = /["“”]/g;
const SINGLE_OPENERS = /‘|(?:^|[\s(—–-])'(?=\p{L})/gmu;

const DASH_LINES = /^[ \t]*[—―–]\s?\S/gmu;

type Marks = 'double' | 'single' | 'dash';

/**
 * Which marks a text uses for dialogue: most use double quotes (“ ”, " ", „ “, « »), some British
 * texts single ones, and Spanish, Russian or French ones often open each line with a dash.
 */
function dialogueMarks(text: string): Marks {
  const dbl = (text.match(DOUBLE_QUOTES)?.length ?? 0) + (text.match(/[«„]/g)?.length ?? 0);
  const sgl = text.match(SINGLE_OPENERS)?.length ?? 0;
  const dash = text.match(DASH_LINES)?.length ?? 0;
  if (dash >= 2 && dash * 2 > dbl) return 'dash';
  return sgl >= 4 && sgl > dbl * 2 ? 'single' : 'double';
}

const SENTENCE_END = new Set(['.', '!', '?', '…', ':', '¿', '¡']);
/** Marks that neither end a sentence nor continue it: emphasis, brackets, dashes, closing quotes. */
const TRANSPARENT = new Set(['_', '*', '(', ')', '[', ']', '—', '–', '-', '~']);
const SPACE = /\s/;

/**
 * The text as tokens, with sentence starts and dialogue marked. One long function on purpose: a
 * single pass keeps its state (position, open quotes, sentence start) in locals over typed
 * arrays, where a call per token would cost a novel's worth of calls.
 */
export function tokenize(text: string): Tokens {
  const marks = dialogueMarks(text);
  const texts: string[] = [];
  // at most one token per character
  const starts = new Int32Array(text.length + 1);
  const ends = new Int32Array(text.length + 1);
  const kinds = new Uint8Array(text.length + 1);
  const cases = new Uint8Array(text.length + 1);
  let n = 0;
  // Words keep inner apostrophes and hyphens ("O'Hara", "Klaus's", "Mig-u-ell"); a blank line is
  // a paragraph break, a single newline a line break; any other visible character is a token of its
  // own. A hand-written scan: a regular expression allocates a match per token, which a novel feels.
  const L = text.length;
  let i = 0;
  while (i < L) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      let j = i + 1;
      let para = false;
      while (j < L) {
        const d = text.charCodeAt(j);
        if (d === 10) para = true;
        else if (d !== 32 && d !== 9 && d !== 13) break;
        j++;
      }
      const stop = para ? j : i + 1;
      texts.push('\n');
      starts[n] = i;
      ends[n] = stop;
      kinds[n++] = para ? PARA : LINE;
      i = stop;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || (c >= 128 && SPACE_CHAR.test(text[i]!))) {
      i++;
      continue;
    }
    if (isWordCode(text, i)) {
      let j = i + 1;
      for (;;) {
        while (j < L && isWordCode(text, j)) j++;
        const d = text.charCodeAt(j);
        if ((d === 39 || d === 0x2019) && j + 1 < L && isLetterCode(text, j + 1)) {
          j++;
          continue;
        }
        if (d === 45 && j + 1 < L && isWordCode(text, j + 1)) {
          j++;
          continue;
        }
        break;
      }
      const t = text.slice(i, j);
      texts.push(t);
      starts[n] = i;
      ends[n] = j;
      kinds[n] = WORD;
      cases[n++] = caseOf(t);
      i = j;
      continue;
    }
    const w = c >= 0xd800 && c <= 0xdbff && i + 1 < L ? 2 : 1;
    texts.push(w === 1 ? text[i]! : text.slice(i, i + 2));
    starts[n] = i;
    ends[n] = i + w;
    kinds[n++] = PUNCT;
    i += w;
  }
  const tok: Tokens = {
    count: n,
    text: texts,
    start: starts.subarray(0, n),
    end: ends.subarray(0, n),
    kind: kinds.subarray(0, n),
    sentStart: new Uint8Array(n),
    inQuote: new Uint8Array(n),
    quote: new Uint8Array(n),
    letterCase: cases.subarray(0, n),
  };

  let atStart = true;
  let open = false;
  let lineStart = 0;
  for (let i = 0; i < n; i++) {
    const kind = tok.kind[i]!;
    const t = texts[i]!;
    if (kind === PARA) {
      atStart = true;
      open = false;
      lineStart = tok.end[i]!;
      continue;
    }
    if (kind === LINE) {
      // A short line (heading, verse) ends where it ends; a hard-wrapped prose line runs on.
      const lineLength = tok.start[i]! - lineStart;
      if (lineLength < 60) atStart = true;
      lineStart = tok.end[i]!;
      continue;
    }
    if (kind === WORD) {
      tok.sentStart[i] = atStart ? 1 : 0;
      tok.inQuote[i] = open ? 1 : 0;
      atStart = false;
      continue;
    }
    // punctuation
    const q = quoteRole(text, tok.start[i]!, t, marks, open, lineStart);
    if (q === QUOTE_OPEN) {
      tok.quote[i] = QUOTE_OPEN;
      open = true;
      atStart = true;
      continue;
    }
    if (q === QUOTE_CLOSE) {
      tok.quote[i] = QUOTE_CLOSE;
      open = false;
      continue;
    }
    tok.inQuote[i] = open ? 1 : 0;
    if (t === '.') {
      const prev = i > 0 && tok.kind[i - 1] === WORD ? texts[i - 1]! : '';
      const isAbbrev = ABBREVIATIONS.has(prev.toLowerCase()) || /^\p{Lu}$/u.test(prev);
      if (!isAbbrev) atStart = true;
    } else if (SENTENCE_END.has(t)) {
      atStart = true;
    } else if (!TRANSPARENT.has(t) && t !== "'" && t !== '’' && t !== '"') {
      atStart = false;
    }
  }
  return tok;
}

function quoteRole(text: string, at: number, t: string, marks: Marks, open: boolean, lineStart: number): number {
  if (t === '«' || t === '„') return QUOTE_OPEN;
  if (t === '»') return QUOTE_CLOSE;
  if (marks === 'dash') {
    if (t !== '—' && t !== '―' && t !== '–')
      return t === '"' || t === '“' || t === '”' ? doubleRole(t, at, open, lineStart) : QUOTE_NONE;
    const before = at > 0 ? text[at - 1]! : '\n';
    const after = at + 1 < text.length ? text[at + 1]! : ' ';
    // "—Lucía —dijo don Faustino—. No es..." : a line opens at the start of a paragraph, a spaced
    // dash before a word breaks into narration, a dash glued to narration takes the line back.
    if (at === lineStart || /[\n]/.test(before)) return QUOTE_OPEN;
    if (open) return SPACE.test(before) && /[\p{L}]/u.test(after) ? QUOTE_CLOSE : QUOTE_NONE;
    return !SPACE.test(before) && lineOpenedWithDash(text, lineStart) ? QUOTE_OPEN : QUOTE_NONE;
  }
  if (marks === 'double') return doubleRole(t, at, open, lineStart);
  if (t === '‘') return QUOTE_OPEN;
  if (t !== "'" && t !== '’') return QUOTE_NONE;
  const before = at > 0 ? text[at - 1]! : ' ';
  const after = at + 1 < text.length ? text[at + 1]! : ' ';
  if (!open) {
    return (at === lineStart || SPACE.test(before) || /[(—–-]/.test(before)) && !SPACE.test(after)
      ? QUOTE_OPEN
      : QUOTE_NONE;
  }
  // Inside a quotation a mark that is not followed by a letter closes it ("goin' home" stays open
  // only when a letter precedes and a space follows, which we cannot tell from a close: accept).
  return /\p{L}/u.test(after) ? QUOTE_NONE : QUOTE_CLOSE;
}

function doubleRole(t: string, at: number, open: boolean, lineStart: number): number {
  // “ opens in English and closes in German („so“); ” closes
  if (t === '“') return open ? QUOTE_CLOSE : QUOTE_OPEN;
  if (t === '”') return QUOTE_CLOSE;
  if (t !== '"') return QUOTE_NONE;
  if (at === lineStart) return QUOTE_OPEN;
  return open ? QUOTE_CLOSE : QUOTE_OPEN;
}

function lineOpenedWithDash(text: string, lineStart: number): boolean {
  const c = text[lineStart];
  return c === '—' || c === '―' || c === '–';
}

/** A name found by characters.ts, as dialogue attribution sees it. */
export interface NameSpan {
  /** First token of the name, title included. */
  first: number;
  /** Token after the name. */
  next: number;
}

export interface Attribution {
  /** Index into the spans given to findAttributions. */
  span: number;
  /** Token index of the speech verb (or of the verb after the name). */
  verb: number;
  /** Strong: a speech verb; weak: another verb right after a line ending in a comma or dash. */
  strong: boolean;
}

const LINE_BREAKS_BEFORE_CLOSE = new Set([',', '?', '!', '—', '–', '-', '…']);

function isLowerWord(tok: Tokens, i: number): boolean {
  return i < tok.count && tok.kind[i] === WORD && tok.letterCase[i] === LOW;
}

/**
 * Lines of dialogue attributed to names. `spanAt[t]` is the index of the name span starting at
 * token t, or -1. Recognised: `"...," Caroline said`, `"...," said Klaus`, `Klaus said, "..."`,
 * and `"...," Klaus purrs` (any verb after a line that ends on a comma, dash or question mark).
 * `"...," she asked Stefan` is not an attribution to Stefan: the speaker is "she".
 */
export function findAttributions(tok: Tokens, spans: NameSpan[], spanAt: Int32Array): Attribution[] {
  const out: Attribution[] = [];
  /** Tokens of attributions to pronouns ("she said"): their paragraphs need no action beat. */
  const pronounSaid: number[] = [];
  for (let q = 0; q < tok.count; q++) {
    const role = tok.quote[q];
    if (role === QUOTE_CLOSE) {
      const lastInside = q > 0 ? tok.text[q - 1]! : '';
      let a = q + 1;
      if (a < tok.count && tok.text[a] === ',') a++;
      if (a >= tok.count) continue;
      if (tok.kind[a] === WORD && SPEAKER_PRONOUNS.has(tok.text[a]!.toLowerCase()) && isLowerWord(tok, a + 1)) {
        pronounSaid.push(a);
        continue;
      }
      const s = spanAt[a]!;
      if (s >= 0) {
        // "...," Caroline said / "..." Caroline whispered softly / Caroline quietly said
        let v = spans[s]!.next;
        if (isLowerWord(tok, v) && /ly$/.test(tok.text[v]!) && isLowerWord(tok, v + 1)) v++;
        if (isLowerWord(tok, v)) {
          const w = tok.text[v]!.toLowerCase();
          if (SPEECH_VERBS.has(w)) out.push({ span: s, verb: v, strong: true });
          else if (
            LINE_BREAKS_BEFORE_CLOSE.has(lastInside) &&
            /(?:ed|[^su]s)$/.test(w) &&
            !AUX_VERBS.has(w) &&
            !NOT_VERBS.has(w)
          ) {
            out.push({ span: s, verb: v, strong: false });
          }
        }
        continue;
      }
      // "...," said Klaus
      if (isLowerWord(tok, a) && SPEECH_VERBS.has(tok.text[a]!.toLowerCase())) {
        const s2 = spanAt[a + 1] ?? -1;
        if (s2 >= 0) out.push({ span: s2, verb: a, strong: true });
      }
    } else if (role === QUOTE_OPEN) {
      // Klaus said, "..." / Klaus said: "..." / Klaus said softly, "..."
      let v = q - 1;
      if (v >= 0 && (tok.text[v] === ',' || tok.text[v] === ':')) v--;
      if (v >= 0 && isLowerWord(tok, v) && /ly$/.test(tok.text[v]!)) v--;
      if (v < 1 || !isLowerWord(tok, v) || !SPEECH_VERBS.has(tok.text[v]!.toLowerCase())) continue;
      // the name must end right before the verb; scan back over at most four tokens
      for (let b = v - 1; b >= Math.max(0, v - 5); b--) {
        const s = spanAt[b]!;
        if (s >= 0) {
          if (spans[s]!.next === v) out.push({ span: s, verb: v, strong: true });
          break;
        }
      }
    }
  }
  addBeats(tok, spans, spanAt, out, pronounSaid);
  return out;
}

const SPEAKER_PRONOUNS = new Set(['he', 'she', 'i', 'they', 'we', 'you', 'it']);

/**
 * Lines with no "said" at all, only an action beat in the same paragraph: `Klaus smiled. "Hello."`
 * The speaker is the subject of the sentence nearest before the line (or, when the paragraph opens
 * with the line, the first subject after it). Weak, and only for paragraphs nothing else attributes.
 */
function addBeats(tok: Tokens, spans: NameSpan[], spanAt: Int32Array, out: Attribution[], pronounSaid: number[]): void {
  const attributed = new Set<number>();
  let para = 0;
  const paraOf = new Int32Array(tok.count);
  for (let i = 0; i < tok.count; i++) {
    if (tok.kind[i] === PARA) para++;
    paraOf[i] = para;
  }
  for (const a of out) attributed.add(paraOf[a.verb]!);
  for (const t of pronounSaid) attributed.add(paraOf[t]!);
  let start = 0;
  for (let i = 0; i <= tok.count; i++) {
    if (i < tok.count && tok.kind[i] !== PARA) continue;
    const p = paraOf[start]!;
    if (!attributed.has(p)) {
      let firstQuote = -1;
      for (let k = start; k < i; k++)
        if (tok.quote[k] === QUOTE_OPEN) {
          firstQuote = k;
          break;
        }
      if (firstQuote >= 0) {
        let best = -1;
        for (let k = start; k < i; k++) {
          const s = spanAt[k]!;
          if (s < 0 || tok.inQuote[k] === 1 || tok.sentStart[k] !== 1) continue;
          const v = spans[s]!.next;
          if (!isLowerWord(tok, v)) continue;
          if (k < firstQuote) best = s;
          else {
            if (best < 0) best = s;
            break;
          }
        }
        if (best >= 0) out.push({ span: best, verb: spans[best]!.next, strong: false });
      }
    }
    start = i + 1;
  }
}
