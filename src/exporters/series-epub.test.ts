import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { buildEpub } from './epub.ts';
import { buildSeriesEpub } from './series-epub.ts';
import {
  assertEpubcheckClean,
  epubcheckSkip,
  hostileWork,
  sampleSeries,
  sampleWork,
} from '../testing/exportable-works.ts';

function entries(bytes: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([k, v]) => [k, strFromU8(v)]));
}

describe('buildSeriesEpub', () => {
  const bytes = buildSeriesEpub(sampleSeries());
  const files = entries(bytes);

  it('stores mimetype first, then a title page, each work in its own folder, and one afterword', () => {
    assert.equal(Object.keys(files)[0], 'mimetype');
    assert.deepEqual(
      Object.keys(files).filter((f) => f.endsWith('.xhtml')),
      [
        'OEBPS/nav.xhtml',
        'OEBPS/series.xhtml',
        'OEBPS/part-01/preface.xhtml',
        'OEBPS/part-01/chapter-001.xhtml',
        'OEBPS/part-02/preface.xhtml',
        'OEBPS/part-02/chapter-001.xhtml',
        'OEBPS/part-02/chapter-002.xhtml',
        'OEBPS/part-02/endnotes.xhtml',
        'OEBPS/afterword.xhtml',
      ],
    );
    const spine = [...files['OEBPS/content.opf']!.matchAll(/<itemref idref="([^"]+)"\/>/g)].map((m) => m[1]);
    assert.deepEqual(spine, [
      'series',
      'part-01-preface',
      'part-01-chapter-001',
      'part-02-preface',
      'part-02-chapter-001',
      'part-02-chapter-002',
      'part-02-endnotes',
      'afterword',
    ]);
  });

  it('keeps each part exactly as the work downloaded alone, but for the stylesheet path', () => {
    const alone = entries(buildEpub(sampleWork()));
    for (const doc of ['preface.xhtml', 'chapter-001.xhtml', 'chapter-002.xhtml', 'endnotes.xhtml']) {
      assert.equal(
        files[`OEBPS/part-02/${doc}`],
        alone[`OEBPS/${doc}`]!.replace('href="style.css"', 'href="../style.css"'),
      );
    }
    assert.match(files['OEBPS/part-02/preface.xhtml']!, /Part 2 of/);
  });

  it('nests the table of contents work > chapters, in nav.xhtml and the NCX', () => {
    const nav = files['OEBPS/nav.xhtml']!;
    assert.match(
      nav,
      /<li><a href="part-02\/preface.xhtml">The Keeper of Gull Rock<\/a>\n<ol>\n<li><a href="part-02\/chapter-001.xhtml">Chapter 1: The Lamp<\/a><\/li>\n<li><a href="part-02\/chapter-002.xhtml">Chapter 2: The Tea<\/a><\/li>\n<li><a href="part-02\/endnotes.xhtml">End Notes<\/a><\/li>\n<\/ol>\n<\/li>/,
    );
    const ncx = files['OEBPS/toc.ncx']!;
    assert.match(ncx, /<meta name="dtb:depth" content="2"\/>/);
    assert.match(
      ncx,
      /<navPoint id="np-4" playOrder="4"><navLabel><text>The Keeper of Gull Rock<\/text><\/navLabel><content src="part-02\/preface.xhtml"\/>\n<navPoint id="np-5" playOrder="5">/,
    );
  });

  it('describes the series in the package and on its title page', () => {
    const opf = files['OEBPS/content.opf']!;
    assert.match(opf, /<dc:title id="title">The Lighthouse Cycle<\/dc:title>/);
    assert.match(opf, /<dc:creator id="creator-2">Marisol Vega<\/dc:creator>/);
    assert.match(opf, /<dc:subject>Original Work<\/dc:subject>/);
    assert.match(opf, /<meta property="dcterms:modified">2024-02-10T09:30:00Z<\/meta>/);
    const title = files['OEBPS/series.xhtml']!;
    assert.match(title, /Works: 2<\/span><br\/><span class="stat">Words: 2,468/);
    assert.match(
      title,
      /<li><a href="part-01\/preface.xhtml">The Lamp Lit<\/a> <span class="by">by tidewright, Marisol Vega<\/span><\/li>/,
    );
    assert.match(files['OEBPS/afterword.xhtml']!, /The Lamp Lit: <a href="https:\/\/quire.example\/works\/11">/);
  });

  it('is byte-for-byte deterministic', () => {
    assert.deepEqual(buildSeriesEpub(sampleSeries()), bytes);
  });

  it('passes epubcheck, hostile strings and an empty series included', {
    skip: epubcheckSkip,
    timeout: 120_000,
  }, async () => {
    const hostile = hostileWork();
    await assertEpubcheckClean({
      series: bytes,
      hostile: buildSeriesEpub(
        sampleSeries({
          title: hostile.title,
          summary: hostile.summary,
          creators: hostile.creators,
          works: [hostile, sampleWork({ language: 'ja' })],
        }),
      ),
      empty: buildSeriesEpub(sampleSeries({ works: [], summary: null, creators: [] })),
    });
  });
});
