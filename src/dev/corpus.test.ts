import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { loadCanon } from '../analysis/canon.ts';
import { run as runDev } from '../cli/dev.ts';
import type { Database } from '../db/database.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { reindexWorks, titleSortKey } from '../search/indexing.service.ts';
import { queryFromParams } from '../search/query-url.ts';
import { searchWorks } from '../search/search.service.ts';
import { CATEGORY_TAGS, RATING_TAGS, WARNING_TAGS } from '../tags/tag-types.ts';
import { CorpusGenerator, type CorpusWork } from './corpus.ts';
import { GENERATED_FANDOMS } from './corpus-tags.ts';
import { Rng, Weighted, zipfWeights } from './random.ts';
import { countWorks, loadCorpus } from './corpus.repo.ts';

const canon = loadCanon();
const generator = (works: number, seed = 'test') => new CorpusGenerator(canon, { works, seed, bodyWords: 60 });

function shares(works: CorpusWork[], type: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of works) for (const t of w.tags) if (t.type === type) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
  return new Map([...counts].map(([k, n]) => [k, n / works.length]));
}

describe('corpus generator', () => {
  test('the same seed gives the same works; another seed, other works', () => {
    const a = generator(1000, 'seed-a');
    const b = generator(1000, 'seed-a');
    const c = generator(1000, 'seed-b');
    for (const i of [0, 1, 17, 999]) assert.deepEqual(a.work(i), b.work(i));
    assert.deepEqual(a.pseuds, b.pseuds);
    // Work i depends only on (seed, i): order of generation does not matter.
    assert.deepEqual(a.work(5), generator(1000, 'seed-a').work(5));
    assert.notDeepEqual(a.work(0), c.work(0));
  });

  test('alias tables draw in proportion to their weights', () => {
    const rng = new Rng(42);
    const table = new Weighted([1, 2, 7]);
    const n = [0, 0, 0];
    for (let i = 0; i < 50_000; i++) n[table.sample(rng)]!++;
    assert.ok(Math.abs(n[2]! / 50_000 - 0.7) < 0.01, `${n}`);
    assert.ok(Math.abs(n[0]! / 50_000 - 0.1) < 0.01, `${n}`);
    const z = zipfWeights(3, 1);
    assert.deepEqual([...z], [1, 1 / 2, 1 / 3]);
  });

  test('2,000 works look like AO3: ratings, warnings, categories, languages, sizes, dates', () => {
    const gen = generator(2000);
    const works = Array.from({ length: 2000 }, (_, i) => gen.work(i));
    const near = (actual: number | undefined, expected: number, what: string, tolerance = 0.035) =>
      assert.ok(
        Math.abs((actual ?? 0) - expected) <= tolerance,
        `${what}: ${((actual ?? 0) * 100).toFixed(1)}% where ~${expected * 100}% was meant`,
      );

    const ratings = shares(works, 'rating');
    near(ratings.get('General Audiences'), 0.2, 'General');
    near(ratings.get('Teen And Up Audiences'), 0.3, 'Teen');
    near(ratings.get('Mature'), 0.15, 'Mature');
    near(ratings.get('Explicit'), 0.2, 'Explicit');
    near(ratings.get('Not Rated'), 0.15, 'Not Rated');
    const warnings = shares(works, 'warning');
    near(warnings.get('No Archive Warnings Apply'), 0.6, 'No Archive Warnings Apply');
    near(warnings.get('Creator Chose Not To Use Archive Warnings'), 0.25, 'Creator Chose Not To Use');
    near(warnings.get('Graphic Depictions Of Violence'), 0.1, 'Graphic Violence', 0.025);
    near(warnings.get('Major Character Death'), 0.05, 'Major Character Death', 0.02);
    const categories = shares(works, 'category');
    near(categories.get('M/M'), 0.4, 'M/M', 0.04);
    near(categories.get('F/M'), 0.22, 'F/M', 0.04);
    near(categories.get('Gen'), 0.2, 'Gen', 0.04);
    const en = works.filter((w) => w.language === 'en').length / works.length;
    near(en, 0.92, 'English');
    near(works.filter((w) => w.complete).length / works.length, 0.7, 'complete', 0.04);
    const crossovers =
      works.filter((w) => w.tags.filter((t) => t.type === 'fandom').length === 2).length / works.length;
    near(crossovers, 0.08, 'crossovers', 0.02);

    for (const w of works) {
      const count = (type: string) => w.tags.filter((t) => t.type === type).length;
      assert.equal(count('rating'), 1, `work ${w.index} has one rating`);
      assert.ok(count('warning') >= 1, `work ${w.index} has a warning`);
      assert.ok(count('fandom') >= 1 && count('fandom') <= 2, `work ${w.index} has one or two fandoms`);
      assert.ok(
        count('character') >= 1 && count('character') <= 8,
        `work ${w.index}: ${count('character')} characters`,
      );
      assert.ok(count('relationship') <= 3, `work ${w.index}: ${count('relationship')} relationships`);
      assert.ok(
        count('freeform') >= 2 && count('freeform') <= 10,
        `work ${w.index}: ${count('freeform')} additional tags`,
      );
      assert.equal(
        new Set(w.tags.map((t) => t.name.toLowerCase())).size,
        w.tags.length,
        `work ${w.index} repeats a tag`,
      );
      for (const t of w.tags) {
        if (t.type === 'rating') assert.ok((RATING_TAGS as readonly string[]).includes(t.name));
        if (t.type === 'warning') assert.ok((WARNING_TAGS as readonly string[]).includes(t.name));
        if (t.type === 'category') assert.ok((CATEGORY_TAGS as readonly string[]).includes(t.name));
      }
      assert.ok(w.words >= 100 && w.words <= 500_000, `words ${w.words}`);
      assert.ok(w.chapterCount >= 1 && w.chapterCount <= 100);
      assert.ok(w.postedAt >= '2009-11-14' && w.postedAt < '2026-11-02', w.postedAt);
      assert.ok(w.updatedAt >= w.postedAt, `updated ${w.updatedAt} before posted ${w.postedAt}`);
      assert.ok(
        w.hits >= w.kudos && w.kudos >= w.bookmarks,
        `hits ${w.hits} kudos ${w.kudos} bookmarks ${w.bookmarks}`,
      );
      assert.ok(w.title.length > 0 && w.text.length > 0 && w.html.startsWith('<p>'));
    }

    const words = works.map((w) => w.words).sort((a, b) => a - b);
    const median = words[1000]!;
    assert.ok(median > 2000 && median < 4500, `median words ${median}`);
    const oneShots = works.filter((w) => w.chapterCount === 1);
    assert.ok(oneShots.length / works.length > 0.5, 'most works are one-shots');
    const long = works.filter((w) => w.words > 50_000);
    assert.ok(long.every((w) => w.chapterCount > 1 || w.words < 60_000) || long.length < 5, 'long works have chapters');

    // Stats: hits >> kudos >> bookmarks > comments, in the median.
    const mid = (f: (w: CorpusWork) => number) => works.map(f).sort((a, b) => a - b)[1000]!;
    assert.ok(
      mid((w) => w.hits) > 5 * mid((w) => w.kudos) &&
        mid((w) => w.kudos) > 3 * mid((w) => w.bookmarks) &&
        mid((w) => w.bookmarks) >= mid((w) => w.comments),
    );

    // Posting grows over time.
    const inYear = (y: number) => works.filter((w) => w.postedAt.startsWith(String(y))).length;
    assert.ok(inYear(2024) > inYear(2018) && inYear(2018) > inYear(2012));
  });

  test('fandoms are Zipf: the biggest canon fandoms lead, then a long generated tail', () => {
    const gen = generator(2000);
    const works = Array.from({ length: 2000 }, (_, i) => gen.work(i));
    const fandoms = [...shares(works, 'fandom')].sort((a, b) => b[1] - a[1]);
    assert.equal(fandoms[0]![0], 'Marvel Cinematic Universe');
    assert.ok(fandoms[0]![1] > 0.03 && fandoms[0]![1] < 0.08, `top fandom share ${fandoms[0]![1]}`);
    assert.ok(fandoms[0]![1] > 2 * fandoms[9]![1], 'the head falls off');
    const generated = fandoms.filter(([name]) => name.startsWith('Generated Fandom '));
    assert.ok(
      generated.length > 300 && generated.length <= GENERATED_FANDOMS,
      `${generated.length} generated fandoms used`,
    );
    const tail = generated.reduce((sum, [, s]) => sum + s, 0);
    assert.ok(tail > 0.2 && tail < 0.7, `the generated tail holds ${tail}`);
    // Characters come from the work's fandom, the leads most often.
    const mcu = works.filter(
      (w) =>
        w.tags.some((t) => t.type === 'fandom' && t.name === 'Marvel Cinematic Universe') &&
        w.tags.filter((t) => t.type === 'fandom').length === 1,
    );
    const mcuCharacters = new Set(
      canon.fandoms.find((f) => f.name === 'Marvel Cinematic Universe')!.characters.map((c) => c.name),
    );
    for (const w of mcu)
      for (const t of w.tags)
        if (t.type === 'character') assert.ok(mcuCharacters.has(t.name), `${t.name} is not an MCU character`);
    const chars = [...shares(mcu, 'character')].sort((a, b) => b[1] - a[1]);
    assert.ok(
      ['Tony Stark', 'Steve Rogers', 'Bucky Barnes', 'James "Bucky" Barnes'].includes(chars[0]![0]),
      `most tagged MCU character: ${chars[0]![0]}`,
    );
    // Relationship tags are "A/B" or "A & B" with names sorted, or the canon's own spelling.
    for (const w of works) {
      for (const t of w.tags) {
        if (t.type !== 'relationship') continue;
        assert.match(t.name, /.+(\/| & ).+/);
      }
    }
    // Additional tags: Fluff and Angst head the list.
    const freeforms = [...shares(works, 'freeform')].sort((a, b) => b[1] - a[1]).map(([n]) => n);
    assert.deepEqual(freeforms.slice(0, 2), ['Fluff', 'Angst']);
  });

  test('creators: a pool of about a fifth as many pseuds as works, some prolific', () => {
    const gen = generator(5000);
    assert.equal(gen.pseuds.length, 1000);
    assert.equal(
      new Set(gen.pseuds.map((p) => p.toLowerCase())).size,
      1000,
      'pseud names are unique whatever their case',
    );
    const perPseud = new Map<number, number>();
    for (let i = 0; i < 5000; i++) for (const c of gen.work(i).creators) perPseud.set(c, (perPseud.get(c) ?? 0) + 1);
    const counts = [...perPseud.values()].sort((a, b) => b - a);
    assert.ok(counts[0]! >= 20, `the most prolific pseud has ${counts[0]} works`);
    assert.ok(counts.filter((n) => n <= 3).length > counts.length / 3, 'most pseuds write a few works');
  });
});

/** Every token the text index holds for one work, as (column, term) pairs, sorted. */
async function indexedTerms(database: Database, workId: number): Promise<string[]> {
  if (database.dialect === 'postgres') {
    const r = await sql<{ d: string }>`SELECT document::text AS d FROM work_text WHERE work_id = ${workId}`.execute(
      database.db,
    );
    return [r.rows[0]?.d ?? ''];
  }
  await sql`CREATE VIRTUAL TABLE IF NOT EXISTS temp.work_text_terms USING fts5vocab(main, work_text, instance)`.execute(
    database.db,
  );
  const r = await sql<{
    term: string;
    col: string;
  }>`SELECT term, col FROM temp.work_text_terms WHERE doc = ${workId}`.execute(database.db);
  return r.rows.map((x) => `${x.col}:${x.term}`).sort();
}

async function search(database: Database, params: Record<string, string>) {
  const { query } = queryFromParams(new URLSearchParams(params));
  return searchWorks(database, query, { facets: false });
}

describeEachDialect('corpus load', (ctx) => {
  test('a small corpus loads with its filters and text index, searchable like imported works', async () => {
    const database = ctx.database;
    const gen = generator(300, 'load');
    const result = await loadCorpus(database, gen, { from: 0, count: 300 });
    assert.equal(result.works, 300);
    assert.equal(await countWorks(database.db), 300);

    const ratingTotal = await sql<{ n: number }>`SELECT SUM(filter_count) AS n FROM tags WHERE type = 'rating'`.execute(
      database.db,
    );
    assert.equal(Number(ratingTotal.rows[0]!.n), 300, 'every work has one rating filter');
    const unfiltered = await sql<{ n: number }>`
      SELECT COUNT(*) AS n FROM works w WHERE NOT EXISTS (
        SELECT 1 FROM work_filters f JOIN tags t ON t.id = f.tag_id WHERE f.work_id = w.id AND t.type = 'fandom')`.execute(
      database.db,
    );
    assert.equal(Number(unfiltered.rows[0]!.n), 0, 'every work filters to a fandom');
    const crossovers = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM works WHERE fandom_count = 2`.execute(
      database.db,
    );
    const expected = Array.from({ length: 300 }, (_, i) => gen.work(i)).filter(
      (w) => w.tags.filter((t) => t.type === 'fandom').length === 2,
    ).length;
    assert.equal(Number(crossovers.rows[0]!.n), expected, 'crossovers count two fandoms');

    // Stored as importWork stores a work: sort keys, counts, one chapter with the body.
    const first = gen.work(0);
    const row = await database.db.selectFrom('works').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
    assert.equal(row.title, first.title);
    assert.equal(row.title_key, titleSortKey(first.title));
    assert.equal(row.creator_key, gen.pseuds[first.creators[0]!]!.toLowerCase());
    assert.equal(row.words, first.words);
    assert.equal(row.kudos_count, first.kudos);
    const chapter = await database.db
      .selectFrom('chapters')
      .select(['html', 'position'])
      .where('work_id', '=', 1)
      .executeTakeFirstOrThrow();
    assert.equal(chapter.html, first.html);

    // A tag search finds exactly the works the tag filters to (a guest sees no restricted ones).
    const big = await database.db
      .selectFrom('tags')
      .select(['id', 'name'])
      .where('type', '=', 'fandom')
      .orderBy('filter_count', 'desc')
      .executeTakeFirstOrThrow();
    const open = await sql<{ n: number }>`
      SELECT COUNT(*) AS n FROM work_filters f JOIN works w ON w.id = f.work_id WHERE f.tag_id = ${big.id} AND w.restricted = 0`.execute(
      database.db,
    );
    const byFandom = await search(database, { fandom: big.name, limit: '100' });
    assert.ok(byFandom.total.value >= 1);
    assert.equal(byFandom.total.value, Number(open.rows[0]!.n));
    const restricted = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM works WHERE restricted = 1`.execute(
      database.db,
    );
    assert.ok(
      Number(restricted.rows[0]!.n) > 0 && Number(restricted.rows[0]!.n) < 40,
      'a few works are for signed-in readers only',
    );
    // A synonym searches as its canonical tag.
    const synonym = await database.db
      .selectFrom('tags')
      .select(['name', 'synonym_of'])
      .where('synonym_of', 'is not', null)
      .executeTakeFirst();
    if (synonym) {
      const canonical = await database.db
        .selectFrom('tags')
        .select('name')
        .where('id', '=', synonym.synonym_of!)
        .executeTakeFirstOrThrow();
      const viaSynonym = await search(database, { freeform: synonym.name });
      const viaCanonical = await search(database, { freeform: canonical.name });
      assert.equal(viaSynonym.total.value, viaCanonical.total.value);
    }

    // Full text: a rare word of one work's body finds that work.
    const probe = gen.work(42);
    const rare =
      probe.text
        .split(/[^\p{L}]+/u)
        .filter((w) => w.length >= 9)
        .sort((a, b) => b.length - a.length)[0] ?? probe.text.split(/\s+/)[3]!;
    const byText = await search(database, { q: rare, limit: '100' });
    assert.ok(
      byText.works.some((w) => w.id === 43),
      `searching '${rare}' finds work 43`,
    );

    // The bulk-built document is the one the indexing service would write for the work.
    const before = await indexedTerms(database, 43);
    assert.ok(before.length > 0);
    await reindexWorks(database, [43]);
    assert.deepEqual(await indexedTerms(database, 43), before);
  });

  test('--append continues the sequence and reuses tags and creators; the CLI refuses a full database without it', async () => {
    const database = ctx.database;
    await loadCorpus(database, generator(150, 'append'), { from: 0, count: 100 });
    const tagsBefore = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM tags WHERE type = 'rating'`.execute(
      database.db,
    );
    await loadCorpus(database, generator(150, 'append'), { from: 100, count: 50 }, { worker: true });
    assert.equal(await countWorks(database.db), 150);
    const tagsAfter = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM tags WHERE type = 'rating'`.execute(
      database.db,
    );
    assert.equal(Number(tagsAfter.rows[0]!.n), Number(tagsBefore.rows[0]!.n));
    const last = await database.db.selectFrom('works').select('title').where('id', '=', 150).executeTakeFirstOrThrow();
    assert.equal(last.title, generator(150, 'append').work(149).title);
    // The archive's own accounts (orphan_account) have pseuds of their own.
    const pseuds = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM pseuds p JOIN users u ON u.id = p.user_id
      WHERE u.role <> 'system'`.execute(database.db);
    assert.equal(Number(pseuds.rows[0]!.n), 30, 'the same seed posts under the same pseuds');

    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
    try {
      assert.equal(await runDev(['corpus', '--works', '5', '--database', ctx.url]), 1);
    } finally {
      console.error = original;
    }
    assert.match(errors.join('\n'), /already has 150 works[\s\S]*--append[\s\S]*--replace/);
    assert.equal(await countWorks(database.db), 150);
  });
});
