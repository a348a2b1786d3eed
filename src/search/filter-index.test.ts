import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../db/database.ts';
import { describeEachDialect, freshDatabase } from '../testing/databases.ts';
import type { ParsedWork } from '../importers/parsed-work.ts';
import { makeSynonym, setCanonical } from '../tags/wrangling.service.ts';
import { importWork } from '../works/works.service.ts';
import { Bitset } from './bitset.ts';
import { FilterIndex } from './filter-index.ts';
import { PAGE_TUNING } from './indexed-search.ts';
import { emptyQuery, type SortField, type WorkQuery } from './query.ts';
import { searchWorks, type SearchEngine } from './search.service.ts';
import { textMatchIds } from './filter-index.repo.ts';
import { TopK } from './top-k.ts';
import { wordsRankedHere } from './word-ranking.ts';

test('bitset: add, delete, count, and, andNot, ranges over a column, descending walk', () => {
  const a = Bitset.fromIds(100, [0, 1, 31, 32, 63, 64, 99, 150]);
  assert.equal(a.count(), 7, 'ids past the capacity are ignored');
  assert.deepEqual(Array.from(a.toArray()), [0, 1, 31, 32, 63, 64, 99]);
  const b = Bitset.fromIds(100, [1, 32, 64, 98]);
  assert.deepEqual(Array.from(a.clone().and(b).toArray()), [1, 32, 64]);
  assert.deepEqual(Array.from(a.clone().andNot(b).toArray()), [0, 31, 63, 99]);
  const parity = Int32Array.from({ length: 100 }, (_, id) => id % 2);
  assert.deepEqual(Array.from(a.clone().retainInRange(parity, 1, 1).toArray()), [1, 31, 63, 99]);
  assert.deepEqual(
    Array.from(
      a
        .clone()
        .retainInRange(
          Float64Array.from({ length: 100 }, (_, id) => id),
          31,
          64,
        )
        .toArray(),
    ),
    [31, 32, 63, 64],
    'both ends inclusive',
  );
  const down: number[] = [];
  a.forEachDescending((id) => down.push(id) < 4);
  assert.deepEqual(down, [99, 64, 63, 32]);
  const below: number[] = [];
  a.forEachDescending((id) => below.push(id) > 0, 32);
  assert.deepEqual(below, [31, 1, 0], 'below is exclusive');
  a.delete(31);
  assert.equal(a.has(31), false);
  assert.equal(a.count(), 6);
});

test('bitset: a range keeps the same works whether a word of the set is full or sparse', () => {
  const r = rng(5);
  const capacity = 32 * 64 + 7;
  const values = Float64Array.from({ length: capacity - 3 }, () => Math.floor(r() * 100));
  // Each word of the set has its own density, from empty to full (the high bit included).
  const ids: number[] = [];
  for (let word = 0; word * 32 < capacity; word++) {
    const density = word % 8 === 0 ? 1 : r();
    for (let b = 0; b < 32; b++) if (r() < density) ids.push(word * 32 + b);
  }
  const set = Bitset.fromIds(capacity, ids);
  const expected = set.toArray().filter((id) => id < values.length && values[id]! >= 20 && values[id]! <= 60);
  assert.deepEqual(Array.from(set.clone().retainInRange(values, 20, 60).toArray()), Array.from(expected));
});

// ---- the index answers exactly as SQL does ------------------------------------------------------

/** A small deterministic generator, so a failure names a seed that reproduces it. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FANDOMS = ['Harbour Lights (TV)', 'The Glass Orchard', 'Saltmarsh Chronicles', 'Original Work'];
const CHARACTERS = ['Ines Vale', 'Tobias Reed', 'Marguerite Okafor', 'Sunny Castellan', 'Wren Holloway'];
const RATINGS = ['General Audiences', 'Teen And Up Audiences', 'Mature', 'Explicit'];
const WARNINGS = ['No Archive Warnings Apply', 'Major Character Death', 'Graphic Depictions Of Violence'];
const FREEFORMS = ['Fluff', 'Angst', 'Slow Burn', 'fluffy'];
const WORDS = ['lantern', 'harbour', 'orchard', 'salt', 'letter', 'storm', 'kettle', 'ferry'];
const LANGUAGES = ['en', 'en', 'en', 'es', 'de'];

async function loadArchive(database: Database, n: number, seed: number): Promise<number[]> {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const tags: { type: string; name: string }[] = [
      { type: 'rating', name: pick(RATINGS) },
      { type: 'warning', name: pick(WARNINGS) },
      { type: 'fandom', name: pick(FANDOMS) },
    ];
    if (r() < 0.2) tags.push({ type: 'fandom', name: pick(FANDOMS) });
    for (const c of CHARACTERS) if (r() < 0.3) tags.push({ type: 'character', name: c });
    if (r() < 0.4) tags.push({ type: 'freeform', name: pick(FREEFORMS) });
    // Bodies of different lengths, later words rarer: lengths and word rarity both move best match.
    const body = Array.from({ length: 4 + Math.floor(r() * 30) }, () =>
      pick(WORDS.slice(0, 1 + Math.floor(r() * WORDS.length))),
    ).join(' ');
    const parsed: ParsedWork = {
      title: `${pick(WORDS)} ${i}`,
      provisionalTitle: `w${i}`,
      summary: null,
      notes: [],
      language: pick(LANGUAGES),
      chapters: Array.from({ length: r() < 0.3 ? 2 : 1 }, () => ({ title: null, html: `<p>${body}</p>`, notes: [] })),
      tags: [...new Map(tags.map((t) => [t.name, t])).values()],
      creators: [r() < 0.5 ? 'quillfinch' : 'ottermoss'],
      source: { filename: `${i}.txt`, format: 'txt' },
    };
    const { workId } = await importWork(database, parsed, { path: `/equivalence/${seed}/${i}`, hash: `h${seed}-${i}` });
    const day = 1 + Math.floor(r() * 28);
    await database.db
      .updateTable('works')
      .set({
        kudos_count: Math.floor(r() * 6) * 10,
        hits: Math.floor(r() * 500),
        comments_count: Math.floor(r() * 5),
        bookmarks_count: Math.floor(r() * 4),
        posted_at: `2024-0${1 + Math.floor(r() * 9)}-${String(day).padStart(2, '0')}T10:00:00.000Z`,
        updated_at: `2025-01-${String(day).padStart(2, '0')}T12:00:00.000Z`,
        complete: r() < 0.6 ? 1 : 0,
        restricted: r() < 0.1 ? 1 : 0,
      })
      .where('id', '=', workId)
      .execute();
    ids.push(workId);
  }
  return ids;
}

function randomQuery(r: () => number): WorkQuery {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const q = emptyQuery();
  if (r() < 0.5) q.includeTags.push({ name: pick(FANDOMS), type: 'fandom' });
  if (r() < 0.3) q.includeTags.push({ name: pick(CHARACTERS), type: 'character' });
  if (r() < 0.2) q.includeTags.push({ name: pick(FREEFORMS) });
  if (r() < 0.3) q.excludeTags.push({ name: pick(WARNINGS), type: 'warning' });
  if (r() < 0.2) q.anyOf.push([{ name: pick(RATINGS) }, { name: pick(RATINGS) }]);
  if (r() < 0.2) q.ranges.kudos = { min: 20 };
  if (r() < 0.15) q.ranges.words = { max: 14 };
  if (r() < 0.15) q.ranges.posted = { from: '2024-03-01', to: '2024-06-30' };
  if (r() < 0.1) q.ranges.updated = r() < 0.5 ? { from: '2025-01-10' } : { to: '2025-01-20' };
  if (r() < 0.15) q.language = pick(LANGUAGES);
  if (r() < 0.15) q.complete = r() < 0.5;
  if (r() < 0.1) q.singleChapter = r() < 0.5;
  if (r() < 0.1) q.crossover = r() < 0.5 ? 'only' : 'exclude';
  if (r() < 0.1) q.creator = 'quillfinch';
  if (r() < 0.25) q.text.terms.push(pick(WORDS));
  if (r() < 0.1) q.text.terms.push(pick(WORDS));
  if (r() < 0.05) q.text.phrases.push(`${pick(WORDS)} ${pick(WORDS)}`);
  if (r() < 0.1) q.text.excludedTerms.push(pick(WORDS));
  const fields: SortField[] = [
    'best_match',
    'title',
    'creator',
    'posted',
    'updated',
    'words',
    'kudos',
    'hits',
    'comments',
    'bookmarks',
  ];
  q.sort = { field: pick(fields), direction: r() < 0.7 ? 'desc' : 'asc' };
  q.limit = 1 + Math.floor(r() * 7);
  return q;
}

/** Every page of the search, followed by its cursors: ids in order, and the first page's total. */
async function allPages(
  database: Database,
  query: WorkQuery,
  engine: SearchEngine,
  viewerId: number | null = null,
): Promise<{ ids: number[]; total: number; exact: boolean }> {
  const ids: number[] = [];
  let q = query;
  let total = -1;
  let exact = true;
  for (let guard = 0; guard < 200; guard++) {
    const page = await searchWorks(database, q, { engine, viewerId, facets: false });
    if (total < 0) ({ value: total, exact } = page.total);
    ids.push(...page.works.map((w) => w.id));
    if (!page.next) break;
    q = { ...q, after: page.next };
  }
  return { ids, total, exact };
}

async function sameAnswers(
  database: Database,
  seed: number,
  queries: number,
  viewerId: number | null = null,
  shape?: (q: WorkQuery, r: () => number) => void,
): Promise<void> {
  const r = rng(seed);
  for (let i = 0; i < queries; i++) {
    const q = randomQuery(r);
    shape?.(q, r);
    const bySql = await allPages(database, q, 'sql', viewerId);
    const byIndex = await allPages(database, q, 'index', viewerId);
    const what = `seed ${seed}, query ${i}: ${JSON.stringify(q)}`;
    assert.deepEqual(byIndex.ids, bySql.ids, what);
    assert.equal(byIndex.exact, true, what);
    assert.equal(byIndex.total, bySql.ids.length, `${what}: the index's total is exact`);
  }
}

describeEachDialect('filter index', (ctx) => {
  test('answers 150 random searches exactly as SQL does, page by page', async () => {
    await loadArchive(ctx.database, 90, 7);
    await FilterIndex.of(ctx.database).whenReady();
    await sameAnswers(ctx.database, 11, 150);
  });

  test('best match over words, with any filters, pages as SQL ranks it', async () => {
    await loadArchive(ctx.database, 90, 31);
    const saved = { ...PAGE_TUNING };
    try {
      // On SQLite: ranked in the process (text-scores.ts) however often the words occur.
      PAGE_TUNING.occurrencesPerMatch = 1_000;
      const words = (q: WorkQuery, r: () => number) => {
        q.text.terms = WORDS.filter(() => r() < 0.2);
        if (q.text.terms.length === 0) q.text.terms.push(WORDS[Math.floor(r() * WORDS.length)]!);
        if (r() < 0.3) q.text.excludedTerms = [WORDS[Math.floor(r() * WORDS.length)]!];
        if (r() < 0.2)
          q.text.excludedPhrases = [
            `${WORDS[Math.floor(r() * WORDS.length)]!} ${WORDS[Math.floor(r() * WORDS.length)]!}`,
          ];
        q.sort = { field: 'best_match', direction: r() < 0.8 ? 'desc' : 'asc' };
      };
      // The words' occurrences read first and the matches taken from them (word-ranking.ts)...
      await sameAnswers(ctx.database, 32, 80, null, words);
      // ...or, past occurrencesFirst, the matches listed by FTS5 and then ranked here.
      PAGE_TUNING.occurrencesFirst = 0;
      await sameAnswers(ctx.database, 33, 60, null, words);
    } finally {
      Object.assign(PAGE_TUNING, saved);
    }
  });

  test('every way of finding a page gives the same answers: walks cut short, scores from FTS5, titles walked', async () => {
    await loadArchive(ctx.database, 70, 13);
    const saved = { ...PAGE_TUNING };
    try {
      Object.assign(PAGE_TUNING, {
        walkBatch: 2,
        walkMax: 6,
        databaseSortMax: 0,
        topScoresMax: 0,
        rankInProcess: false,
      });
      await sameAnswers(ctx.database, 14, 80);
      Object.assign(PAGE_TUNING, {
        walkBatch: 3,
        walkMax: 1_000,
        walkRowCost: 0.01,
        databaseSortMax: 5,
        topScoresMax: 1_000,
      });
      await sameAnswers(ctx.database, 15, 80);
      Object.assign(PAGE_TUNING, { rankInProcess: true, occurrencesPerMatch: 100 });
      await sameAnswers(ctx.database, 16, 60);
    } finally {
      Object.assign(PAGE_TUNING, saved);
    }
  });

  test('best match ranked by the database: the top it is asked for, split across read workers or not', async () => {
    await loadArchive(ctx.database, 80, 41);
    const readers = ctx.database.readers;
    if (ctx.dialect === 'sqlite')
      assert.ok(readers && readers.size >= 2, 'npm test gives each SQLite database two read workers');
    let parts = 0;
    if (readers) {
      const run = readers.run.bind(readers);
      readers.run = (text, parameters) => (parts++, run(text, parameters));
    }
    const words = (q: WorkQuery, r: () => number) => {
      q.text.terms = WORDS.filter(() => r() < 0.1);
      if (r() < 0.5 || q.text.terms.length === 0)
        q.text.phrases = [`${WORDS[Math.floor(r() * WORDS.length)]!} ${WORDS[Math.floor(r() * WORDS.length)]!}`];
      q.sort = { field: 'best_match', direction: r() < 0.8 ? 'desc' : 'asc' };
    };
    const saved = { ...PAGE_TUNING };
    try {
      // No room beyond an even share: where the filters leave out the top, a second, bigger ask.
      Object.assign(PAGE_TUNING, { rankInProcess: false, splitFrom: 0, topRoom: 0 });
      await sameAnswers(ctx.database, 42, 60, null, words);
      // Every score read, in parts.
      Object.assign(PAGE_TUNING, { topScoresMax: 0 });
      await sameAnswers(ctx.database, 43, 40, null, words);
      Object.assign(PAGE_TUNING, { splitFrom: Infinity, topScoresMax: saved.topScoresMax });
      await sameAnswers(ctx.database, 44, 40, null, words);
    } finally {
      Object.assign(PAGE_TUNING, saved);
    }
    if (ctx.dialect === 'sqlite') assert.ok(parts > 100, `the read workers ranked parts (${parts})`);
  });

  test('sees every change before the next search: counters, flags, wrangling, deletes, other connections', async () => {
    const ids = await loadArchive(ctx.database, 60, 3);
    const db = ctx.database.db;
    await sameAnswers(ctx.database, 5, 20);
    // Facets: the index counts them from the works' filter lists it keeps, SQL from the table.
    const sameFacets = async () => {
      const q = emptyQuery();
      const [index, fromSql] = await Promise.all(
        (['index', 'sql'] as const).map(async (engine) => (await searchWorks(ctx.database, q, { engine })).facets),
      );
      assert.ok(Object.keys(index!.byType).length > 2);
      assert.deepEqual(index, fromSql);
    };
    await sameFacets();
    // Counters, dates and flags move; a work is hidden by a moderator, another deleted.
    await db.updateTable('works').set({ kudos_count: 999, hits: 0 }).where('id', '=', ids[5]!).execute();
    await db.updateTable('works').set({ hidden_by_admin: 1 }).where('id', '=', ids[6]!).execute();
    await db
      .updateTable('works')
      .set({ restricted: 1, updated_at: '2026-02-02T00:00:00.000Z' })
      .where('id', '=', ids[7]!)
      .execute();
    await db.deleteFrom('works').where('id', '=', ids[8]!).execute();
    // Columns with kept bitsets (language, complete, chapters, fandoms) move too.
    for (const id of ids.slice(11, 16))
      await db
        .updateTable('works')
        .set({ complete: 0, language: 'de', chapter_count: 3, fandom_count: 2 })
        .where('id', '=', id)
        .execute();
    // Dates move into and out of the ranges the queries ask for (the index's day order is stale for them).
    for (const [k, id] of ids.slice(16, 24).entries())
      await db
        .updateTable('works')
        .set({ posted_at: k % 2 ? '2024-04-15T23:59:59.999Z' : '2023-12-31T00:00:00.000Z', updated_at: '2025-01-15' })
        .where('id', '=', id)
        .execute();
    const top = emptyQuery();
    top.sort = { field: 'kudos', direction: 'desc' };
    top.limit = 1;
    assert.deepEqual(
      (await searchWorks(ctx.database, top, { engine: 'index' })).works.map((w) => w.id),
      [ids[5]],
    );
    await sameAnswers(ctx.database, 6, 30);
    // Wrangling moves filters: a synonym now finds its canonical tag's works and the reverse.
    await setCanonical(ctx.database, 'Fluff', true);
    await makeSynonym(ctx.database, 'fluffy', 'Fluff');
    const fluff = emptyQuery();
    fluff.includeTags.push({ name: 'Fluff' });
    const sqlFluff = await allPages(ctx.database, fluff, 'sql');
    assert.deepEqual((await allPages(ctx.database, fluff, 'index')).ids, sqlFluff.ids);
    await sameAnswers(ctx.database, 8, 30);
    await sameFacets();
    // A second connection (another web process, the CLI) writes; this process's index follows.
    const other = await openDatabase(ctx.url);
    try {
      await other.db.updateTable('works').set({ kudos_count: 5000 }).where('id', '=', ids[9]!).execute();
      await sql`DELETE FROM work_filters WHERE work_id = ${ids[10]!}`.execute(other.db);
      await other.db.updateTable('works').set({ fandom_count: 0 }).where('id', '=', ids[10]!).execute();
    } finally {
      await other.close();
    }
    assert.deepEqual(
      (await searchWorks(ctx.database, top, { engine: 'index' })).works.map((w) => w.id),
      [ids[9]],
    );
    await sameAnswers(ctx.database, 9, 30);
  });

  test('a change read again while a long transaction runs elsewhere is not applied twice', async () => {
    const ids = await loadArchive(ctx.database, 20, 5);
    const sent: string[] = [];
    const counted = await openDatabase(ctx.url, { onQuery: (s) => sent.push(s) });
    const holder = await openDatabase(ctx.url);
    let release = () => {};
    const released = new Promise<void>((r) => (release = r));
    let held: Promise<void> = Promise.resolve();
    try {
      const top = emptyQuery();
      top.sort = { field: 'kudos', direction: 'desc' };
      top.limit = 1;
      const search = async () => {
        sent.length = 0;
        const ids = (await searchWorks(counted, top, { engine: 'index' })).works.map((w) => w.id);
        return { ids, statements: sent.length };
      };
      await search();
      const idle = (await search()).statements;
      // On PostgreSQL another connection's transaction stays open and holds the change log's mark
      // back (SQLite's mark is a sequence number, which nothing holds back).
      if (ctx.dialect === 'postgres') {
        let started = () => {};
        const begun = new Promise<void>((r) => (started = r));
        held = holder.db.transaction().execute(async (trx) => {
          await sql`SELECT txid_current()`.execute(trx);
          started();
          await released;
        });
        await begun;
      }
      await ctx.database.db.updateTable('works').set({ kudos_count: 777 }).where('id', '=', ids[3]!).execute();
      const first = await search();
      assert.deepEqual(first.ids, [ids[3]], 'the change is seen');
      assert.ok(first.statements > idle, 'and applied');
      const again = await search();
      assert.deepEqual(again.ids, [ids[3]]);
      assert.equal(again.statements, idle, 'read again, not applied again');
    } finally {
      release();
      await held;
      await holder.close();
      await counted.close();
    }
  });

  test("a signed-in reader's mutes, blocklist and hidden works leave the same works out", async () => {
    const ids = await loadArchive(ctx.database, 40, 21);
    const db = ctx.database.db;
    const now = new Date().toISOString();
    const reader = await db
      .insertInto('users')
      .values({ username: 'lookingglass', email: null, password_hash: null, role: 'reader', created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const muted = await db
      .selectFrom('pseuds')
      .select('user_id')
      .where('name', '=', 'ottermoss')
      .executeTakeFirstOrThrow();
    const angst = await db.selectFrom('tags').select('id').where('name', '=', 'Angst').executeTakeFirst();
    await db
      .insertInto('user_blocks')
      .values({ user_id: reader.id, other_id: muted.user_id, kind: 'mute', created_at: now })
      .execute();
    if (angst) await db.insertInto('tag_blocklist').values({ user_id: reader.id, tag_id: angst.id }).execute();
    await db
      .insertInto('hidden_items')
      .values({ user_id: reader.id, work_id: ids[0]!, series_id: null, created_at: now })
      .execute();
    await sameAnswers(ctx.database, 22, 40, reader.id);
  });
});

test('SQLite: plain words and phrases take their matches from their occurrences, the same works FTS5 matches', async () => {
  const { database, dispose } = await freshDatabase('sqlite');
  try {
    await loadArchive(database, 60, 51);
    const index = FilterIndex.of(database);
    await index.whenReady();
    const every = { includeGroups: [], excludeTags: [], ranges: {}, guest: false, excludeWorks: [] };
    const kept = async (text: WorkQuery['text']) => {
      const scratch = index.scratch();
      try {
        const matches = await index.matching(every, scratch);
        const set = await wordsRankedHere(database, index, text, matches, new TopK(5, true), scratch);
        return set && [...scratch.members(set)];
      } finally {
        scratch.release();
      }
    };
    const fts5 = async (text: WorkQuery['text']) => {
      const ids = await textMatchIds(database.db, 'sqlite', text, (n) => new Int32Array(n));
      const findable = await database.db.selectFrom('works').select('id').where('draft', '=', 0).execute();
      const allowed = new Set(findable.map((w) => w.id));
      return [...(ids ?? [])].filter((id) => allowed.has(id)).sort((a, b) => a - b);
    };
    const text = (terms: string[], excludedTerms: string[] = [], excludedPhrases: string[] = []) => ({
      terms,
      phrases: [],
      excludedTerms,
      excludedPhrases,
    });
    for (const t of [
      text(['lantern']),
      text(['Harbour', 'salt']),
      text(['storm'], ['kettle']),
      text(['orchard', 'letter'], [], ['ferry storm']),
    ]) {
      const here = await kept(t);
      assert.ok(here && here.length > 0, JSON.stringify(t));
      assert.deepEqual(here, await fts5(t), JSON.stringify(t));
    }
    // A phrase is read from the word pairs (phrase-pairs.test.ts); a word FTS5 may read
    // otherwise, or too many occurrences: FTS5 lists the matches.
    const phrase = { ...text(['salt']), phrases: ['salt storm'] };
    assert.deepEqual(await kept(phrase), await fts5(phrase));
    assert.equal(await kept(text(['café'])), null);
    const saved = PAGE_TUNING.occurrencesFirst;
    PAGE_TUNING.occurrencesFirst = 0;
    try {
      assert.equal(await kept(text(['lantern'])), null);
    } finally {
      PAGE_TUNING.occurrencesFirst = saved;
    }
  } finally {
    await dispose();
  }
});
