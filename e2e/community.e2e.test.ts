// A writer and a reader, in a real browser over a real server: the writer signs up, posts a work
// from raw text and accepts the suggested tags; a second account gives kudos, comments,
// bookmarks it, and finds it again through a saved search.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freshDatabase } from '../src/testing/databases.ts';
import { testServer } from '../src/testing/server.ts';
import { browserSkipReason, fillRequired, signUp, startDraft, useBrowser } from './browser.ts';

const SHOTS = fileURLToPath(new URL('../test-results/', import.meta.url));
const skip = browserSkipReason();
const browser = useBrowser();

// Our own few paragraphs, in a canon the analysis knows, so it has tags to propose.
const STORY = `Caroline found Klaus on the porch of the Mikaelson mansion, watching the rain come down over Mystic Falls.

"You're late, love," Klaus said, without turning around.

"I had a vervain-laced coffee to finish," Caroline said. She sat beside him anyway, close enough that their shoulders touched. "Stefan says hello."

Klaus laughed, low and warm, and for a while neither of them said anything at all. When he finally kissed her, it tasted like rain.

"Stay," he said.

Caroline stayed.`;

test('sign up, post from raw text, accept suggestions; a reader gives kudos, comments, bookmarks and finds it by a saved search', {
  skip,
  timeout: 180_000,
}, async () => {
  const { database, dispose } = await freshDatabase('sqlite');
  const app = await testServer(database);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const writerContext = await browser().newContext();
  const readerContext = await browser().newContext();
  try {
    const writer = await writerContext.newPage();
    await signUp(writer, base, 'lanternwriter');
    const workUrl = await startDraft(writer, base, STORY);

    // The fields come filled with what the analysis is sure of, each marked as suggested with its
    // evidence a click away; what it is unsure of waits under its field: accept it all.
    assert.match(
      await writer.getByLabel('Fandoms (required; separate with commas)').inputValue(),
      /The Vampire Diaries \(TV\)/,
    );
    const filled = writer.locator('.field-suggestions li.filled');
    assert.ok((await filled.count()) >= 3, `${await filled.count()} fields filled from the text`);
    const fandomMark = writer.locator('.field-suggestions li.filled', { hasText: 'The Vampire Diaries (TV)' });
    await fandomMark.getByText('Why?').click();
    assert.ok(await fandomMark.locator('blockquote').first().isVisible(), 'the evidence opens in place');
    const waiting = writer.locator('fieldset.suggestion');
    for (let i = 0; i < (await waiting.count()); i++) await waiting.nth(i).getByLabel('Accept').check();
    await fillRequired(writer, { title: 'Rain Over Mystic Falls', rating: 'Teen And Up Audiences' });
    await writer.getByRole('button', { name: 'Post' }).click();
    await writer.waitForURL(workUrl);
    const tags = await writer.locator('.work-meta .tags a').allTextContents();
    assert.ok(tags.includes('The Vampire Diaries (TV)'), tags.join(' | '));
    assert.ok(tags.includes('Caroline Forbes/Klaus Mikaelson'), tags.join(' | '));
    assert.equal(await writer.locator('section.suggestions').count(), 0, 'no suggestion left open');

    const reader = await readerContext.newPage();
    await signUp(reader, base, 'rainreader');
    await reader.goto(workUrl);
    await reader.getByRole('button', { name: /Kudos/ }).click();
    await reader.waitForLoadState();
    assert.match((await reader.locator('.kudos').textContent()) ?? '', /rainreader/);

    await reader.getByLabel('Comment', { exact: true }).fill('The last line got me. Caroline stayed!');
    await reader.getByRole('button', { name: 'Post comment' }).click();
    await reader.waitForLoadState();
    assert.match((await reader.locator('.comments').textContent()) ?? '', /The last line got me/);

    await reader.getByText('Bookmark this work').click();
    await reader.getByLabel('Notes').fill('Rainy-day reread.');
    await reader.getByLabel('Your tags').fill('comfort, rain');
    await reader.getByRole('button', { name: 'Save bookmark' }).click();
    await reader.waitForLoadState();
    await reader.goto(`${base}/bookmarks`);
    assert.match((await reader.locator('main').textContent()) ?? '', /Rain Over Mystic Falls[\s\S]*Rainy-day reread/);

    await reader.goto(`${base}/works/search?fandom=The+Vampire+Diaries+%28TV%29&q=rain`);
    await reader.getByLabel('Save this search as').fill('TVD in the rain');
    await reader.getByRole('button', { name: 'Save search' }).click();
    await reader.goto(`${base}/searches`);
    await reader.getByRole('link', { name: 'TVD in the rain' }).click();
    await reader.waitForURL(/\/works\/search\?/);
    assert.equal(await reader.getByRole('link', { name: 'Rain Over Mystic Falls' }).count(), 1);
    mkdirSync(SHOTS, { recursive: true });
    await reader.goto(workUrl);
    await reader.screenshot({ path: `${SHOTS}community.png`, fullPage: true });

    // The writer hears of it.
    await writer.goto(`${base}/inbox`);
    assert.match((await writer.locator('main').textContent()) ?? '', /comment/i);
  } finally {
    await writerContext.close();
    await readerContext.close();
    await app.close();
    await dispose();
  }
});
