import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { freshDatabase } from '../testing/databases.ts';
import type { ParsedWork } from '../importers/parsed-work.ts';
import { importWork } from '../works/works.service.ts';
import { FilterIndex } from './filter-index.ts';
import * as indexRepo from './filter-index.repo.ts';
import { PAGE_TUNING } from './indexed-search.ts';
import { fillPhrasePairs, reindexWorks } from './indexing.service.ts';
import { asciiTokens, pairText, phraseInstances } from './phrase-pairs.ts';
import * as pairsRepo from './phrase-pairs.repo.ts';
import type { TextQuery } from './query.ts';
import { TopK } from './top-k.ts';
import { wordsRankedHere } from './word-ranking.ts';
import { bestMatchPages, rankingWork } from './test-ranking.ts';

test('word pairs: a column as its pairs, and a phrase found from its pairs at consecutive places', () => {
  assert.equal(pairText(asciiTokens("Tony Stark, Pepper's")), 'tony_stark stark_pepper pepper_s');
  assert.equal(pairText(['one']), '');
  // "a b a b a" in work 1's body (code 1 * 8 + 4): "a b a" starts at 0 and 2.
  const code = 12;
  const ab = { codes: [code, code], offsets: [0, 2] };
  const ba = { codes: [code, code], offsets: [1, 3] };
  assert.deepEqual(Array.from(phraseInstances([ab])), [code, code]);
  assert.deepEqual(phraseInstances([ab, ba]), [code, code]);
  assert.deepEqual(phraseInstances([ab, ba, ab]), [code], '"a b a b" once');
  assert.deepEqual(phraseInstances([ab, { codes: [code + 8], offsets: [1] }]), [], 'another work');
});

/** Phrases in every column, repeated, overlapping, across punctuation and in accented text. */
const WORKS: ParsedWork[] = [
  rankingWork(
    'The Lantern Keeper',
    'The lantern keeper and her lantern.',
    'She trimmed the wick. The lantern keeper slept.',
  ),
  rankingWork(
    'Lantern Keeper',
    'Nothing about lights.',
    'lantern keeper, lantern keeper; lantern-keeper! and the harbour light',
  ),
  rankingWork(
    'Salt Roads',
    'A café at the end of the pier.',
    'The Café Lantern kept a lantern keeper in its window, for the ferry that never came back.',
    ['Lantern Keeper'],
  ),
  rankingWork(
    'Harbour Song',
    'A storm, a lantern, a harbour light.',
    'The harbour light went out. ' + 'Rain on the slates. '.repeat(40) + 'The lantern keeper lit it again.',
  ),
  rankingWork('Kettle Weather', 'Tea for two.', 'The kettle sang. Nobody mentioned the lantern keeper or the storm.'),
  rankingWork('CAFÉ NOIR', 'Black coffee.', 'Café lantern, cafe lantern, CAFÉ LANTERN: every spelling of the sign.'),
  rankingWork('Ferry Tale', 'A crossing.', 'The ferry crossed the harbour twice a day, harbour light at the bow.', [
    'harbour',
  ]),
  rankingWork('Ωμέγα', 'Φως στο λιμάνι.', 'The lantern keeper read Ωμέγα by the harbour light.'),
];

const text = (phrases: string[], terms: string[] = [], excludedPhrases: string[] = []): TextQuery => ({
  terms,
  phrases,
  excludedTerms: [],
  excludedPhrases,
});

/** Ranked here from the word pairs: two words, three, punctuation, accents, repeats, exclusions. */
const FROM_PAIRS = [
  text(['lantern keeper']),
  text(['Lantern-Keeper']),
  text(['the lantern keeper']),
  text(['lantern keeper'], ['harbour']),
  text(['harbour light'], [], ['lantern keeper']),
  text(['cafe lantern']),
  text(['lantern keeper', 'harbour light']),
  text(['lantern keeper lantern keeper']),
  text([], ["keeper's"]),
];

/** Not ASCII: FTS5 lists and ranks the matches, as before the pairs. */
const BY_FTS5 = [text(['café lantern']), text(['ωμέγα by the'])];

/** The works the pair path keeps for `t`, in id order; null when it leaves the query to FTS5. */
async function keptHere(database: Database, index: FilterIndex, t: TextQuery): Promise<number[] | null> {
  const scratch = index.scratch();
  try {
    const every = { includeGroups: [], excludeTags: [], ranges: {}, guest: false, excludeWorks: [] };
    const matches = await index.matching(every, scratch);
    const set = await wordsRankedHere(database, index, t, matches, new TopK(5, true), scratch);
    return set && [...scratch.members(set)];
  } finally {
    scratch.release();
  }
}

/** FTS5's own matches for `t`, in id order. */
async function fts5Matches(database: Database, t: TextQuery): Promise<number[]> {
  const ids = await indexRepo.textMatchIds(database.db, 'sqlite', t, (n) => new Int32Array(n));
  return [...(ids ?? [])].sort((a, b) => a - b);
}

async function sameAsFts5(database: Database, index: FilterIndex, when: string): Promise<void> {
  for (const t of FROM_PAIRS) {
    const here = await keptHere(database, index, t);
    assert.ok(here, `${when}: ${JSON.stringify(t)} is answered from the pairs`);
    assert.deepEqual(here, await fts5Matches(database, t), `${when}: ${JSON.stringify(t)} matches`);
  }
  for (const t of BY_FTS5) assert.equal(await keptHere(database, index, t), null, JSON.stringify(t));
  for (const t of [...FROM_PAIRS, ...BY_FTS5])
    assert.deepEqual(
      await bestMatchPages(database, t, 'index'),
      await bestMatchPages(database, t, 'sql'),
      `${when}: ${JSON.stringify(t)} in FTS5's order`,
    );
}

// FTS5 only: PostgreSQL matches phrases with its tsvector positions and keeps no pairs.
test('SQLite: phrases from the word pairs give the works FTS5 gives, in its order, through edits and deletes', async () => {
  const { database, dispose } = await freshDatabase('sqlite');
  try {
    const ids: number[] = [];
    for (const [i, w] of WORKS.entries())
      ids.push((await importWork(database, w, { path: `/pairs/${i}`, hash: `pairs-${i}` })).workId);
    const index = FilterIndex.of(database);
    await index.whenReady();
    await sameAsFts5(database, index, 'as imported');
    // An edit takes "lantern keeper" out of one work and puts it, and more, in another.
    await sql`UPDATE chapters SET html = '<p>No lights here.</p>' WHERE work_id = ${ids[1]!}`.execute(database.db);
    await sql`UPDATE chapters SET html = ${`<p>${'The lantern keeper, again. '.repeat(12)}</p>`} WHERE work_id = ${ids[4]!}`.execute(
      database.db,
    );
    await reindexWorks(database, [ids[1]!, ids[4]!]);
    await sameAsFts5(database, index, 'after an edit');
    await sql`DELETE FROM works WHERE id = ${ids[0]!}`.execute(database.db);
    await reindexWorks(database, [ids[0]!]);
    await sameAsFts5(database, index, 'after a delete');
    // The path only reads the pairs once every work has them.
    assert.equal(await fillPhrasePairs(database), 0, 'nothing to fill');
    await sql`INSERT INTO work_pairs (work_pairs) VALUES ('delete-all')`.execute(database.db);
    await sql`INSERT INTO work_pairs_missing (since) VALUES ('now')`.execute(database.db);
    assert.equal(await keptHere(database, index, FROM_PAIRS[0]!), null, 'pairs missing: FTS5 answers');
    assert.deepEqual(
      await bestMatchPages(database, FROM_PAIRS[2]!, 'index'),
      await bestMatchPages(database, FROM_PAIRS[2]!, 'sql'),
    );
    assert.equal(await fillPhrasePairs(database, undefined, 3), ids.length - 1, 'every work left, in batches');
    assert.equal(await pairsRepo.pairsComplete(database.db), true);
    await sameAsFts5(database, index, 'after the pairs were filled');
    // A phrase's pairs are read however many; a word past occurrencesFirst leaves it to FTS5.
    const saved = PAGE_TUNING.occurrencesFirst;
    PAGE_TUNING.occurrencesFirst = 1;
    try {
      assert.ok(await keptHere(database, index, FROM_PAIRS[0]!));
      assert.equal(await keptHere(database, index, FROM_PAIRS[3]!), null);
    } finally {
      PAGE_TUNING.occurrencesFirst = saved;
    }
  } finally {
    await dispose();
  }
});
