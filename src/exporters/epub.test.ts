import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync, strFromU8 } from 'fflate';
import { buildEpub, workUuid } from './epub.ts';
import type { ExportableWork } from './exportable-work.ts';
import { assertWellFormedXml } from '../testing/well-formed-xml.ts';
import { readSetting } from '../config.ts';

const EPUBCHECK = '/usr/share/java/epubcheck.jar';
const MODIFIED = new Date('2024-03-01T10:20:30Z');

function lighthouse(overrides: Partial<ExportableWork> = {}): ExportableWork {
  return {
    id: 12,
    url: 'https://quire.example/works/12',
    title: 'The Keeper of Gull Rock',
    creators: ['tidewright', 'Marisol Vega'],
    summary: 'A lighthouse keeper, a storm, and the ghost who fixes the lamp.\n\nSlow burn.',
    language: 'en',
    words: 1234,
    postedAt: '2024-01-05T08:00:00.000Z',
    updatedAt: '2024-02-10T09:30:00.000Z',
    complete: false,
    tags: [
      { type: 'freeform', name: 'Slow Burn' },
      { type: 'rating', name: 'Teen And Up Audiences' },
      { type: 'warning', name: 'No Archive Warnings Apply' },
      { type: 'category', name: 'F/F' },
      { type: 'fandom', name: 'Original Work' },
      { type: 'relationship', name: 'Agnes/The Ghost' },
      { type: 'character', name: 'Agnes' },
      { type: 'character', name: 'The Ghost' },
    ],
    series: [{ title: 'The Lighthouse Cycle', position: 2, url: '/series/4' }],
    notes: [
      { position: 'beginning', html: '<p>Written for a prompt about lamps.</p>' },
      { position: 'end', html: '<p>Thank you for reading!</p>' },
    ],
    chapters: [
      {
        position: 1,
        title: 'Chapter 1: The Lamp',
        html: '<p>Agnes climbed the hundred and twelve steps at dusk.<p>The lamp was already lit.',
        notes: [
          { position: 'beginning', html: '<p>Short chapter.</p>' },
          { position: 'end', html: '<p>More soon.</p>' },
        ],
      },
      { position: 2, title: null, html: '<p>She left the ghost a cup of tea.</p>', notes: [] },
    ],
    archiveName: 'Quire',
    ...overrides,
  };
}

/** The full work again, with every user string holding what an attacker or an enthusiast might write. */
function hostile(): ExportableWork {
  const nasty = `<script>alert("x")</script> & 'quotes' "double" 😀 灯台 ]]> &amp;`;
  const base = lighthouse();
  return lighthouse({
    title: `Title ${nasty}`,
    creators: [`Creator ${nasty}`, '李雷'],
    summary: `Summary ${nasty}\n\nSecond line <b>not bold</b>`,
    tags: [
      { type: 'rating', name: 'Mature' },
      { type: 'fandom', name: `Fandom ${nasty}` },
      { type: 'freeform', name: `Tag ${nasty}` },
    ],
    series: [{ title: `Series ${nasty}`, position: 1 }, ...base.series],
    notes: [
      ...base.notes,
      { position: 'beginning', html: `<p>Note &lt;script&gt; &amp; <script>alert(1)</script> 中文 &nbsp;</p>` },
    ],
    chapters: [
      {
        position: 1,
        title: `Chapter ${nasty}`,
        html: `<p>Body &amp; &lt;tag&gt; &nbsp; &copy; &mdash; 😀 中文<br>line<hr><em><p>a</p><p>b</p></em><ul>stray<li>one</ul><table><tr><td>1<td>2</table><img src="https://img.example/x.png" alt="art"><a href="/works/3">rel</a><a href="javascript:alert(1)">js</a><p align="center">centred</p><acronym title="t">T</acronym><big>big</big><center>c</center><span>a<div>b</div></span>\u0001`,
        notes: [{ position: 'end', html: `<p>End ${nasty.replace(/</g, '&lt;')}</p>` }],
      },
      ...base.chapters.slice(1),
    ],
    archiveName: `Archive ${nasty}`,
  });
}

function entries(bytes: Uint8Array): Record<string, string> {
  const files = unzipSync(bytes);
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strFromU8(v)]));
}

describe('buildEpub: container', () => {
  it('stores mimetype first and uncompressed, as OCF requires', () => {
    const bytes = buildEpub(lighthouse(), { modified: MODIFIED });
    // Local file header: signature, then the name at offset 30; method (0 = stored) at offset 8.
    assert.deepEqual([...bytes.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04]);
    assert.equal(bytes[8]! | (bytes[9]! << 8), 0);
    const nameLength = bytes[26]! | (bytes[27]! << 8);
    assert.equal(strFromU8(bytes.subarray(30, 30 + nameLength)), 'mimetype');
    assert.equal(strFromU8(bytes.subarray(30 + nameLength, 30 + nameLength + 20)), 'application/epub+zip');
    const files = entries(bytes);
    assert.equal(Object.keys(files)[0], 'mimetype');
    assert.match(files['META-INF/container.xml']!, /full-path="OEBPS\/content.opf"/);
  });

  it('is byte-for-byte deterministic for one work and modified date', () => {
    const a = buildEpub(lighthouse(), { modified: MODIFIED });
    const b = buildEpub(lighthouse(), { modified: MODIFIED });
    assert.deepEqual(a, b);
    assert.notDeepEqual(buildEpub(lighthouse(), { modified: new Date('2024-03-02T00:00:00Z') }), a);
    // Without a modified date the work's own updatedAt is used, so it is deterministic too.
    assert.deepEqual(buildEpub(lighthouse()), buildEpub(lighthouse()));
    assert.match(entries(buildEpub(lighthouse())!)['OEBPS/content.opf']!, /dcterms:modified">2024-02-10T09:30:00Z</);
  });

  it('writes a stable name-based UUID from the work id and URL', () => {
    const id = workUuid(lighthouse());
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(workUuid(lighthouse({ title: 'Renamed' })), id);
    assert.notEqual(workUuid(lighthouse({ id: 13 })), id);
    assert.notEqual(workUuid(lighthouse({ url: 'https://other.example/works/12' })), id);
  });
});

describe('buildEpub: package document', () => {
  const opf = entries(buildEpub(lighthouse(), { modified: MODIFIED }))['OEBPS/content.opf']!;

  it('carries the Dublin Core metadata', () => {
    assert.match(opf, new RegExp(`<dc:identifier id="uid">urn:uuid:${workUuid(lighthouse())}</dc:identifier>`));
    assert.match(opf, /unique-identifier="uid"/);
    assert.match(opf, /<dc:title id="title">The Keeper of Gull Rock<\/dc:title>/);
    assert.match(opf, /<dc:creator id="creator-1">tidewright<\/dc:creator>/);
    assert.match(opf, /<dc:creator id="creator-2">Marisol Vega<\/dc:creator>/);
    assert.match(opf, /<dc:language>en<\/dc:language>/);
    assert.match(
      opf,
      /<dc:description>A lighthouse keeper, a storm, and the ghost who fixes the lamp.\n\nSlow burn.<\/dc:description>/,
    );
    assert.match(opf, /<dc:date>2024-01-05T08:00:00Z<\/dc:date>/);
    assert.match(opf, /<meta property="dcterms:modified">2024-03-01T10:20:30Z<\/meta>/);
    assert.match(opf, /<dc:publisher>Quire<\/dc:publisher>/);
    assert.match(opf, /<dc:source>https:\/\/quire.example\/works\/12<\/dc:source>/);
  });

  it('lists every tag as a subject, rating first as AO3 orders them', () => {
    const subjects = [...opf.matchAll(/<dc:subject>([^<]*)<\/dc:subject>/g)].map((m) => m[1]);
    assert.deepEqual(subjects, [
      'Teen And Up Audiences',
      'No Archive Warnings Apply',
      'F/F',
      'Original Work',
      'Agnes/The Ghost',
      'Agnes',
      'The Ghost',
      'Slow Burn',
    ]);
  });

  it('states the series both as EPUB 3 collections and as calibre reads them', () => {
    assert.match(opf, /<meta property="belongs-to-collection" id="series-1">The Lighthouse Cycle<\/meta>/);
    assert.match(opf, /<meta refines="#series-1" property="collection-type">series<\/meta>/);
    assert.match(opf, /<meta refines="#series-1" property="group-position">2<\/meta>/);
    assert.match(opf, /<meta name="calibre:series" content="The Lighthouse Cycle"\/>/);
    assert.match(opf, /<meta name="calibre:series_index" content="2"\/>/);
  });

  it('puts preface, chapters, end notes and afterword in the spine in reading order', () => {
    const spine = [...opf.matchAll(/<itemref idref="([^"]+)"\/>/g)].map((m) => m[1]);
    assert.deepEqual(spine, ['preface', 'chapter-001', 'chapter-002', 'endnotes', 'afterword']);
    assert.match(opf, /properties="nav"/);
  });

  it('leaves out the end notes page and series metadata when there are none', () => {
    const files = entries(buildEpub(lighthouse({ notes: [], series: [] }), { modified: MODIFIED }));
    assert.equal(files['OEBPS/endnotes.xhtml'], undefined);
    assert.doesNotMatch(files['OEBPS/content.opf']!, /endnotes|belongs-to-collection|calibre:series/);
  });
});

describe('buildEpub: pages', () => {
  const files = entries(buildEpub(lighthouse(), { modified: MODIFIED }));

  it('writes a preface with the tag groups, language, series, stats, summary and notes', () => {
    const preface = files['OEBPS/preface.xhtml']!;
    const labels = [...preface.matchAll(/<dt class="[^"]+">([^<]+)<\/dt>/g)].map((m) => m[1]);
    assert.deepEqual(labels, [
      'Rating:',
      'Archive Warning:',
      'Category:',
      'Fandom:',
      'Relationship:',
      'Character:',
      'Additional Tags:',
      'Language:',
      'Series:',
      'Stats:',
    ]);
    assert.match(
      preface,
      /<h1 class="title"><a href="https:\/\/quire.example\/works\/12">The Keeper of Gull Rock<\/a><\/h1>/,
    );
    assert.match(preface, /by <span class="creator">tidewright<\/span>, <span class="creator">Marisol Vega<\/span>/);
    assert.match(
      preface,
      /<a class="tag" href="https:\/\/quire.example\/tags\/Agnes\*s\*The%20Ghost">Agnes\/The Ghost<\/a>/,
    );
    assert.match(preface, /<dd class="language" lang="en">English<\/dd>/);
    assert.match(preface, /Part 2 of <a href="https:\/\/quire.example\/series\/4">The Lighthouse Cycle<\/a>/);
    assert.match(preface, /Published: 2024-01-05.*Updated: 2024-02-10.*Words: 1,234.*Chapters: 2\/\?/s);
    assert.match(
      preface,
      /<p class="label">Summary<\/p>\n<blockquote class="userstuff"><p>A lighthouse keeper, a storm, and the ghost who fixes the lamp.<\/p>\n<p>Slow burn.<\/p><\/blockquote>/,
    );
    assert.match(
      preface,
      /<p class="label">Notes<\/p>\n<blockquote class="userstuff"><p>Written for a prompt about lamps.<\/p><\/blockquote>/,
    );
    assert.match(preface, /See the end of the work for <a href="endnotes.xhtml">more notes<\/a>/);
  });

  it('says Completed and n/n for a finished work', () => {
    const preface = entries(buildEpub(lighthouse({ complete: true }), { modified: MODIFIED }))['OEBPS/preface.xhtml']!;
    assert.match(preface, /Completed: 2024-02-10/);
    assert.match(preface, /Chapters: 2\/2/);
  });

  it('writes each chapter with its heading, notes in boxes and body', () => {
    const ch1 = files['OEBPS/chapter-001.xhtml']!;
    assert.match(ch1, /<h2 class="heading">Chapter 1: The Lamp<\/h2>/);
    assert.match(
      ch1,
      /<div class="meta group notes beginning">\n<p class="label">Chapter Notes<\/p>\n<blockquote class="userstuff"><p>Short chapter.<\/p><\/blockquote>/,
    );
    assert.match(
      ch1,
      /<div class="userstuff">\n<p>Agnes climbed the hundred and twelve steps at dusk.<\/p><p>The lamp was already lit.<\/p>\n<\/div>/,
    );
    assert.match(ch1, /<div class="meta group notes end" id="endnotes">\n<p class="label">Chapter End Notes<\/p>/);
    assert.ok(
      ch1.indexOf('Chapter Notes') < ch1.indexOf('Agnes climbed') &&
        ch1.indexOf('Agnes climbed') < ch1.indexOf('Chapter End Notes'),
    );
    // An untitled chapter is headed as Quire's pages head it, and marked so a reader can tell.
    assert.match(files['OEBPS/chapter-002.xhtml']!, /<h2 class="heading untitled">Chapter 2<\/h2>/);
  });

  it('heads an untitled one-shot with the work title', () => {
    const one = entries(
      buildEpub(lighthouse({ chapters: [{ position: 1, title: null, html: '<p>Only.</p>', notes: [] }] }), {
        modified: MODIFIED,
      }),
    );
    assert.match(one['OEBPS/chapter-001.xhtml']!, /<h2 class="heading untitled">The Keeper of Gull Rock<\/h2>/);
  });

  it('writes the end notes page and an afterword naming the archive and the work URL', () => {
    assert.match(
      files['OEBPS/endnotes.xhtml']!,
      /<p class="label">End Notes<\/p>\n<blockquote class="userstuff"><p>Thank you for reading!<\/p><\/blockquote>/,
    );
    const afterword = files['OEBPS/afterword.xhtml']!;
    assert.match(afterword, /downloaded from Quire/);
    assert.match(afterword, /<a href="https:\/\/quire.example\/works\/12">https:\/\/quire.example\/works\/12<\/a>/);
  });

  it('names a site-relative URL without linking it', () => {
    const rel = entries(buildEpub(lighthouse({ url: '/works/12' }), { modified: MODIFIED }));
    assert.match(rel['OEBPS/afterword.xhtml']!, /downloaded from Quire \(\/works\/12\)/);
    assert.doesNotMatch(rel['OEBPS/preface.xhtml']!, /href="\/|class="tag" href/);
    assert.match(rel['OEBPS/preface.xhtml']!, /<span class="tag">Agnes<\/span>/);
  });

  it('has a table of contents and landmarks in nav.xhtml, and an NCX', () => {
    const nav = files['OEBPS/nav.xhtml']!;
    assert.match(nav, /<nav epub:type="toc" id="toc">/);
    const toc = [...nav.matchAll(/<li><a href="([^"]+)">([^<]+)<\/a><\/li>/g)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(toc, [
      'preface.xhtml Preface',
      'chapter-001.xhtml Chapter 1: The Lamp',
      'chapter-002.xhtml Chapter 2',
      'endnotes.xhtml End Notes',
      'afterword.xhtml Afterword',
    ]);
    assert.match(nav, /<nav epub:type="landmarks"[^>]*>[\s\S]*epub:type="bodymatter" href="chapter-001.xhtml"/);
    assert.match(
      files['OEBPS/toc.ncx']!,
      new RegExp(`<meta name="dtb:uid" content="urn:uuid:${workUuid(lighthouse())}"/>`),
    );
  });

  it('styles for small screens: relative units, no fixed widths, boxed notes', () => {
    const css = files['OEBPS/style.css']!;
    // Hairline borders are the one absolute length.
    assert.doesNotMatch(css.replace(/border(-top)?: 1px/g, ''), /\d(px|pt|cm|mm|in)\b/);
    assert.doesNotMatch(css, /(^|[^-])width\s*:/m);
    assert.match(css, /\.notes \{[^}]*border:/);
  });
});

describe('buildEpub: escaping', () => {
  const files = entries(buildEpub(hostile(), { modified: MODIFIED }));

  it('writes every XML file well-formed, whatever the strings hold', () => {
    for (const [name, text] of Object.entries(files)) {
      if (/\.(xhtml|opf|ncx|xml)$/.test(name)) assertWellFormedXml(text, name);
    }
  });

  it('never lets a user string become markup', () => {
    for (const [name, text] of Object.entries(files)) {
      assert.doesNotMatch(text, /<script|<b>not bold|javascript:/i, name);
      assert.doesNotMatch(text, /&(nbsp|copy|mdash);/, `${name}: named HTML entities are not XML`);
    }
    const opf = files['OEBPS/content.opf']!;
    assert.match(
      opf,
      // The xml template escapes quotes in text too, so a value is safe wherever it lands.
      /<dc:title id="title">Title &lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; 'quotes' &quot;double&quot; 😀 灯台 \]\]&gt; &amp;amp;<\/dc:title>/,
    );
    assert.match(
      opf,
      /<meta name="calibre:series" content="Series &lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; 'quotes' &quot;double&quot; 😀 灯台 \]\]&gt; &amp;amp;"\/>/,
    );
  });

  it('converts HTML bodies into XHTML', () => {
    const ch = files['OEBPS/chapter-001.xhtml']!;
    assert.match(ch, /Body &amp; &lt;tag&gt; \u00a0 © — 😀 中文<br\/>line<\/p><hr\/>/);
    assert.match(ch, /<p><em>a<\/em><\/p><p><em>b<\/em><\/p>/);
    assert.match(ch, /<ul><li>stray<\/li><li>one<\/li><\/ul>/);
    assert.match(ch, /<a href="https:\/\/img.example\/x.png">\[image: art\]<\/a>/);
    assert.match(ch, /<a href="https:\/\/quire.example\/works\/3">rel<\/a>/);
    assert.match(ch, /<p style="text-align: center">centred<\/p>/);
    assert.doesNotMatch(ch, /\u0001/);
  });
});

// epubcheck is the reference validator. Debian's package puts it here; CI must have it, so a
// missing jar fails there and only skips on a developer's machine.
describe('buildEpub: epubcheck', () => {
  const hasJar = existsSync(EPUBCHECK);
  const skip = !hasJar && !readSetting('ci') ? `epubcheck not installed (${EPUBCHECK})` : false;
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'quire-epubcheck-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  // Each run starts a JVM (seconds), so two works cover the ground: everything present, and nothing.
  const cases: [string, ExportableWork][] = [
    ['full, hostile', hostile()],
    [
      'bare',
      lighthouse({
        url: '/works/9',
        creators: [],
        summary: null,
        tags: [],
        series: [],
        notes: [],
        language: 'ja',
        chapters: [{ position: 1, title: null, html: '吾輩は猫である。', notes: [] }],
      }),
    ],
  ];
  for (const [name, work] of cases) {
    it(`reports no errors or warnings for the ${name} work`, { skip, timeout: 120_000 }, async () => {
      assert.ok(hasJar, `epubcheck is required in CI: install Debian's epubcheck package (${EPUBCHECK})`);
      const file = join(dir, `${name.replace(/\W+/g, '-')}.epub`);
      writeFileSync(file, buildEpub(work, { modified: MODIFIED }));
      const { stdout, stderr } = await promisify(execFile)('java', [
        '-XX:+UseSerialGC',
        '-XX:TieredStopAtLevel=1',
        '-jar',
        EPUBCHECK,
        file,
      ]).catch((e: { stdout: string; stderr: string }) => e);
      assert.match(stdout, /No errors or warnings detected/, `${stdout}\n${stderr}`);
      assert.match(stdout, /0 fatals \/ 0 errors \/ 0 warnings/);
    });
  }
});
