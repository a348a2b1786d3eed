// A reader's first visit, in a real browser over a real server and database: open the home page,
// open a work, read it entire, hide the author's notes, pass an adult-content notice.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { describeEachDialect } from '../src/testing/databases.ts';
import { testServer } from '../src/testing/server.ts';
import { importPaths } from '../src/works/import.service.ts';
import { browserSkipReason, useBrowser } from './browser.ts';

const EXAMPLES = fileURLToPath(new URL('../examples/', import.meta.url));
const SHOTS = fileURLToPath(new URL('../test-results/', import.meta.url));
const skip = browserSkipReason();

const browser = useBrowser();

describeEachDialect('reading in a browser', (ctx) => {
  test('home -> work -> entire work -> hide notes; adult notice -> continue', { skip }, async () => {
    const results = await importPaths(ctx.database, [EXAMPLES]);
    assert.deepEqual(
      results.filter((r) => r.outcome === 'failed'),
      [],
    );
    const app = await testServer(ctx.database);
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const page = await browser().newPage({ viewport: { width: 412, height: 915 } });
    try {
      await page.goto(base);
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Recent works');
      await page.getByRole('link', { name: 'The Lighthouse Almanac' }).click();
      await page.waitForURL(/\/works\/\d+$/);
      assert.match((await page.getByRole('heading', { level: 1 }).textContent()) ?? '', /The Lighthouse Almanac/);
      assert.equal(await page.locator('article.chapter').count(), 1, 'chapter by chapter shows one chapter');
      assert.ok((await page.locator('aside.notes').count()) > 0, 'the author note is shown in its box');

      await page.getByRole('link', { name: 'Entire work' }).click();
      await page.waitForURL(/view_full_work=true/);
      assert.equal(await page.locator('article.chapter').count(), 4);

      await page.getByRole('link', { name: "Hide author's notes" }).click();
      await page.waitForURL(/notes=hide/);
      assert.equal(await page.locator('aside.notes').count(), 0);
      assert.equal(await page.locator('article.chapter').count(), 4, 'still the entire work');
      mkdirSync(SHOTS, { recursive: true });
      await page.locator('article.chapter').first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}reading-phone-${ctx.dialect}.png` });
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.screenshot({ path: `${SHOTS}reading-desktop-${ctx.dialect}.png`, fullPage: true });

      await page.goto(base);
      await page.getByRole('link', { name: 'What the River Keeps' }).click();
      assert.match((await page.getByRole('heading', { level: 1 }).textContent()) ?? '', /adult content/);
      await page.getByRole('link', { name: 'Yes, continue' }).click();
      await page.waitForURL(/view_adult=true/);
      assert.equal(await page.locator('article.chapter').count(), 1);
      const imagesWithoutAlt = await page.locator('img:not([alt])').count();
      assert.equal(imagesWithoutAlt, 0);
    } finally {
      await page.close();
      await app.close();
    }
  });
});
