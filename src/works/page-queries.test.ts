// How many statements a guest's and a signed-in reader's pages send to the database, pinned: on PostgreSQL each is a round
// trip, so a query added per work, tag or comment (an N+1) must show here as a failing count, not
// later as a slower archive. The counts are the same on both dialects. Hits wait in memory
// longer than a test runs, so that no batch of them is written while statements are counted.
process.env.QUIRE_HIT_BATCH_MS = '600000';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase } from '../db/database.ts';
import { describeEachDialect, holdTransaction } from '../testing/databases.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
import { pseudNamed, makeUser } from '../testing/users.ts';
import { makeSeries, makeWork, workCounts } from '../testing/works.ts';
import { flushHits } from '../community/hits.service.ts';
import { setCreators } from './works.repo.ts';

describeEachDialect('statements a guest page sends', (ctx) => {
  test('a work page: one rendering, then one statement a view however many chapters, tags and works', async () => {
    const tags: [string, string][] = [
      ['fandom', 'Lighthouses'],
      ['character', 'The Keeper'],
      ['character', 'The Gull'],
      ['freeform', 'Found Family'],
      ['freeform', 'Slow Burn'],
    ];
    await makeWork(ctx.database, { chapters: 1, rating: 'General Audiences' });
    for (let i = 0; i < 3; i++) await makeWork(ctx.database, { chapters: 2, rating: 'General Audiences', tags });
    const { workId } = await makeWork(ctx.database, { chapters: 5, rating: 'General Audiences', tags });
    const sent: string[] = [];
    const database = await openDatabase(ctx.url, { onQuery: (s) => sent.push(s) });
    const app = await testServer(database);
    // A transaction held open elsewhere in the cluster (on PostgreSQL): each change-log read
    // returns the rows the last one applied, which must cost nothing more.
    const release = await holdTransaction(ctx.dialect, ctx.url);
    try {
      let guest = 1;
      const view = async (url: string) => {
        sent.length = 0;
        const res = await app.inject({ method: 'GET', url, remoteAddress: `10.1.0.${guest++}` });
        assert.equal(res.statusCode, 200, url);
        return sent.length;
      };
      // A listing reads the search index's changes and its page of works with their tags and
      // creators in one statement (after the first, which loads the index).
      await view('/');
      assert.equal(await view('/'), 3);
      // The API counts the guest's request against its limit first (one upsert).
      await view('/api/v1/works');
      assert.equal(await view('/api/v1/works'), 4);

      // The first guest's view renders: the facts, the work (its row and creators read once for
      // every part that asks) and what is around it (its collections, gifts and the prompt it
      // fills). Its hit is noted in memory, as every view's is, and written with others later.
      assert.equal(await view(`/works/${workId}`), 14);
      assert.equal(await view(`/works/${workId}/chapters/3`), 14);
      // Every other guest's: one statement (the versions, hits and their kudos).
      assert.equal(await view(`/works/${workId}`), 1);
      assert.equal(await view(`/works/${workId}/chapters/3`), 1);
      // Again with the page's hits written: a listing reads the change they made, and nothing more.
      await flushHits(database);
      await view('/');
      assert.equal(await view('/'), 3);
      await app.close();
      assert.equal((await workCounts(ctx.database, workId)).hits, 4, "four guests' views, written as one batch");
    } finally {
      await release();
      await app.close();
      await database.close();
    }
  });

  test("a signed-in reader's work page: the same statements however many comments, kudos and readers", async () => {
    const { workId, chapterIds } = await makeWork(ctx.database, {
      chapters: 3,
      rating: 'General Audiences',
      tags: [['fandom', 'Lighthouses']],
    });
    const first = String(chapterIds[0]);
    const sent: string[] = [];
    const database = await openDatabase(ctx.url, { onQuery: (s) => sent.push(s) });
    const app = await testServer(database);
    try {
      const me = await new TestBrowser(app).signUp('keeper');
      const count = async (url: string) => {
        sent.length = 0;
        const res = await me.get(url);
        assert.equal(res.statusCode, 200, url);
        return sent.length;
      };
      await count(`/works/${workId}`);
      const before = [await count(`/works/${workId}`), await count(`/works/${workId}/chapters/2`)];
      for (const name of ['gull', 'tern', 'petrel']) {
        const other = await new TestBrowser(app).signUp(name);
        await other.post(`/works/${workId}/kudos`, {});
        await other.post(`/works/${workId}/comments`, { body: `The lamp, says ${name}.`, chapter_id: first });
      }
      await me.post(`/works/${workId}/comments`, { body: 'Mine.', chapter_id: first });
      const page = (await me.get(`/works/${workId}`)).body;
      assert.ok(page.includes('The lamp, says petrel.') && page.includes('Mine.'), 'the comments are there');
      assert.match(page, /gull/, 'and the kudos');
      // Two creators to follow and two series to hide, one of each already chosen by the reader.
      const creators = [await makeUser(ctx.database, 'cormorant'), await makeUser(ctx.database, 'puffin')];
      await setCreators(ctx.database.db, workId, [
        await pseudNamed(ctx.database, creators[0]!.id, 'cormorant'),
        await pseudNamed(ctx.database, creators[1]!.id, 'puffin'),
      ]);
      const series = [
        await makeSeries(ctx.database, 'Lamps', [workId]),
        await makeSeries(ctx.database, 'Gulls', [workId]),
      ];
      const follow = await me.post('/subscriptions', { type: 'creator', id: String(creators[1]!.id) });
      assert.ok(follow.statusCode < 400, 'the reader follows one creator');
      const hide = await me.post('/account/hidden', { series: String(series[1]) });
      assert.ok(hide.statusCode < 400, 'and hides one series');
      const shown = (await me.get(`/works/${workId}`)).body;
      assert.ok(shown.includes('puffin') && shown.includes('Gulls'), 'the creators and series are on the page');
      const after = [await count(`/works/${workId}`), await count(`/works/${workId}/chapters/2`)];
      assert.deepEqual(after, before, 'no statement per comment, kudos, reader, creator or series');
      // The session and the inbox; the work's row and its creators, read once for every part
      // that asks; the work's tags, chapters and notes; the chapter; the visit; and each part
      // around the text once.
      assert.deepEqual(before, [21, 21]);
    } finally {
      await app.close();
      await database.close();
    }
  });
});
