/// <reference lib="dom" />
// A corpus of hostile strings submitted everywhere a writer or reader can type — work text,
// summary, notes, tags, titles, pseud names, comments, guest names — must render inertly. The CSP is switched off here so
// that escaping and sanitising are what is tested; the CSP is a second wall, tested elsewhere.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { addPseud, signUp } from '../src/accounts/accounts.service.ts';
import { freshDatabase } from '../src/testing/databases.ts';
import { testServer } from '../src/testing/server.ts';
import { createDraft, saveWork } from '../src/works/posting.service.ts';
import { postComment } from '../src/community/comments.service.ts';
import { browserSkipReason, useBrowser } from './browser.ts';
import { XSS_PAYLOADS } from './xss-payloads.ts';

const skip = browserSkipReason();
const browser = useBrowser();

/** What a page's user content must never contain once rendered. */
async function audit(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const main = document.querySelector('main')!;
    for (const el of Array.from(main.querySelectorAll('*'))) {
      const tag = el.tagName.toLowerCase();
      if (
        ['script', 'iframe', 'object', 'embed', 'base', 'meta', 'link', 'style', 'svg', 'math', 'template'].includes(
          tag,
        )
      )
        problems.push(`<${tag}> element`);
      for (const attr of Array.from(el.attributes)) {
        const name = attr.name.toLowerCase();
        const value = attr.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
        if (name.startsWith('on')) problems.push(`${tag}[${name}]`);
        if (name === 'style' && /expression|javascript|url\(/.test(value))
          problems.push(`${tag}[style=${value.slice(0, 40)}]`);
        if (
          ['href', 'src', 'action', 'formaction', 'xlink:href', 'background', 'srcset'].includes(name) &&
          /^(javascript|vbscript|data):/.test(value)
        )
          problems.push(`${tag}[${name}=${value.slice(0, 40)}]`);
      }
    }
    return problems;
  });
}

test('103 XSS payloads in work text, summary, notes, tags, titles, pseuds, comments and guest names render inertly', {
  skip,
  timeout: 240_000,
}, async () => {
  const { database, dispose } = await freshDatabase('sqlite');
  try {
    const writer = await signUp(database, { username: 'mallory', email: '', password: 'not-so-innocent' });
    const reader = await signUp(database, { username: 'trudy', email: '', password: 'not-so-innocent' });
    const pseuds: string[] = [];
    for (const p of XSS_PAYLOADS.filter((p) => p.length <= 40 && !p.includes(','))) {
      await addPseud(database, writer, p);
      pseuds.push(p);
    }
    const groups: string[][] = [];
    for (let i = 0; i < XSS_PAYLOADS.length; i += 8) groups.push(XSS_PAYLOADS.slice(i, i + 8));
    const ids: number[] = [];
    for (const [g, group] of groups.entries()) {
      // Once as HTML (sanitised) and once as plain text (escaped).
      const prose = 'The letters arrived one by one, and each of them said something strange.';
      const body =
        g % 2 === 0 ? [prose, ...group].map((p) => `<p>${p}</p>`).join('\n') : [prose, ...group].join('\n\n');
      // A browser's form drops NUL before it reaches the service (src/web/auth.ts formFields).
      const id = await createDraft(database, writer, { text: body.replace(/\u0000/g, '') });
      await saveWork(
        database,
        writer,
        id,
        {
          title: group[0]!.slice(0, 255),
          summary: group.join(' '),
          notesBeginning: group.join('\n\n'),
          notesEnd: group.slice(0, 3).join(' '),
          rating: 'Explicit',
          warnings: ['No Archive Warnings Apply'],
          categories: [],
          fandoms: ['Original Work'],
          relationships: [group[1] ?? 'x'],
          characters: [group[2] ?? 'x'],
          freeforms: group,
          language: 'en',
          coCreators: pseuds.slice(g * 2, g * 2 + 2),
          series: group[3] ?? '',
          restricted: false,
          commentPolicy: 'open',
          expectedChapters: null,
          accept: [],
          drop: [],
        },
        { post: true },
      );
      ids.push(id);
      // Each payload as a signed-in reader's comment, and again as a guest's name and comment.
      for (const [i, payload] of group.entries()) {
        const parent = await postComment(
          database,
          { user: reader, address: '10.9.8.7' },
          { workId: id, body: `Look at this: ${payload}`.replace(/\u0000/g, '') },
        );
        if (i < 2) {
          await postComment(
            database,
            { user: null, address: `10.9.9.${g}` },
            {
              workId: id,
              parentId: parent.id,
              body: `Replying: ${payload}`.replace(/\u0000/g, ''),
              guestName: payload.slice(0, 40).replace(/\u0000/g, '') || 'guest',
            },
          );
        }
      }
    }

    const app = await testServer(database, { contentSecurityPolicy: false, suggest: null });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const page = await browser().newPage();
    const fired: string[] = [];
    await page.exposeFunction('__xss', (n: unknown) => void fired.push(String(n)));
    page.on('dialog', (d) => {
      fired.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    try {
      const urls = [
        '/',
        '/?after=',
        `/works/search?q=xss`,
        `/works/search?fandom=Original+Work&sort=title`,
        ...ids.map((id) => `/works/${id}?view_full_work=true&view_adult=true`),
        ...ids.map((id) => `/api/v1/works/${id}`),
      ];
      // Every tag page of the first two works, reached by the links the work pages hold.
      await page.goto(`${base}/works/${ids[0]}?view_adult=true`);
      const tagLinks = await page
        .locator('.work-meta a[href^="/tags/"]')
        .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')!));
      urls.push(...tagLinks.slice(0, 25));
      let audited = 0;
      for (const url of urls) {
        const res = await page.goto(`${base}${url}`);
        assert.ok(res && res.status() < 500, `${url} answered ${res?.status()}`);
        if (url.startsWith('/works/') && url.includes('view_full_work')) {
          assert.match(
            (await page.locator('.comments').textContent()) ?? '',
            /Look at this/,
            `${url} shows the comments`,
          );
        }
        if (!url.startsWith('/api/')) {
          assert.deepEqual(await audit(page), [], url);
          audited++;
        }
        // Give handlers that would fire on load or focus a moment to do so.
        await page.waitForTimeout(20);
      }
      assert.deepEqual(fired, []);
      assert.ok(audited >= 20, `audited ${audited} pages`);
    } finally {
      await page.close();
      await app.close();
    }
  } finally {
    await dispose();
  }
});
