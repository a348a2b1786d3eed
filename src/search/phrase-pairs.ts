// Phrases from a second full-text index (migration 28) whose tokens are each column's adjacent
// word pairs: "Tony Stark, Pepper" is indexed as "tony_stark stark_pepper". A two-word phrase is
// then one pair token, whose occurrences are exactly the phrase's instances (column by column,
// as FTS5 counts them for bm25); a longer phrase is its pairs at consecutive places. Reading one
// pair's occurrences replaces reading every occurrence of each of the phrase's words, which
// occur far more often outside the phrase than in it. The pairs are made from the tokens FTS5
// itself makes of the text (phrase-pairs.repo.ts), so they match what work_text matches.
import type { Occurrences } from './text-scores.ts';

/** What joins a pair's words: never inside a token (unicode61 keeps letters, digits, private use). */
const JOIN = '_';

/** A column's tokens as its pairs' text, each pair one token of work_pairs. */
export function pairText(tokens: readonly string[]): string {
  const pairs: string[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) pairs.push(tokens[i]! + JOIN + tokens[i + 1]!);
  return pairs.join(' ');
}

/** The pair tokens a phrase's tokens are read from, in order (one fewer than the tokens). */
export function phrasePairs(tokens: readonly string[]): string[] {
  return pairText(tokens).split(' ');
}

/** Nothing but ASCII: unicode61 then makes the same tokens as asciiTokens. */
export function isAscii(text: string): boolean {
  return /^[\x00-\x7f]*$/.test(text);
}

/** unicode61's tokens of ASCII text: runs of letters and digits, lower-cased. */
export function asciiTokens(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** One pair's occurrences: doc * 8 + column, and the place in the column, in index order. */
export interface PairOccurrences {
  codes: Occurrences;
  offsets: Occurrences;
}

/**
 * A phrase's instances from its pairs' occurrences (pair j at place p + j for an instance at p),
 * each as doc * 8 + column, in index order: what bm25 counts for the phrase.
 */
export function phraseInstances(pairs: readonly PairOccurrences[]): Occurrences {
  const [first, ...rest] = pairs;
  if (!first) return [];
  if (rest.length === 0) return first.codes;
  const at = new Int32Array(rest.length);
  const out: number[] = [];
  for (let i = 0; i < first.codes.length; i++) {
    const code = first.codes[i]!;
    const offset = first.offsets[i]!;
    if (rest.every((pair, j) => holds(pair, at, j, code, offset + j + 1))) out.push(code);
  }
  return out;
}

/** Whether `pair` occurs at (code, offset); its place `at[j]` only moves forward. */
function holds(pair: PairOccurrences, at: Int32Array, j: number, code: number, offset: number): boolean {
  const { codes, offsets } = pair;
  let k = at[j]!;
  while (k < codes.length && (codes[k]! < code || (codes[k] === code && offsets[k]! < offset))) k++;
  at[j] = k;
  return k < codes.length && codes[k] === code && offsets[k] === offset;
}
