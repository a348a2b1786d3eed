// The work page's details box says what a reader needs even when no one has decided it yet.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import { testServer } from '../testing/server.ts';
import { makeWork } from '../testing/works.ts';

describeEachDialect('a work whose warnings no one has decided', (ctx) => {
  test('says so on its page, as AO3 readers would read it, and shows the warning when there is one', async () => {
    const undecided = await makeWork(ctx.database, {
      tags: [
        ['rating', 'General Audiences'],
        ['fandom', 'Original Work'],
      ],
    });
    const decided = await makeWork(ctx.database, {
      tags: [
        ['rating', 'General Audiences'],
        ['warning', 'No Archive Warnings Apply'],
        ['fandom', 'Original Work'],
      ],
    });
    const app = await testServer(ctx.database);
    try {
      const page = async (id: number) => (await app.inject({ method: 'GET', url: `/works/${id}` })).body;
      assert.match(await page(undecided.workId), /None given, so read it as Creator Chose Not To Use Archive Warnings/);
      const shown = await page(decided.workId);
      assert.doesNotMatch(shown, /None given/);
      assert.match(shown, /No Archive Warnings Apply/);
    } finally {
      await app.close();
    }
  });
});
