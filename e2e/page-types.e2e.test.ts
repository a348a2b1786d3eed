// Every kind of page a reader, a writer or an admin reaches, in a real browser at a phone's width
// and a desktop's, light and dark: none may scroll sideways, and axe-core (the accessibility
// rules engine browsers' own audits use) may find nothing serious or critical on any of them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { startSession } from '../src/accounts/accounts.service.ts';
import { saveBookmark } from '../src/community/bookmarks.service.ts';
import { postComment } from '../src/community/comments.service.ts';
import { leaveKudos } from '../src/community/kudos.service.ts';
import { exchangeAt } from '../src/testing/gift-exchanges.ts';
import { addItem, createCollection } from '../src/collections/collections.service.ts';
import { setWorkGifts } from '../src/gifts/gifts.service.ts';
import type { Database } from '../src/db/database.ts';
import { jobQueue, stopJobQueue } from '../src/jobs/queue.ts';
import { freshDatabase } from '../src/testing/databases.ts';
import { testServer } from '../src/testing/server.ts';
import { makeUser } from '../src/testing/users.ts';
import { makeSeries, makeWork } from '../src/testing/works.ts';
import { SESSION_COOKIE } from '../src/web/auth.ts';
import { browserSkipReason, useBrowser } from './browser.ts';

const skip = browserSkipReason();
const browser = useBrowser();
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** What the pages are about: a writer's works with counts, a series, a comment, a bookmark. */
async function world(database: Database) {
  const writer = await makeUser(database, 'inkwell');
  const reader = await makeUser(database, 'pagefinder');
  const admin = await makeUser(database, 'keeper', { role: 'admin' });
  const tags: [string, string][] = [
    ['fandom', 'The Vampire Diaries (TV)'],
    ['character', 'Caroline Forbes'],
    ['character', 'Klaus Mikaelson'],
    ['relationship', 'Caroline Forbes/Klaus Mikaelson'],
    ['freeform', 'Slow Burn'],
    ['warning', 'No Archive Warnings Apply'],
  ];
  const { workId } = await makeWork(database, {
    title: 'A Porch in the Rain',
    creator: writer,
    tags,
    rating: 'Teen And Up Audiences',
    chapters: 3,
  });
  const { workId: second } = await makeWork(database, {
    title: 'Another Long Evening',
    creator: writer,
    tags,
    rating: 'Explicit',
  });
  const { workId: restricted } = await makeWork(database, { title: 'For Members', creator: writer, restricted: true });
  const seriesId = await makeSeries(database, 'Rain Cycle', [workId, second]);
  const actor = { user: reader, address: '203.0.113.9' };
  await leaveKudos(database, actor, workId);
  const comment = await postComment(database, actor, { workId, body: 'The rain scene stayed with me all day.' });
  const bookmark = await saveBookmark(database, reader, workId, {
    notes: 'Read this twice.',
    tags: 'rainy days',
    rec: true,
  });
  await createCollection(database, writer, {
    ...{ name: 'rainy_days_fest', title: 'Rainy Days Fest', description: 'Porches, rain, long evenings.' },
    ...{ parent: '', open: true, moderated: true, unrevealed: false, anonymous: true, revealAt: '2031-01-01T00:00' },
  });
  await addItem(database, writer, 'rainy_days_fest', { workId: second });
  await addItem(database, reader, 'rainy_days_fest', { bookmarkId: bookmark.id });
  await setWorkGifts(database.db, writer, workId, ['pagefinder', 'my sister'], new Date().toISOString());
  await exchangeAt(database, writer, 'porch_swap', [writer, reader], 'sent');
  await exchangeAt(database, writer, 'rain_swap', [reader], 'open');
  return { writer, reader, admin, workId, second, restricted, seriesId, commentId: comment.id };
}

async function signedIn(database: Database, userId: number, base: string): Promise<BrowserContext> {
  const context = await browser().newContext();
  await context.addCookies([{ name: SESSION_COOKIE, value: await startSession(database, userId), url: base }]);
  return context;
}

interface Finding {
  url: string;
  view: string;
  problem: string;
}

/** Loads the page in each view and reports sideways scrolling and axe's serious or critical findings. */
async function sweep(page: Page, url: string, findings: Finding[]): Promise<void> {
  const views = [
    { name: '390 light', width: 390, height: 844, scheme: 'light' as const },
    { name: '1280 light', width: 1280, height: 900, scheme: 'light' as const },
    { name: '1280 dark', width: 1280, height: 900, scheme: 'dark' as const },
  ];
  for (const view of views) {
    await page.setViewportSize({ width: view.width, height: view.height });
    await page.emulateMedia({ colorScheme: view.scheme });
    // A page expected to answer other than 200 carries its status as a fragment.
    const expected = Number(/#(\d{3})$/.exec(url)?.[1] ?? 200);
    const response = await page.goto(url.replace(/#\d{3}$/, ''));
    if (response?.status() !== expected) {
      findings.push({ url, view: view.name, problem: `answers ${response?.status()}, not ${expected}` });
      return;
    }
    const wide = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      inner: window.innerWidth,
    }));
    if (wide.scroll > wide.inner)
      findings.push({ url, view: view.name, problem: `scrolls sideways: ${wide.scroll} > ${wide.inner}` });
    // Evaluated through the debugging protocol, which the pages' CSP does not govern.
    await page.evaluate(AXE);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (o: object) => Promise<AxeResults> } }).axe;
      const results = await axe.run({ resultTypes: ['violations'] });
      return results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      interface AxeResults {
        violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
      }
    });
    for (const v of violations) findings.push({ url, view: view.name, problem: v });
  }
}

test('every page type fits a phone and passes axe, signed out and signed in', { skip, timeout: 600_000 }, async () => {
  const { database, dispose } = await freshDatabase('sqlite');
  const app = await testServer(database);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const contexts: BrowserContext[] = [];
  try {
    const w = await world(database);
    const tag = encodeURIComponent('Caroline Forbes/Klaus Mikaelson');
    const everyone = [
      '/',
      `/works/${w.workId}`,
      `/works/${w.workId}?view_full_work=true`,
      `/works/${w.workId}/chapters/2`,
      `/works/${w.second}?view_adult=true`,
      `/works/${w.workId}/comments`,
      `/comments/${w.commentId}`,
      '/works/search?q=rain',
      '/works/search?q=rain&rating=Teen+And+Up+Audiences',
      `/tags/${tag}`,
      `/series/${w.seriesId}`,
      '/users/inkwell',
      '/users/inkwell/pseuds/inkwell',
      '/users/pagefinder/bookmarks',
      '/people/search?q=ink',
      '/bookmarks/search?bookmark_tags=rainy+days&rec=1',
      '/tags/search?q=Caroline',
      '/media',
      '/media/TV%20Shows/fandoms',
      `/tags/${encodeURIComponent('The Vampire Diaries (TV)')}?rating=Teen+And+Up+Audiences&sort=kudos`,
      '/collections',
      '/collections/rainy_days_fest',
      '/collections/rainy_days_fest/bookmarks',
      '/users/pagefinder/gifts',
      '/collections/porch_swap/exchange',
    ];
    // Error pages are pages too: a missing work, and a restricted one asking a guest to sign in.
    const guestOnly = ['/login', '/users/new', '/password/reset', '/works/999999#404', `/works/${w.restricted}#401`];
    const readerPages = [
      '/account',
      '/account/blocked',
      '/account/blocklist',
      '/account/hidden',
      '/account/tokens',
      '/bookmarks',
      `/works/${w.workId}/bookmark`,
      '/inbox',
      '/subscriptions',
      '/history',
      '/searches',
      `/reports/new?work_id=${w.workId}`,
    ];
    const writerPages = [
      '/works/new',
      `/works/${w.workId}/edit`,
      `/works/${w.workId}/chapters/new`,
      `/works/${w.workId}/chapters/manage`,
      `/works/${w.workId}/chapters/1/edit`,
      '/users/inkwell/stats',
      '/users/inkwell/profile/edit',
      '/users/inkwell/preferences',
      '/users/inkwell/preferences/email',
      '/users/inkwell/creatorships',
      '/inbox',
      '/collections/new',
      '/collections/rainy_days_fest/manage',
      '/collections/rainy_days_fest/settings',
      '/collections/porch_swap/exchange/edit',
      '/collections/porch_swap/signups',
      '/collections/porch_swap/assignments',
      '/collections/rain_swap/signups/new',
      '/users/inkwell/assignments',
    ];
    // A dead job, so that the jobs page shows its list with a long error.
    const queue = await jobQueue(database);
    const dead = (await queue.enqueue('jobs.probe', { token: 'page-types' }))!;
    while ((await queue.inspect(dead))?.state !== 'dead')
      for (const job of await queue.claim(['jobs.probe'], 10))
        await queue.fail(
          job,
          'the SMTP server said: 421 4.7.0 too many connections from this address, try again later',
        );
    const adminPages = ['/admin/reports', '/admin/suggestions', `/admin/tags/${tag}`, '/admin/jobs'];

    const findings: Finding[] = [];
    const guest = await browser().newContext();
    contexts.push(guest);
    const as = async (userId: number | null, urls: string[]) => {
      const context = userId === null ? guest : await signedIn(database, userId, base);
      if (userId !== null) contexts.push(context);
      const page = await context.newPage();
      for (const url of urls) await sweep(page, base + url, findings);
      await page.close();
    };
    await as(null, [...everyone, ...guestOnly]);
    await as(w.reader.id, [...everyone, ...readerPages]);
    await as(w.writer.id, writerPages);
    await as(w.admin.id, adminPages);
    assert.deepEqual(
      findings.map((f) => `${f.url.slice(base.length)} [${f.view}] ${f.problem}`),
      [],
    );
  } finally {
    for (const c of contexts) await c.close();
    await app.close();
    await stopJobQueue(database);
    await dispose();
  }
});
