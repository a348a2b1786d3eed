import assert from 'node:assert/strict';
import { test } from 'node:test';
import { promote } from '../accounts/accounts.service.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
import { makeWork } from '../testing/works.ts';
import { flushHits } from '../community/hits.service.ts';
import { userNamed } from '../testing/users.ts';
import { sessionFromToken, startSession } from '../accounts/accounts.service.ts';
import type { Database } from '../db/database.ts';
import { type WriterStats, worksCsv, writerStats } from './stats.service.ts';

async function signedInAs(database: Database, userId: number) {
  return (await sessionFromToken(database, await startSession(database, userId)))!;
}

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

  test('over time: charts and a table of the same figures, one work or all, and both as CSV', async () => {
    const app = await testServer(ctx.database);
    try {
      const writer = await new TestBrowser(app).signUp('chartwriter');
      const me = await userNamed(ctx.database, 'chartwriter');
      const { workId: loved } = await makeWork(ctx.database, { title: 'Loved, "Quoted", =SUM(1)', creator: me });
      const { workId: other } = await makeWork(ctx.database, { title: 'Other One', creator: me });
      for (const name of ['fan1', 'fan2']) {
        const fan = await new TestBrowser(app).signUp(name);
        await fan.get(`/works/${loved}`);
        await fan.post(`/works/${loved}/kudos`, {});
      }
      await new TestBrowser(app).get(`/works/${other}`);
      await flushHits(ctx.database);
      const today = new Date().toISOString().slice(0, 10);

      const stats = await writerStats(ctx.database, await signedInAs(ctx.database, me.id), 'chartwriter', {
        days: '30',
      });
      assert.equal(stats.bucketDays, 1);
      assert.equal(stats.series.length, 30);
      assert.equal(stats.series.at(-1)!.start, today);
      assert.deepEqual(
        { hits: stats.series.at(-1)!.hits, kudos: stats.series.at(-1)!.kudos },
        { hits: 3, kudos: 2 },
        "today's bar holds every hit and kudos given",
      );
      assert.equal(
        stats.series.slice(0, -1).reduce((n, b) => n + b.kudos + b.hits, 0),
        0,
      );
      const weekly = await writerStats(ctx.database, await signedInAs(ctx.database, me.id), 'chartwriter', {
        work: String(other),
      });
      assert.deepEqual([weekly.period, weekly.bucketDays, weekly.series.length], [90, 7, 13]);
      assert.deepEqual([weekly.series.at(-1)!.hits, weekly.series.at(-1)!.kudos], [1, 0], 'one work alone');

      const page = (await writer.get('/users/chartwriter/stats?days=30')).body;
      assert.match(page, /<svg[^>]*role="img"[^>]*aria-labelledby="chart-kudos-title chart-kudos-desc"/);
      assert.match(page, /<desc id="chart-kudos-desc">2 in the last 30 days/);
      assert.equal((page.match(/<rect /g) ?? []).length, 2, 'one bar for hits today, one for kudos');
      assert.match(
        page,
        new RegExp(`<th scope="row">${today}</th><td>3</td><td>2</td>`),
        'the table says what the chart draws',
      );
      assert.match(page, /Loved, &quot;Quoted&quot;, =SUM\(1\)/);

      const works = await writer.get('/users/chartwriter/stats.csv');
      assert.equal(works.statusCode, 200);
      assert.match(works.headers['content-type'] as string, /^text\/csv/);
      assert.match(works.headers['content-disposition'] as string, /attachment; filename="chartwriter-works.csv"/);
      const lines = works.body.split('\r\n');
      assert.equal(lines[0], 'work_id,title,posted,words,hits,kudos,comments,bookmarks,subscriptions');
      assert.ok(lines.some((l) => l.startsWith(`${loved},"Loved, ""Quoted"", =SUM(1)",`) && l.endsWith(',2,2,0,0,0')));
      const activity = (await writer.get(`/users/chartwriter/stats/activity.csv?days=30&work=${loved}`)).body;
      assert.ok(activity.includes(`\r\n${today},2,2,0,0,0\r\n`), activity.slice(-80));

      const stranger = new TestBrowser(app);
      assert.equal((await stranger.get('/users/chartwriter/stats.csv')).statusCode, 401);
      const reader = await new TestBrowser(app).signUp('nosy');
      assert.equal((await reader.get('/users/chartwriter/stats/activity.csv')).statusCode, 403);
      assert.equal((await writer.get('/users/chartwriter/stats?work=999999')).statusCode, 404);
    } finally {
      await app.close();
    }
  });
});

test('CSV: a title that a spreadsheet would run as a formula stays text', () => {
  const s = {
    works: [
      {
        id: 1,
        title: '=HYPERLINK("x")',
        postedAt: '2026-01-01T00:00:00Z',
        words: 1,
        hits: 0,
        kudos: 0,
        comments: 0,
        bookmarks: 0,
        subscriptions: 0,
      },
    ],
  } as unknown as WriterStats;
  assert.equal(worksCsv(s).split('\r\n')[1], `1,"'=HYPERLINK(""x"")",2026-01-01,1,0,0,0,0,0`);
});
