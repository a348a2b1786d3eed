// A corpus load's rows on PostgreSQL, sent with COPY FROM STDIN (pg-copy-streams) on one of the
// pool's connections: the server reads plain rows, instead of parsing one array literal per column
// and unnesting them as the INSERTs did. Each chunk of works is one transaction, as on SQLite.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { BATCH_TABLES, type Batch, type Column } from './corpus-rows.repo.ts';

/** Rows per piece of a COPY's input: the whole batch is never one string. */
const ROWS_PER_PIECE = 1000;

/** A value in COPY's text format: \N for null, and backslash, tab, newline and return escaped. */
function field(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = String(value);
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : text;
}

/** The rows as COPY's text format, in pieces of ROWS_PER_PIECE rows. */
export function* copyText(rows: unknown[][]): Generator<string> {
  for (let i = 0; i < rows.length; i += ROWS_PER_PIECE) {
    let piece = '';
    for (const row of rows.slice(i, i + ROWS_PER_PIECE)) piece += `${row.map(field).join('\t')}\n`;
    yield piece;
  }
}

export async function copyRows(client: pg.PoolClient, table: string, columns: Column[], rows: unknown[][]) {
  if (rows.length === 0) return;
  const names = columns.map(([n]) => n).join(', ');
  await pipeline(Readable.from(copyText(rows)), client.query(copyFrom(`COPY ${table} (${names}) FROM STDIN`)));
}

/** The full-text documents: copied as text into a temporary table, then weighted in SQL. */
async function copyTexts(client: pg.PoolClient, docs: Batch['texts']): Promise<void> {
  if (docs.length === 0) return;
  await client.query(
    'CREATE TEMP TABLE IF NOT EXISTS corpus_texts (id int, title text, summary text, tags text, body text) ON COMMIT DELETE ROWS',
  );
  await copyRows(client, 'corpus_texts', TEXT_COLUMNS, docs);
  await client.query(`INSERT INTO work_text (work_id, document) SELECT id, ${PG_DOCUMENT} FROM corpus_texts`);
}

const TEXT_COLUMNS: Column[] = [
  ['id', 'int'],
  ['title', 'text'],
  ['summary', 'text'],
  ['tags', 'text'],
  ['body', 'text'],
];

/**
 * A document from the columns title, summary, tags and body, weighted as search/text-index.repo.ts
 * weighs them one at a time (must stay in sync; generated works have no notes).
 */
const PG_DOCUMENT = `setweight(to_tsvector('simple', title), 'A') ||
  setweight(to_tsvector('simple', tags), 'B') ||
  setweight(to_tsvector('simple', summary), 'B') ||
  setweight(to_tsvector('simple', ''), 'D') ||
  setweight(to_tsvector('simple', body), 'D')`;

/** The batch's rows, in one transaction and in BATCH_TABLES' order. */
export async function copyBatch(client: pg.PoolClient, batch: Batch): Promise<void> {
  await client.query('BEGIN');
  try {
    // A generated corpus is thrown away after a crash: no need to wait for each commit's flush.
    await client.query('SET LOCAL synchronous_commit = off');
    for (const [table, columns, rows] of BATCH_TABLES) await copyRows(client, table, columns, rows(batch));
    await copyTexts(client, batch.texts);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
