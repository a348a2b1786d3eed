import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import type { ParsedWork } from '../importers/parsed-work.ts';
import { importWork } from '../works/works.service.ts';
import { parseTrustProxy } from '../config-values.ts';
import { buildServer } from './server.ts';
import { TestBrowser } from '../testing/server.ts';
import { fullParsedWork } from '../testing/works.ts';

describeEachDialect('web server', (ctx) => {
  async function serverWith(...parsed: ParsedWork[]) {
    const ids: number[] = [];
    for (const [i, p] of parsed.entries())
      ids.push((await importWork(ctx.database, p, { path: `/w/${i}.txt`, hash: `h${i}` })).workId);
    return { app: await buildServer(ctx.database), ids };
  }

  test('home lists works; work page shows blurb, notes and chapter 1; entire work shows all', async () => {
    const { app, ids } = await serverWith(fullParsedWork());
    const home = await app.inject('/');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /Salt and Lantern Light/);
    assert.match(home.headers['content-security-policy'] as string, /default-src 'none'/);

    const page = await app.inject(`/works/${ids[0]}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /For the harbour prompt/);
    assert.match(page.body, /nine nights/);
    assert.doesNotMatch(page.body, /thaw came late/);
    assert.match(page.body, /<dt>Chapters<\/dt><dd>2\/2<\/dd>/);
    assert.match(page.body, /href="\/tags\/Wren\*s\*Ada%20Harlow"/);

    const entire = await app.inject(`/works/${ids[0]}?view_full_work=true`);
    assert.match(entire.body, /nine nights[\s\S]*A short one[\s\S]*thaw came late[\s\S]*Thank you for reading/);

    const hidden = await app.inject(`/works/${ids[0]}?view_full_work=true&notes=hide`);
    assert.doesNotMatch(hidden.body, /For the harbour prompt|A short one|Thank you for reading/);
    assert.match(hidden.body, /Show author's notes/);
  });

  test('chapters page by position; a missing chapter or work is a 404, never a 500', async () => {
    const { app, ids } = await serverWith(fullParsedWork());
    const second = await app.inject(`/works/${ids[0]}/chapters/2`);
    assert.equal(second.statusCode, 200);
    assert.match(second.body, /thaw came late/);
    assert.match(second.body, /rel="prev"/);
    for (const url of [
      `/works/${ids[0]}/chapters/3`,
      '/works/99999',
      '/works/abc',
      '/works/1e3',
      '/works/-1',
      '/api/v1/works/0',
      '/tags/No%20Such%20Tag',
      '/nowhere',
    ]) {
      const res = await app.inject(url);
      assert.equal(res.statusCode, 404, url);
    }
    const api404 = await app.inject('/api/v1/works/99999');
    assert.deepEqual(api404.json(), { error: { status: 404, message: 'work 99999 was not found' } });
  });

  test('JSON twins carry id, title, words, summary, notes in order, chapters and tags', async () => {
    const { app, ids } = await serverWith(fullParsedWork());
    const w = (await app.inject(`/api/v1/works/${ids[0]}`)).json();
    assert.equal(w.id, ids[0]);
    assert.equal(w.title, 'Salt and Lantern Light');
    assert.equal(w.summary, 'Wren keeps the light; the light keeps Wren.');
    assert.deepEqual(
      w.notes.map((n: { html: string }) => n.html),
      ['<p>For the harbour prompt.</p>', '<p>Thank you for reading.</p>'],
    );
    assert.equal(w.chapters.length, 2);
    assert.deepEqual(
      w.tags.map((t: { name: string }) => t.name),
      ['General Audiences', 'Original Work', 'Wren/Ada Harlow'],
    );
    assert.equal(typeof w.words, 'number');
    const list = (await app.inject('/api/v1/works')).json();
    assert.deepEqual(list.total, { value: 1, exact: true });
    const chapter = (await app.inject(`/api/v1/works/${ids[0]}/chapters/2`)).json();
    assert.match(chapter.html, /thaw/);
    assert.deepEqual(chapter.notes, [{ position: 'beginning', html: '<p>A short one.</p>' }]);
    const tag = (await app.inject('/api/v1/tags/Wren*s*Ada%20Harlow')).json();
    assert.deepEqual(tag.total, { value: 1, exact: true });
    assert.equal(tag.works[0].id, ids[0]);
  });

  test('Mature, Explicit and unrated works show the adult notice first', async () => {
    const { app, ids } = await serverWith(
      fullParsedWork({ tags: [{ type: 'rating', name: 'Explicit' }] }),
      fullParsedWork({ tags: [], title: 'Unrated' }),
    );
    for (const id of ids) {
      const gate = await app.inject(`/works/${id}`);
      assert.match(gate.body, /could have adult content/);
      assert.doesNotMatch(gate.body, /nine nights/);
      const through = await app.inject(`/works/${id}?view_adult=true`);
      assert.match(through.body, /nine nights/);
    }
    assert.match((await app.inject(`/works/${ids[1]}/chapters/2`)).body, /could have adult content/);
  });

  test('user-supplied strings render escaped everywhere', async () => {
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const { app, ids } = await serverWith(
      fullParsedWork({
        title: evil,
        summary: evil,
        creators: [evil],
        tags: [
          { type: 'freeform', name: evil },
          { type: 'rating', name: 'General Audiences' },
        ],
      }),
    );
    for (const url of ['/', `/works/${ids[0]}`, `/tags/${encodeURIComponent(evil.replaceAll('/', '*s*'))}`]) {
      const res = await app.inject(url);
      assert.equal(res.statusCode, 200, url);
      assert.doesNotMatch(res.body, /<script>alert|<img src=x/, url);
    }
  });
});

describeEachDialect('search over HTTP', (ctx) => {
  test('the search page and its JSON twin; a malformed query is a clear 400 in the API and a message on the page', async () => {
    await importWork(ctx.database, fullParsedWork(), { path: '/w/s.txt', hash: 'hs' });
    const app = await buildServer(ctx.database);
    const page = await app.inject('/works/search?q=lamp&fandom=Original+Work');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /1 work: Works matching lamp, in Original Work/);
    assert.match(page.body, /Salt and Lantern Light/);
    assert.match(page.body, /Top tags in these results/);

    const json = (await app.inject('/api/v1/works/search?q=lamp')).json();
    assert.deepEqual(json.total, { value: 1, exact: true });
    assert.equal(json.works[0].title, 'Salt and Lantern Light');

    const bad = await app.inject('/api/v1/works/search?q=words>lots');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.message, /words needs a number/);
    const badPage = await app.inject('/works/search?q=words>lots&sort=nonsense');
    assert.equal(badPage.statusCode, 200);
    assert.match(badPage.body, /unknown sort &#39;nonsense&#39;/);

    const empty = await app.inject('/works/search');
    assert.equal(empty.statusCode, 200);
    assert.match(empty.body, /role="search"/);
  });
});

// Issue 18, findings 7 and 8: a multipart request without a boundary (or cut short) answered 500 on
// every form route, and the API refused a 2 MB work with 413 though its schema allows 10 MiB.
describeEachDialect("bad requests are the sender's", (ctx) => {
  test('a malformed multipart body is a 400 that says so', async () => {
    const app = await buildServer(ctx.database, { suggest: null });
    for (const contentType of [
      'multipart/form-data',
      'multipart/form-data; boundary=',
      'multipart/form-data; boundary=x',
    ]) {
      const res = await app.inject({
        method: 'POST',
        url: '/works/new',
        payload: 'not a form',
        headers: { 'content-type': contentType },
      });
      assert.equal(res.statusCode, 400, contentType);
      assert.match(res.body, /not a valid multipart form/);
    }
    await app.close();
  });

  test('the API takes a work as large as its schema allows', async () => {
    const app = await buildServer(ctx.database, { suggest: null });
    const browser = new TestBrowser(app);
    await browser.signUp('long_writer');
    const page = await browser.post('/account/tokens', { name: 'long' });
    const token = /<code class="token">([^<]+)<\/code>/.exec(page.body)![1]!;
    const text = 'The lamp burned all night. '.repeat(80_000); // about 2 MB
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/works',
      payload: JSON.stringify({ text }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });
    assert.equal(res.statusCode, 201, res.body.slice(0, 200));
    await app.close();
  });
});

test('QUIRE_TRUST_PROXY names the proxies to believe, off by default', () => {
  assert.equal(parseTrustProxy(undefined), false);
  assert.equal(parseTrustProxy('off'), false);
  assert.equal(parseTrustProxy('all'), true);
  assert.equal(parseTrustProxy('127.0.0.1, 10.0.0.0/8'), '127.0.0.1,10.0.0.0/8');
  assert.throws(() => parseTrustProxy('my-proxy'), /"my-proxy" is not an address or CIDR range/);
  assert.throws(() => parseTrustProxy('2'), /not a hop count/);
});
