// A reader's preferences in a real browser: hide warnings, then find them folded on a blurb and
// on the work page, opened by a click and by the keyboard, with no script on the page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect } from '../src/testing/databases.ts';
import { testServer } from '../src/testing/server.ts';
import { makeWork } from '../src/testing/works.ts';
import { browserSkipReason, signUp, useBrowser } from './browser.ts';

const skip = browserSkipReason();
const browser = useBrowser();

describeEachDialect('preferences in a browser', (ctx) => {
  test('hide warnings: folded on the blurb and the work page, open on click or Enter', { skip }, async () => {
    await makeWork(ctx.database, {
      title: 'The Lamp Room',
      chapters: 1,
      tags: [
        ['rating', 'Explicit'],
        ['warning', 'Graphic Depictions Of Violence'],
        ['fandom', 'Original Work'],
        ['freeform', 'Lighthouse Keepers'],
      ],
    });
    const app = await testServer(ctx.database, { suggest: null });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const page = await browser().newPage();
    try {
      await signUp(page, base, 'lampreader');
      await page.getByRole('link', { name: 'Preferences' }).click();
      await page.waitForURL(/\/users\/lampreader\/preferences$/);
      await page.getByLabel('Hide warnings').check();
      await page.getByLabel('Show me adult content without checking').check();
      await page.getByLabel('Time zone for dates').selectOption('Asia/Tokyo');
      await page.getByRole('button', { name: 'Save preferences' }).click();
      await page.waitForURL(/done=saved/);
      assert.equal(await page.getByLabel('Hide warnings').isChecked(), true);

      await page.goto(base);
      const blurb = page.locator('li.blurb', { hasText: 'The Lamp Room' });
      const warning = blurb.getByRole('link', { name: 'Graphic Depictions Of Violence' });
      assert.equal(await warning.isVisible(), false, 'folded on the blurb');
      assert.equal(await blurb.getByRole('link', { name: 'Lighthouse Keepers' }).isVisible(), true);
      await blurb.getByText('Show warnings').click();
      assert.equal(await warning.isVisible(), true, 'open after a click');

      await blurb.getByRole('link', { name: 'The Lamp Room' }).click();
      await page.waitForURL(/\/works\/\d+$/);
      assert.doesNotMatch((await page.getByRole('heading', { level: 1 }).textContent()) ?? '', /adult content/);
      const meta = page.locator('section.work-meta');
      const metaWarning = meta.getByRole('link', { name: 'Graphic Depictions Of Violence' });
      assert.equal(await metaWarning.isVisible(), false, 'folded on the work page');
      await meta.getByText('Show warnings').focus();
      await page.keyboard.press('Enter');
      assert.equal(await metaWarning.isVisible(), true, 'open from the keyboard');
    } finally {
      await page.close();
      await app.close();
    }
  });
});
