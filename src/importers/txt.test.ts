import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseTxt } from './txt.ts';
import { ImportError } from './import-error.ts';
import { firstInvalidUtf8 } from './decode.ts';
import { provisionalTitle } from './assemble.ts';

const STORY =
  'The lighthouse keeper counted ships the way other people counted sheep, and slept badly anyway.\n\n"Seven," she said to the cat. "Seven tonight."';

function reason(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ImportError, `expected ImportError, got ${String(e)}`);
    assert.equal(e.file, 'story.txt');
    assert.equal(e.message, `story.txt: ${e.reason}`);
    return e.reason;
  }
  assert.fail('no error thrown');
}

describe('parseTxt', () => {
  test('paragraphs become <p>, quotes and ampersands escaped', () => {
    const w = parseTxt(Buffer.from('Fish & chips <3\n\n"Yes," he said. It\'s late.'), 'story.txt');
    assert.equal(w.chapters.length, 1);
    assert.equal(w.chapters[0]!.html, '<p>Fish &amp; chips &lt;3</p>\n<p>"Yes," he said. It\'s late.</p>');
    assert.deepEqual(w.source, { filename: 'story.txt', format: 'txt' });
  });

  test('markup in a text file is text, not markup', () => {
    const w = parseTxt(Buffer.from('<script>alert(1)</script>\n\n<b onclick="x">bold</b>'), 'story.txt');
    assert.ok(!w.chapters[0]!.html.includes('<script'));
    assert.ok(w.chapters[0]!.html.includes('&lt;script&gt;'));
    assert.ok(!/<b\b/.test(w.chapters[0]!.html));
  });

  test('single newlines become <br>, scene breaks <hr>', () => {
    const w = parseTxt(
      Buffer.from('Roses are red\nViolets are blue\n\n***\n\nThe end came quickly after that.'),
      'story.txt',
    );
    assert.equal(
      w.chapters[0]!.html,
      '<p>Roses are red<br />\nViolets are blue</p>\n<hr />\n<p>The end came quickly after that.</p>',
    );
  });

  test('CRLF and CR newlines, a UTF-8 BOM', () => {
    const crlf = parseTxt(Buffer.from('\uFEFFFirst para.\r\n\r\nSecond para.\r\n'), 'story.txt');
    const cr = parseTxt(Buffer.from('First para.\r\rSecond para.\r'), 'story.txt');
    assert.equal(crlf.chapters[0]!.html, '<p>First para.</p>\n<p>Second para.</p>');
    assert.equal(cr.chapters[0]!.html, crlf.chapters[0]!.html);
  });

  test('UTF-16 with a BOM, little- and big-endian', () => {
    const text = 'Café au lait, s’il vous plaît.\n\nOui.';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    be[0] = 0xfe;
    be[1] = 0xff;
    for (const bytes of [le, be]) {
      const w = parseTxt(bytes, 'story.txt');
      assert.equal(w.chapters[0]!.html, '<p>Café au lait, s’il vous plaît.</p>\n<p>Oui.</p>');
    }
  });

  test('notes, summary and chapters come through as HTML with labels stripped', () => {
    const text = `A pair of ferry tales.\n\n\nA/N: For R., who wanted **boats**.\n\nChapter 1\n\n${STORY}\n\nChapter 2: Fog\n\nFog came in.\n\nThanks for reading!`;
    const w = parseTxt(Buffer.from(text), 'story.txt');
    assert.equal(w.summary, 'A pair of ferry tales.');
    assert.deepEqual(w.notes, [{ position: 'beginning', html: '<p>For R., who wanted **boats**.</p>' }]);
    assert.deepEqual(
      w.chapters.map((c) => [c.title, c.notes]),
      [
        ['Chapter 1', []],
        ['Chapter 2: Fog', [{ position: 'end', html: '<p>Thanks for reading!</p>' }]],
      ],
    );
    assert.equal(w.title, null);
    assert.equal(w.provisionalTitle, 'The lighthouse keeper counted ships the way other…');
  });

  test('header fields become title, creators, tags and language', () => {
    const text = `Title: Seven Ships\nAuthor: keeper_of_lights\nFandom: Original Work\nRating: Teen And Up Audiences\nWarnings: No Archive Warnings Apply\nCategory: F/F\nRelationships: Ada/Lin\nCharacters: Ada, Lin, The Cat\nTags: Fluff, Lighthouses\nLanguage: English\n\n${STORY}`;
    const w = parseTxt(Buffer.from(text), 'story.txt');
    assert.equal(w.title, 'Seven Ships');
    assert.equal(w.provisionalTitle, 'Seven Ships');
    assert.deepEqual(w.creators, ['keeper_of_lights']);
    assert.equal(w.language, 'en');
    assert.deepEqual(w.tags, [
      { type: 'fandom', name: 'Original Work' },
      { type: 'rating', name: 'Teen And Up Audiences' },
      { type: 'warning', name: 'No Archive Warnings Apply' },
      { type: 'category', name: 'F/F' },
      { type: 'relationship', name: 'Ada/Lin' },
      { type: 'character', name: 'Ada' },
      { type: 'character', name: 'Lin' },
      { type: 'character', name: 'The Cat' },
      { type: 'freeform', name: 'Fluff' },
      { type: 'freeform', name: 'Lighthouses' },
    ]);
    assert.ok(w.chapters[0]!.html.startsWith('<p>The lighthouse keeper'));
  });

  test('bad input: one clear reason each', () => {
    assert.equal(
      reason(() => parseTxt(Buffer.alloc(0), 'story.txt')),
      'file is empty',
    );
    assert.equal(
      reason(() => parseTxt(Buffer.from(' \n\t\r\n  \n'), 'story.txt')),
      'no text in file',
    );
    assert.equal(
      reason(() => parseTxt(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'story.txt')),
      'not a text file (binary data)',
    );
    const junk = Buffer.alloc(400);
    for (let k = 0; k < junk.length; k++) junk[k] = (k * 7 + 1) % 31 || 1;
    assert.equal(
      reason(() => parseTxt(junk, 'story.txt')),
      'not a text file (binary data)',
    );
    assert.equal(
      reason(() => parseTxt(Buffer.from([0x48, 0x69, 0x20, 0xe9, 0x74, 0xe9]), 'story.txt')),
      'invalid UTF-8 at byte 3',
    );
    assert.equal(
      reason(() => parseTxt(Buffer.alloc(11 * 1024 * 1024, 0x61), 'story.txt')),
      'file is 11.0 MB; the limit is 10 MB',
    );
  });

  test('firstInvalidUtf8 finds truncated, overlong and surrogate sequences', () => {
    assert.equal(firstInvalidUtf8(Buffer.from('héllo')), 6);
    assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0xc3])), 1);
    assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0x80])), 1);
    assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0x62, 0xed, 0xa0, 0x80])), 2);
    assert.equal(firstInvalidUtf8(Buffer.from([0xf4, 0x90, 0x80, 0x80])), 0);
  });
});

describe('provisionalTitle', () => {
  test('a short first sentence is kept whole, without its full stop', () => {
    assert.equal(provisionalTitle('The bell rang. Then nothing.'), 'The bell rang');
    assert.equal(provisionalTitle('"You\'re up early, love?" he asked.'), '"You\'re up early, love?"');
  });
  test('a long first sentence is cut at eight words with an ellipsis', () => {
    assert.equal(
      provisionalTitle('Halfway across, the engine coughed twice and died in the water.'),
      'Halfway across, the engine coughed twice and died…',
    );
    assert.equal(
      provisionalTitle('"I just could not sleep with all of this right outside," she said.'),
      'I just could not sleep with all of…',
    );
  });
  test('the first line when there is no sentence end', () => {
    assert.equal(provisionalTitle('Snow on the pass\nand the mules refusing'), 'Snow on the pass');
  });
});

// Issue 13: an archivist's metadata as front matter in a plain-text file, as in Markdown.
test('front matter in a .txt file: title, creator, tags, series with its place, dates', async () => {
  const text = `---
title: The Harbour
creator: keeper7
fandom: Harbour Lights (TV)
rating: Teen And Up Audiences
tags: [Lighthouses, Storms]
series: Keepers, part 3
posted: 2012-03-04
updated: 2013-01-02
summary: A keeper and a storm.
---

The keeper climbed the stair. The sea was loud that night.`;
  const w = parseTxt(Buffer.from(text), 'harbour.txt');
  assert.equal(w.title, 'The Harbour');
  assert.deepEqual(w.creators, ['keeper7']);
  assert.deepEqual(w.tags.map((t) => `${t.type}:${t.name}`).sort(), [
    'fandom:Harbour Lights (TV)',
    'freeform:Lighthouses',
    'freeform:Storms',
    'rating:Teen And Up Audiences',
  ]);
  assert.deepEqual(w.series, [{ title: 'Keepers', position: 3 }]);
  assert.equal(w.publishedAt, '2012-03-04T00:00:00.000Z');
  assert.equal(w.updatedAt, '2013-01-02T00:00:00.000Z');
  assert.equal(w.summary, 'A keeper and a storm.');
  assert.equal(w.chapters[0]!.html, '<p>The keeper climbed the stair. The sea was loud that night.</p>');
});
