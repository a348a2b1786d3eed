import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import { CurationError } from './curation-error.ts';
import { MAX_NAME_LENGTH, MAX_SAVED_SEARCHES } from './saved-search-limits.ts';
import * as saved from './saved-searches.service.ts';
import { makeUser } from '../testing/users.ts';

describeEachDialect('saved searches', (ctx) => {
  test('saved as the query string, without the page cursor; described; named by what they find when unnamed', async () => {
    const db = ctx.database;
    const wren = await makeUser(db, 'wren');
    const s = await saved.saveSearch(db, wren, {
      name: '  Klaroline \n fluff ',
      params: '?q=lanterns&fandom=The+Vampire+Diaries+(TV)&sort=kudos&after=abc&rating=',
    });
    assert.equal(s.name, 'Klaroline fluff');
    assert.equal(s.params, 'q=lanterns&fandom=The+Vampire+Diaries+%28TV%29&sort=kudos');
    assert.equal(s.href, '/works/search?q=lanterns&fandom=The+Vampire+Diaries+%28TV%29&sort=kudos');
    assert.match(s.description, /^Works matching lanterns, in The Vampire Diaries \(TV\)/);
    const unnamed = await saved.saveSearch(db, wren, { params: 'words_from=1000&complete=true' });
    assert.equal(unnamed.name, unnamed.description);
    assert.match(unnamed.name, /1,000/);
    assert.deepEqual(
      (await saved.savedSearchesOf(db, wren)).map((x) => x.name),
      [unnamed.name, 'Klaroline fluff'],
      'newest first',
    );
  });

  test('refuses empty, broken and oversized searches and names', async () => {
    const db = ctx.database;
    const wren = await makeUser(db, 'wren');
    await assert.rejects(saved.saveSearch(db, wren, { name: 'x', params: '' }), /nothing to save/);
    await assert.rejects(saved.saveSearch(db, wren, { name: 'x', params: 'after=abc&q=' }), /nothing to save/);
    await assert.rejects(
      saved.saveSearch(db, wren, { name: 'x', params: 'words_from=lots' }),
      /problems to fix before saving it: words_from needs a whole number/,
    );
    await assert.rejects(
      saved.saveSearch(db, wren, { name: 'x', params: `q=${'a'.repeat(saved.MAX_PARAMS_LENGTH)}` }),
      /too long to save/,
    );
    await assert.rejects(
      saved.saveSearch(db, wren, { name: 'n'.repeat(MAX_NAME_LENGTH + 1), params: 'q=x' }),
      /at most 100 characters/,
    );
    const long = await saved.saveSearch(db, wren, {
      params: `q=${Array.from({ length: 60 }, (_, i) => `word${i}`).join('+')}`,
    });
    assert.equal([...long.name].length, MAX_NAME_LENGTH, 'a long description is cut to fit');
    assert.ok(long.name.endsWith('…'));
  });

  test('at most 100 per reader; rename and delete only one’s own', async () => {
    const db = ctx.database;
    const wren = await makeUser(db, 'wren');
    const ash = await makeUser(db, 'ash');
    let first: saved.SavedSearch | undefined;
    for (let i = 0; i < MAX_SAVED_SEARCHES; i++) {
      const s = await saved.saveSearch(db, wren, { name: `Search ${i}`, params: `q=w${i}` });
      first ??= s;
    }
    await assert.rejects(
      saved.saveSearch(db, wren, { name: 'one more', params: 'q=more' }),
      /you have 100 saved searches/,
    );
    await saved.saveSearch(db, ash, { name: 'ash has room', params: 'q=more' });

    const notFound = (e: unknown) => e instanceof CurationError && e.status === 404;
    await assert.rejects(saved.renameSearch(db, ash, first!.id, 'mine now'), notFound);
    await assert.rejects(saved.deleteSearch(db, ash, first!.id), notFound);
    await assert.rejects(saved.renameSearch(db, wren, first!.id, '   '), /give the search a name/);
    await saved.renameSearch(db, wren, first!.id, 'Renamed');
    assert.equal((await saved.savedSearchesOf(db, wren)).find((s) => s.id === first!.id)?.name, 'Renamed');
    await saved.deleteSearch(db, wren, first!.id);
    await assert.rejects(saved.deleteSearch(db, wren, first!.id), notFound);
    assert.equal((await saved.savedSearchesOf(db, wren)).length, MAX_SAVED_SEARCHES - 1);
    await saved.saveSearch(db, wren, { name: 'room again', params: 'q=more' });
  });
});
