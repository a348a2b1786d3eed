// SQLite: the word-pair index (phrase-pairs.ts, migration 28) written beside work_text and read
// for phrases. Its tokens come from FTS5's own tokenizer: ASCII text is split here the one way
// unicode61 splits it; any other text goes through a temporary FTS5 table with work_text's
// tokenizer and is read back from its fts5vocab view, so that folding and accents match exactly.
import { sql, type Kysely } from 'kysely';
import { wholeNumbers } from '../db/id-lists.ts';
import type { Schema } from '../db/schema.ts';
import { asciiTokens, isAscii, pairText, type PairOccurrences } from './phrase-pairs.ts';
import { FTS5_COLUMNS, type WorkDocument } from './text-index.ts';

type Db = Kysely<Schema>;

/** fts5vocab names an occurrence's column; bm25 weights them by number. */
export const columnNumber = (() => {
  // Each name padded to one width, so that its place in the row of names divided by the width is
  // its number: one instr() per occurrence is cheaper than a CASE comparing names in turn.
  const width = Math.max(...FTS5_COLUMNS.map((c) => c.length)) + 1;
  const names = FTS5_COLUMNS.map((c) => c.padEnd(width)).join('');
  FTS5_COLUMNS.forEach((c, i) => {
    if (names.indexOf(c) !== i * width) throw new Error(`the column name '${c}' is inside another`);
  });
  return sql.raw(`((instr('${names}', col) - 1) / ${width})`);
})();

/** A document's columns in work_text's order. */
function columnsOf(doc: WorkDocument): string[] {
  return FTS5_COLUMNS.map((c) => doc[c]);
}

/** Each column's tokens as FTS5 makes them for work_text. */
async function documentTokens(db: Db, doc: WorkDocument): Promise<string[][]> {
  const columns = columnsOf(doc);
  if (columns.every(isAscii)) return columns.map(asciiTokens);
  // Created on the connection that writes, once; the same tokenizer as work_text (migration 2).
  await sql`CREATE VIRTUAL TABLE IF NOT EXISTS temp.work_tokens USING fts5(
    title, summary, notes, tags, body, tokenize='unicode61 remove_diacritics 2')`.execute(db);
  await sql`CREATE VIRTUAL TABLE IF NOT EXISTS temp.work_tokens_instances
    USING fts5vocab(temp, work_tokens, instance)`.execute(db);
  await sql`INSERT INTO temp.work_tokens (rowid, title, summary, notes, tags, body)
    VALUES (1, ${columns[0]}, ${columns[1]}, ${columns[2]}, ${columns[3]}, ${columns[4]})`.execute(db);
  const r = await sql<{ term: string; c: number; offset: number }>`
    SELECT term, ${columnNumber} AS c, offset FROM temp.work_tokens_instances`.execute(db);
  await sql`DELETE FROM temp.work_tokens`.execute(db);
  const tokens = columns.map(() => [] as string[]);
  for (const row of r.rows) tokens[row.c]![row.offset] = row.term;
  return tokens;
}

/** A document's row of work_pairs: each column's pairs. */
export async function pairColumns(db: Db, doc: WorkDocument): Promise<string[]> {
  return (await documentTokens(db, doc)).map(pairText);
}

export async function writePairs(db: Db, workId: number, doc: WorkDocument): Promise<void> {
  const c = await pairColumns(db, doc);
  await sql`DELETE FROM work_pairs WHERE rowid = ${workId}`.execute(db);
  await sql`INSERT INTO work_pairs (rowid, title, summary, notes, tags, body)
            VALUES (${workId}, ${c[0]}, ${c[1]}, ${c[2]}, ${c[3]}, ${c[4]})`.execute(db);
}

export async function removePairs(db: Db, workIds: number[]): Promise<void> {
  if (workIds.length) await sql`DELETE FROM work_pairs WHERE rowid IN (${sql.join(workIds)})`.execute(db);
}

/** Whether every indexed work has its pairs (none left from before migration 28). */
export async function pairsComplete(db: Db): Promise<boolean> {
  const r = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM work_pairs_missing`.execute(db);
  return Number(r.rows[0]?.n ?? 0) === 0;
}

export async function markPairsComplete(db: Db): Promise<void> {
  await sql`DELETE FROM work_pairs_missing`.execute(db);
}

/** Works in work_text with ids past `after`, in order, up to `limit`: the backfill's next batch. */
export async function workIdsAfter(db: Db, after: number, limit: number): Promise<number[]> {
  const r = await sql<{ id: number }>`
    SELECT id FROM work_text_docsize WHERE id > ${after} ORDER BY id LIMIT ${limit}`.execute(db);
  return r.rows.map((x) => x.id);
}

/**
 * One pair's occurrences in index order, the places only when `withOffsets` (a phrase of three
 * words or more needs them). Read whatever their number: FTS5 would read more for the phrase
 * (its words' positions), and a LIMIT costs a subquery that passes every row on once more.
 */
export async function pairOccurrences(db: Db, pair: string, withOffsets: boolean): Promise<PairOccurrences> {
  const r = await sql<{ codes: string | null; offsets: string | null }>`
    SELECT group_concat(doc * 8 + ${columnNumber}) AS codes, ${withOffsets ? sql`group_concat(offset)` : sql`NULL`} AS offsets
    FROM work_pairs_instances WHERE term = ${pair}`.execute(db);
  const row = r.rows[0];
  return { codes: wholeNumbers(row?.codes ?? ''), offsets: wholeNumbers(row?.offsets ?? '') };
}
