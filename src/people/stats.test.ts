import assert from 'node:assert/strict';
import { test } from 'node:test';
import { promote } from '../accounts/accounts.service.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
import { makeWork } from '../testing/works.ts';

describeEachDialect("a writer's statistics", (ctx) => {
  test('per posted work and in total, sortable, for the writer and admins alone', async () => {
    const app = await testServer(ctx.database);
    try {
      const writer = await new TestBrowser(app).signUp('statwriter');
      const me = await ctx.database.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'statwriter')
        .executeTakeFirstOrThrow();
      const { workId: quiet } = await makeWork(ctx.database, { title: 'Quiet One', creator: me });
      const { workId: loved } = await makeWork(ctx.database, { title: 'Loved One', creator: me });
      await makeWork(ctx.database, { title: 'Unposted', creator: me, draft: true });
      await makeWork(ctx.database, { title: 'Not Mine' });
      const reader = await new TestBrowser(app).signUp('statreader');
      await reader.get(`/works/${loved}`);
      await reader.post(`/works/${loved}/kudos`, {});
      await new TestBrowser(app).get(`/works/${quiet}`);

      const page = await writer.get('/users/statwriter/stats?sort=kudos');
      assert.equal(page.statusCode, 200);
      const body = page.body;
      assert.ok(body.indexOf('Loved One') < body.indexOf('Quiet One'), 'sorted by kudos, most first');
      assert.doesNotMatch(body, /Unposted/, 'drafts are not counted');
      assert.doesNotMatch(body, /Not Mine/);
      assert.match(body, /All 2 works/);
      assert.match(body, /<th scope="col" aria-sort="descending">Kudos<\/th>/);
      assert.match((await writer.get('/users/statwriter')).body, /href="\/users\/statwriter\/stats">Your statistics/);

      assert.equal((await reader.get('/users/statwriter/stats')).statusCode, 403);
      assert.equal((await new TestBrowser(app).get('/users/statwriter/stats')).statusCode, 401);
      assert.doesNotMatch((await reader.get('/users/statwriter')).body, /Your statistics/);
      await promote(ctx.database, 'statreader', 'admin');
      assert.equal((await reader.get('/users/statwriter/stats')).statusCode, 200);
      // An unknown sort is the default, not an error.
      assert.equal((await writer.get('/users/statwriter/stats?sort=nonsense')).statusCode, 200);
    } finally {
      await app.close();
    }
  });
});
