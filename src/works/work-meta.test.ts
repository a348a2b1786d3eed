// The work page's details box says what a reader needs even when no one has decided it yet.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flushHits } from '../community/hits.service.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
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

describeEachDialect("a work's counts", (ctx) => {
  test('kudos and hits show on the work page and its blurb; counts of nothing are left out, hits always shown', async () => {
    const { workId } = await makeWork(ctx.database, { title: 'Counted' });
    const app = await testServer(ctx.database);
    try {
      const reader = await new TestBrowser(app).signUp('kudosgiver');
      await reader.get(`/works/${workId}`);
      // Hits are written in batches: this one now, before the page is read.
      await flushHits(ctx.database);
      assert.equal((await reader.post(`/works/${workId}/kudos`, {})).statusCode, 303);
      const page = (await new TestBrowser(app).get(`/works/${workId}`)).body;
      assert.match(page, /<dt>Kudos<\/dt><dd>1<\/dd>/);
      assert.match(page, /<dt>Hits<\/dt><dd>[12]<\/dd>/);
      assert.doesNotMatch(page, /<dt>Comments<\/dt>/);
      assert.doesNotMatch(page, /<dt>Bookmarks<\/dt>/);
      assert.match((await new TestBrowser(app).get('/')).body, /<dt>Kudos<\/dt><dd>1<\/dd>/);
    } finally {
      await app.close();
    }
  });
});

describeEachDialect('a work for signed-in readers only', (ctx) => {
  test('asks a guest to sign in (and comes back to it), where a draft stays not found', async () => {
    const { workId: members } = await makeWork(ctx.database, { title: 'Members Only', restricted: true });
    const { workId: draft } = await makeWork(ctx.database, { title: 'Not Yet', draft: true });
    const app = await testServer(ctx.database);
    try {
      const guest = new TestBrowser(app);
      const page = await guest.get(`/works/${members}`);
      assert.equal(page.statusCode, 401);
      assert.match(page.body, /only available to signed-in readers/);
      assert.match(page.body, new RegExp(`href="/login\\?return_to=%2Fworks%2F${members}"`));
      assert.doesNotMatch(page.body, /Members Only/, 'the title is not given away');
      assert.equal((await guest.get(`/works/${draft}`)).statusCode, 404);
      const reader = await new TestBrowser(app).signUp('member');
      assert.equal((await reader.get(`/works/${members}`)).statusCode, 200);
    } finally {
      await app.close();
    }
  });
});
