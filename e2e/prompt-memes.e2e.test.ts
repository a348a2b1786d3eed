// A prompt meme in a real browser: a moderator makes a collection a prompt meme, a reader posts
// an anonymous prompt, a writer claims it and posts a new work from the claim, which fills the
// prompt; the prompt's page lists the fill while still naming no prompter.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freshDatabase } from '../src/testing/databases.ts';
import { testServer } from '../src/testing/server.ts';
import { browserSkipReason, signUp, useBrowser } from './browser.ts';

const skip = browserSkipReason();
const browser = useBrowser();

test('post a prompt, claim it, fill it: the prompt page shows the fill', { skip, timeout: 180_000 }, async () => {
  const { database, dispose } = await freshDatabase('sqlite');
  const app = await testServer(database, { suggest: null });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const [modCtx, prompterCtx, writerCtx] = [
    await browser().newContext(),
    await browser().newContext(),
    await browser().newContext(),
  ];
  try {
    const mod = await modCtx.newPage();
    await signUp(mod, base, 'mememod');
    await mod.goto(`${base}/collections/new`);
    await mod.getByLabel('Name').fill('lamp_meme');
    await mod.getByLabel('Title').fill('Lamp Meme');
    await mod.getByRole('button', { name: 'Create collection' }).click();
    await mod.waitForURL(`${base}/collections/lamp_meme`);
    await mod.getByRole('link', { name: 'Manage' }).click();
    await mod.getByRole('link', { name: 'Prompt meme settings' }).click();
    await mod.getByLabel('Prompts per member').fill('3');
    await mod.getByRole('button', { name: 'Save prompt meme' }).click();
    await mod.waitForURL(`${base}/collections/lamp_meme/prompt_meme`);

    const prompter = await prompterCtx.newPage();
    await signUp(prompter, base, 'quietprompter');
    await prompter.goto(`${base}/collections/lamp_meme`);
    await prompter.getByRole('link', { name: 'Prompts' }).click();
    await prompter.getByRole('link', { name: 'Post a prompt' }).click();
    await prompter.getByLabel('Title').fill('The keeper’s last night');
    await prompter.getByLabel('Prompt', { exact: true }).fill('The lamp goes out for good.');
    await prompter.getByLabel('Fandoms (separated by commas)').fill('Original Work');
    await prompter.getByLabel('Post anonymously').check();
    await prompter.getByRole('button', { name: 'Post prompt' }).click();
    await prompter.waitForURL(/\/prompts\/\d+$/);
    const promptUrl = prompter.url();

    const writer = await writerCtx.newPage();
    await signUp(writer, base, 'lampfiller');
    await writer.goto(`${base}/collections/lamp_meme/prompts?status=unclaimed`);
    await writer.getByRole('link', { name: 'The keeper’s last night' }).click();
    await writer.waitForURL(promptUrl);
    await writer.getByRole('button', { name: 'Claim' }).click();
    await writer.waitForURL(promptUrl);
    assert.match((await writer.locator('.prompt-page').textContent()) ?? '', /you claimed it/);

    // Posting from the claim: the work form names the prompt and its collection.
    await writer.getByRole('link', { name: 'Post a new work for this prompt' }).click();
    await writer.getByLabel('Text').fill('The lamp at Gull Rock went out at midnight and did not come back.');
    await writer.getByRole('button', { name: 'Read it and continue' }).click();
    await writer.waitForURL(/\/works\/\d+\/edit\?prompt=\d+$/);
    assert.match(
      (await writer.locator('.flash.notice').allTextContents()).join(' '),
      /fills the prompt The keeper’s last night/,
    );
    assert.equal(await writer.getByLabel('Collections (names, separated by commas)').inputValue(), 'lamp_meme');
    await writer.getByLabel('Title (required)').fill('Midnight at Gull Rock');
    await writer.getByLabel('Rating (required)').selectOption('General Audiences');
    await writer.getByLabel('No Archive Warnings Apply', { exact: true }).check();
    await writer.getByLabel('Fandoms (required; separate with commas)').fill('Original Work');
    await writer.getByRole('button', { name: 'Post' }).click();
    await writer.waitForURL(/\/works\/\d+$/);

    await writer.goto(`${base}/claims`);
    await writer.getByRole('link', { name: 'The keeper’s last night' }).click();
    await writer.waitForURL(promptUrl);

    const guest = await (await browser().newContext()).newPage();
    await guest.goto(promptUrl);
    const fills = guest.locator('section', { has: guest.getByRole('heading', { name: 'Fills' }) });
    assert.ok(await fills.getByRole('link', { name: 'Midnight at Gull Rock' }).isVisible());
    const text = (await guest.locator('main').textContent()) ?? '';
    assert.match(text, /by Anonymous/);
    assert.doesNotMatch(text, /quietprompter/);
    await guest.context().close();

    await prompter.goto(`${base}/inbox`);
    assert.match(
      (await prompter.locator('main').textContent()) ?? '',
      /A work fills your prompt: Midnight at Gull Rock/,
    );
  } finally {
    await modCtx.close();
    await prompterCtx.close();
    await writerCtx.close();
    await app.close();
    await dispose();
  }
});
