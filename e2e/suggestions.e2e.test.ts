// Suggestions are for the people who decide: in a real browser, a writer posts a work and leaves
// the analysis' unsure guesses undecided; a guest and another reader see the work's tags and no
// guess, on the page and in the JSON API; the writer and a wrangler see the guesses with evidence.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { promote } from '../src/accounts/accounts.service.ts';
import { freshDatabase } from '../src/testing/databases.ts';
import { testServer } from '../src/testing/server.ts';
import { browserSkipReason, fillRequired, signUp, startDraft, useBrowser } from './browser.ts';

const skip = browserSkipReason();
const browser = useBrowser();

const STORY = `Maren climbed the lighthouse stairs at dusk, as she had every night since the lamp went dark.

"You're late," said Ada from the gallery, not looking round.

"The tide was late," Maren said, and handed her the oil.`;

// Fixed guesses, so that the test is about who sees them, not about the analysis.
const ev = [{ quote: 'lighthouse stairs', start: 12, end: 29 }];
const suggest = () => [
  { type: 'fandom' as const, name: 'Original Work', confidence: 0.9, evidence: ev },
  { type: 'relationship' as const, name: 'Ada/Maren', confidence: 0.4, evidence: ev },
  { type: 'freeform' as const, name: 'Lighthouse Keepers', confidence: 0.45, evidence: ev },
];

test('a guest and a second reader see no suggestion on a work with pending ones; its writer and a wrangler do', {
  skip,
  timeout: 180_000,
}, async () => {
  const { database, dispose } = await freshDatabase('sqlite');
  const app = await testServer(database, { suggest });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  // The writer is on a phone: the form must fit it, with each suggestion beside its field.
  const phone = { viewport: { width: 390, height: 844 }, isMobile: true };
  const contexts = await Promise.all([phone, {}, {}, {}].map((o) => browser().newContext(o)));
  const [writerCtx, readerCtx, wranglerCtx, guestCtx] = contexts as [
    (typeof contexts)[number],
    (typeof contexts)[number],
    (typeof contexts)[number],
    (typeof contexts)[number],
  ];
  try {
    const writer = await writerCtx.newPage();
    await signUp(writer, base, 'keeperwriter');
    const workUrl = await startDraft(writer, base, STORY);
    const fitsPhone = async () =>
      assert.ok(
        (await writer.evaluate(() => document.documentElement.scrollWidth)) <= 390,
        `${writer.url()} scrolls sideways at 390 px`,
      );
    await fitsPhone();
    const field = await writer.getByLabel('Relationships').boundingBox();
    const waiting = await writer.locator('fieldset.suggestion', { hasText: 'Ada/Maren' }).boundingBox();
    assert.ok(
      field && waiting && waiting.y > field.y && waiting.y - field.y < 300,
      'the suggestion sits under its field',
    );
    // The sure guess fills its field; the unsure ones stay undecided.
    assert.equal(await writer.getByLabel('Fandoms (required; separate with commas)').inputValue(), 'Original Work');
    assert.equal(await writer.locator('fieldset.suggestion').count(), 2);
    await fillRequired(writer, { title: 'The Lamp Room', rating: 'General Audiences' });
    await writer.getByRole('button', { name: 'Post' }).click();
    await writer.waitForURL(workUrl);

    const guesses = ['Ada/Maren', 'Lighthouse Keepers'];
    const seesGuesses = async (page: Page) => {
      await page.goto(workUrl);
      const main = (await page.locator('main').textContent()) ?? '';
      assert.match(main, /The Lamp Room/);
      assert.match(main, /Original Work/, 'everyone sees the applied tags');
      const shown = guesses.filter((g) => main.includes(g));
      const box = await page.locator('section.suggestions').count();
      assert.ok(shown.length === 0 || shown.length === guesses.length, shown.join(', '));
      assert.equal(box > 0, shown.length > 0);
      return shown.length > 0;
    };

    assert.equal(await seesGuesses(writer), true, 'the writer sees the guesses');
    await fitsPhone();
    const writerBox = writer.locator('section.suggestions');
    await writerBox.getByText('Ada/Maren').click();
    assert.ok(await writerBox.locator('blockquote', { hasText: 'lighthouse stairs' }).first().isVisible());

    const guest = await guestCtx.newPage();
    assert.equal(await seesGuesses(guest), false, 'a guest sees no guess');
    const id = /\/works\/(\d+)$/.exec(workUrl)![1]!;
    const api = await guest.request.get(`${base}/api/v1/works/${id}`);
    assert.equal(api.status(), 200);
    const json = await api.text();
    for (const g of guesses) assert.ok(!json.includes(g), `the API shows a guest no guess (${g})`);

    const reader = await readerCtx.newPage();
    await signUp(reader, base, 'otherreader');
    assert.equal(await seesGuesses(reader), false, 'another reader sees no guess');

    const wrangler = await wranglerCtx.newPage();
    await signUp(wrangler, base, 'tagwrangler');
    await promote(database, 'tagwrangler', 'wrangler');
    assert.equal(await seesGuesses(wrangler), true, 'a wrangler sees the guesses');
  } finally {
    for (const c of contexts) await c.close();
    await app.close();
    await dispose();
  }
});
