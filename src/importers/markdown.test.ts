import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseMarkdown, splitFrontMatter, markdownBlocks } from './markdown.ts';
import { ImportError } from './import-error.ts';
import { htmlToText } from '../analysis/word-count.ts';

const md = (s: string) => parseMarkdown(Buffer.from(s), 'story.md');

describe('parseMarkdown', () => {
  test('one # heading on top is the title; ## headings are chapters', () => {
    const w = md(
      '# Salt and Iron\n\n## Chapter 1\n\nThe sea took the village.\n\n## Chapter 2\n\nIt gave nothing back.',
    );
    assert.equal(w.title, 'Salt and Iron');
    assert.deepEqual(
      w.chapters.map((c) => [c.title, c.html]),
      [
        ['Chapter 1', '<p>The sea took the village.</p>'],
        ['Chapter 2', '<p>It gave nothing back.</p>'],
      ],
    );
  });

  test('several # headings are chapters, whatever their names', () => {
    const w = md('# The Crossing\n\nRain.\n\n# The Island\n\nSun.');
    assert.equal(w.title, null);
    assert.deepEqual(
      w.chapters.map((c) => c.title),
      ['The Crossing', 'The Island'],
    );
  });

  test('inline formatting and single newlines', () => {
    const w = md('She said *no* and **meant** it.\nTwice.\n\n> A letter\n> from home\n\n- one\n- two');
    assert.equal(
      w.chapters[0]!.html,
      '<p>She said <em>no</em> and <strong>meant</strong> it.<br />Twice.</p>\n<blockquote>\n<p>A letter<br />from home</p>\n</blockquote>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>',
    );
  });

  test('a fenced block with blank lines inside stays one block', () => {
    const blocks = markdownBlocks('Before.\n\n```\nline one\n\nline three\n```\n\nAfter.');
    assert.equal(blocks.length, 3);
    assert.match(blocks[1]!.html, /^<pre><code>line one\n\nline three\n<\/code><\/pre>$/);
  });

  test('blank lines are counted: a summary and notes set apart as in plain text', () => {
    const w = md(
      'She will not leave the light.\n\n\nSet after the series finale, canon divergent.\n\n***\n\nThe fog came in on a Tuesday.\n\nNell stayed.',
    );
    assert.equal(w.summary, 'She will not leave the light.');
    assert.deepEqual(w.notes, [
      { position: 'beginning', html: '<p>Set after the series finale, canon divergent.</p>' },
    ]);
    assert.equal(htmlToText(w.chapters[0]!.html), 'The fog came in on a Tuesday.\n\nNell stayed.');
  });

  test('a paragraph directly over "---" is a scene break, not a heading', () => {
    const w = md('She shut the door behind her and did not look back.\n---\n\nMorning came.');
    assert.equal(w.chapters[0]!.title, null);
    assert.equal(
      w.chapters[0]!.html,
      '<p>She shut the door behind her and did not look back.</p>\n<hr />\n<p>Morning came.</p>',
    );
  });

  test('absurd nesting is an ImportError, not a stack overflow', () => {
    assert.throws(
      () => md('>'.repeat(100_000) + ' deep'),
      (e) => e instanceof ImportError && /quotes or lists are nested more than 64 deep at line 1/.test(e.reason),
    );
  });

  // Found by npm run fuzz: three long runs of marks (not many runs) and deep lists took seconds.
  test('long runs of marks and deep lists are refused by their limits', () => {
    const n = 30_000;
    assert.throws(
      () => md(`${'*'.repeat(n)}a${'*'.repeat(n)} ${'_'.repeat(n)}b`),
      (e) => e instanceof ImportError && /more than 2,000 of the marks/.test(e.reason),
    );
    assert.throws(
      () => md(`${'|a'.repeat(75_000)}|`),
      (e) => e instanceof ImportError && /more than 1,000 table cells/.test(e.reason),
    );
    const lists = Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i)}- item`).join('\n');
    assert.throws(
      () => md(lists),
      (e) => e instanceof ImportError && /nested more than 64 deep/.test(e.reason),
    );
    assert.ok(
      md(`A scene.\n\n${'*'.repeat(5000)}\n\nAnother scene.`).chapters.length >= 1,
      'a long row of stars is a break',
    );
  });

  test('raw HTML is sanitised', () => {
    const w = md(
      'Hello <script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1))\n\n<iframe src="https://evil.example"></iframe>\n\nBye.',
    );
    const out = w.chapters[0]!.html;
    assert.ok(!/script|onerror|javascript|iframe/i.test(out), out);
  });
});

describe('front matter', () => {
  test('scalars, quoted strings, inline and block lists, folded and literal blocks', () => {
    const { front, body } = splitFrontMatter(
      [
        '---',
        'title: "Salt: A Story"',
        "author: 'O''Neill'",
        'rating: Mature',
        'archive_warnings: [Graphic Depictions Of Violence, "Major Character Death"]',
        'fandom: Original Work',
        'category: F/M',
        'relationships:',
        '  - Odile/Jean',
        '  - "Odile & Marthe"',
        'characters: Odile, Jean, Marthe',
        'additional_tags:',
        '  - Slow Burn',
        'summary: >',
        '  The sea took',
        '  the village.',
        'notes: |',
        '  Line one.',
        '  Line two.',
        'language: fr',
        'wordcount: 1234',
        'colour: blue',
        '---',
        '',
        'Body.',
      ].join('\n'),
    );
    assert.equal(body, '\nBody.');
    assert.deepEqual(front.tags, [
      { type: 'warning', name: 'Graphic Depictions Of Violence' },
      { type: 'warning', name: 'Major Character Death' },
      { type: 'relationship', name: 'Odile/Jean' },
      { type: 'relationship', name: 'Odile & Marthe' },
      { type: 'freeform', name: 'Slow Burn' },
    ]);
    assert.deepEqual(front.fields, [
      { key: 'title', value: 'Salt: A Story' },
      { key: 'creator', value: "O'Neill" },
      { key: 'rating', value: 'Mature' },
      { key: 'fandom', value: 'Original Work' },
      { key: 'category', value: 'F/M' },
      { key: 'character', value: 'Odile, Jean, Marthe' },
      { key: 'summary', value: 'The sea took the village.' },
      { key: 'notes', value: 'Line one.\nLine two.' },
      { key: 'language', value: 'fr' },
    ]);
  });

  test('front matter fills the work', () => {
    const w = md(
      '---\ntitle: Salt\nauthor: Odile\nsummary: The sea took the village.\nlanguage: French\nnotes: For M.\ncharacters: Odile, Jean\n---\n\n# Chapter 1\n\nRain.',
    );
    assert.equal(w.title, 'Salt');
    assert.equal(w.summary, 'The sea took the village.');
    assert.equal(w.language, 'fr');
    assert.deepEqual(w.creators, ['Odile']);
    assert.deepEqual(w.notes, [{ position: 'beginning', html: '<p>For M.</p>' }]);
    assert.deepEqual(w.tags, [
      { type: 'character', name: 'Odile' },
      { type: 'character', name: 'Jean' },
    ]);
    assert.equal(w.chapters[0]!.title, 'Chapter 1');
  });

  test('a rule at the top over ordinary text is not front matter', () => {
    const { front, body } = splitFrontMatter('---\nThe sea took the village in one night.\n---\nMore.');
    assert.deepEqual(front, { fields: [], tags: [] });
    assert.equal(body, '---\nThe sea took the village in one night.\n---\nMore.');
  });
});
