import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import type { Database } from '../db/database.ts';
import type { ParsedWork } from '../importers/parsed-work.ts';
import { setCanonical, makeSynonym } from '../tags/wrangling.service.ts';
import { importWork } from '../works/works.service.ts';
import { parseQuery } from './query-parser.ts';
import { searchWorks } from './search.service.ts';

interface Spec {
  title: string;
  body: string;
  tags: [string, string][];
  kudos?: number;
  language?: string;
  chapters?: number;
  creator?: string;
}

const WORKS: Spec[] = [
  {
    title: 'Lanterns Over Mystic Falls',
    body: 'Caroline hung paper lanterns along the porch while Klaus watched.',
    tags: [
      ['fandom', 'The Vampire Diaries (TV)'],
      ['character', 'Caroline Forbes'],
      ['rating', 'General Audiences'],
      ['freeform', 'Fluff'],
    ],
    kudos: 40,
    creator: 'lanternlight',
  },
  {
    title: 'The Long Drive',
    body: 'Klaus drove through the night; Caroline slept against the window.',
    tags: [
      ['fandom', 'The Vampire Diaries (TV)'],
      ['fandom', 'The Originals (TV)'],
      ['character', 'Klaus Mikaelson'],
      ['rating', 'Teen And Up Audiences'],
      ['warning', 'Graphic Depictions Of Violence'],
    ],
    kudos: 90,
    chapters: 3,
  },
  {
    title: 'Tea at Baker Street',
    body: 'John made the tea. Sherlock ignored it, as he always ignored tea.',
    tags: [
      ['fandom', 'Sherlock (TV)'],
      ['rating', 'General Audiences'],
      ['freeform', 'fluffy'],
    ],
    kudos: 10,
    language: 'en',
  },
  {
    title: 'El faro',
    body: 'La linterna del faro se apagó a medianoche.',
    tags: [
      ['fandom', 'Original Work'],
      ['rating', 'General Audiences'],
    ],
    kudos: 5,
    language: 'es',
  },
  {
    title: 'Paper Boats',
    body: 'Lanterns and paper boats drifted down the river at the festival of lanterns.',
    tags: [
      ['fandom', 'Original Work'],
      ['rating', 'Mature'],
      ['freeform', 'Fluff'],
    ],
    kudos: 70,
  },
];

async function load(database: Database): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const [i, w] of WORKS.entries()) {
    const chapters = Array.from({ length: w.chapters ?? 1 }, (_, c) => ({
      title: null,
      html: `<p>${w.body} Part ${c + 1}.</p>`,
      notes: [],
    }));
    const parsed: ParsedWork = {
      title: w.title,
      provisionalTitle: w.title,
      summary: null,
      notes: [],
      chapters,
      language: w.language ?? 'en',
      tags: w.tags.map(([type, name]) => ({ type, name })),
      creators: w.creator ? [w.creator] : [],
      source: { filename: `${i}.txt`, format: 'txt' },
    };
    const { workId } = await importWork(database, parsed, { path: `/w/${i}`, hash: `h${i}` });
    await database.db
      .updateTable('works')
      .set({ kudos_count: w.kudos ?? 0 })
      .where('id', '=', workId)
      .execute();
    ids.set(w.title, workId);
  }
  return ids;
}

async function titles(database: Database, q: string): Promise<string[]> {
  const { query, errors } = parseQuery(q, { now: new Date('2030-01-01T00:00:00Z') });
  assert.deepEqual(
    errors.filter((e) => e.severity === 'error'),
    [],
    q,
  );
  return (await searchWorks(database, query)).works.map((w) => w.title);
}

describeEachDialect('search', (ctx) => {
  test('tag filters: include, exclude, any-of, synonyms, with sorts', async () => {
    await load(ctx.database);
    const db = ctx.database;
    assert.deepEqual(await titles(db, 'fandom:"The Vampire Diaries (TV)" sort:kudos'), [
      'The Long Drive',
      'Lanterns Over Mystic Falls',
    ]);
    assert.deepEqual(await titles(db, 'fandom:"The Vampire Diaries (TV)" -warning:"Graphic Depictions Of Violence"'), [
      'Lanterns Over Mystic Falls',
    ]);
    assert.deepEqual(await titles(db, 'fandom:("Sherlock (TV)" | "Original Work") sort:kudos'), [
      'Paper Boats',
      'Tea at Baker Street',
      'El faro',
    ]);
    assert.deepEqual(await titles(db, 'rating:general sort:title'), [
      'El faro',
      'Lanterns Over Mystic Falls',
      'Tea at Baker Street',
    ]);
    assert.deepEqual(await titles(db, 'tag:Fluff sort:kudos'), ['Paper Boats', 'Lanterns Over Mystic Falls']);
    await setCanonical(db, 'Fluff', true);
    await makeSynonym(db, 'fluffy', 'Fluff');
    assert.deepEqual(await titles(db, 'tag:Fluff sort:kudos'), [
      'Paper Boats',
      'Lanterns Over Mystic Falls',
      'Tea at Baker Street',
    ]);
    assert.deepEqual(
      await titles(db, 'tag:fluffy sort:kudos'),
      ['Paper Boats', 'Lanterns Over Mystic Falls', 'Tea at Baker Street'],
      'a synonym searches as its canonical tag',
    );
  });

  test('free text: terms, phrases, exclusions, best match puts a title hit first', async () => {
    await load(ctx.database);
    const db = ctx.database;
    assert.deepEqual(await titles(db, 'lanterns'), ['Lanterns Over Mystic Falls', 'Paper Boats']);
    assert.deepEqual(await titles(db, '"paper boats drifted"'), ['Paper Boats']);
    assert.deepEqual(await titles(db, 'lanterns -river'), ['Lanterns Over Mystic Falls']);
    assert.deepEqual(await titles(db, '-tea sort:title'), [
      'El faro',
      'Lanterns Over Mystic Falls',
      'The Long Drive',
      'Paper Boats',
    ]);
    assert.deepEqual(await titles(db, 'linterna'), ['El faro']);
    assert.deepEqual(await titles(db, 'nothingmatchesthis'), []);
  });

  test('ranges, language, chapters, crossovers, creator', async () => {
    await load(ctx.database);
    const db = ctx.database;
    assert.deepEqual(await titles(db, 'kudos>50 sort:kudos'), ['The Long Drive', 'Paper Boats']);
    assert.deepEqual(await titles(db, 'kudos:5-10 sort:kudos'), ['Tea at Baker Street', 'El faro']);
    assert.deepEqual(await titles(db, 'lang:es'), ['El faro']);
    assert.deepEqual(await titles(db, 'single:false'), ['The Long Drive']);
    assert.deepEqual(await titles(db, 'crossover:only'), ['The Long Drive']);
    assert.equal((await titles(db, 'crossover:exclude')).length, 4);
    assert.deepEqual(await titles(db, 'creator:LanternLight'), ['Lanterns Over Mystic Falls']);
    assert.deepEqual(await titles(db, 'creator:nobody'), []);
    assert.deepEqual(await titles(db, 'posted>2029-01-01'), []);
  });

  test('keyset pages cover every match once; totals and facets', async () => {
    await load(ctx.database);
    const db = ctx.database;
    const seen: string[] = [];
    let { query } = parseQuery('sort:kudos');
    query.limit = 2;
    for (let guard = 0; guard < 10; guard++) {
      const page = await searchWorks(db, query);
      seen.push(...page.works.map((w) => w.title));
      assert.deepEqual(page.total, { value: 5, exact: true });
      if (!page.next) break;
      query = { ...query, after: page.next };
    }
    assert.deepEqual(seen, [
      'The Long Drive',
      'Paper Boats',
      'Lanterns Over Mystic Falls',
      'Tea at Baker Street',
      'El faro',
    ]);

    const { query: gen } = parseQuery('rating:general');
    const result = await searchWorks(db, gen);
    assert.deepEqual(result.total, { value: 3, exact: true });
    assert.deepEqual(result.facets.byType.fandom?.map((f) => [f.name, f.count]).sort(), [
      ['Original Work', 1],
      ['Sherlock (TV)', 1],
      ['The Vampire Diaries (TV)', 1],
    ]);
    assert.equal(result.facets.approximate, false);

    const { query: both } = parseQuery('lanterns rating:general');
    assert.deepEqual((await searchWorks(db, both)).total, { value: 1, exact: true });
  });

  test('an unknown tag matches nothing and says so; a cursor from another sort is refused', async () => {
    await load(ctx.database);
    const { query } = parseQuery('fandom:"No Such Fandom"');
    const result = await searchWorks(ctx.database, query);
    assert.deepEqual(result.works, []);
    assert.match(result.notices[0]!.message, /no fandom tag is named 'No Such Fandom'/);
    const { query: q2 } = parseQuery('sort:kudos');
    q2.limit = 1;
    const first = await searchWorks(ctx.database, q2);
    const { query: q3 } = parseQuery('sort:title');
    const stale = await searchWorks(ctx.database, { ...q3, after: first.next! });
    assert.match(stale.notices[0]!.message, /another search or sort/);
    assert.equal(stale.works[0]!.title, 'El faro');
  });
});
