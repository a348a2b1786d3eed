import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { zipSync, strToU8 } from 'fflate';
import { parseDocx } from './docx.ts';
import { ImportError } from './import-error.ts';
import { makeDocx, makeDocxWithoutDocument } from './fixtures/docx-writer.ts';
import { htmlToText } from '../analysis/word-count.ts';

async function reason(bytes: Buffer): Promise<string> {
  try {
    await parseDocx(bytes, 'story.docx');
  } catch (e) {
    assert.ok(e instanceof ImportError, `expected ImportError, got ${String(e)}`);
    assert.equal(e.file, 'story.docx');
    return e.reason;
  }
  assert.fail('no error thrown');
}

describe('parseDocx', () => {
  test('Title style, Heading 1 chapters, bold and italic kept', async () => {
    const w = await parseDocx(
      makeDocx([
        { style: 'Title', runs: ['Salt and Iron'] },
        { style: 'Heading1', runs: ['Chapter 1'] },
        {
          runs: [
            'The sea took the ',
            { text: 'whole', italic: true },
            ' village in a ',
            { text: 'single', bold: true },
            ' night.',
          ],
        },
        { style: 'Heading1', runs: ['Chapter 2'] },
        { runs: ['It gave nothing back.'] },
      ]),
      'story.docx',
    );
    assert.equal(w.title, 'Salt and Iron');
    assert.deepEqual(w.source, { filename: 'story.docx', format: 'docx' });
    assert.deepEqual(
      w.chapters.map((c) => [c.title, c.html]),
      [
        ['Chapter 1', '<p>The sea took the <em>whole</em> village in a <strong>single</strong> night.</p>'],
        ['Chapter 2', '<p>It gave nothing back.</p>'],
      ],
    );
  });

  test('one Heading 1 over Heading 2 chapters: title and chapters', async () => {
    const w = await parseDocx(
      makeDocx([
        { style: 'Heading1', runs: ['Salt and Iron'] },
        { style: 'Heading2', runs: ['The Crossing'] },
        { runs: ['Rain.'] },
        { style: 'Heading2', runs: ['The Island'] },
        { runs: ['Sun.'] },
      ]),
      'story.docx',
    );
    assert.equal(w.title, 'Salt and Iron');
    assert.deepEqual(
      w.chapters.map((c) => c.title),
      ['The Crossing', 'The Island'],
    );
  });

  test('empty paragraphs set a note apart; line breaks kept', async () => {
    const w = await parseDocx(
      makeDocx([
        { runs: ['Inspired by a prompt on tumblr. Spoilers for the finale!'] },
        { runs: [] },
        { runs: [] },
        { runs: ['Roses are red\nViolets are blue'] },
        { runs: ['The end came quickly.'] },
      ]),
      'story.docx',
    );
    assert.deepEqual(w.notes, [
      { position: 'beginning', html: '<p>Inspired by a prompt on tumblr. Spoilers for the finale!</p>' },
    ]);
    assert.equal(w.chapters[0]!.html, '<p>Roses are red<br />Violets are blue</p>\n<p>The end came quickly.</p>');
    assert.equal(htmlToText(w.chapters[0]!.html), 'Roses are red\nViolets are blue\n\nThe end came quickly.');
  });

  test('bad input: one clear reason each', async () => {
    assert.equal(await reason(Buffer.alloc(0)), 'file is empty');
    assert.equal(await reason(Buffer.from('just some text, renamed')), 'not a valid .docx (zip archive unreadable)');
    assert.equal(
      await reason(Buffer.from('PK\x03\x04 then garbage', 'latin1')),
      'not a valid .docx (zip archive unreadable)',
    );
    assert.equal(await reason(makeDocxWithoutDocument()), 'not a valid .docx (no word/document.xml in the archive)');
    assert.equal(
      await reason(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])),
      'an old Word .doc file, not .docx (save it as .docx)',
    );
    assert.equal(await reason(makeDocx([{ runs: [] }, { runs: ['   '] }])), 'no text in file');
    const brokenXml = Buffer.from(
      zipSync(
        { 'word/document.xml': strToU8('<w:document><w:body><w:p>'), '_rels/.rels': strToU8('<Relationships/>') },
        { level: 0 },
      ),
    );
    assert.match(await reason(brokenXml), /^not a valid \.docx \(/);
  });
});

// Found by npm run fuzz: a 63 KB .docx that unpacks to 60 MB of whitespace took seconds in mammoth.
test('a .docx that unpacks past the limit is refused before it is inflated', async () => {
  const bomb = Buffer.from(
    zipSync({
      'word/document.xml': new Uint8Array(40 * 1024 * 1024).fill(0x20),
      '[Content_Types].xml': new Uint8Array(10),
    }),
  );
  assert.ok(bomb.length < 200_000);
  await assert.rejects(
    parseDocx(bomb, 'bomb.docx'),
    (e: unknown) => e instanceof ImportError && /unpacks to 40 MB; the limit is 30 MB/.test(e.reason),
  );
});
