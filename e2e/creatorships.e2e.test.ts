// Co-creators by consent, in a real browser: a writer invites another reader's pseud while
// posting; the byline leaves it off until the invited reader accepts from their inbox.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freshDatabase } from '../src/testing/databases.ts';
import { testServer } from '../src/testing/server.ts';
import { browserSkipReason, fillRequired, signUp, startDraft, useBrowser } from './browser.ts';

const skip = browserSkipReason();
const browser = useBrowser();

test('an invited co-creator appears on the byline only after accepting from the inbox', {
  skip,
  timeout: 180_000,
}, async () => {
  const { database, dispose } = await freshDatabase('sqlite');
  const app = await testServer(database, { suggest: null });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const [writerCtx, inviteeCtx] = [await browser().newContext(), await browser().newContext()];
  try {
    const invitee = await inviteeCtx.newPage();
    await signUp(invitee, base, 'quillpen');
    const writer = await writerCtx.newPage();
    await signUp(writer, base, 'lampwriter');
    const workUrl = await startDraft(writer, base, 'The lamp at Gull Rock had been dark for nine nights.');
    await fillRequired(writer, { title: 'Two Keepers', rating: 'General Audiences', fandoms: 'Original Work' });
    await writer.getByLabel('Invite co-creators (pseuds, separated by commas)').fill('quillpen');
    await writer.getByRole('button', { name: 'Post' }).click();
    await writer.waitForURL(workUrl);
    const byline = async () => (await invitee.locator('main .byline').first().textContent())?.trim();

    await invitee.goto(workUrl);
    assert.equal(await byline(), 'by lampwriter', 'not credited while the invitation waits');
    await writer.goto(`${workUrl}/edit`);
    assert.ok(await writer.getByText('not yet credited until they accept').isVisible());

    await invitee.goto(`${base}/inbox`);
    const request = invitee.locator('.inbox-invitations li', { hasText: 'Two Keepers' });
    assert.match((await request.textContent()) ?? '', /lampwriter invited your pseud quillpen/);
    await request.getByRole('button', { name: 'Accept' }).click();
    await invitee.waitForURL(workUrl);
    assert.equal(await byline(), 'by lampwriter, quillpen');
    await invitee.goto(`${base}/inbox`);
    assert.equal(await invitee.locator('.inbox-invitations').count(), 0);
  } finally {
    await writerCtx.close();
    await inviteeCtx.close();
    await app.close();
    await dispose();
  }
});
