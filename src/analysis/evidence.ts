// Shared by the signal modules: word tokens, quoted speech, lexicon scanning and the quoting of
// evidence spans. Every offset is into the string the caller passed, so that
// text.slice(e.start, e.end) === e.quote holds for every Evidence the analysis hands out.

import type { Evidence } from './types.ts';

/** Longest quote an Evidence carries; longer spans are cut around their core match. */
export const MAX_QUOTE = 120;

export interface Token {
  /** As written. */
  text: string;
  lower: string;
  /** The first STEM_KEY letters of `lower`: the lexicons' lookup key for prefix cues. */
  key: string;
  start: number;
  end: number;
}

/** Letters of a prefix cue that key its lookup; every stem must be at least this long. */
const STEM_KEY = 3;

// Letters and digits, with inner apostrophes ("don't", "Klaus's") and hyphens ("full-fledged").
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

// Small caches: analyze() hands the same strings (story and full text) to every signal, and each
// would otherwise tokenise and scan them again. Keyed by the string's value, so results stay pure.
export function memo<T>(size: number, compute: (text: string) => T): (text: string) => T {
  const entries: { text: string; value: T }[] = [];
  return (text: string): T => {
    for (const e of entries) if (e.text === text) return e.value;
    const value = compute(text);
    entries.unshift({ text, value });
    if (entries.length > size) entries.pop();
    return value;
  };
}

export const tokenize: (text: string) => Token[] = memo(3, (text) => {
  const tokens: Token[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    const word = m[0];
    const lower = word.toLowerCase();
    const norm = lower.includes('’') ? lower.replace(/’/g, "'") : lower;
    tokens.push({
      text: word,
      lower: norm,
      key: norm.length > STEM_KEY ? norm.slice(0, STEM_KEY) : norm,
      start: m.index,
      end: m.index + word.length,
    });
  }
  return tokens;
});

/** Clamp a number into [0, 1], rounded to three decimals so that output is stable across runs. */
export function clamp01(x: number): number {
  if (!Number.isFinite(x)) return 0;
  return Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
}

/** 1 - e^(-x/k): a saturating map from an open-ended score to a confidence. */
export function saturate(x: number, k: number): number {
  return x <= 0 ? 0 : 1 - Math.exp(-x / k);
}

/**
 * The evidence for a match at [start, end): the sentence around it, clipped to MAX_QUOTE
 * characters centred on the match and trimmed of surrounding whitespace.
 */
export function quoteAround(text: string, start: number, end: number, max = MAX_QUOTE): Evidence {
  let s = start;
  let e = end;
  if (e - s > max) return exact(text, s, s + max);
  // Grow to the sentence: back to the previous sentence end or line break, forward to the next.
  const floor = Math.max(0, start - max);
  while (s > floor && !/[.!?\n]/.test(text[s - 1]!)) s--;
  // A quotation mark right after the previous sentence's end closes that sentence, not opens ours.
  if (s > 0 && /[.!?]/.test(text[s - 1]!)) while (s < start && /["”’\s]/.test(text[s]!)) s++;
  // Started inside quoted speech ("...yesterday," he says): go back to the opening mark.
  const head = text.slice(s, start);
  const straight = head.split('"').length - 1;
  if (straight % 2 === 1 || head.split('”').length > head.split('“').length) {
    const open = Math.max(text.lastIndexOf(straight % 2 === 1 ? '"' : '“', s - 1), floor);
    if (open > floor && open < s) s = open;
  }
  const ceil = Math.min(text.length, end + max);
  while (e < ceil && !/[.!?\n]/.test(text[e]!)) e++;
  if (e < text.length && /[.!?]/.test(text[e]!)) e++;
  // Closing quotation marks belong to the sentence they end.
  while (e < text.length && e - s < max && /["”’]/.test(text[e]!)) e++;
  if (e - s > max) {
    const room = max - (end - start);
    const before = Math.min(start - s, Math.floor(room / 2));
    s = start - before;
    e = Math.min(e, s + max);
    s = Math.max(s, e - max);
    // Cut at word boundaries so the quote does not start or end inside a word.
    while (s < start && /\S/.test(text[s - 1] ?? ' ')) s++;
    while (e > end && /\S/.test(text[e] ?? ' ')) e--;
  }
  return exact(text, s, e);
}

/** The span itself, trimmed of whitespace at both ends. */
export function exact(text: string, start: number, end: number): Evidence {
  let s = Math.max(0, start);
  let e = Math.min(text.length, end);
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  return { quote: text.slice(s, e), start: s, end: e };
}

/**
 * Up to `n` evidence spans, strongest first, with no two overlapping; `weight` orders them and
 * ties keep text order, so the choice is deterministic.
 */
export function pickEvidence(spans: { ev: Evidence; weight: number }[], n = 3): Evidence[] {
  const order = spans
    .map((s, i) => ({ ...s, i }))
    .sort((a, b) => b.weight - a.weight || a.ev.start - b.ev.start || a.i - b.i);
  const out: Evidence[] = [];
  for (const { ev } of order) {
    if (out.length >= n) break;
    if (ev.end <= ev.start) continue;
    if (out.some((o) => ev.start < o.end && o.start < ev.end)) continue;
    out.push(ev);
  }
  return out.sort((a, b) => a.start - b.start);
}

// ---------------------------------------------------------------------------------------------
// Quoted speech

/**
 * [start, end) ranges of quoted speech, quotation marks included. Straight and curly double
 * quotes pair within a paragraph (an unclosed quote runs to the paragraph's end, the convention
 * for speech that continues into the next paragraph); curly single quotes count as speech marks
 * when they open at a word start; straight single quotes only when the text has no double quotes
 * at all (British house style).
 */
export const speechRanges: (text: string) => [number, number][] = memo(2, (text) => {
  const ranges: [number, number][] = [];
  const hasDouble = /["“”«»„]/.test(text);
  let open = -1;
  let closer = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (open >= 0) {
      if (c === '\n' && text[i + 1] === '\n') {
        ranges.push([open, i]);
        open = -1;
      } else if (c === closer || (closer === '"' && c === '”')) {
        if (closer === '’' || closer === "'") {
          // An apostrophe inside a word ("don’t") does not close the quote.
          if (/[\p{L}\p{N}]/u.test(text[i + 1] ?? '')) continue;
        }
        ranges.push([open, i + 1]);
        open = -1;
      }
      continue;
    }
    if (c === '"' || c === '“') {
      open = i;
      closer = c === '“' ? '”' : '"';
    } else if (c === '«') {
      open = i;
      closer = '»';
    } else if (c === '„') {
      open = i;
      closer = '“';
    } else if (
      (c === '‘' || (c === "'" && !hasDouble)) &&
      !/[\p{L}\p{N}]/u.test(text[i - 1] ?? '') &&
      /\S/.test(text[i + 1] ?? '')
    ) {
      open = i;
      closer = c === '‘' ? '’' : "'";
    }
  }
  if (open >= 0) ranges.push([open, text.length]);
  return ranges;
});

/** The text with quoted speech blanked out (same length, so offsets still hold). */
export const narration: (text: string) => string = memo(2, (text) => {
  const parts: string[] = [];
  let at = 0;
  for (const [s, e] of speechRanges(text)) {
    parts.push(text.slice(at, s), ' '.repeat(e - s));
    at = e;
  }
  parts.push(text.slice(at));
  return parts.join('');
});

/** Whether offset `at` falls inside quoted speech; `ranges` from speechRanges(). */
export function inSpeech(ranges: [number, number][], at: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [s, e] = ranges[mid]!;
    if (at < s) hi = mid - 1;
    else if (at >= e) lo = mid + 1;
    else return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Lexicons

/**
 * A cue is written as words separated by spaces; a word ending in `*` matches any word starting
 * with it ("kiss*" matches kissed, kissing). Matching is on lower-cased tokens, and the words of
 * a phrase must be separated by whitespace or a hyphen only.
 */
export type CueList = Record<string, number>;

export interface Hit {
  /** The lexicon's category the cue belongs to. */
  category: string;
  /** The cue as written in the lexicon. */
  cue: string;
  weight: number;
  start: number;
  end: number;
  /** Said in a character's quoted speech rather than told by the narration. */
  spoken?: boolean;
}

interface Entry {
  category: string;
  cue: string;
  weight: number;
  words: { word: string; prefix: boolean }[];
}

export class Lexicon {
  private readonly exact = new Map<string, Entry[]>();
  /** Prefix cues ("kiss*") filed under their first STEM_KEY letters. */
  private readonly stems = new Map<string, Entry[]>();

  constructor(categories: Record<string, CueList>) {
    for (const [category, cues] of Object.entries(categories)) {
      for (const [cue, weight] of Object.entries(cues)) {
        const words = cue
          .toLowerCase()
          .split(/\s+/)
          .filter(Boolean)
          .map((w) => (w.endsWith('*') ? { word: w.slice(0, -1), prefix: true } : { word: w, prefix: false }));
        const first = words[0];
        if (!first) continue;
        if (first.prefix && first.word.length < STEM_KEY)
          throw new Error(`lexicon stem "${cue}" is shorter than ${STEM_KEY} letters`);
        const entry: Entry = { category, cue, weight, words };
        const map = first.prefix ? this.stems : this.exact;
        const key = first.prefix ? first.word.slice(0, STEM_KEY) : first.word;
        const list = map.get(key) ?? [];
        list.push(entry);
        map.set(key, list);
      }
    }
  }

  /** Every cue occurrence in `text`, in text order; overlapping cues of one category keep the longest. */
  scan(text: string, tokens: Token[] = tokenize(text)): Hit[] {
    const hits: Hit[] = [];
    const stems = this.stems.size > 0;
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i]!;
      const ex = this.exact.get(tok.lower);
      const st = stems && tok.key.length === STEM_KEY ? this.stems.get(tok.key) : undefined;
      if (!ex && !st) continue;
      // Usually one candidate matches; keep the longest (then heaviest) per category.
      let found: Hit[] | null = null;
      for (const list of [ex, st]) {
        if (!list) continue;
        for (const entry of list) {
          const end = matchFrom(text, tokens, i, entry);
          if (end < 0) continue;
          found ??= [];
          const at = found.findIndex((h) => h.category === entry.category);
          const prev = at >= 0 ? found[at] : undefined;
          if (!prev || end > prev.end || (end === prev.end && entry.weight > prev.weight)) {
            const hit = { category: entry.category, cue: entry.cue, weight: entry.weight, start: tok.start, end };
            if (at >= 0) found[at] = hit;
            else found.push(hit);
          }
        }
      }
      if (found) for (const h of found) hits.push(h);
    }
    return hits;
  }
}

function matchFrom(text: string, tokens: Token[], i: number, entry: Entry): number {
  let end = -1;
  for (let k = 0; k < entry.words.length; k++) {
    const tok = tokens[i + k];
    const w = entry.words[k]!;
    if (!tok) return -1;
    if (w.prefix ? !tok.lower.startsWith(w.word) : tok.lower !== w.word) return -1;
    if (k > 0 && !/^[\s-]+$/.test(text.slice(tokens[i + k - 1]!.end, tok.start))) return -1;
    end = tok.end;
  }
  return end;
}

/** Every match of a global regex, as [start, end) pairs. */
export function matchAll(text: string, re: RegExp): { start: number; end: number; m: RegExpExecArray }[] {
  if (!re.global) throw new Error('matchAll needs a global regex');
  const out: { start: number; end: number; m: RegExpExecArray }[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push({ start: m.index, end: m.index + m[0].length, m });
  }
  return out;
}

/** Up to `n` evidence quotes for lexicon hits, heaviest first (then earliest), not overlapping. */
export function evidenceFromHits(
  text: string,
  hits: { start: number; end: number; weight: number }[],
  n = 3,
): Evidence[] {
  const top = [...hits].sort((a, b) => b.weight - a.weight || a.start - b.start).slice(0, n * 4);
  return pickEvidence(
    top.map((h) => ({ ev: quoteAround(text, h.start, h.end), weight: h.weight })),
    n,
  );
}

// ---------------------------------------------------------------------------------------------
// Where characters are named

/** One naming of a person in the text: `who` indexes the list given to nameMentions. */
export interface NameMention {
  who: number;
  start: number;
  end: number;
  /** Index of the first token of the name in tokenize(text). */
  token: number;
  /** Tokens the name spans. */
  length: number;
}

/**
 * Every place the text names one of `people` by their name or an alias (capitalised, whole
 * words, longest form first, possessive "'s" allowed). A form two people share ("Mikaelson" for
 * two brothers) names neither.
 */
export function nameMentions(text: string, people: { name: string; aliases: string[] }[]): NameMention[] {
  const owners = new Map<string, Set<number>>();
  people.forEach((p, who) => {
    for (const form of new Set([p.name, ...p.aliases])) {
      const words = form.match(WORD);
      if (!words || !/^\p{Lu}/u.test(form)) continue;
      const key = words.join(' ');
      const set = owners.get(key) ?? new Set();
      set.add(who);
      owners.set(key, set);
    }
  });
  const forms = new Map<string, { words: string[]; who: number }[]>();
  for (const [key, set] of owners) {
    if (set.size !== 1) continue;
    const words = key.split(' ');
    const list = forms.get(words[0]!) ?? [];
    list.push({ words, who: [...set][0]! });
    forms.set(words[0]!, list);
  }
  for (const list of forms.values()) list.sort((x, y) => y.words.length - x.words.length);
  const bare = (s: string) => (s.length > 2 && (s.endsWith("'s") || s.endsWith('’s')) ? s.slice(0, -2) : s);
  const tokens = tokenize(text);
  const out: NameMention[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const c = t.text.charCodeAt(0);
    if (!(c >= 65 && c <= 90) && (c < 128 || !/^\p{Lu}/u.test(t.text))) continue;
    const list = forms.get(bare(t.text)) ?? forms.get(t.text);
    if (!list) continue;
    for (const f of list) {
      if (!f.words.every((w, k) => k === 0 || bare(tokens[i + k]?.text ?? '') === w)) continue;
      const last = tokens[i + f.words.length - 1]!;
      out.push({ who: f.who, start: t.start, end: last.end, token: i, length: f.words.length });
      i += f.words.length - 1;
      break;
    }
  }
  return out;
}
