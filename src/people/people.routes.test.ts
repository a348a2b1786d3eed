import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addPseud } from '../accounts/accounts.service.ts';
import { saveBookmark } from '../community/bookmarks.service.ts';
import { setCreators } from '../works/works.repo.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
import { makeUser } from '../testing/users.ts';
import { makeWork } from '../testing/works.ts';

describeEachDialect('creator pages', (ctx) => {
  test("a creator's page lists the works a viewer may see, under every pseud, and their public bookmarks", async () => {
    const rowan = await makeUser(ctx.database, 'rowan');
    await addPseud(ctx.database, rowan, 'Lamplighter');
    const other = await makeUser(ctx.database, 'someoneelse');
    await makeWork(ctx.database, { title: 'Open Water', creator: rowan });
    await makeWork(ctx.database, { title: 'Night Shift', creator: rowan, restricted: true });
    await makeWork(ctx.database, { title: 'Half Done', creator: rowan, draft: true });
    const { workId: pseudWork } = await makeWork(ctx.database, { title: 'Under Another Name' });
    const lamplighter = await ctx.database.db
      .selectFrom('pseuds')
      .select('id')
      .where('name', '=', 'Lamplighter')
      .executeTakeFirstOrThrow();
    await setCreators(ctx.database.db, pseudWork, [lamplighter.id]);
    const { workId: theirs } = await makeWork(ctx.database, { title: 'Somebody Else Wrote This', creator: other });
    await saveBookmark(ctx.database, rowan, theirs, { notes: 'Lovely.' });
    await makeWork(ctx.database, { title: 'Kept Quiet', creator: other });
    // Another user's pseud of the same name is someone else.
    await addPseud(ctx.database, other, 'rowan');
    const { workId: namesake } = await makeWork(ctx.database, { title: 'A Namesake Wrote This' });
    const otherRowan = await ctx.database.db
      .selectFrom('pseuds')
      .select('id')
      .where('name', '=', 'rowan')
      .where('user_id', '=', other.id)
      .executeTakeFirstOrThrow();
    await setCreators(ctx.database.db, namesake, [otherRowan.id]);
    const app = await testServer(ctx.database);
    try {
      const guest = new TestBrowser(app);
      const page = await guest.get('/users/rowan');
      assert.equal(page.statusCode, 200);
      const body = page.body;
      for (const title of ['Open Water', 'Under Another Name']) assert.match(body, new RegExp(title));
      assert.match(body, /Also writes as <a [^>]*>Lamplighter<\/a>/);
      assert.match(body, /Works \(2\)/);
      assert.doesNotMatch(body, /Night Shift/, 'restricted works are for signed-in readers');
      assert.doesNotMatch(body, /Half Done/, 'drafts are for their writer');
      assert.doesNotMatch(body, /Kept Quiet/);
      assert.doesNotMatch(body, /A Namesake Wrote This/);
      // Their public bookmark, linked; someone else's work appears only there.
      assert.match(body, new RegExp(`<a href="/works/${theirs}">Somebody Else Wrote This</a>`));

      const reader = await new TestBrowser(app).signUp('nightreader');
      const signedIn = (await reader.get('/users/rowan')).body;
      assert.match(signedIn, /Night Shift/);
      assert.match(signedIn, /Works \(3\)/);
      assert.doesNotMatch(signedIn, /Half Done/);

      // A pseud's page: the works credited to that name alone, with the way back to the whole.
      const pseudPage = await guest.get('/users/rowan/pseuds/lamplighter');
      assert.equal(pseudPage.statusCode, 200);
      assert.match(pseudPage.body, /<h1>Lamplighter \(rowan\)<\/h1>/);
      assert.match(pseudPage.body, /Under Another Name/);
      assert.doesNotMatch(pseudPage.body, /Open Water/);
      assert.match(pseudPage.body, /Works \(1\)/);
      assert.match(pseudPage.body, /href="\/users\/rowan">all of rowan's works/);
      assert.match(body, /href="\/users\/rowan\/pseuds\/Lamplighter">Lamplighter<\/a>/);
      assert.equal((await guest.get('/users/rowan/pseuds/nobody')).statusCode, 404);
      assert.equal((await guest.get('/users/someoneelse/pseuds/Lamplighter')).statusCode, 404);

      // The JSON twin agrees with the page on what a guest sees.
      const json = JSON.parse((await guest.get('/api/v1/users/rowan')).body);
      assert.deepEqual(json.works.works.map((w: { title: string }) => w.title).sort(), [
        'Open Water',
        'Under Another Name',
      ]);
    } finally {
      await app.close();
    }
  });

  test('bylines link to creator pages; the archive account has none, and strangers are not found', async () => {
    const rowan = await makeUser(ctx.database, 'rowan');
    const { workId: mine } = await makeWork(ctx.database, { title: 'Open Water', creator: rowan });
    const { workId: imported } = await makeWork(ctx.database, { title: 'From a Closed Archive' });
    const app = await testServer(ctx.database);
    try {
      const guest = new TestBrowser(app);
      assert.match((await guest.get(`/works/${mine}`)).body, /by <a rel="author" href="\/users\/rowan">rowan<\/a>/);
      assert.match((await guest.get('/')).body, /<a rel="author" href="\/users\/rowan">rowan<\/a>/);
      const importedPage = (await guest.get(`/works/${imported}`)).body;
      assert.doesNotMatch(importedPage, /rel="author"/, 'imported works have no creator page to link');
      assert.doesNotMatch(importedPage, /\(importer\)/, "the archive's own account is no one's name");
      assert.equal((await guest.get('/users/importer')).statusCode, 404);
      assert.equal((await guest.get('/users/no-such-writer')).statusCode, 404);
      assert.equal((await guest.get('/users/new')).statusCode, 200, 'the sign-up form keeps its address');
    } finally {
      await app.close();
    }
  });
});
