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
  const scores = new Float64Array(ids.length);
  return eachBm25(ids, words, weights, totals, length, (i, score) => {
    scores[i] = score;
  })
    ? scores
    : null;
}

/**
 * bm25Scores without an array of scores: each work's score handed to `visit` (its place in `ids`,
 * the score) as it is computed, so that a search keeps only its top. False where bm25Scores is null.
 */
export function eachBm25(
  ids: ArrayLike<number>,
  words: Occurrences[],
  weights: readonly number[],
  totals: IndexTotals,
  length: (id: number) => number,
  visit: (i: number, score: number) => void,
): boolean {
  const avgdl = totals.tokens / totals.rows;
  const idfs = new Float64Array(words.length);
  for (let w = 0; w < words.length; w++) {
    const docs = distinctDocs(words[w]!);
    if (docs < 0) return false;
    let idf = Math.log((totals.rows - docs + 0.5) / (docs + 0.5));
    if (idf <= 0) idf = 1e-6;
    idfs[w] = idf;
  }
  // A column's weight by its number; an unknown column counts 1.
  const weightOf = new Float64Array(8).fill(1);
  for (let c = 0; c < Math.min(weights.length, 8); c++) weightOf[c] = weights[c]!;
  // Each word's place in its occurrences: both lists ascend, so it only moves forward. A work's
  // occurrences are the codes from id * 8 up to the next work's.
  const at = new Int32Array(words.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const first = id * 8;
    const next = first + 8;
    const D = length(id);
    let score = 0;
    for (let w = 0; w < words.length; w++) {
      const occurrences = words[w]!;
      const n = occurrences.length;
      let k = at[w]!;
      while (k < n && occurrences[k]! < first) k++;
      // The work's occurrences summed by column weight (a title word counts weights[0]).
      let f = 0;
      for (; k < n; k++) {
        const code = occurrences[k]!;
        if (code >= next) break;
        f += weightOf[code - first]!;
      }
      at[w] = k;
      if (f === 0) return false;
      // Operation for operation as fts5_aux.c has it, so that equal inputs give equal doubles.
      score += idfs[w]! * ((f * (K1 + 1.0)) / (f + K1 * (1 - B + (B * D) / avgdl)));
    }
    visit(i, score);
  }
  return true;
}

/** How many works a word's occurrences are in; -1 when they are not in index order. */
function distinctDocs(occurrences: Occurrences): number {
  let n = 0;
  let last = -1;
  for (let i = 0; i < occurrences.length; i++) {
    const doc = Math.floor(occurrences[i]! / 8);
    if (doc < last) return -1;
    if (doc !== last) n++;
    last = doc;
  }
  return n;
}
