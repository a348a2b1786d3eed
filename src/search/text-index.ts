// What the full-text index stores and answers, shared by its SQL (text-index.repo.ts, one
// implementation per dialect) and the searches that rank with the same weights.
import type { Kysely, RawBuilder } from 'kysely';
import type { Schema } from '../db/schema.ts';
import type { TextQuery } from './query.ts';

type Db = Kysely<Schema>;

export interface WorkDocument {
  title: string;
  summary: string;
  notes: string;
  /** Every tag name, applied ones only, joined by newlines. */
  tags: string;
  body: string;
}

/** Work ids from `from` to `to`, both included; `to` null for no upper end. */
export interface IdRange {
  from: number;
  to: number | null;
}

export interface TextMatch {
  /**
   * With words to find: the matching works as rows (id, k), k the score (higher is better),
   * computed once per match. The search reads these first and probes everything else. `within`
   * keeps to a range of ids inside the index, where the range costs nothing to apply.
   */
  rows: ((sample?: number, within?: IdRange) => RawBuilder<unknown>) | null;
  /** How many works the words match, before any other filter (a scalar subquery). */
  total: RawBuilder<number> | null;
  /**
   * The ids of every match as one comma-separated string (a scalar subquery): one value to
   * hand over instead of a row per match, which costs more than finding them.
   */
  idList: RawBuilder<string | null> | null;
  /** With only words to leave out: a condition on works `w`. */
  condition: RawBuilder<unknown> | null;
  /** With only words to leave out: the works that have any of them, as rows (id). */
  excluded: RawBuilder<unknown> | null;
}

export interface TextIndex {
  upsert(db: Db, workId: number, doc: WorkDocument): Promise<void>;
  remove(db: Db, workIds: number[]): Promise<void>;
  /** null when the query has no positive or negative text at all. */
  match(text: TextQuery): TextMatch | null;
}

/**
 * bm25 column weights on SQLite, in column order (title, summary, notes, tags, body): a word in the
 * title says more than one in chapter 30. text-scores.ts ranks with the same weights.
 */
export const FTS5_COLUMN_WEIGHTS = [10.0, 4.0, 1.0, 5.0, 1.0] as const;
/** The FTS5 table's columns in order (migration 2): fts5vocab names them, bm25 numbers them. */
export const FTS5_COLUMNS = ['title', 'summary', 'notes', 'tags', 'body'] as const;

/** FTS5's own query syntax is never exposed: every term and phrase is quoted. */
export function fts5Quote(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}
