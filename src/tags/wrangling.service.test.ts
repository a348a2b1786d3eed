import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import { makeWork } from '../testing/works.ts';
import type { Database } from '../db/database.ts';
import { filterTagIds } from './filters.repo.ts';
import { findOrCreateTag, findTagByName } from './tags.repo.ts';
import { makeSynonym, setCanonical, setParent, tagDetails, WranglingError } from './wrangling.service.ts';

async function filterNames(database: Database, workId: number): Promise<string[]> {
  const ids = await filterTagIds(database.db, workId);
  const rows = await database.db
    .selectFrom('tags')
    .select('name')
    .where('id', 'in', ids.length ? ids : [0])
    .orderBy('name')
    .execute();
  return rows.map((r) => r.name);
}

async function fandomCount(database: Database, workId: number): Promise<number> {
  const row = await database.db
    .selectFrom('works')
    .select('fandom_count')
    .where('id', '=', workId)
    .executeTakeFirstOrThrow();
  return row.fandom_count;
}

describeEachDialect('wrangling and filters', (ctx) => {
  test('synonyms, meta tags and common tagging move filters as AO3 does', async () => {
    const db = ctx.database;
    const imp = async (title: string, tags: [string, string][]) => (await makeWork(db, { title, tags })).workId;
    const w1 = await imp('One', [
      ['fandom', 'MCU'],
      ['character', 'Tony'],
      ['freeform', 'Fluffy'],
    ]);
    const w2 = await imp('Two', [
      ['fandom', 'Marvel Cinematic Universe'],
      ['freeform', 'Fluff'],
    ]);
    const w3 = await imp('Three', [
      ['fandom', 'The Vampire Diaries (TV)'],
      ['fandom', 'The Originals (TV)'],
    ]);
    const w4 = await imp('Four', [['character', 'Tony Stark']]);
    assert.deepEqual(await filterNames(db, w1), ['Fluffy', 'MCU', 'Tony']);
    assert.equal(await fandomCount(db, w3), 2, 'two fandoms make a crossover');

    await setCanonical(db, 'Marvel Cinematic Universe', true);
    const merged = await makeSynonym(db, 'MCU', 'Marvel Cinematic Universe');
    assert.equal(merged.works, 2);
    assert.deepEqual(await filterNames(db, w1), ['Fluffy', 'Marvel Cinematic Universe', 'Tony']);
    assert.equal((await findTagByName(db.db, 'Marvel Cinematic Universe'))?.synonymOf, null);
    assert.equal((await tagDetails(db, 'Marvel Cinematic Universe')).filterCount, 2);

    await findOrCreateTag(db.db, 'fandom', 'Marvel', true);
    await setParent(db, 'Marvel Cinematic Universe', 'Marvel', true);
    assert.deepEqual(await filterNames(db, w2), ['Fluff', 'Marvel', 'Marvel Cinematic Universe']);
    assert.equal(await fandomCount(db, w2), 1, 'a fandom and its meta tag are one fandom');
    assert.equal((await tagDetails(db, 'Marvel')).filterCount, 2);

    // A character's fandom is common tagging: it does not add the fandom as a filter.
    await setCanonical(db, 'Tony Stark', true);
    await setParent(db, 'Tony Stark', 'Marvel Cinematic Universe', true);
    assert.deepEqual(await filterNames(db, w4), ['Tony Stark']);

    await assert.rejects(setParent(db, 'Marvel', 'Marvel Cinematic Universe', true), /loop/);
    await assert.rejects(makeSynonym(db, 'Fluffy', 'Tony Stark'), /must share a type/);
    await assert.rejects(makeSynonym(db, 'Fluffy', 'Fluff'), /not canonical/);
    await assert.rejects(setCanonical(db, 'Marvel Cinematic Universe', false), /has synonyms/);
    await assert.rejects(
      setParent(db, 'Nope', 'Marvel', true),
      (e: unknown) => e instanceof WranglingError && /no tag named 'Nope'/.test(e.message),
    );

    await setParent(db, 'Marvel Cinematic Universe', 'Marvel', false);
    assert.deepEqual(await filterNames(db, w2), ['Fluff', 'Marvel Cinematic Universe']);
    assert.equal((await tagDetails(db, 'Marvel')).filterCount, 0);
  });
});
