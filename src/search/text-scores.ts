// Best match on SQLite, ranked in the process: the same Okapi BM25 that FTS5's bm25() computes,
// from the same statistics, but with each work's length read from the filter index instead of
// from disk. FTS5 looks up every match's length in its docsize table, one B-tree read per row,
// and that is most of the cost of ranking a common word's 25,000 matches. Here a search reads
// each word's occurrences in one pass (the fts5vocab view, migration 8) and adds up the rest
// in memory. Whenever the words are not plain single tokens (phrases, "don't", a word the
// tokenizer splits), or a word has too many occurrences to read, FTS5 ranks as before.

/** FTS5's bm25() constants (fts5_aux.c): term-frequency saturation and length normalisation. */
const K1 = 1.2;
const B = 0.75;

/**
 * A word as FTS5's unicode61 tokenizer (remove_diacritics 2) sees it: tokens are runs of letters,
 * digits and private-use characters, case-folded, accents removed. A word the tokenizer would read
 * differently is caught later: a match without any occurrence of it sends ranking back to FTS5.
 */
export function ftsTokens(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}\p{Co}]+/u)
    .filter(Boolean);
}

/** The varints FTS5 stores lengths as (SQLite's format: big-endian, 7 bits a byte, 8 in the ninth). */
export function fts5Varints(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    let v = 0;
    let n = 0;
    for (;;) {
      const b = bytes[i++]!;
      if (n === 8) {
        v = v * 256 + b;
        break;
      }
      v = v * 128 + (b & 0x7f);
      n++;
      if (!(b & 0x80) || i >= bytes.length) break;
    }
    out.push(v);
  }
  return out;
}

/** What bm25() knows of the whole index: FTS5's averages record (rows, then tokens per column). */
export interface IndexTotals {
  rows: number;
  tokens: number;
}

export function indexTotals(averages: Uint8Array): IndexTotals {
  const [rows = 0, ...columns] = fts5Varints(averages);
  return { rows, tokens: columns.reduce((a, b) => a + b, 0) };
}

/** One query word's occurrences, each as doc * 8 + column, in index order. */
export type Occurrences = ArrayLike<number>;

/**
 * Each work's score (higher is better), exactly as -bm25(work_text, ...weights) would give it,
 * for `ids` ascending, works that hold every word. Null when one holds none of a word (the
 * tokenizer read it differently from FTS5, so these scores would be wrong) or the occurrences are
 * not in index order. `length(id)`: the work's tokens over every column, as FTS5's docsize has it.
 */
export function bm25Scores(
  ids: ArrayLike<number>,
  words: Occurrences[],
  weights: readonly number[],
  totals: IndexTotals,
  length: (id: number) => number,
): Float64Array | null {
  const avgdl = totals.tokens / totals.rows;
  const perWord = [];
  for (const occurrences of words) {
    const byDoc = weightedFrequencies(occurrences, weights);
    if (!byDoc) return null;
    let idf = Math.log((totals.rows - byDoc.docs.length + 0.5) / (byDoc.docs.length + 0.5));
    if (idf <= 0) idf = 1e-6;
    perWord.push({ ...byDoc, idf, at: 0 });
  }
  const scores = new Float64Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const D = length(id);
    let score = 0;
    for (const w of perWord) {
      // Both lists ascend, so each word's position only moves forward.
      while (w.at < w.docs.length && w.docs[w.at]! < id) w.at++;
      if (w.docs[w.at] !== id) return null;
      const f = w.freq[w.at]!;
      // Operation for operation as fts5_aux.c has it, so that equal inputs give equal doubles.
      score += w.idf * ((f * (K1 + 1.0)) / (f + K1 * (1 - B + (B * D) / avgdl)));
    }
    scores[i] = score;
  }
  return scores;
}

/** A word's works in order, each with its occurrences summed by column weight (a title word counts weights[0]). */
function weightedFrequencies(
  occurrences: Occurrences,
  weights: readonly number[],
): { docs: Int32Array; freq: Float64Array } | null {
  const docs = new Int32Array(occurrences.length);
  const freq = new Float64Array(occurrences.length);
  let n = 0;
  for (let i = 0; i < occurrences.length; i++) {
    const code = occurrences[i]!;
    const doc = Math.floor(code / 8);
    const weight = weights[code % 8] ?? 1;
    if (n > 0 && docs[n - 1] === doc) freq[n - 1]! += weight;
    else if (n > 0 && docs[n - 1]! > doc) return null;
    else {
      docs[n] = doc;
      freq[n++] = weight;
    }
  }
  return { docs: docs.subarray(0, n), freq: freq.subarray(0, n) };
}
