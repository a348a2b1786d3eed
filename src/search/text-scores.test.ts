import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { describeEachDialect, freshDatabase } from '../testing/databases.ts';
import type { ParsedWork } from '../importers/parsed-work.ts';
import { importWork } from '../works/works.service.ts';
import { FilterIndex } from './filter-index.ts';
import * as indexRepo from './filter-index.repo.ts';
import { PAGE_TUNING } from './indexed-search.ts';
import { reindexWorks } from './indexing.service.ts';
import type { TextQuery } from './query.ts';
import { FTS5_COLUMN_WEIGHTS } from './text-index.ts';
import { bm25Scores, fts5Varints, ftsTokens, indexTotals } from './text-scores.ts';
import { bestMatchPages, rankingWork } from './test-ranking.ts';

test('fts5 varints: one byte, several, and the nine-byte form', () => {
  assert.deepEqual(fts5Varints(Uint8Array.from([0x01, 0x0c, 0x00, 0x81, 0x16])), [1, 12, 0, 150]);
  assert.deepEqual(fts5Varints(Uint8Array.from([0xbd, 0x84, 0x40])), [(0x3d * 128 + 0x04) * 128 + 0x40]);
  // Nine bytes: eight of seven bits (here 1), then the ninth's full eight, high bit included: 1 * 256 + 255.
  assert.deepEqual(fts5Varints(Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x81, 0xff])), [511]);
  assert.deepEqual(indexTotals(Uint8Array.from([0x03, 0x02, 0x05, 0x00, 0x07, 0x81, 0x00])), {
    rows: 3,
    tokens: 2 + 5 + 0 + 7 + 128,
  });
});

test('fts tokens: case and accents folded, apostrophes and hyphens split a word as unicode61 does', () => {
  assert.deepEqual(ftsTokens('Café'), ['cafe']);
  assert.deepEqual(ftsTokens('ÉCLAIR'), ['eclair']);
  assert.deepEqual(ftsTokens("don't"), ['don', 't']);
  assert.deepEqual(ftsTokens('slow-burn'), ['slow', 'burn']);
  assert.deepEqual(ftsTokens('Ωμέγα'), ['ωμεγα']);
  assert.deepEqual(ftsTokens('!!'), []);
});

test('bm25 scores: nothing when a work lacks a word or the occurrences are out of order', () => {
  const totals = { rows: 10, tokens: 100 };
  // Work 3 has the word twice in the body (column 4) and once in the title (column 0).
  const ok = bm25Scores([3], [[3 * 8 + 0, 3 * 8 + 4, 3 * 8 + 4]], FTS5_COLUMN_WEIGHTS, totals, () => 10);
  const idf = Math.log((10 - 1 + 0.5) / (1 + 0.5));
  assert.ok(ok && Math.abs(ok[0]! - idf * ((12 * 2.2) / (12 + 1.2 * (0.25 + (0.75 * 10) / 10)))) < 1e-12);
  assert.equal(
    bm25Scores([3, 4], [[3 * 8 + 4]], FTS5_COLUMN_WEIGHTS, totals, () => 10),
    null,
    'work 4 has no occurrence',
  );
  assert.equal(
    bm25Scores([3, 4], [[4 * 8 + 4, 3 * 8 + 4]], FTS5_COLUMN_WEIGHTS, totals, () => 10),
    null,
    'out of index order',
  );
});

// ---- against the database's own ranking ---------------------------------------------------------

/** Short original texts that put the words in every column, at different lengths and counts. */
const WORKS: ParsedWork[] = [
  rankingWork(
    'The Lantern Keeper',
    'A keeper and her lantern.',
    'She trimmed the wick at dusk. The harbour was quiet.',
  ),
  rankingWork('Tidewater', 'Nothing about lights.', 'lantern lantern lantern, and the harbour beyond it'),
  rankingWork(
    'Salt Roads',
    'A café at the end of the pier.',
    'The café kept a lantern in its window all winter long, for the ferry that never came back.',
    ['lantern festival'],
  ),
  rankingWork(
    'Harbour Song',
    'A storm, a lantern, a harbour.',
    'The storm came in over the harbour. ' + 'Rain on the slates. '.repeat(40) + 'One lantern stayed lit.',
  ),
  rankingWork('Kettle Weather', 'Tea for two.', 'The kettle sang. Nobody mentioned a lantern or a storm.'),
  rankingWork('CAFÉ NOIR', 'Black coffee.', 'Cafe, cafe, café: the sign had every spelling of it.'),
  rankingWork('Ferry Tale', 'A crossing.', 'The ferry crossed the harbour twice a day, lantern at the bow.', [
    'harbour',
  ]),
];

const text = (terms: string[], excludedTerms: string[] = []): TextQuery => ({
  terms,
  phrases: [],
  excludedTerms,
  excludedPhrases: [],
});

/**
 * The keeper's story grows long with no more lanterns: only a new chapter text, no column of works
 * changes, and its score for "lantern" falls behind shorter works once its length is known.
 */
async function growFirstWork(database: Parameters<typeof reindexWorks>[0], id: number): Promise<void> {
  await sql`UPDATE chapters SET html = ${`<p>${'The tide went out and came back. '.repeat(150)}</p>`} WHERE work_id = ${id}`.execute(
    database.db,
  );
  await reindexWorks(database, [id]);
}

const QUERIES = [
  text(['lantern']),
  text(['LANTERN', 'harbour']),
  text(['lantern'], ['storm']),
  text(['cafe']),
  text(['harbour', 'harbour']),
  text(['keeper']),
];

/**
 * Phrases and a word the tokenizer splits: ranked from the word pairs (phrase-pairs.test.ts), and
 * by FTS5 with occurrencesFirst 0, the page then kept here from its scores.
 */
const RANKED_BY_FTS5 = [
  { ...text(['storm']), phrases: ['the harbour'] },
  { ...text([]), phrases: ['lantern lantern'] },
  text(['Lantern-Keeper']),
];

describeEachDialect('best match ranked in the process', (ctx) => {
  test('pages in the same order as the SQL engine, before and after a work text changes', async () => {
    const ids: number[] = [];
    for (const [i, w] of WORKS.entries())
      ids.push((await importWork(ctx.database, w, { path: `/rank/${i}`, hash: `rank-${i}` })).workId);
    await FilterIndex.of(ctx.database).whenReady();
    const saved = { ...PAGE_TUNING };
    try {
      Object.assign(PAGE_TUNING, { occurrencesPerMatch: 100 });
      for (const t of [...QUERIES, ...RANKED_BY_FTS5])
        assert.deepEqual(
          await bestMatchPages(ctx.database, t, 'index'),
          await bestMatchPages(ctx.database, t, 'sql'),
          JSON.stringify(t),
        );
      // Every match's score read (none ranked by the database's top), then a page kept here.
      Object.assign(PAGE_TUNING, { topScoresMax: 0, occurrencesFirst: 0 });
      for (const t of RANKED_BY_FTS5)
        assert.deepEqual(
          await bestMatchPages(ctx.database, t, 'index'),
          await bestMatchPages(ctx.database, t, 'sql'),
          `all scores: ${JSON.stringify(t)}`,
        );
      Object.assign(PAGE_TUNING, { topScoresMax: saved.topScoresMax, occurrencesFirst: saved.occurrencesFirst });
      await growFirstWork(ctx.database, ids[0]!);
      for (const t of QUERIES)
        assert.deepEqual(
          await bestMatchPages(ctx.database, t, 'index'),
          await bestMatchPages(ctx.database, t, 'sql'),
          `after the edit: ${JSON.stringify(t)}`,
        );
    } finally {
      Object.assign(PAGE_TUNING, saved);
    }
  });
});

// FTS5 only: PostgreSQL ranks with ts_rank_cd in the database, so there is nothing to hold to it.
test('SQLite: every score equals FTS5 bm25(), from the index lengths and the words occurrences', async () => {
  const { database, dispose } = await freshDatabase('sqlite');
  try {
    const first = (await importWork(database, WORKS[0]!, { path: '/rank/0', hash: 'rank-0' })).workId;
    for (const [i, w] of WORKS.entries())
      if (i > 0) await importWork(database, w, { path: `/rank/${i}`, hash: `rank-${i}` });
    const index = FilterIndex.of(database);
    await index.whenReady();
    await sameScores(database, index, 'as imported');
    await growFirstWork(database, first);
    await sameScores(database, index, 'after the first work grew');
  } finally {
    await dispose();
  }
});

async function sameScores(
  database: Parameters<typeof reindexWorks>[0],
  index: FilterIndex,
  when: string,
): Promise<void> {
  assert.equal(await index.current(), true);
  const db = database.db;
  const totals = indexTotals((await indexRepo.textIndexAverages(db))!);
  for (const q of QUERIES) {
    const fts5 = (await indexRepo.textMatches(db, 'sqlite', q))!;
    assert.ok(fts5.ids.length > 0, `${JSON.stringify(q)} matches something`);
    const order = [...fts5.ids.keys()].sort((a, b) => fts5.ids[a]! - fts5.ids[b]!);
    const ids = order.map((i) => fts5.ids[i]!);
    const words = await Promise.all(q.terms.map((term) => indexRepo.tokenOccurrences(db, ftsTokens(term)[0]!, 1_000)));
    const here = bm25Scores(ids, words, FTS5_COLUMN_WEIGHTS, totals, (id) => index.textLength(id));
    assert.ok(here, `${JSON.stringify(q)} is ranked here`);
    order.forEach((from, i) => {
      const expected = fts5.scores[from]!;
      assert.ok(
        Math.abs(here[i]! - expected) <= 1e-9 * Math.abs(expected),
        `${when}, ${JSON.stringify(q)} work ${ids[i]}: ${here[i]} here, ${expected} by FTS5`,
      );
    });
  }
}
