// Issue 13: a review queue for wranglers and archivists, on the page and from the CLI's service.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promote } from '../accounts/accounts.service.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
import { importPaths } from '../works/import.service.ts';
import { getWorkPage } from '../works/works.service.ts';
import { decideInBulk, reviewQueue } from './tags.service.ts';

const ev = [{ quote: 'lamp', start: 0, end: 4 }];
const suggest = () => [
  { type: 'fandom' as const, name: 'Harbour Lights (TV)', confidence: 0.92, evidence: ev },
  { type: 'character' as const, name: 'Marisol Vance', confidence: 0.6, evidence: ev },
];

async function importThree(database: Parameters<typeof importPaths>[0]): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'quire-review-'));
  try {
    for (const n of [1, 2, 3])
      writeFileSync(join(dir, `story-${n}.txt`), `The lamp burned all night, the ${n}th night.`);
    const results = await importPaths(database, [dir], { suggest, applySuggestionsAt: 0.8 });
    return results.map((r) => (r as { workId: number }).workId);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describeEachDialect('the review queue', (ctx) => {
  test('groups by tag with counts and mean confidence; bulk decisions keep, undo and accept', async () => {
    const ids = await importThree(ctx.database);
    const groups = await reviewQueue(ctx.database);
    assert.deepEqual(
      groups.map((g) => [g.name, g.state, g.works.length, Math.round(g.confidence * 100)]),
      [
        ['Harbour Lights (TV)', 'unreviewed', 3, 92],
        ['Marisol Vance', 'suggested', 3, 60],
      ],
    );
    assert.deepEqual(
      (await reviewQueue(ctx.database, { min: 0.9 })).map((g) => g.name),
      ['Harbour Lights (TV)'],
    );
    assert.equal(await decideInBulk(ctx.database, { state: 'suggested' }, 'accept', { min: 0.5 }), 3);
    assert.equal(await decideInBulk(ctx.database, { name: 'Harbour Lights (TV)', state: 'unreviewed' }, 'reject'), 3);
    const work = (await getWorkPage(ctx.database, ids[0]!))!;
    assert.deepEqual(
      work.tags.map((t) => t.name),
      ['Marisol Vance'],
    );
    assert.deepEqual(await reviewQueue(ctx.database), []);
  });

  test('/admin/suggestions is for wranglers and admins; a decision there applies to every work', async () => {
    await importThree(ctx.database);
    const app = await testServer(ctx.database, { suggest: null });
    const reader = await new TestBrowser(app).signUp('reader');
    const wrangler = await new TestBrowser(app).signUp('wrangler_two');
    await promote(ctx.database, 'wrangler_two', 'wrangler');
    assert.equal((await new TestBrowser(app).get('/admin/suggestions')).statusCode, 401);
    assert.equal((await reader.get('/admin/suggestions')).statusCode, 403);
    const page = await wrangler.get('/admin/suggestions');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Harbour Lights \(TV\)<\/td>\s*<td>3<\/td><td>92%<\/td>/);
    assert.equal((await wrangler.get('/admin/suggestions?min=2')).statusCode, 400);
    const undo = await wrangler.post('/admin/suggestions', {
      tag: 'Harbour Lights (TV)',
      state: 'unreviewed',
      decision: 'reject',
    });
    assert.equal(undo.statusCode, 303);
    const done = new URL(undo.headers.location as string, 'http://localhost').searchParams.get('done');
    assert.equal(done, "undid 'Harbour Lights (TV)' on 3 works");
    assert.doesNotMatch((await wrangler.get('/admin/suggestions')).body, /Harbour Lights/);
    await app.close();
  });
});
