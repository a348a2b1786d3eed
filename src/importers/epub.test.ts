import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { zipSync } from 'fflate';
import { parseEpub } from './epub.ts';
import { plainText } from './epub-package.ts';
import { MAX_EPUB_UNCOMPRESSED_BYTES } from './epub-zip.ts';
import { ImportError } from './import-error.ts';
import { buildEpub } from '../exporters/epub.ts';
import type { ExportableWork } from '../exporters/exportable-work.ts';
import {
  ao3Epub,
  ao3OneShotEpub,
  container,
  fanFicFareEpub,
  genericEpub,
  opf,
  xhtml,
  zipFiles,
} from './fixtures/epub/build-epubs.ts';

const text = (html: string) => plainText(html).replace(/\s+/g, ' ').trim();

function orchard(overrides: Partial<ExportableWork> = {}): ExportableWork {
  return {
    id: 3,
    url: 'https://quire.example/works/3',
    title: 'What the Orchard Kept & Other "Secrets"',
    creators: ['appleseed', '林檎'],
    summary: 'Every autumn the orchard keeps one thing.\n\nThis year it kept Wren.',
    language: 'en',
    words: 240,
    postedAt: '2023-09-01T12:00:00Z',
    updatedAt: '2023-10-15T12:00:00Z',
    complete: true,
    tags: [
      { type: 'rating', name: 'General Audiences' },
      { type: 'warning', name: 'No Archive Warnings Apply' },
      { type: 'category', name: 'Gen' },
      { type: 'fandom', name: 'Original Work' },
      { type: 'relationship', name: 'Wren & Hollis' },
      { type: 'character', name: 'Wren' },
      { type: 'character', name: 'Hollis' },
      { type: 'freeform', name: 'Autumn, Apples' },
      { type: 'freeform', name: '<script>Magical Realism</script>' },
    ],
    series: [{ title: 'Four Seasons', position: 3, url: '/series/1' }],
    notes: [
      { position: 'beginning', html: '<p>For the orchard swap.</p>' },
      { position: 'end', html: '<p>Thanks for <em>reading</em>.</p>' },
    ],
    chapters: [
      {
        position: 1,
        title: 'Chapter 1: Windfall',
        html: '<p>Wren counted the windfalls every morning.</p><p>On the ninth day there were none.</p>',
        notes: [{ position: 'beginning', html: '<p>It begins.</p>' }],
      },
      {
        position: 2,
        title: null,
        html: '<p>Hollis said orchards do not <strong>keep</strong> things.</p><p>The orchard disagreed.</p>',
        notes: [{ position: 'end', html: '<p>One more to go.</p>' }],
      },
      { position: 3, title: 'Chapter 3: 収穫', html: '<p>收获 — the harvest came in all at once. 🍎</p>', notes: [] },
    ],
    archiveName: 'Quire',
    ...overrides,
  };
}

function importError(fn: () => unknown): ImportError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ImportError, `expected an ImportError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected an ImportError');
}

describe('parseEpub: Quire round trip', () => {
  const work = orchard();
  const parsed = parseEpub(buildEpub(work), 'orchard.epub');

  it('gives back the metadata', () => {
    assert.equal(parsed.title, work.title);
    assert.equal(parsed.provisionalTitle, work.title);
    assert.deepEqual(parsed.creators, work.creators);
    assert.equal(parsed.summary, work.summary);
    assert.equal(parsed.language, 'en');
    assert.deepEqual(parsed.source, { filename: 'orchard.epub', format: 'epub' });
    assert.deepEqual(parsed.series, [{ title: 'Four Seasons', position: 3 }]);
    assert.equal(parsed.publishedAt, '2023-09-01T12:00:00Z');
    assert.equal(parsed.complete, true);
  });

  it('gives back every tag with its type', () => {
    const byType = (tags: { type: string; name: string }[]) => tags.map((t) => `${t.type}:${t.name}`).sort();
    assert.deepEqual(byType(parsed.tags), byType(work.tags));
  });

  it('gives back the chapters, titles and text, and no preface or afterword', () => {
    assert.deepEqual(
      parsed.chapters.map((c) => c.title),
      ['Chapter 1: Windfall', null, 'Chapter 3: 収穫'],
    );
    assert.deepEqual(
      parsed.chapters.map((c) => c.html),
      work.chapters.map((c) => c.html),
    );
  });

  it('gives back work and chapter notes in place', () => {
    assert.deepEqual(parsed.notes, work.notes);
    assert.deepEqual(
      parsed.chapters.map((c) => c.notes),
      work.chapters.map((c) => c.notes),
    );
  });

  it('reads an untitled one-shot back with no chapter title', () => {
    const one = parseEpub(
      buildEpub(
        orchard({
          notes: [],
          series: [],
          chapters: [{ position: 1, title: null, html: '<p>Only this.</p>', notes: [] }],
        }),
      ),
      'one.epub',
    );
    assert.deepEqual(one.chapters, [{ title: null, html: '<p>Only this.</p>', notes: [] }]);
    assert.deepEqual(one.series, []);
  });

  it('reads a work with no tags, summary or creators', () => {
    const bare = parseEpub(
      buildEpub(orchard({ tags: [], summary: null, creators: [], series: [], notes: [], language: 'es' })),
      'bare.epub',
    );
    assert.equal(bare.chapters.length, 3);
    assert.deepEqual(bare.tags, []);
    assert.equal(bare.summary, null);
    assert.deepEqual(bare.creators, []);
    assert.equal(bare.language, 'es');
  });

  it('gives back strings holding markup, entities, quotes, emoji and CJK as they were', () => {
    const nasty = `<script>alert("x")</script> & 'q' "dq" &amp; 😀 灯台`;
    const w = orchard({
      title: `T ${nasty}`,
      creators: [`C ${nasty}`],
      summary: `S ${nasty}`,
      tags: [
        { type: 'fandom', name: `F ${nasty}` },
        { type: 'freeform', name: `A ${nasty}` },
      ],
      series: [{ title: `Series ${nasty}`, position: 1 }],
      chapters: [{ position: 1, title: `Ch ${nasty}`, html: '<p>&lt;script&gt; stays text &amp; 灯台</p>', notes: [] }],
    });
    const p = parseEpub(buildEpub(w), 'nasty.epub');
    assert.equal(p.title, w.title);
    assert.deepEqual(p.creators, w.creators);
    assert.equal(p.summary, w.summary);
    assert.deepEqual(p.tags, w.tags);
    assert.deepEqual(p.series, [{ title: `Series ${nasty}`, position: 1 }]);
    assert.equal(p.chapters[0]!.title, `Ch ${nasty}`);
    assert.equal(p.chapters[0]!.html, '<p>&lt;script&gt; stays text &amp; 灯台</p>');
  });

  it('reads a work exported with a site-relative URL', () => {
    const again = parseEpub(buildEpub(orchard({ url: '/works/3' })), 'rel.epub');
    assert.deepEqual(
      again.chapters.map((c) => c.html),
      work.chapters.map((c) => c.html),
    );
  });
});

describe('parseEpub: AO3 download', () => {
  const parsed = parseEpub(ao3Epub(), 'The_Salt_Road.epub');

  it('reads title, creator, summary, language, series and stats', () => {
    assert.equal(parsed.title, 'The Salt Road');
    assert.deepEqual(parsed.creators, ['dunewalker']);
    assert.equal(parsed.summary, 'Two traders, one camel, and a road that keeps moving.\n\nNobody is lost. Yet.');
    assert.equal(parsed.language, 'en');
    assert.deepEqual(parsed.series, [{ title: 'Caravan Tales', position: 2 }]);
    assert.equal(parsed.publishedAt, '2021-05-01');
    assert.equal(parsed.updatedAt, '2021-06-12');
    assert.equal(parsed.complete, true);
  });

  it("maps the preface's tag groups onto Quire's tag types", () => {
    assert.deepEqual(parsed.tags, [
      { type: 'rating', name: 'Teen And Up Audiences' },
      { type: 'warning', name: 'Graphic Depictions Of Violence' },
      { type: 'category', name: 'F/M' },
      { type: 'category', name: 'Gen' },
      { type: 'fandom', name: 'Salt Roads (Web Series)' },
      { type: 'fandom', name: 'Caravans - Fandom, Other' },
      { type: 'relationship', name: 'Ilse/Tomas' },
      { type: 'character', name: 'Ilse' },
      { type: 'character', name: 'Tomas' },
      { type: 'character', name: 'The Camel' },
      { type: 'freeform', name: 'Road Trip' },
      { type: 'freeform', name: 'Desert' },
    ]);
  });

  it('reads chapters without the preface or afterword, joining a chapter calibre split in two', () => {
    assert.deepEqual(
      parsed.chapters.map((c) => c.title),
      ['Chapter 1: Noon', 'Chapter 2: Dusk'],
    );
    assert.match(parsed.chapters[0]!.html, /^<p>The road had moved again/);
    assert.doesNotMatch(parsed.chapters[0]!.html, /Chapter Notes|See the end/);
    assert.equal(
      text(parsed.chapters[1]!.html),
      'By dusk the road had doubled back twice. Tomas stopped pretending to read the map. They camped where the road could not reach them, on a flat of white salt, and the camel slept standing.',
    );
    assert.ok(parsed.chapters.every((c) => !/Archive|Summary|drop by/.test(c.html)));
  });

  it('reads work notes and chapter notes', () => {
    assert.deepEqual(parsed.notes, [
      { position: 'beginning', html: '<p>For my sister, who hates sand.</p>' },
      { position: 'end', html: '<p>Thank you for walking the road with us.</p>' },
    ]);
    assert.deepEqual(parsed.chapters[0]!.notes, [
      { position: 'beginning', html: '<p>Short one to start.</p>' },
      { position: 'end', html: '<p>The camel has a name. You will learn it.</p>' },
    ]);
    assert.deepEqual(parsed.chapters[1]!.notes, []);
  });

  it('reads a one-shot with no chapter heading, and a language given by name', () => {
    const one = parseEpub(ao3OneShotEpub(), 'La cometa.epub');
    assert.equal(one.chapters.length, 1);
    assert.equal(one.chapters[0]!.title, null);
    assert.equal(
      text(one.chapters[0]!.html),
      'La cometa subió tan alto que la niña soltó el hilo para ver adónde iba. Nunca volvió, y a ella no le importó.',
    );
    assert.equal(one.language, 'es');
    assert.deepEqual(one.tags, [
      { type: 'rating', name: 'General Audiences' },
      { type: 'fandom', name: 'Original Work' },
    ]);
  });
});

describe('parseEpub: FanFicFare download', () => {
  const parsed = parseEpub(fanFicFareEpub(), 'Lanterns.epub');

  it('reads the title page into typed tags, FFN pairings included', () => {
    assert.deepEqual(parsed.tags, [
      { type: 'fandom', name: 'Moonfall Saga' },
      { type: 'freeform', name: 'Friendship' },
      { type: 'freeform', name: 'Hurt/Comfort' },
      { type: 'character', name: 'Mira K.' },
      { type: 'character', name: 'Dov' },
      { type: 'relationship', name: 'Mira K./Dov' },
      { type: 'character', name: 'Old Sela' },
      { type: 'rating', name: 'General Audiences' },
    ]);
  });

  it('reads metadata, status, dates and calibre series', () => {
    assert.equal(parsed.title, 'Lanterns on the Water');
    assert.deepEqual(parsed.creators, ['river_reed']);
    assert.equal(
      parsed.summary,
      "Every summer the village floats lanterns for the drowned. This year Mira floats one for someone who isn't.",
    );
    assert.equal(parsed.language, 'en');
    assert.equal(parsed.complete, true);
    assert.equal(parsed.publishedAt, '2015-07-04');
    assert.equal(parsed.updatedAt, '2015-08-01');
    assert.deepEqual(parsed.series, [{ title: 'Moonfall Shorts', position: 3 }]);
  });

  it('reads each fileNNNN page as a chapter titled by its h3, skipping title and log pages', () => {
    assert.deepEqual(
      parsed.chapters.map((c) => c.title),
      ['Chapter 1: The Paper', 'Chapter 2: The Candle', 'Chapter 3: The Water'],
    );
    assert.equal(
      text(parsed.chapters[0]!.html),
      'Mira folded the paper eleven times before it looked like a boat. Dov said it looked like a hat. She threw it at him.',
    );
    assert.ok(parsed.chapters.every((c) => !/Update Log|Packaged/.test(c.html)));
  });

  it("maps fanfiction.net's ratings onto AO3's", () => {
    const rating = (r: string) => parseEpub(fanFicFareEpub(r), 'x.epub').tags.find((t) => t.type === 'rating')?.name;
    assert.equal(rating('K'), 'General Audiences');
    assert.equal(rating('K+'), 'General Audiences');
    assert.equal(rating('T'), 'Teen And Up Audiences');
    assert.equal(rating('Fiction M'), 'Mature');
    assert.equal(rating('Explicit'), 'Explicit');
  });
});

describe('parseEpub: any other EPUB', () => {
  const parsed = parseEpub(genericEpub(), 'small-hours.epub');

  it('reads one chapter per content document in spine order, skipping the cover and nav', () => {
    assert.deepEqual(
      parsed.chapters.map((c) => c.title),
      ['The Kettle', 'Two: The Stair', 'Three: The Window'],
    );
    assert.equal(
      parsed.chapters[0]!.html,
      '<p>At three the kettle clicked on by itself.</p><p>I made two cups, to be polite.</p>',
    );
  });

  it('sanitises every body', () => {
    assert.equal(
      parsed.chapters[1]!.html,
      '<p>Somebody counts the stairs at night. <em>Thirteen</em>, they say, though there are twelve.</p><p>I have started counting with them.</p>',
    );
  });

  it('reads authors (not illustrators), subjects as additional tags, an HTML description as text, and the collection', () => {
    assert.equal(parsed.title, 'Small Hours');
    assert.deepEqual(parsed.creators, ['P. Marsh']);
    assert.equal(parsed.language, 'en');
    assert.deepEqual(parsed.tags, [
      { type: 'freeform', name: 'Ghost stories' },
      { type: 'freeform', name: 'Night' },
    ]);
    assert.equal(parsed.summary, 'Three short pieces\n\nwritten after midnight.');
    assert.deepEqual(parsed.series, [{ title: 'Night Pieces', position: 1 }]);
    assert.equal(parsed.updatedAt, '2023-03-03T03:03:03Z');
  });

  it('makes a provisional title from the text when the file has none', () => {
    const untitled = zipFiles({
      'META-INF/container.xml': container('content.opf'),
      'content.opf': opf('<dc:language>en</dc:language>', [{ id: 'a', href: 'a.xhtml' }]),
      'a.xhtml': xhtml('<p>The bees left on a Sunday. Nobody followed them.</p>'),
    });
    const p = parseEpub(untitled, 'bees.epub');
    assert.equal(p.title, null);
    assert.equal(p.provisionalTitle, 'The bees left on a Sunday');
  });
});

describe('parseEpub: files it cannot read', () => {
  const minimal = (extra: Record<string, string> = {}) =>
    zipFiles({
      'META-INF/container.xml': container('content.opf'),
      'content.opf': opf('<dc:title>T</dc:title>', [{ id: 'a', href: 'a.xhtml' }]),
      'a.xhtml': xhtml('<p>Some text.</p>'),
      ...extra,
    });

  it('refuses a file that is not a zip', () => {
    const e = importError(() => parseEpub(Buffer.from('<html>not a book</html>'), 'fake.epub'));
    assert.equal(e.file, 'fake.epub');
    assert.equal(e.reason, 'not an EPUB: the file is not a zip archive');
    assert.equal(importError(() => parseEpub(new Uint8Array(), 'empty.epub')).reason, 'file is empty');
  });

  it('refuses a damaged zip without passing on the library message', () => {
    const bytes = minimal();
    const e = importError(() => parseEpub(bytes.subarray(0, bytes.length - 30), 'cut.epub'));
    assert.match(e.reason, /^not an EPUB: the zip archive is damaged/);
  });

  it('refuses a zip with no container or no package document', () => {
    const noContainer = zipFiles({ 'content.opf': opf('', []), 'a.xhtml': xhtml('<p>x</p>') });
    assert.equal(
      importError(() => parseEpub(noContainer, 'a.epub')).reason,
      'not a valid EPUB: META-INF/container.xml is missing',
    );
    const noOpf = zipFiles({ 'META-INF/container.xml': container('OPS/book.opf') });
    assert.equal(
      importError(() => parseEpub(noOpf, 'b.epub')).reason,
      'not a valid EPUB: the package document OPS/book.opf is missing',
    );
    const notOpf = zipFiles({ 'META-INF/container.xml': container('book.opf'), 'book.opf': '<html>hello</html>' });
    assert.equal(
      importError(() => parseEpub(notOpf, 'c.epub')).reason,
      'not a valid EPUB: book.opf is not a package document',
    );
  });

  it('refuses an EPUB with no text', () => {
    const images = zipFiles({
      'META-INF/container.xml': container('content.opf'),
      'content.opf': opf('<dc:title>Pictures</dc:title>', [{ id: 'a', href: 'a.xhtml' }]),
      'a.xhtml': xhtml('<div><img src="p.png" alt=""/></div>'),
    });
    assert.equal(
      importError(() => parseEpub(images, 'pics.epub')).reason,
      'no readable chapters: the EPUB has no text content',
    );
  });

  it('refuses DRM, but not font obfuscation', () => {
    const encryption = (algorithm: string) => `<?xml version="1.0"?>
<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
  <enc:EncryptedData><enc:EncryptionMethod Algorithm="${algorithm}"/>
    <enc:CipherData><enc:CipherReference URI="a.xhtml"/></enc:CipherData></enc:EncryptedData>
</encryption>`;
    const drm = minimal({ 'META-INF/encryption.xml': encryption('http://www.w3.org/2001/04/xmlenc#aes128-cbc') });
    assert.match(importError(() => parseEpub(drm, 'locked.epub')).reason, /protected by DRM/);
    const fonts = minimal({ 'META-INF/encryption.xml': encryption('http://www.idpf.org/2008/embedding') });
    assert.equal(parseEpub(fonts, 'fonts.epub').chapters.length, 1);
  });

  it('refuses a zip bomb before inflating it', () => {
    const zeros = new Uint8Array(MAX_EPUB_UNCOMPRESSED_BYTES + 1024);
    const bomb = zipSync(
      { 'META-INF/container.xml': new TextEncoder().encode(container('content.opf')), 'a.xhtml': zeros },
      { level: 1 },
    );
    assert.ok(bomb.length < 1024 * 1024);
    assert.match(
      importError(() => parseEpub(bomb, 'bomb.epub')).reason,
      /^the EPUB unpacks to 30 MB; the limit is 30 MB$/,
    );
  });
});
