import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { strFromU8, unzipSync } from 'fflate';
import type { FastifyInstance } from 'fastify';
import { describeEachDialect } from '../testing/databases.ts';
import { closePdfRenderer, pdfAvailable } from '../exporters/pdf.ts';
import { assertEpubcheckClean, epubcheckSkip } from '../testing/exportable-works.ts';
import type { ParsedWork } from '../importers/parsed-work.ts';
import { addWorkToSeries, createSeries } from '../series/series.repo.ts';
import { findOrCreateTag, upsertTagging } from '../tags/tags.repo.ts';
import { testServer } from '../testing/server.ts';
import { fullParsedWork } from '../testing/works.ts';
import { importWork } from '../works/works.service.ts';
import { downloadLinks } from './downloads.html.ts';
import { contentDisposition } from './downloads.routes.ts';
import { downloadFileName, downloadPath } from './formats.ts';

describe('download file names', () => {
  test("AO3's: the title's words joined by underscores, then what it is and its id", () => {
    assert.deepEqual(downloadFileName('The Keeper of Gull Rock', 'work', 12, 'epub'), {
      unicode: 'The_Keeper_of_Gull_Rock-work-12.epub',
      ascii: 'The_Keeper_of_Gull_Rock-work-12.epub',
    });
    assert.deepEqual(downloadFileName('Café «Noir» — 灯台!', 'series', 3, 'txt'), {
      unicode: 'Café_Noir_灯台-series-3.txt',
      ascii: 'Cafe_Noir-series-3.txt',
    });
    assert.deepEqual(downloadFileName('灯台守', 'work', 5, 'html'), {
      unicode: '灯台守-work-5.html',
      ascii: 'Work-work-5.html',
    });
    assert.deepEqual(downloadFileName('../../etc/passwd"; x', 'work', 1, 'pdf'), {
      unicode: 'etc_passwd_x-work-1.pdf',
      ascii: 'etc_passwd_x-work-1.pdf',
    });
    assert.equal(downloadFileName('a'.repeat(200), 'work', 1, 'epub').unicode, `${'a'.repeat(60)}-work-1.epub`);
    assert.equal(
      downloadPath('work', 5, '灯台守', 'epub'),
      '/downloads/works/5/%E7%81%AF%E5%8F%B0%E5%AE%88-work-5.epub',
    );
  });

  test('Content-Disposition: an ASCII name and the UTF-8 one (RFC 6266, RFC 8187)', () => {
    assert.equal(
      contentDisposition(downloadFileName("Café l'été (1)", 'work', 7, 'epub')),
      `attachment; filename="Cafe_l_ete_1-work-7.epub"; filename*=UTF-8''Caf%C3%A9_l_%C3%A9t%C3%A9_1-work-7.epub`,
    );
  });
});

describeEachDialect('downloads', (ctx) => {
  let cacheDir = '';
  before(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'quire-downloads-'));
  });
  after(async () => {
    rmSync(cacheDir, { recursive: true, force: true });
    await closePdfRenderer();
  });

  async function serve(...works: ParsedWork[]) {
    const ids: number[] = [];
    for (const [i, w] of works.entries())
      ids.push((await importWork(ctx.database, w, { path: `/w/${i}.txt`, hash: `h${i}-${w.title}` })).workId);
    const dir = mkdtempSync(join(cacheDir, 'c-'));
    process.env.QUIRE_DOWNLOADS_DIR = dir;
    const app = await testServer(ctx.database);
    return { app, ids, dir };
  }
  const get = (app: FastifyInstance, url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers: { host: 'quire.test', ...headers } });

  test('a work as EPUB, HTML and text: attachment under its AO3-style name, links to this site', async () => {
    const { app, ids } = await serve(fullParsedWork());
    const id = ids[0]!;
    const epub = await get(app, `/downloads/works/${id}/Salt_and_Lantern_Light-work-${id}.epub`);
    assert.equal(epub.statusCode, 200);
    assert.equal(epub.headers['content-type'], 'application/epub+zip');
    assert.equal(
      epub.headers['content-disposition'],
      `attachment; filename="Salt_and_Lantern_Light-work-${id}.epub"; filename*=UTF-8''Salt_and_Lantern_Light-work-${id}.epub`,
    );
    const files = unzipSync(epub.rawPayload);
    assert.equal(strFromU8(files.mimetype!), 'application/epub+zip');
    assert.match(
      strFromU8(files['OEBPS/preface.xhtml']!),
      new RegExp(`<a href="http://quire.test/works/${id}">Salt and Lantern Light</a>`),
    );

    const page = await get(app, `/downloads/works/${id}/anything-at-all.html`);
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(
      page.body,
      /<h1 class="title"><a href="http:\/\/quire.test\/works\/\d+">Salt and Lantern Light<\/a><\/h1>/,
    );
    assert.match(page.body, /nine nights[\s\S]*A short one[\s\S]*thaw came late[\s\S]*Thank you for reading/);

    const text = await get(app, `/downloads/works/${id}/x.txt`);
    assert.equal(text.headers['content-type'], 'text/plain; charset=utf-8');

    // The work page offers them, and its links lead to the files.
    const workPage = await get(app, `/works/${id}`);
    for (const ext of ['epub', 'html', 'txt']) {
      const href = `/downloads/works/${id}/Salt_and_Lantern_Light-work-${id}.${ext}`;
      assert.ok(workPage.body.includes(`href="${href}"`), `the work page links ${href}`);
      assert.equal((await get(app, href)).statusCode, 200);
    }
    assert.ok(text.body.startsWith('Title: Salt and Lantern Light\nCreator: saltwriter\nRating: General Audiences\n'));
  });

  test('ETag and If-None-Match: 304 for this version; the cache serves it again; a changed work is built anew', async () => {
    const { app, ids, dir } = await serve(fullParsedWork());
    const id = ids[0]!;
    const url = `/downloads/works/${id}/a.txt`;
    const first = await get(app, url);
    const etag = first.headers.etag as string;
    assert.match(etag, /^"[A-Za-z0-9_-]{27}"$/);
    assert.equal(first.headers['cache-control'], 'private, no-cache');
    assert.equal((await get(app, url, { 'if-none-match': etag })).statusCode, 304);
    assert.equal((await get(app, url, { 'if-none-match': `"other", W/${etag}` })).statusCode, 304);
    assert.equal((await get(app, url, { 'if-none-match': '"other"' })).statusCode, 200);

    // Served from the cache: what is on disk is what goes out.
    const [file] = readdirSync(join(dir, `work-${id}`));
    assert.match(file!, /^txt-[A-Za-z0-9_-]{27}\.txt$/);
    writeFileSync(join(dir, `work-${id}`, file!), 'from the cache');
    assert.equal((await get(app, url)).body, 'from the cache');
    // Another host writes other links, so it is another file.
    assert.notEqual((await get(app, url, { host: 'mirror.test' })).headers.etag, etag);

    // A tag applied without touching updated_at (a suggestion accepted) still makes a new version.
    const tag = await findOrCreateTag(ctx.database.db, 'freeform', 'Lighthouses');
    await upsertTagging(ctx.database.db, { workId: id, tagId: tag.id, origin: 'author', status: 'applied' });
    const tagged = await get(app, url);
    assert.notEqual(tagged.headers.etag, etag);
    assert.match(tagged.body, /Additional Tags: Lighthouses/);
    // New text at the same path: new version, and only the newest file of each format is kept.
    await importWork(
      ctx.database,
      fullParsedWork({ chapters: [{ title: null, html: '<p>Rewritten.</p>', notes: [] }] }),
      {
        path: '/w/0.txt',
        hash: 'new',
      },
    );
    const rewritten = await get(app, url);
    assert.match(rewritten.body, /Rewritten\./);
    assert.deepEqual(
      readdirSync(join(dir, `work-${id}`)).filter((f) => f.startsWith('txt-')),
      [`txt-${(rewritten.headers.etag as string).slice(1, -1)}.txt`],
    );
  });

  test('adult works download without the notice; drafts, restricted and missing works are 404s', async () => {
    const { app, ids } = await serve(
      fullParsedWork({ title: 'Night Tide', tags: [{ type: 'rating', name: 'Explicit' }] }),
      fullParsedWork({ title: 'Unposted' }),
      fullParsedWork({ title: 'Members Only' }),
    );
    const [adult, draft, restricted] = ids as [number, number, number];
    assert.match((await get(app, `/works/${adult}`)).body, /adult content/i, 'the work page keeps its notice');
    const epub = await get(app, `/downloads/works/${adult}/Night_Tide-work-${adult}.epub`);
    assert.equal(epub.statusCode, 200);
    await ctx.database.db.updateTable('works').set({ draft: 1 }).where('id', '=', draft).execute();
    await ctx.database.db.updateTable('works').set({ restricted: 1 }).where('id', '=', restricted).execute();
    for (const url of [
      `/downloads/works/${draft}/x.epub`,
      `/downloads/works/${restricted}/x.epub`,
      '/downloads/works/999999/x.epub',
      '/downloads/works/abc/x.epub',
    ]) {
      const res = await get(app, url);
      assert.equal(res.statusCode, 404, url);
      assert.doesNotMatch(res.body, /Unposted|Members Only/);
    }
    const docx = await get(app, `/downloads/works/${adult}/x.docx`);
    assert.equal(docx.statusCode, 404);
    assert.match(docx.body, /downloads come as \.epub, \.html, \.txt, \.pdf; &#39;x.docx&#39; is none of these/);
  });

  test('a series as one book: each readable work a part, contents nested work > chapters', async () => {
    const { app, ids } = await serve(
      fullParsedWork({ title: 'Dawn' }),
      fullParsedWork({ title: 'Dusk' }),
      fullParsedWork({ title: 'Secret' }),
    );
    const [dawn, dusk, secret] = ids as [number, number, number];
    const series = await createSeries(ctx.database.db, { title: 'Days at Gull Rock', summary: 'Light and dark.' });
    await addWorkToSeries(ctx.database.db, series, dusk, 2);
    await addWorkToSeries(ctx.database.db, series, dawn, 1);
    await addWorkToSeries(ctx.database.db, series, secret, 3);
    await ctx.database.db.updateTable('works').set({ draft: 1 }).where('id', '=', secret).execute();

    const epub = await get(app, `/downloads/series/${series}/Days_at_Gull_Rock-series-${series}.epub`);
    assert.equal(epub.statusCode, 200);
    assert.match(
      epub.headers['content-disposition'] as string,
      new RegExp(`filename="Days_at_Gull_Rock-series-${series}.epub"`),
    );
    const files = unzipSync(epub.rawPayload);
    const nav = strFromU8(files['OEBPS/nav.xhtml']!);
    assert.match(
      nav,
      /<li><a href="part-01\/preface.xhtml">Dawn<\/a>\n<ol>\n<li><a href="part-01\/chapter-001.xhtml">Chapter 1: Dark<\/a><\/li>/,
    );
    assert.match(nav, /<li><a href="part-02\/preface.xhtml">Dusk<\/a>/);
    assert.doesNotMatch(nav, /Secret/);
    assert.match(
      strFromU8(files['OEBPS/part-02/preface.xhtml']!),
      /Part 2 of <span class="series-title">Days at Gull Rock<\/span>/,
    );

    const text = await get(app, `/downloads/series/${series}/x.txt`);
    assert.ok(text.body.startsWith('Days at Gull Rock\nby saltwriter\n'));
    assert.match(text.body, /Part 1\n=+\n\nTitle: Dawn[\s\S]*Part 2\n=+\n\nTitle: Dusk/);
    const etag = text.headers.etag as string;
    assert.equal((await get(app, `/downloads/series/${series}/x.txt`, { 'if-none-match': etag })).statusCode, 304);
    // Reordering the series is a new version.
    await addWorkToSeries(ctx.database.db, series, dusk, 0);
    assert.notEqual((await get(app, `/downloads/series/${series}/x.txt`)).headers.etag, etag);
    assert.equal((await get(app, `/downloads/series/${series + 1}/x.txt`)).statusCode, 404);

    if (ctx.dialect === 'sqlite' && !epubcheckSkip) {
      const work = await get(app, `/downloads/works/${dawn}/x.epub`);
      await assertEpubcheckClean({ work: work.rawPayload, series: epub.rawPayload });
    }
  });

  test('PDF where chromium is installed; otherwise no link and a 404 that says why', { timeout: 120_000 }, async () => {
    const { app, ids } = await serve(fullParsedWork());
    const id = ids[0]!;
    const res = await get(app, `/downloads/works/${id}/x.pdf`);
    if (pdfAvailable()) {
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/pdf');
      assert.equal(res.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.match(downloadLinks({ id, title: 'Salt' }).value, /\.pdf"/);
    } else {
      assert.equal(res.statusCode, 404);
      assert.match(res.body, /PDF downloads need chromium/);
    }
  });
});

describe('without chromium', () => {
  test('the PDF link is hidden and a PDF request is a 404 that says why', { timeout: 60_000 }, async () => {
    // pdf.ts reads CHROMIUM_PATH once, so this runs in a process of its own.
    const script = `
      const { downloadLinks } = await import(${JSON.stringify(new URL('./downloads.html.ts', import.meta.url).href)});
      const { downloadsRoutes } = await import(${JSON.stringify(new URL('./downloads.routes.ts', import.meta.url).href)});
      const links = downloadLinks({ id: 3, title: 'A Title' }).value;
      let message = '';
      try { await downloadsRoutes({}).workDownload({ params: { id: '3', file: 'x.pdf' } }, {}); } catch (e) { message = e.kind + ' ' + e.message; }
      console.log(JSON.stringify({ links, message }));`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium', QUIRE_DOWNLOADS_DIR: 'off' } },
    );
    const { links, message } = JSON.parse(stdout) as { links: string; message: string };
    assert.match(links, /A_Title-work-3\.epub[\s\S]*\.html[\s\S]*\.txt/);
    assert.doesNotMatch(links, /\.pdf|PDF/);
    assert.match(
      message,
      /^not_found PDF downloads need chromium on the server \(looked for \/nonexistent\/chromium\)/,
    );
  });
});
