// The full-text index behind one small interface, with one implementation per dialect:
// SQLite's FTS5 (contentless, bm25 with column weights) and PostgreSQL's tsvector with a GIN
// index (setweight + ts_rank_cd). Both tokenise without stemming, so a search means the same
// on either database and in every language the archive holds.
import { type Kysely, sql, type RawBuilder } from 'kysely';
import type { Schema } from '../db/schema.ts';
import type { Dialect } from '../db/database.ts';
import { FTS5_COLUMN_WEIGHTS, fts5Quote, type IdRange, type TextIndex } from './text-index.ts';
import { removePairs, writePairs } from './phrase-pairs.repo.ts';

const bm25Weights = sql.raw(FTS5_COLUMN_WEIGHTS.map((w) => w.toFixed(1)).join(', '));

/** `AND` the range's conditions on an id column, or nothing without a range. */
function idsWithin(column: RawBuilder<unknown>, within: IdRange | undefined): RawBuilder<unknown> {
  if (!within) return sql``;
  return within.to === null
    ? sql`AND ${column} >= ${within.from}`
    : sql`AND ${column} BETWEEN ${within.from} AND ${within.to}`;
}

const sqliteFts5: TextIndex = {
  async upsert(db, workId, doc) {
    await sql`DELETE FROM work_text WHERE rowid = ${workId}`.execute(db);
    await sql`INSERT INTO work_text (rowid, title, summary, notes, tags, body)
              VALUES (${workId}, ${doc.title}, ${doc.summary}, ${doc.notes}, ${doc.tags}, ${doc.body})`.execute(db);
    // The word pairs change with the text, in the same transaction (phrase-pairs.ts).
    await writePairs(db, workId, doc);
  },
  async remove(db, workIds) {
    if (workIds.length) await sql`DELETE FROM work_text WHERE rowid IN (${sql.join(workIds)})`.execute(db);
    await removePairs(db, workIds);
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
    // A range of ids is checked on the rows the words' index finds (`+ 0`): PostgreSQL would
    // otherwise read the range from the primary key as well and intersect the two, which costs
    // more than the range saves when the words are the narrower.
    const rows = (sample?: number, within?: IdRange) =>
      sample
        ? sql`(SELECT work_id AS id, 0 AS k FROM work_text WHERE document @@ ${query} ${idsWithin(sql`work_id`, within)} ORDER BY work_id DESC LIMIT ${sample})`
        : sql`(SELECT work_id AS id, ts_rank_cd(document, ${query}) AS k FROM work_text WHERE document @@ ${query} ${idsWithin(sql`(work_id + 0)`, within)})`;
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

/**
 * SQLite: merges the full-text tables' segments into one each. A bulk load (a corpus, the pairs'
 * fill) leaves a dozen segments, and every word a search reads is read from each of them
 * (docs/benchmarks.md); writes after it merge as FTS5 does on its own.
 */
export async function optimizeTextTables(db: Kysely<Schema>, dialect: Dialect): Promise<void> {
  if (dialect !== 'sqlite') return;
  for (const table of ['work_text', 'work_pairs'])
    await sql.raw(`INSERT INTO ${table}(${table}) VALUES('optimize')`).execute(db);
}
