import assert from 'node:assert/strict';
import { test } from 'node:test';
import { promote } from '../accounts/accounts.service.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
import { findOrCreateTag } from './tags.repo.ts';

describeEachDialect('wrangling pages', (ctx) => {
  test('only wranglers and admins wrangle; errors come back on the page', async () => {
    await findOrCreateTag(ctx.database.db, 'freeform', 'Fluff', true);
    await findOrCreateTag(ctx.database.db, 'freeform', 'fluffy');
    const app = await testServer(ctx.database);
    const guest = new TestBrowser(app);
    assert.equal((await guest.get('/admin/tags/fluffy')).statusCode, 401);
    assert.equal((await guest.post('/admin/tags/fluffy', { action: 'merge', other: 'Fluff' })).statusCode, 401);
    const reader = await new TestBrowser(app).signUp('reader_one');
    assert.equal((await reader.post('/admin/tags/fluffy', { action: 'merge', other: 'Fluff' })).statusCode, 403);
    const wrangler = await new TestBrowser(app).signUp('wrangler_one');
    await promote(ctx.database, 'wrangler_one', 'wrangler');
    assert.equal((await wrangler.get('/admin/tags/fluffy')).statusCode, 200);
    const merged = await wrangler.post('/admin/tags/fluffy', { action: 'merge', other: 'Fluff' });
    assert.equal(merged.statusCode, 303);
    assert.match((await wrangler.get(merged.headers.location as string)).body, /now a synonym of &#39;Fluff&#39;/);
    const bad = await wrangler.post('/admin/tags/Fluff', { action: 'parent', other: 'Fluff' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /cannot be its own parent/);
    assert.equal((await wrangler.get('/admin/tags/Nope')).statusCode, 404);
  });
});
