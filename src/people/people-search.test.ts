import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addPseud } from '../accounts/accounts.service.ts';
import { saveBookmark } from '../community/bookmarks.service.ts';
import { setCreators } from '../works/works.repo.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
import { makeUser, pseudNamed, relate } from '../testing/users.ts';
import { makeWork } from '../testing/works.ts';
import { PEOPLE_PAGE, searchPeople } from './people-search.service.ts';

const summary = (r: Awaited<ReturnType<typeof searchPeople>>) =>
  r.people.map((p) => `${p.pseud}/${p.username}: ${p.works.value} works, ${p.bookmarks} bookmarks`);

describeEachDialect('people search', (ctx) => {
  test('finds pseuds by part of the pseud or username, any case, with what the viewer may see', async () => {
    const rowan = await makeUser(ctx.database, 'rowan');
    await addPseud(ctx.database, rowan, 'Lamplighter');
    const reader = await makeUser(ctx.database, 'reader');
    await makeUser(ctx.database, 'growing_things');
    await makeWork(ctx.database, { title: 'Open', creator: rowan });
    await makeWork(ctx.database, { title: 'Members only', creator: rowan, restricted: true });
    await makeWork(ctx.database, { title: 'Unfinished', creator: rowan, draft: true });
    const { workId: open } = await makeWork(ctx.database, { title: 'Theirs', creator: reader });
    const { workId: locked } = await makeWork(ctx.database, {
      title: 'Theirs, locked',
      creator: reader,
      restricted: true,
    });
    const { workId: hidden } = await makeWork(ctx.database, { title: 'Theirs, a draft', creator: reader, draft: true });
    await saveBookmark(ctx.database, rowan, open, { notes: 'Yes.' });
    await saveBookmark(ctx.database, rowan, locked, {});
    await saveBookmark(ctx.database, rowan, hidden, {}).catch(() => undefined);
    await saveBookmark(ctx.database, reader, open, { private: true });

    // Whole name first, then names that begin with the text, then the rest.
    const guest = await searchPeople(ctx.database, null, 'ROW');
    assert.deepEqual(summary(guest), [
      'rowan/rowan: 1 works, 1 bookmarks',
      'Lamplighter/rowan: 0 works, 0 bookmarks',
      'growing_things/growing_things: 0 works, 0 bookmarks',
    ]);
    const signedIn = await searchPeople(ctx.database, reader, 'row');
    assert.deepEqual(summary(signedIn).slice(0, 1), ['rowan/rowan: 2 works, 2 bookmarks']);
    assert.deepEqual(summary(await searchPeople(ctx.database, null, 'lamp')), [
      'Lamplighter/rowan: 0 works, 0 bookmarks',
    ]);
    // A private bookmark counts nowhere, not even for its owner here.
    assert.deepEqual(summary(await searchPeople(ctx.database, reader, 'reader')), [
      'reader/reader: 2 works, 0 bookmarks',
    ]);

    // LIKE's wildcards match only themselves; empty text finds nobody; the archive's account is no one.
    assert.deepEqual(summary(await searchPeople(ctx.database, null, '_')), [
      'growing_things/growing_things: 0 works, 0 bookmarks',
    ]);
    assert.equal((await searchPeople(ctx.database, null, '%')).total, 0);
    assert.equal((await searchPeople(ctx.database, null, '   ')).people.length, 0);
    await makeWork(ctx.database, { title: 'Imported' });
    assert.equal((await searchPeople(ctx.database, null, 'importer')).total, 0);

    // A muted creator's works and bookmarks vanish for the reader who mutes them, as everywhere.
    await relate(ctx.database, reader, rowan, 'mute');
    assert.deepEqual(summary(await searchPeople(ctx.database, reader, 'rowan')), [
      'rowan/rowan: 0 works, 0 bookmarks',
      'Lamplighter/rowan: 0 works, 0 bookmarks',
    ]);
    // Blocking stops comments, not reading: the blocked are found as before.
    await relate(ctx.database, rowan, reader, 'block');
    assert.deepEqual(summary(await searchPeople(ctx.database, rowan, 'reader')), [
      'reader/reader: 2 works, 0 bookmarks',
    ]);
  });

  test('pages through many matches', async () => {
    for (let i = 0; i < PEOPLE_PAGE + 3; i++) await makeUser(ctx.database, `ferry_${String(i).padStart(2, '0')}`);
    const first = await searchPeople(ctx.database, null, 'ferry');
    assert.equal(first.total, PEOPLE_PAGE + 3);
    assert.equal(first.people.length, PEOPLE_PAGE);
    assert.equal(first.hasNext, true);
    const second = await searchPeople(ctx.database, null, 'ferry', 2);
    assert.deepEqual(
      second.people.map((p) => p.username),
      ['ferry_20', 'ferry_21', 'ferry_22'],
    );
    assert.equal(second.hasNext, false);
  });

  test('the page and its JSON twin escape names and page on', async () => {
    const odd = await makeUser(ctx.database, 'odd_one');
    await addPseud(ctx.database, odd, '<script>alert(1)</script>');
    const { workId } = await makeWork(ctx.database, { title: 'A work' });
    const pseud = await pseudNamed(ctx.database, odd.id, '<script>alert(1)</script>');
    await setCreators(ctx.database.db, workId, [pseud]);
    const app = await testServer(ctx.database);
    try {
      const guest = new TestBrowser(app);
      const page = await guest.get('/people/search?q=%3Cscript');
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /<script>alert/);
      assert.match(
        page.body,
        /&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/a> \(<a href="\/users\/odd_one">odd_one<\/a>\)/,
      );
      assert.match(page.body, /value="&lt;script"/, 'the form keeps the text, escaped');
      assert.match(page.body, /1 person found/);
      assert.match(page.body, /1 work ·/);
      assert.equal((await guest.get('/people/search?q=a&q=b')).statusCode, 200, 'a repeated field is no error');
      assert.equal((await guest.get('/people/search?page=-4&q=odd')).statusCode, 200);
      const json = JSON.parse((await guest.get('/api/v1/people/search?q=%3CSCRIPT')).body);
      assert.equal(json.people[0].pseud, '<script>alert(1)</script>');
      assert.equal(json.people[0].works.value, 1);
      assert.equal(json.next, null);
      assert.match((await guest.get('/works/search')).body, /<a href="\/people\/search">People<\/a>/);
    } finally {
      await app.close();
    }
  });
});
