// Issue 18, finding 6: a UTF-32 file was read as UTF-16 (its BOM starts with UTF-16's), and
// stored as a work of NULs: no title, a chapter of "<p>", a word count unlike the text's.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseBytes } from './parse-file.ts';
import { ImportError } from './import-error.ts';
import { decodeText } from './decode.ts';
import type { ParsedWork } from './parsed-work.ts';
import { countWords, htmlToText } from '../analysis/word-count.ts';

// Accents, curly quotes, a dash and an emoji (two UTF-16 units, one UTF-32 unit).
const STORY =
  'Title: Seven Ships\nAuthor: keeper_of_lights\n\nChapter 1\n\nThe lighthouse keeper counted ships — café au lait, s’il vous plaît. 🐈\n\n"Seven," she said.\n\nChapter 2\n\nFog came in, and nobody waved.\n';

function utf16(text: string, littleEndian: boolean, bom: boolean): Buffer {
  const bytes = Buffer.from((bom ? '\uFEFF' : '') + text, 'utf16le');
  return littleEndian ? bytes : bytes.swap16();
}

function utf32(text: string, littleEndian: boolean, bom: boolean): Buffer {
  const points = [...((bom ? '\uFEFF' : '') + text)].map((c) => c.codePointAt(0)!);
  const bytes = Buffer.alloc(points.length * 4);
  for (const [k, cp] of points.entries()) {
    if (littleEndian) bytes.writeUInt32LE(cp, k * 4);
    else bytes.writeUInt32BE(cp, k * 4);
  }
  return bytes;
}

/** The stored work's word count: chapters and notes (works.service's workWordCount). */
function words(w: ParsedWork): number {
  const bodies = [...w.chapters, ...w.notes, ...w.chapters.flatMap((c) => c.notes)];
  return bodies.reduce((n, b) => n + countWords(htmlToText(b.html)), 0);
}

async function reason(bytes: Buffer, name = 'story.txt'): Promise<string> {
  try {
    await parseBytes(bytes, name);
  } catch (e) {
    assert.ok(e instanceof ImportError, `expected ImportError, got ${String(e)}`);
    assert.equal(e.file, name);
    return e.reason;
  }
  assert.fail('no error thrown');
}

const ENCODINGS: [string, Buffer][] = [
  ['UTF-8 with BOM', Buffer.from('\uFEFF' + STORY)],
  ['UTF-16LE with BOM', utf16(STORY, true, true)],
  ['UTF-16BE with BOM', utf16(STORY, false, true)],
  ['UTF-16LE without BOM', utf16(STORY, true, false)],
  ['UTF-16BE without BOM', utf16(STORY, false, false)],
  ['UTF-32LE with BOM', utf32(STORY, true, true)],
  ['UTF-32BE with BOM', utf32(STORY, false, true)],
  ['UTF-32LE without BOM', utf32(STORY, true, false)],
  ['UTF-32BE without BOM', utf32(STORY, false, false)],
];

describe('decoding UTF-8, UTF-16 and UTF-32', () => {
  test('every encoding of a story gives the work its UTF-8 file gives, word count included', async () => {
    const expected = await parseBytes(Buffer.from(STORY), 'story.txt');
    assert.equal(expected.title, 'Seven Ships');
    assert.equal(expected.chapters.length, 2);
    assert.ok(expected.chapters[0]!.html.includes('s’il vous plaît. 🐈'));
    assert.equal(
      words(expected),
      countWords(
        'The lighthouse keeper counted ships — café au lait, s’il vous plaît. 🐈 "Seven," she said. Fog came in, and nobody waved.',
      ),
    );
    for (const [encoding, bytes] of ENCODINGS) {
      const w = await parseBytes(bytes, 'story.txt');
      assert.equal(w.title, expected.title, encoding);
      assert.deepEqual(
        w.chapters.map((c) => [c.title, c.html]),
        expected.chapters.map((c) => [c.title, c.html]),
        encoding,
      );
      assert.equal(words(w), words(expected), encoding);
      assert.deepEqual(w, expected, encoding);
    }
  });

  test('Markdown and HTML files in UTF-32 too', async () => {
    const files: [string, string][] = [
      ['story.md', '# Seven Ships\n\nThe keeper counted *ships*, café. 🐈'],
      [
        'story.html',
        '<html><head><title>Seven Ships</title></head><body><p>The keeper counted <i>ships</i>, café. 🐈</p></body></html>',
      ],
    ];
    for (const [name, text] of files) {
      const expected = await parseBytes(Buffer.from(text), name);
      assert.equal(expected.title, 'Seven Ships', name);
      for (const bytes of [utf32(text, true, true), utf32(text, false, true), utf32(text, true, false)]) {
        assert.deepEqual(await parseBytes(bytes, name), expected, name);
      }
    }
  });

  test('non-Latin text in UTF-32 without a BOM', () => {
    const text = 'Маяк стоял на скале.\n\n灯台守は船を数えた。';
    assert.equal(decodeText(utf32(text, true, false), 'story.txt'), text);
    assert.equal(decodeText(utf32(text, false, false), 'story.txt'), text);
  });

  test('invalid UTF-32: a reason naming the encoding and the byte', async () => {
    const outOfRange = utf32('Seven ships tonight.', true, true);
    outOfRange.writeUInt32LE(0x110000, 8);
    assert.equal(await reason(outOfRange), 'invalid UTF-32LE at byte 8');
    const surrogate = utf32('Seven ships tonight.', false, true);
    surrogate.writeUInt32BE(0xd800, 12);
    assert.equal(await reason(surrogate), 'invalid UTF-32BE at byte 12');
    const cut = utf32('Seven ships tonight.', true, false).subarray(0, 4 * 20 - 1);
    assert.equal(
      await reason(cut),
      'looks like UTF-32LE without a byte-order mark, but is not valid UTF-32LE at byte 76; save the file as UTF-8',
    );
  });

  test('UTF-32 without a BOM in no clear byte order is refused, not guessed', async () => {
    // U+0100 is 00 01 00 00 little-endian: a code point in range read either way round.
    assert.equal(
      await reason(utf32('\u0100'.repeat(8), true, false)),
      'looks like UTF-32 without a byte-order mark, in no clear byte order; save the file as UTF-8',
    );
  });

  test('text that decodes into NULs or replacement characters is refused', async () => {
    // UTF-16LE by its BOM, but with a NUL after every letter, as UTF-32 read as UTF-16 was.
    const nuls = utf16('S\0e\0v\0e\0n\0 \0s\0h\0i\0p\0s\0', true, true);
    assert.equal(
      await reason(nuls),
      'text decoded as UTF-16LE is garbled (NUL, control or replacement characters); save the file as UTF-8',
    );
    assert.equal(
      await reason(Buffer.from('Seven \uFFFD\uFFFD\uFFFD\uFFFD \uFFFD\uFFFD\uFFFD\uFFFD')),
      'text decoded as UTF-8 is garbled (NUL, control or replacement characters); save the file as UTF-8',
    );
  });

  test('a stray NUL character in good UTF-16 text is dropped, not stored (PostgreSQL refuses it)', () => {
    // UTF-8 with a NUL byte is refused as binary; in UTF-16 a U+0000 is two zero bytes among many.
    const bytes = utf16('The lamp at Gull Rock\0 had been dark for nine nights.\n\nShe lit it.', true, true);
    const text = decodeText(bytes, 'x.txt');
    assert.equal(text, 'The lamp at Gull Rock had been dark for nine nights.\n\nShe lit it.');
  });

  test('letters in the file but no words in the work: refused, not stored empty', async () => {
    const reasonText =
      'the file has letters but its text has no words (only a title or tags, or an encoding misread: save it as UTF-8)';
    assert.equal(await reason(Buffer.from('Title: Seven Ships\n\n— … —')), reasonText);
    assert.equal(await reason(Buffer.from('<title>Seven Ships</title><p>— … —</p>'), 'story.html'), reasonText);
    // No letters at all: a work of emoji or punctuation stands, with no words.
    const emoji = await parseBytes(Buffer.from('🌊 🌊\n\n🐚'), 'story.txt');
    assert.equal(words(emoji), 0);
    assert.equal(emoji.chapters[0]!.html, '<p>🌊 🌊</p>\n<p>🐚</p>');
  });
});
