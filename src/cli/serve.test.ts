// The README's first run: `npm start` imports the bundled examples. Each must reach readers as its
// writer meant: findable by its language and fandom, and behind the adult notice only when its
// applied rating is Mature or Explicit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import { testServer } from '../testing/server.ts';
import { DEFAULT_APPLY_AT } from '../config-values.ts';
import { importExamples } from './serve.ts';

describeEachDialect('the bundled examples after a fresh start', (ctx) => {
  test('none is gated unless Mature or Explicit, lang:es finds the Spanish one, fandoms find theirs', async () => {
    const results = await importExamples(ctx.database, DEFAULT_APPLY_AT);
    const created = results.filter((r) => r.outcome === 'created');
    assert.equal(created.length, 7, JSON.stringify(results.map((r) => [r.file, r.outcome])));
    const app = await testServer(ctx.database);
    try {
      const gated: string[] = [];
      for (const r of created) {
        if (!('workId' in r)) continue;
        const page = await app.inject({ method: 'GET', url: `/works/${r.workId}` });
        assert.equal(page.statusCode, 200);
        const notice = /adult content notice/i.test(page.body);
        const api = JSON.parse((await app.inject({ method: 'GET', url: `/api/v1/works/${r.workId}` })).body);
        const ratings = (api.tags as { type: string; name: string }[]).filter((t) => t.type === 'rating');
        assert.equal(ratings.length, 1, `${r.file}: one applied rating, not ${JSON.stringify(ratings)}`);
        const adult = ratings[0]!.name === 'Mature' || ratings[0]!.name === 'Explicit';
        assert.equal(notice, adult, `${r.file}: ${ratings[0]!.name}, notice ${notice}`);
        if (notice) gated.push(r.file.replace(/.*\//, ''));
      }
      assert.deepEqual(gated, ['what-the-river-keeps.md']);
      const spanish = await app.inject({ method: 'GET', url: '/api/v1/works/search?q=lang%3Aes' });
      const titles = (JSON.parse(spanish.body).works as { title: string }[]).map((w) => w.title);
      assert.deepEqual(titles, ['La casa de los relojes']);
      const witcher = await app.inject({
        method: 'GET',
        url: `/api/v1/works/search?q=${encodeURIComponent('fandom:"The Witcher (TV)"')}`,
      });
      assert.deepEqual(
        (JSON.parse(witcher.body).works as { title: string }[]).map((w) => w.title),
        ['What the River Keeps'],
      );
    } finally {
      await app.close();
    }
  });
});
