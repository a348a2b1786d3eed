// Finding people, bookmarks and tags on a phone: a writer writes a profile from their account,
// a reader walks from the work search to the other three searches, and no page of them scrolls
// sideways at 390 px, even with long names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { saveBookmark } from '../src/community/bookmarks.service.ts';
import { freshDatabase } from '../src/testing/databases.ts';
import { testServer } from '../src/testing/server.ts';
import { makeUser } from '../src/testing/users.ts';
import { makeWork } from '../src/testing/works.ts';
import { browserSkipReason, signUp, useBrowser } from './browser.ts';

const skip = browserSkipReason();
const browser = useBrowser();
const LONG = 'Averyveryverylongunbrokentagnamethatwouldpushthepagewideifnothingwrappedit';

test('the people, bookmark and tag searches and the profile form fit a phone', { skip, timeout: 180_000 }, async () => {
  const { database, dispose } = await freshDatabase('sqlite');
  const app = await testServer(database);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const context = await browser().newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  try {
    const lantern = await makeUser(database, 'lanternkeeper');
    const { workId } = await makeWork(database, {
      title: 'The Lamp Room',
      creator: lantern,
      tags: [
        ['fandom', 'Original Work'],
        ['freeform', LONG],
      ],
    });
    await saveBookmark(database, lantern, workId, { notes: `Re-read. ${LONG}`, tags: `${LONG}, cosy`, rec: true });

    const page = await context.newPage();
    const fits = async (p: Page) =>
      assert.ok(
        (await p.evaluate(() => document.documentElement.scrollWidth)) <= 390,
        `${p.url()} scrolls sideways at 390 px`,
      );

    await signUp(page, base, 'wren');
    await page.getByRole('link', { name: 'Edit your profile' }).click();
    await fits(page);
    await page.getByLabel('About you').fill(`I keep lamps. ${LONG}`);
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.waitForURL(/\/users\/wren$/);
    assert.match((await page.locator('.profile').textContent()) ?? '', /I keep lamps/);
    await fits(page);

    await page.goto(`${base}/works/search`);
    await page.getByRole('navigation', { name: 'Searches' }).getByRole('link', { name: 'People' }).click();
    await page.getByLabel('Username or pseud').fill('LANTERN');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/people\/search\?q=LANTERN/);
    assert.match((await page.locator('main').textContent()) ?? '', /lanternkeeper[\s\S]*1 work[\s\S]*1 bookmark/);
    await fits(page);

    await page.getByRole('navigation', { name: 'Searches' }).getByRole('link', { name: 'Bookmarks' }).click();
    await page.getByLabel("Bookmarker's tags").fill('cosy');
    await page.getByLabel('Recs only').check();
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/bookmarks\/search\?/);
    assert.match((await page.locator('main').textContent()) ?? '', /1 bookmark found[\s\S]*The Lamp Room/);
    await fits(page);

    await page.getByRole('navigation', { name: 'Searches' }).getByRole('link', { name: 'Tags' }).click();
    await page.getByLabel('Name').fill('verylong');
    await page.getByLabel('Type').selectOption('freeform');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/tags\/search\?/);
    assert.match((await page.locator('main').textContent()) ?? '', /1 tag found[\s\S]*Additional Tag · 1 work/);
    await fits(page);
  } finally {
    await context.close();
    await app.close();
    await dispose();
  }
});
