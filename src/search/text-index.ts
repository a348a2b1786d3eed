// The full-text index behind one small interface, with one implementation per dialect:
// SQLite's FTS5 (contentless, bm25 with column weights) and PostgreSQL's tsvector with a GIN
// index (setweight + ts_rank_cd). Both tokenise without stemming, so a search means the same
// on either database and in every language the archive holds.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Dialect } from '../db/database.ts';
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
const bm25Weights = sql.raw(FTS5_COLUMN_WEIGHTS.map((w) => w.toFixed(1)).join(', '));

/** `AND` the range's conditions on an id column, or nothing without a range. */
function idsWithin(column: RawBuilder<unknown>, within: IdRange | undefined): RawBuilder<unknown> {
  if (!within) return sql``;
  return within.to === null
    ? sql`AND ${column} >= ${within.from}`
    : sql`AND ${column} BETWEEN ${within.from} AND ${within.to}`;
}

/** FTS5's own query syntax is never exposed: every term and phrase is quoted. */
function fts5Quote(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

const sqliteFts5: TextIndex = {
  async upsert(db, workId, doc) {
    await sql`DELETE FROM work_text WHERE rowid = ${workId}`.execute(db);
    await sql`INSERT INTO work_text (rowid, title, summary, notes, tags, body)
              VALUES (${workId}, ${doc.title}, ${doc.summary}, ${doc.notes}, ${doc.tags}, ${doc.body})`.execute(db);
  },
  async remove(db, workIds) {
    if (workIds.length) await sql`DELETE FROM work_text WHERE rowid IN (${sql.join(workIds)})`.execute(db);
  },
  match(text) {
    const positive = [...text.terms, ...text.phrases].map(fts5Quote);
    const negative = [...text.excludedTerms, ...text.excludedPhrases].map(fts5Quote);
    if (positive.length === 0 && negative.length === 0) return null;
    // FTS5 cannot match "everything but": exclusions alone become an anti-join.
    if (positive.length === 0) {
      const excluded = sql`(SELECT rowid AS id FROM work_text WHERE work_text MATCH ${negative.join(' OR ')})`;
      return { rows: null, total: null, idList: null, condition: sql`w.id NOT IN ${excluded}`, excluded };
    }
    const expr = positive.join(' AND ') + negative.map((n) => ` NOT ${n}`).join('');
    // bm25 is lower-is-better; negated so that every engine's score sorts high-first.
    const rows = (sample?: number, within?: IdRange) =>
      sample
        ? sql`(SELECT rowid AS id, 0 AS k FROM work_text WHERE work_text MATCH ${expr} ${idsWithin(sql`rowid`, within)} ORDER BY rowid DESC LIMIT ${sample})`
        : sql`(SELECT rowid AS id, -bm25(work_text, ${bm25Weights}) AS k FROM work_text WHERE work_text MATCH ${expr} ${idsWithin(sql`rowid`, within)})`;
    return {
      rows,
      total: sql<number>`(SELECT COUNT(*) FROM work_text WHERE work_text MATCH ${expr})`,
      idList: sql<string | null>`(SELECT group_concat(rowid) FROM work_text WHERE work_text MATCH ${expr})`,
      condition: null,
      excluded: null,
    };
  },
};

const postgresTsvector: TextIndex = {
  async upsert(db, workId, doc) {
    await sql`INSERT INTO work_text (work_id, document) VALUES (${workId},
        setweight(to_tsvector('simple', ${doc.title}), 'A') ||
        setweight(to_tsvector('simple', ${doc.tags}), 'B') ||
        setweight(to_tsvector('simple', ${doc.summary}), 'B') ||
        setweight(to_tsvector('simple', ${doc.notes}), 'D') ||
        setweight(to_tsvector('simple', ${doc.body}), 'D'))
      ON CONFLICT (work_id) DO UPDATE SET document = EXCLUDED.document`.execute(db);
  },
  async remove(db, workIds) {
    if (workIds.length) await db.deleteFrom('work_text').where('work_id', 'in', workIds).execute();
  },
  match(text) {
    const parts: RawBuilder<unknown>[] = [
      ...text.terms.map((t) => sql`plainto_tsquery('simple', ${t})`),
      ...text.phrases.map((p) => sql`phraseto_tsquery('simple', ${p})`),
      ...[...text.excludedTerms, ...text.excludedPhrases].map((n) => sql`(!! phraseto_tsquery('simple', ${n}))`),
    ];
    if (parts.length === 0) return null;
    const query = sql`(${sql.join(parts, sql` && `)})`;
    const positive = text.terms.length + text.phrases.length > 0;
    if (!positive) {
      const any = sql`(${sql.join(
        [...text.excludedTerms, ...text.excludedPhrases].map((n) => sql`phraseto_tsquery('simple', ${n})`),
        sql` || `,
      )})`;
      return {
        rows: null,
        total: null,
        idList: null,
        condition: sql`w.id IN (SELECT work_id FROM work_text WHERE document @@ ${query})`,
        excluded: sql`(SELECT work_id AS id FROM work_text WHERE document @@ ${any})`,
      };
    }
    const rows = (sample?: number, within?: IdRange) =>
      sample
        ? sql`(SELECT work_id AS id, 0 AS k FROM work_text WHERE document @@ ${query} ${idsWithin(sql`work_id`, within)} ORDER BY work_id DESC LIMIT ${sample})`
        : sql`(SELECT work_id AS id, ts_rank_cd(document, ${query}) AS k FROM work_text WHERE document @@ ${query} ${idsWithin(sql`work_id`, within)})`;
    return {
      rows,
      total: sql<number>`(SELECT COUNT(*) FROM work_text WHERE document @@ ${query})`,
      idList: sql<string | null>`(SELECT string_agg(work_id::text, ',') FROM work_text WHERE document @@ ${query})`,
      condition: null,
      excluded: null,
    };
  },
};

export function textIndexFor(dialect: Dialect): TextIndex {
  return dialect === 'sqlite' ? sqliteFts5 : postgresTsvector;
}
