// The read every guest's work page makes (guest-facts.ts): guests asking at once get each their
// own answer (their kudos, the work's hits and versions), on PostgreSQL from one statement for
// all of them, and a read asked after a change sees it; so do their kept pages.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase } from '../db/database.ts';
import { leaveKudos } from '../community/kudos.service.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { testServer } from '../testing/server.ts';
import { makeWork } from '../testing/works.ts';
import { readGuestPageFacts } from './guest-facts.ts';

describeEachDialect("a guest page's facts", (ctx) => {
  test('guests asking at once each get their own, in one statement on PostgreSQL', async () => {
    const a = await makeWork(ctx.database, { chapters: 1, rating: 'General Audiences' });
    const b = await makeWork(ctx.database, { chapters: 1, rating: 'General Audiences' });
    await leaveKudos(ctx.database, { user: null, address: '10.8.0.1' }, a.workId);
    await leaveKudos(ctx.database, { user: null, address: '10.8.0.2' }, b.workId);
    const sent: string[] = [];
    const database = await openDatabase(ctx.url, { onQuery: (s) => sent.push(s) });
    try {
      const asked: [number, string][] = [
        [a.workId, '10.8.0.1'],
        [a.workId, '10.8.0.2'],
        [b.workId, '10.8.0.1'],
        [b.workId, '10.8.0.2'],
        [a.workId, '10.8.0.3'],
        [999_999, '10.8.0.1'],
      ];
      const got = await Promise.all(asked.map(([work, address]) => readGuestPageFacts(database, work, address)));
      assert.deepEqual(
        got.map((f) => f?.kudosGiven),
        [true, false, false, true, false, false],
      );
      const [first] = got;
      assert.ok(first && first.version > 0 && first.workVersion > 0);
      // One archive version for all; each work its own version; a missing work has none.
      assert.ok(got.every((f) => f?.version === first.version));
      assert.equal(got[2]?.workVersion, got[3]?.workVersion);
      assert.deepEqual([got[5]?.workVersion, got[5]?.hits], [0, null]);
      assert.equal(sent.length, ctx.dialect === 'postgres' ? 1 : asked.length);

      // A read asked after a change sees it, whichever guests it shares its statement with.
      await leaveKudos(ctx.database, { user: null, address: '10.8.0.3' }, a.workId);
      const [after, other] = await Promise.all([
        readGuestPageFacts(database, a.workId, '10.8.0.3'),
        readGuestPageFacts(database, b.workId, '10.8.0.3'),
      ]);
      assert.equal(after?.kudosGiven, true);
      assert.ok(after && after.workVersion > got[4]!.workVersion);
      assert.equal(other?.kudosGiven, false);
      assert.equal(other?.workVersion, got[3]?.workVersion);
    } finally {
      await database.close();
    }
  });

  test('guests served a kept page at once each see their own kudos state', async () => {
    const { workId } = await makeWork(ctx.database, { chapters: 1, rating: 'General Audiences' });
    const app = await testServer(ctx.database);
    try {
      const view = (address: string) => app.inject({ method: 'GET', url: `/works/${workId}`, remoteAddress: address });
      // Both pages kept: with and without this guest's kudos.
      await view('10.8.1.9');
      await leaveKudos(ctx.database, { user: null, address: '10.8.1.1' }, workId);
      await view('10.8.1.1');
      const guests = Array.from({ length: 12 }, (_, i) => `10.8.1.${i + 1}`);
      const gave = new Set(['10.8.1.1']);
      for (let round = 0; round < 2; round++) {
        const pages = await Promise.all(guests.map(view));
        for (const [i, page] of pages.entries()) {
          assert.equal(page.statusCode, 200);
          assert.equal(/You left kudos on this work/.test(page.body), gave.has(guests[i]!), guests[i]);
        }
        if (round > 0) break;
        // Another guest's kudos, between the rounds, shows on their page alone.
        await leaveKudos(ctx.database, { user: null, address: '10.8.1.5' }, workId);
        gave.add('10.8.1.5');
      }
    } finally {
      await app.close();
    }
  });
});
