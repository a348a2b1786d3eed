// Best match over plain words on SQLite, ranked in the process (text-scores.ts) from each word's
// occurrences (the fts5vocab view) and the lengths the filter index holds. Two ways in:
// - wordsRankedHere: the words and phrases are ASCII, so a word's occurrences, and a phrase's
//   instances from the word-pair index (phrase-pairs.ts), name exactly the works FTS5 would match
//   (unicode61 reads ASCII letters and digits one way only). They are then read first and are
//   the match list too: FTS5 is not asked for the matches at all, and only the works the filters
//   keep are scored.
// - rankedHere: any other single-token words, after FTS5 has listed the matches; a match without
//   an occurrence of a word (the tokenizer read it otherwise) sends ranking back to FTS5.
import type { Database } from '../db/database.ts';
import type { Bitset } from './bitset.ts';
import type { FilterIndex } from './filter-index.ts';
import * as indexRepo from './filter-index.repo.ts';
import { asciiTokens, isAscii, phraseInstances, phrasePairs } from './phrase-pairs.ts';
import * as pairsRepo from './phrase-pairs.repo.ts';
import type { TextQuery } from './query.ts';
import type { Scratch } from './scratch.ts';
import { FTS5_COLUMN_WEIGHTS } from './text-index.ts';
import { eachBm25, ftsTokens, indexTotals, type Occurrences } from './text-scores.ts';
import type { TopK } from './top-k.ts';
import { PAGE_TUNING } from './page-tuning.ts';

/** Each term as its one FTS5 token, or null when a term is not exactly one token. */
function singleTokens(text: TextQuery): string[] | null {
  if (text.phrases.length > 0 || text.terms.length === 0) return null;
  const tokens: string[] = [];
  for (const term of text.terms) {
    const t = ftsTokens(term);
    if (t.length !== 1) return null;
    tokens.push(t[0]!);
  }
  return tokens;
}

/** Each distinct token's occurrences, at most `budget` in all; null past it. */
async function readOccurrences(
  database: Database,
  tokens: string[],
  budget: number,
  scratch: Scratch,
): Promise<Map<string, Occurrences> | null> {
  const read = new Map<string, Occurrences>();
  for (const token of new Set(tokens)) {
    const occurrences = await indexRepo.tokenOccurrences(database.db, token, budget + 1, (n) => scratch.buffer(n));
    if (occurrences.length > budget) return null;
    budget -= occurrences.length;
    read.set(token, occurrences);
  }
  return read;
}

/** Scores the set's works (ascending) into `top`, `words` in the expression's order; false where eachBm25 is. */
async function score(
  database: Database,
  index: FilterIndex,
  set: Bitset,
  words: Occurrences[],
  top: TopK,
  scratch: Scratch,
): Promise<boolean> {
  const averages = await indexRepo.textIndexAverages(database.db);
  if (!averages) return false;
  const ids = scratch.members(set);
  return eachBm25(
    ids,
    words,
    FTS5_COLUMN_WEIGHTS,
    indexTotals(averages),
    (id) => index.textLength(id),
    (i, s) => top.offer(s, ids[i]!),
  );
}

/**
 * Each positive term and phrase as its tokens, in the order FTS5's expression has them (bm25
 * adds their scores in that order); null unless every one is ASCII with a token at least.
 */
function asciiParts(text: TextQuery): string[][] | null {
  const parts = [...text.terms, ...text.phrases];
  if (parts.length === 0 || !parts.every(isAscii)) return null;
  const tokens = parts.map(asciiTokens);
  return tokens.every((t) => t.length > 0) ? tokens : null;
}

/**
 * Each distinct part's occurrences (a word's, or a phrase's instances from its word pairs), at
 * most `budget` of words' read in all; null past it, or for a phrase while the pairs are incomplete.
 */
async function readParts(
  database: Database,
  parts: string[][],
  budget: number,
  scratch: Scratch,
): Promise<Occurrences[] | null> {
  if (parts.some((p) => p.length > 1) && !(await pairsRepo.pairsComplete(database.db))) return null;
  const words = await readOccurrences(
    database,
    parts.filter((p) => p.length === 1).map((p) => p[0]!),
    budget,
    scratch,
  );
  if (!words) return null;
  // Phrases are not counted against the budget: FTS5 would read more for them, not less.
  const phrases = new Map<string, Occurrences>();
  for (const tokens of parts) {
    const key = tokens.join(' ');
    if (tokens.length === 1 || phrases.has(key)) continue;
    const pairs = [];
    for (const pair of phrasePairs(tokens))
      pairs.push(await pairsRepo.pairOccurrences(database.db, pair, tokens.length > 2));
    phrases.set(key, phraseInstances(pairs));
  }
  return parts.map((tokens) => (tokens.length === 1 ? words.get(tokens[0]!)! : phrases.get(tokens.join(' '))!));
}

/**
 * SQLite, ASCII words and phrases: the works that hold every word and phrase and none left out,
 * which `matches` keeps, as a new set, their best page offered to `top`. A word's occurrences and
 * a phrase's instances (from the word-pair index, phrase-pairs.ts) name exactly the works FTS5
 * would match. Null when a part is not ASCII, or the words occur more often than
 * occurrencesFirst: the caller lists the matches with FTS5 instead.
 */
export async function wordsRankedHere(
  database: Database,
  index: FilterIndex,
  text: TextQuery,
  matches: Bitset,
  top: TopK,
  scratch: Scratch,
): Promise<Bitset | null> {
  if (database.dialect !== 'sqlite' || !PAGE_TUNING.rankInProcess) return null;
  const parts = asciiParts(text);
  if (!parts) return null;
  const occurrences = await readParts(database, parts, PAGE_TUNING.occurrencesFirst, scratch);
  if (!occurrences) return null;
  const set = scratch.set(matches.capacity);
  // The works of the rarest part, kept where the filters keep them and every other part occurs.
  const lists = [...new Set(occurrences)].sort((a, b) => a.length - b.length);
  const at = new Int32Array(lists.length);
  let last = -1;
  const rarest = lists[0]!;
  for (let i = 0; i < rarest.length; i++) {
    const doc = docOf(rarest[i]!);
    if (doc === last) continue;
    last = doc;
    if (matches.has(doc) && inEvery(lists, at, doc)) set.add(doc);
  }
  const excluded = await indexRepo.textExcludedIds(database.db, text, (n) => scratch.buffer(n));
  for (let i = 0; i < excluded.length; i++) set.delete(excluded[i]!);
  return (await score(database, index, set, occurrences, top, scratch)) ? set : null;
}

/** An occurrence's work: occurrences are doc * 8 + column. */
function docOf(code: number): number {
  return Math.floor(code / 8);
}

/** Whether every list past the first holds `doc`; each list's place only moves forward. */
function inEvery(lists: Occurrences[], at: Int32Array, doc: number): boolean {
  for (let w = 1; w < lists.length; w++) {
    const list = lists[w]!;
    let k = at[w]!;
    while (k < list.length && docOf(list[k]!) < doc) k++;
    at[w] = k;
    if (k === list.length || docOf(list[k]!) !== doc) return false;
  }
  return true;
}

/**
 * SQLite: the set's works scored here as FTS5's bm25() would score them (text-scores.ts), each
 * offered to `top` (which holds junk after a false); false when FTS5 must rank them: phrases,
 * words the tokenizer splits, more occurrences than are worth reading.
 */
export async function rankedHere(
  database: Database,
  index: FilterIndex,
  text: TextQuery,
  set: Bitset,
  matched: number,
  top: TopK,
  scratch: Scratch,
): Promise<boolean> {
  if (database.dialect !== 'sqlite' || !PAGE_TUNING.rankInProcess) return false;
  const tokens = singleTokens(text);
  if (!tokens) return false;
  const read = await readOccurrences(database, tokens, matched * PAGE_TUNING.occurrencesPerMatch, scratch);
  return (
    read !== null &&
    (await score(
      database,
      index,
      set,
      tokens.map((t) => read.get(t)!),
      top,
      scratch,
    ))
  );
}
