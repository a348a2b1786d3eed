// The page cache's pieces without a server: templates filled per request, in plain text and as a
// gzip stream that any inflater reads back to the same text, and the byte budget.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { acceptsGzip, gzipPageBody, PageCache, pageBody, pageTemplate } from './page-cache.ts';

describe('page templates', () => {
  test('holes are filled per request, in plain text and gzip alike', () => {
    const token = randomBytes(24).toString('base64url');
    const hits = '#hits-marker#';
    const text = `<p>é ${'Lorem ipsum dolor sit amet. '.repeat(400)}<input value="${token}">ü<dd>${hits}</dd><form><input value="${token}"></form>`;
    const template = pageTemplate(text, { csrf: token, hits });
    assert.deepEqual(template.holes, ['csrf', 'hits', 'csrf']);
    for (const values of [
      { csrf: 'A'.repeat(32), hits: '1,234' },
      { csrf: 'x', hits: '' },
      // A value longer than one stored block holds.
      { csrf: 'long'.repeat(20_000), hits: '7' },
    ]) {
      const expected = text.replaceAll(token, values.csrf).replace(hits, values.hits);
      assert.equal(pageBody(template, values).toString(), expected);
      const gzip = gzipPageBody(template, values);
      assert.equal(gunzipSync(gzip).toString(), expected);
    }
    // Compressed, the page is far smaller than its text.
    assert.ok(gzipPageBody(template, { csrf: 'A', hits: '1' }).length * 5 < Buffer.byteLength(text));
  });

  test('a page without holes, and an empty one', () => {
    for (const text of ['<p>nothing to fill</p>', '']) {
      const template = pageTemplate(text, { csrf: 'never-there' });
      assert.deepEqual(template.holes, []);
      assert.equal(gunzipSync(gzipPageBody(template, {})).toString(), text);
    }
  });

  test('Accept-Encoding: gzip when named or starred with a q above 0', () => {
    assert.equal(acceptsGzip('gzip, deflate, br'), true);
    assert.equal(acceptsGzip('br;q=1.0, GZIP;q=0.5'), true);
    assert.equal(acceptsGzip('gzip;q=0'), false);
    assert.equal(acceptsGzip('*'), true);
    assert.equal(acceptsGzip('*;q=0, gzip;q=0'), false);
    assert.equal(acceptsGzip('br, deflate'), false);
    assert.equal(acceptsGzip(undefined), false);
    assert.equal(acceptsGzip(''), false);
  });
});

describe('the page cache', () => {
  test('keeps to its byte budget, dropping the least recently used', () => {
    const cache = new PageCache<string>(1_000);
    cache.set(1, 'a', 'A', 300);
    cache.set(1, 'b', 'B', 300);
    cache.set(1, 'c', 'C', 300);
    assert.equal(cache.get(1, 'a'), 'A'); // a is now the most recently used
    cache.set(1, 'd', 'D', 300);
    assert.equal(cache.get(1, 'b'), undefined, 'the least recently used went first');
    assert.equal(cache.get(1, 'a'), 'A');
    assert.ok(cache.bytes <= 1_000);
    cache.set(1, 'huge', 'H', 5_000);
    assert.equal(cache.get(1, 'huge'), undefined, 'a value bigger than the budget is not kept');
  });

  test('a newer version empties it; an older one neither reads nor writes', () => {
    const cache = new PageCache<string>(10_000);
    cache.set(5, 'page', 'old', 10);
    assert.equal(cache.get(5, 'page'), 'old');
    assert.equal(cache.get(6, 'page'), undefined);
    assert.equal(cache.size, 0);
    cache.set(5, 'page', 'stale', 10);
    assert.equal(cache.get(6, 'page'), undefined, 'a page made at an older version is not kept');
    cache.set(6, 'page', 'new', 10);
    assert.equal(cache.get(5, 'page'), undefined);
    assert.equal(cache.get(6, 'page'), 'new');
  });
});
