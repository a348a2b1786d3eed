// Collections in a real browser: a moderator creates a moderated collection, a writer posts a work
// to it from the work form, and the work appears on the collection's page only once the moderator
// approves it from the manage page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freshDatabase } from '../src/testing/databases.ts';
import { testServer } from '../src/testing/server.ts';
import { browserSkipReason, fillRequired, signUp, startDraft, useBrowser } from './browser.ts';

const skip = browserSkipReason();
const browser = useBrowser();

test('create a collection, post a work to it, approve it as its moderator', {
  skip,
  timeout: 180_000,
}, async () => {
  const { database, dispose } = await freshDatabase('sqlite');
  const app = await testServer(database, { suggest: null });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const [modCtx, writerCtx] = [await browser().newContext(), await browser().newContext()];
  try {
    const mod = await modCtx.newPage();
    await signUp(mod, base, 'harbourmod');
    await mod.goto(`${base}/collections`);
    await mod.getByRole('link', { name: 'New collection' }).click();
    await mod.getByLabel('Name').fill('harbour_fest');
    await mod.getByLabel('Title').fill('Harbour Fest');
    await mod.getByLabel('Description').fill('Stories of lighthouses and ferries.');
    await mod.getByLabel('Moderated').check();
    await mod.getByRole('button', { name: 'Create collection' }).click();
    await mod.waitForURL(`${base}/collections/harbour_fest`);
    assert.ok(await mod.getByRole('heading', { name: 'Harbour Fest', level: 1 }).isVisible());

    const writer = await writerCtx.newPage();
    await signUp(writer, base, 'lampwriter');
    const workUrl = await startDraft(writer, base, 'The lamp at Gull Rock had been dark for nine nights.');
    await fillRequired(writer, { title: 'The Dark Lamp', rating: 'General Audiences', fandoms: 'Original Work' });
    await writer.getByLabel('Collections (names, separated by commas)').fill('harbour_fest');
    await writer.getByRole('button', { name: 'Post' }).click();
    await writer.waitForURL(workUrl);

    // Waiting for approval: not on the collection's page yet, nor on the work's.
    await writer.goto(`${base}/collections/harbour_fest`);
    assert.equal(await writer.getByRole('link', { name: 'The Dark Lamp' }).count(), 0);

    await mod.goto(`${base}/collections/harbour_fest`);
    await mod.getByRole('link', { name: 'Manage' }).click();
    const waiting = mod.locator('.collection-items li', { hasText: 'The Dark Lamp' });
    await waiting.getByRole('button', { name: 'Approve' }).click();
    await mod.waitForURL(/\/manage\?done=approve$/);
    assert.ok(await mod.getByRole('heading', { name: 'Awaiting approval (0)' }).isVisible());

    await writer.goto(`${base}/collections/harbour_fest`);
    await writer.getByRole('link', { name: 'The Dark Lamp' }).click();
    await writer.waitForURL(workUrl);
    assert.match((await writer.locator('.work-collections').textContent()) ?? '', /Collections: Harbour Fest/);
  } finally {
    await modCtx.close();
    await writerCtx.close();
    await app.close();
    await dispose();
  }
});
