import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { htmlBlocks, parseHtml } from './html.ts';
import { ImportError } from './import-error.ts';
import { htmlToText } from '../analysis/word-count.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const html = (s: string) => parseHtml(Buffer.from(s), 'story.html');

function reason(bytes: Buffer): string {
  try {
    parseHtml(bytes, 'story.html');
  } catch (e) {
    assert.ok(e instanceof ImportError);
    return e.reason;
  }
  assert.fail('no error thrown');
}

describe('parseHtml', () => {
  test('an AO3 download: tags from the preface, summary, notes, chapters and their notes', () => {
    const w = parseHtml(readFileSync(join(FIXTURES, 'ao3-download.html')), 'ao3-download.html');
    assert.equal(w.title, 'The Harbour Light');
    assert.deepEqual(w.creators, ['gullwing']);
    assert.equal(w.language, 'en');
    assert.equal(w.summary, 'A lighthouse, a storm, and a keeper who will not leave.');
    assert.deepEqual(w.tags, [
      { type: 'rating', name: 'General Audiences' },
      { type: 'warning', name: 'No Archive Warnings Apply' },
      { type: 'fandom', name: 'Original Work' },
      { type: 'fandom', name: 'Lighthouses - Fandom, Other' },
      { type: 'character', name: 'Nell' },
    ]);
    assert.deepEqual(w.notes, [{ position: 'beginning', html: '<p>Written for the autumn prompt swap.</p>' }]);
    assert.deepEqual(
      w.chapters.map((c) => ({ title: c.title, text: htmlToText(c.html), notes: c.notes })),
      [
        {
          title: 'Chapter 1: Fog',
          text: 'Nell had kept the harbour light for eleven winters.\n\nThe fog came in on a Tuesday.',
          notes: [{ position: 'end', html: '<p>Next chapter is the storm itself.</p>' }],
        },
        {
          title: 'Chapter 2: The Storm',
          text: 'The wind arrived before the rain did.\n\nAt two in the morning she saw the boat.',
          notes: [
            { position: 'beginning', html: '<p>Hold on tight.</p>' },
            { position: 'end', html: '<p>Thanks for reading!</p>' },
          ],
        },
      ],
    );
    assert.ok(!w.chapters.some((c) => /Archive/.test(c.html)));
  });

  test('a page saved by Word: legacy charset, Mso classes, empty paragraphs as spacing', () => {
    const page =
      '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv=Content-Type content="text/html; charset=windows-1252"><title>Document1</title></head>' +
      '<body lang=EN-GB><div class=WordSection1>' +
      '<p class=MsoNormal><i>She was never going back. Not for anyone.</i><o:p></o:p></p>' +
      '<p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>' +
      '<p class=MsoNormal>The caf\xe9 was closed, so Odile sat on the step and waited \x96 for what, she could not say.<o:p></o:p></p>' +
      '<p class=MsoNormal>\x93Closed,\x94 said a man walking past. She knew.<o:p></o:p></p>' +
      '</div></body></html>';
    const w = parseHtml(Buffer.from(page, 'latin1'), 'story.htm');
    assert.equal(w.title, null);
    assert.equal(w.summary, 'She was never going back. Not for anyone.');
    assert.equal(
      htmlToText(w.chapters[0]!.html),
      'The café was closed, so Odile sat on the step and waited – for what, she could not say.\n\n“Closed,” said a man walking past. She knew.',
    );
    assert.ok(!w.chapters[0]!.html.includes('class='));
  });

  test('paragraphs written as <br><br> inside one element', () => {
    const blocks = htmlBlocks(
      '<div id="storytext">First para.<br><br>Second para<br>with a line break.<br/><br/><br/>Third, set apart.</div>',
    );
    assert.deepEqual(
      blocks.map((b) => [b.text, b.gapBefore]),
      [
        ['First para.', 0],
        ['Second para\nwith a line break.', 0],
        ['Third, set apart.', 1],
      ],
    );
  });

  test('<title> is the title when no <h1> heads the text', () => {
    const w = html('<title>Salt and Iron</title><p>The sea took the village in a single night.</p>');
    assert.equal(w.title, 'Salt and Iron');
    assert.equal(w.provisionalTitle, 'Salt and Iron');
    const untitled = html('<title>Untitled document</title><p>The sea took the village in a single night.</p>');
    assert.equal(untitled.title, null);
    assert.equal(untitled.provisionalTitle, 'The sea took the village in a single…');
  });

  test('several <h1> are chapters, not a title; lower headings stay in the text', () => {
    const w = html('<h1>The Crossing</h1><p>Rain.</p><h4>A letter</h4><p>Dear O.</p><h1>The Island</h1><p>Sun.</p>');
    assert.equal(w.title, null);
    assert.deepEqual(
      w.chapters.map((c) => [c.title, c.html]),
      [
        ['The Crossing', '<p>Rain.</p>\n<h4>A letter</h4>\n<p>Dear O.</p>'],
        ['The Island', '<p>Sun.</p>'],
      ],
    );
  });

  test('<h3> chapter headings, and a bold "Chapter 2" paragraph', () => {
    const w = html('<h3>Chapter 1</h3><p>Rain.</p><p><b>Chapter 2</b></p><p>Sun.</p>');
    assert.deepEqual(
      w.chapters.map((c) => c.title),
      ['Chapter 1', 'Chapter 2'],
    );
  });

  test('scripts, handlers and javascript: links do not survive', () => {
    const w = html(
      '<p onclick="steal()">Safe <a href="javascript:alert(1)">link</a><img src=x onerror=alert(1)><script>alert(1)</script></p><iframe src="https://evil.example"></iframe><p>More.</p>',
    );
    const out = w.chapters[0]!.html;
    assert.ok(!/script|onclick|onerror|javascript|iframe/i.test(out), out);
    assert.ok(out.includes('More.'));
  });

  test('bad input', () => {
    assert.equal(
      reason(Buffer.from('<html><body><script>alert(1)</script><p>  </p></body></html>')),
      'no text in file',
    );
    assert.equal(
      reason(Buffer.from([0x3c, 0x70, 0x3e, 0x63, 0x61, 0x66, 0xe9, 0x3c, 0x2f, 0x70, 0x3e])),
      'invalid UTF-8 at byte 6',
    );
    assert.equal(
      reason(Buffer.from('<meta charset="x-nonsense"><p>caf\xe9</p>', 'latin1')),
      "unsupported character set 'x-nonsense' (save the file as UTF-8)",
    );
    assert.equal(
      reason(Buffer.from('<div>'.repeat(100_000) + 'deep')),
      'elements are nested more than 256 deep (at line 1); the limit is 256',
    );
  });
});
