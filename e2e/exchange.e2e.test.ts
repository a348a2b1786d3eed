// A whole gift exchange in a real browser: a moderator makes a collection a gift exchange, five
// readers sign up, sign-ups close (the close job, driven past the close time), matching runs as a
// job, the moderator sends the assignments, each writer sees theirs and posts a gift from it, and
// once the reveal time passes (the reveal step, as serve's timer runs it) the creators and
// recipients appear. Before the reveal no page, feed, API answer or download names a creator.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { revealDue } from '../src/collections/collections.service.ts';
import { closeDue } from '../src/exchanges/exchanges.service.ts';
import { freshDatabase } from '../src/testing/databases.ts';
import { runJobs } from '../src/testing/gift-exchanges.ts';
import { leaks } from '../src/testing/leaks.ts';
import { TestBrowser, testServer } from '../src/testing/server.ts';
import { browserSkipReason, signUp, useBrowser } from './browser.ts';

const skip = browserSkipReason();
const browser = useBrowser();

const READERS = ['quillfinch', 'ottersong', 'marlowvane', 'pebbleward', 'tansyhollow'];
const FANDOMS = ['Harbour Lights', 'Salt Roads', 'Tide Clock', 'Quiet Bay', 'Lantern Row'];
const TITLE = (i: number) => `Gift of the ${['Heron', 'Kestrel', 'Plover', 'Curlew', 'Dunlin'][i]}`;

/** Every surface that lists, shows or counts works, with each work's page, feeds, API and downloads. */
function surfaces(workIds: string[]): string[] {
  return [
    '/',
    '/works',
    '/works/search?q=gift',
    '/works/search/feed.atom',
    '/collections/tide_swap',
    '/collections/tide_swap/feed.atom',
    '/collections/tide_swap/exchange',
    '/opds/collections/tide_swap',
    '/opds/recent',
    '/api/v1/works',
    '/api/v1/collections/tide_swap',
    ...FANDOMS.map((f) => `/tags/${encodeURIComponent(f)}`),
    ...READERS.flatMap((r) => [`/users/${r}`, `/users/${r}/gifts`, `/users/${r}/works/feed.atom`]),
    ...workIds.flatMap((id) => [
      `/works/${id}`,
      `/works/${id}/chapters/1`,
      `/api/v1/works/${id}`,
      `/downloads/works/${id}/gift.html`,
      `/downloads/works/${id}/gift.epub`,
    ]),
  ];
}

test('a whole gift exchange: sign-ups, matching, assignments, gifts, the reveal', {
  skip,
  timeout: 300_000,
}, async () => {
  const { database, dispose } = await freshDatabase('sqlite');
  const app = await testServer(database, { suggest: null });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const contexts: BrowserContext[] = [];
  const page = async () => {
    const context = await browser().newContext();
    contexts.push(context);
    return context.newPage();
  };
  try {
    const mod = await page();
    await signUp(mod, base, 'swapkeeper');
    await mod.goto(`${base}/collections/new`);
    await mod.getByLabel('Name').fill('tide_swap');
    await mod.getByLabel('Title').fill('Tide Swap');
    await mod.getByRole('button', { name: 'Create collection' }).click();
    await mod.waitForURL(`${base}/collections/tide_swap`);
    await mod.getByRole('link', { name: 'Gift exchange' }).click();
    await mod.waitForURL(`${base}/collections/tide_swap/exchange/edit`);
    const hour = (h: number) => new Date(Date.now() + h * 3600_000).toISOString().slice(0, 16);
    await mod.getByLabel('Sign-ups open').check();
    await mod.getByLabel('Sign-ups close').fill(hour(1));
    await mod.getByLabel('Assignments due').fill(hour(48));
    await mod.getByLabel('Works revealed').fill(hour(72));
    await mod.getByLabel('Eligible fandoms').fill(FANDOMS.join('\n'));
    await mod.getByRole('button', { name: 'Save exchange' }).click();
    await mod.waitForURL(/\/collections\/tide_swap\/exchange\?done=settings$/);
    assert.ok(await mod.getByText('Sign-ups are open.').isVisible());

    // Five readers sign up in a ring: each offers the fandom the next one requests.
    const readers: Page[] = [];
    for (const [i, name] of READERS.entries()) {
      const p = await page();
      await signUp(p, base, name);
      await p.goto(`${base}/collections/tide_swap`);
      await p.getByRole('link', { name: 'Gift exchange' }).click();
      await p.getByRole('link', { name: 'Sign up' }).click();
      await p.getByLabel('Request 1: Fandom', { exact: true }).fill(FANDOMS[i]!);
      await p.getByLabel('Request 1: Description').fill(`Something gentle for ${name}.`);
      await p.getByLabel('Offer 1: Fandom', { exact: true }).fill(FANDOMS[(i + 1) % 5]!);
      await p.getByRole('button', { name: 'Sign up' }).click();
      await p.waitForURL(/\/exchange\?done=signup$/);
      readers.push(p);
    }
    await mod.goto(`${base}/collections/tide_swap/signups`);
    assert.ok(await mod.getByRole('heading', { name: 'Sign-ups: 5' }).isVisible());

    // The close job closes sign-ups once their time has passed.
    assert.equal(await closeDue(database, new Date(Date.now() + 2 * 3600_000)), 1);
    await readers[0]!.reload();
    assert.ok(await readers[0]!.getByText('Sign-ups are closed.').isVisible());

    await mod.goto(`${base}/collections/tide_swap/assignments`);
    await mod.getByRole('button', { name: 'Start matching' }).click();
    await mod.waitForURL(/done=matching$/);
    await runJobs(database);
    await mod.reload();
    assert.ok(await mod.getByText('Matching is done').isVisible());
    assert.equal(await mod.locator('.exchange-assignments tbody tr.assignment-draft').count(), 5);
    await mod.getByRole('button', { name: 'Send assignments' }).click();
    await mod.waitForURL(/done=sent$/);
    const mail = await runJobs(database);
    assert.equal(mail.length, 5, 'each writer is told');

    // Each writer sees their recipient's request and posts a gift from the assignment.
    const workIds: string[] = [];
    for (const [i, p] of readers.entries()) {
      const recipient = READERS[(i + 1) % 5]!;
      await p.goto(`${base}/users/${READERS[i]}/assignments`);
      const item = p.locator('.assignment', { hasText: `for ${recipient}` });
      assert.ok(await item.getByText(`Something gentle for ${recipient}.`).isVisible());
      await item.getByRole('link', { name: 'Post to fulfil' }).click();
      await p.getByLabel('Text').fill(`The tide came in for ${recipient}.`);
      await p.getByRole('button', { name: 'Read it and continue' }).click();
      await p.waitForURL(/\/works\/\d+\/edit$/);
      assert.equal(await p.getByLabel('Collections (names, separated by commas)').inputValue(), 'tide_swap');
      assert.equal(await p.getByLabel('Gift to (pseuds or names, separated by commas)').inputValue(), recipient);
      await p.getByLabel('Title (required)').fill(TITLE(i));
      await p.getByLabel('Rating (required)').selectOption('General Audiences');
      await p.getByLabel('No Archive Warnings Apply', { exact: true }).check();
      await p.getByLabel('Fandoms (required; separate with commas)').fill(FANDOMS[(i + 1) % 5]!);
      await p.getByRole('button', { name: 'Post' }).click();
      await p.waitForURL(/\/works\/\d+$/);
      workIds.push(/\/works\/(\d+)$/.exec(p.url())![1]!);
      await p.goto(`${base}/users/${READERS[i]}/assignments`);
      assert.ok(await p.getByText('Fulfilled by').isVisible());
    }

    // Before the reveal: no surface names a creator or shows a gift, to a guest or a recipient.
    const urls = surfaces(workIds);
    const titles = READERS.map((_, i) => TITLE(i));
    const guest = new TestBrowser(app);
    assert.deepEqual(await leaks(guest, urls, { creators: READERS, titles }), []);
    // A recipient is a writer too: their own work is theirs to see, everything else stays hidden.
    const recipient = new TestBrowser(app);
    await recipient.post('/login', { login: READERS[0]!, password: 'a-long-enough-password' });
    const own = new RegExp(`/works/${workIds[0]}(/|$)`);
    assert.deepEqual(
      await leaks(recipient, [...urls.filter((u) => !own.test(u)), '/inbox'], {
        creators: READERS,
        titles: titles.slice(1),
        reader: READERS[0],
      }),
      [],
    );

    // The reveal step, as serve's timer runs it, once the reveal time has passed.
    assert.equal(await revealDue(database, new Date(Date.now() + 73 * 3600_000)), 1);
    for (const [i, id] of workIds.entries()) {
      const work = await guest.get(`/works/${id}`);
      assert.equal(work.statusCode, 200);
      assert.ok(work.body.includes(TITLE(i)));
      assert.ok(work.body.includes(`href="/users/${READERS[i]}"`), `work ${id} names its creator`);
      assert.ok(work.body.includes(`href="/users/${READERS[(i + 1) % 5]}/gifts"`), `work ${id} names its recipient`);
    }
    await readers[0]!.goto(`${base}/collections/tide_swap`);
    for (const title of titles) assert.ok(await readers[0]!.getByRole('link', { name: title }).isVisible());
  } finally {
    for (const c of contexts) await c.close();
    await app.close();
    await dispose();
  }
});
