// A reader browsing by fandom on a phone, in a real browser over a real server and database:
// Fandoms -> TV Shows -> a fandom -> filter it by rating and character -> open a work and read it.
// No page on the way scrolls sideways at 390px. Then the reader leaves kudos and follows the byline
// to the creator's page, and the creator finds that kudos on their statistics, chart and table.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { startSession } from '../src/accounts/accounts.service.ts';
import { describeEachDialect } from '../src/testing/databases.ts';
import { makeUser } from '../src/testing/users.ts';
import { SESSION_COOKIE } from '../src/web/auth.ts';
import { testServer } from '../src/testing/server.ts';
import { makeWork } from '../src/testing/works.ts';
import { browserSkipReason, useBrowser } from './browser.ts';

const SHOTS = fileURLToPath(new URL('../test-results/', import.meta.url));
const skip = browserSkipReason();
const browser = useBrowser();

async function fitsTheScreen(page: Page, where: string): Promise<void> {
  const { scroll, inner } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }));
  assert.ok(scroll <= inner, `${where} scrolls sideways: ${scroll}px wide in ${inner}px`);
}

describeEachDialect('browsing in a browser', (ctx) => {
  test('media -> TV Shows -> fandom -> filter -> read, at 390px', { skip }, async () => {
    const fandom = 'The Vampire Diaries (TV)';
    const writer = await makeUser(ctx.database, 'bonfirewriter');
    const work = (title: string, rating: string, character: string, text: string) =>
      makeWork(ctx.database, {
        title,
        creator: writer,
        rating,
        tags: [
          ['fandom', fandom],
          ['character', character],
          ['freeform', 'Mystic Falls Founders Day Celebrations Gone Wrong Again'],
        ],
        chapters: [{ title: null, html: `<p>${text}</p>`, notes: [] }],
      });
    await work('The Bonfire', 'Teen And Up Audiences', 'Caroline Forbes', 'Caroline lit the bonfire at dusk.');
    await work('The Ballroom', 'General Audiences', 'Caroline Forbes', 'The ballroom was empty by midnight.');
    await work('The Crypt', 'Teen And Up Audiences', 'Stefan Salvatore', 'Stefan went down into the crypt.');
    await makeWork(ctx.database, { title: 'Elsewhere', tags: [['fandom', 'Naruto']] });
    const app = await testServer(ctx.database);
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const page = await browser().newPage({ viewport: { width: 390, height: 844 } });
    try {
      await page.goto(base);
      await fitsTheScreen(page, 'the home page');
      await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Fandoms' }).click();
      await page.waitForURL(/\/media$/);
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Fandoms');
      await fitsTheScreen(page, 'the media page');
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: `${SHOTS}browsing-media-phone-${ctx.dialect}.png`, fullPage: true });

      await page.getByRole('link', { name: 'TV Shows', exact: true }).click();
      await page.waitForURL(/\/media\/TV%20Shows\/fandoms$/);
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'TV Shows');
      await fitsTheScreen(page, 'the TV Shows fandoms');

      await page.getByRole('link', { name: fandom }).click();
      await page.waitForURL(/\/tags\/The%20Vampire%20Diaries%20\(TV\)$/);
      assert.equal(await page.locator('.blurb').count(), 3);
      await fitsTheScreen(page, 'the fandom page');

      await page.getByRole('link', { name: 'Sort and filter' }).click();
      const include = page.getByRole('group', { name: 'Include' });
      await include.getByLabel(/Teen And Up Audiences/).check();
      await include.getByLabel(/Caroline Forbes/).check();
      await fitsTheScreen(page, 'the open filters');
      await page.screenshot({ path: `${SHOTS}browsing-filters-phone-${ctx.dialect}.png`, fullPage: true });
      await page.getByRole('button', { name: 'Sort and filter' }).click();
      await page.waitForURL(/rating=Teen/);
      const titles = await page.locator('.blurb h3').allTextContents();
      assert.deepEqual(
        titles.map((t) => t.trim()),
        ['The Bonfire'],
      );
      await fitsTheScreen(page, 'the filtered fandom page');
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.screenshot({ path: `${SHOTS}browsing-fandom-desktop-${ctx.dialect}.png`, fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });

      await page.getByRole('link', { name: 'The Bonfire' }).click();
      await page.waitForURL(/\/works\/\d+$/);
      assert.match((await page.locator('article.chapter').textContent()) ?? '', /Caroline lit the bonfire at dusk/);
      await fitsTheScreen(page, 'the work');

      // Kudos as a guest, then the byline to the creator's page.
      await page.getByRole('button', { name: /Kudos/ }).click();
      await page.waitForURL(/\/works\/\d+/);
      await page.locator('.byline').getByRole('link', { name: 'bonfirewriter' }).click();
      await page.waitForURL(/\/users\/bonfirewriter$/);
      assert.equal(await page.locator('.blurb').count(), 3);
      await fitsTheScreen(page, 'the creator page');

      // The creator's statistics show that kudos, drawn and in the table alike.
      const mine = await browser().newContext({ viewport: { width: 390, height: 844 } });
      try {
        await mine.addCookies([
          { name: SESSION_COOKIE, value: await startSession(ctx.database, writer.id), url: base },
        ]);
        const stats = await mine.newPage();
        await stats.goto(`${base}/users/bonfirewriter`);
        await stats.getByRole('link', { name: 'Your statistics' }).click();
        await stats.waitForURL(/\/users\/bonfirewriter\/stats$/);
        const chart = stats.getByRole('img', { name: 'Kudos per week' });
        assert.equal(await chart.locator('rect').count(), 1, 'one bar: this week');
        assert.match((await stats.locator('#chart-kudos-desc').textContent()) ?? '', /^1 in the last 90 days/);
        await stats.getByText('These figures as a table').click();
        const lastRow = stats.locator('details table tbody tr').last();
        const cells = await lastRow.locator('td').allTextContents();
        assert.equal(cells[1], '1', `this week's kudos in the table: ${cells.join(' ')}`);
        const row = stats.locator('section[aria-labelledby="per-work"] tbody tr', { hasText: 'The Bonfire' });
        assert.equal((await row.locator('td').allTextContents())[3], '1', 'and in the per-work table');
        await fitsTheScreen(stats, 'the statistics page');
        await stats.screenshot({ path: `${SHOTS}statistics-phone-${ctx.dialect}.png`, fullPage: true });
      } finally {
        await mine.close();
      }
    } finally {
      await page.close();
      await app.close();
    }
  });
});
