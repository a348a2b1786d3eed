// The same story in every format must come out as the same work: same title, summary, notes,
// chapters and word count. The fixtures say it four ways (title line, front matter, <h1>, Word's
// Title style; "***", "* * *", <hr>; A/N in plain text, bold Markdown, <b>, bold runs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTxt } from './txt.ts';
import { parseMarkdown } from './markdown.ts';
import { parseHtml } from './html.ts';
import { parseDocx } from './docx.ts';
import type { ParsedWork } from './parsed-work.ts';
import { makeDocx, type Paragraph } from './fixtures/docx-writer.ts';
import { countWords, htmlToText } from '../analysis/word-count.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const read = (name: string) => readFileSync(join(FIXTURES, name));

// The docx is built from the .txt fixture, paragraph by paragraph, with Word's styles.
function harbourDocx(): Buffer {
  const lines = read('harbour.txt').toString('utf8').split(/\n\n+/);
  const paragraphs: Paragraph[] = [];
  for (const block of lines) {
    const text = block.trim();
    if (text === 'The Harbour Light\nby gullwing') {
      paragraphs.push({ style: 'Title', runs: ['The Harbour Light'] }, { runs: ['by gullwing'] });
    } else if (/^Chapter \d/.test(text)) {
      paragraphs.push({ style: 'Heading1', runs: [text] });
    } else if (text.startsWith('A/N: ')) {
      paragraphs.push({ runs: [{ text: 'A/N:', bold: true }, text.slice(4)] });
    } else if (text.startsWith('A lighthouse')) {
      paragraphs.push({ runs: [{ text, italic: true }] }, { runs: [] }); // an empty paragraph sets it apart
    } else {
      paragraphs.push({ runs: [text] });
    }
  }
  return makeDocx(paragraphs);
}

function words(w: ParsedWork): number {
  const texts = [
    ...w.chapters.map((c) => c.html),
    ...w.notes.map((n) => n.html),
    ...w.chapters.flatMap((c) => c.notes.map((n) => n.html)),
  ];
  return texts.reduce((n, html) => n + countWords(htmlToText(html)), 0) + countWords(w.summary ?? '');
}

function shape(w: ParsedWork) {
  return {
    title: w.title,
    summary: w.summary,
    notes: w.notes.map((n) => [n.position, htmlToText(n.html)]),
    chapters: w.chapters.map((c) => ({
      title: c.title,
      notes: c.notes.map((n) => [n.position, htmlToText(n.html)]),
      paragraphs: c.html.match(/<p>/g)?.length ?? 0,
      breaks: c.html.match(/<hr \/>/g)?.length ?? 0,
      start: htmlToText(c.html).slice(0, 20),
    })),
  };
}

test('one story, four formats, one work', async () => {
  const works = {
    txt: parseTxt(read('harbour.txt'), 'harbour.txt'),
    markdown: parseMarkdown(read('harbour.md'), 'harbour.md'),
    html: parseHtml(read('harbour.html'), 'harbour.html'),
    docx: await parseDocx(harbourDocx(), 'harbour.docx'),
  };
  const expected = {
    title: 'The Harbour Light',
    summary: 'A lighthouse, a storm, and a keeper who will not leave.',
    notes: [['beginning', 'Written for the autumn prompt swap. Thanks to June for the beta!']],
    chapters: [
      {
        title: 'Chapter 1: Fog',
        notes: [['end', 'Next chapter is the storm itself. See you soon!']],
        paragraphs: 5,
        breaks: 1,
        start: 'Nell had kept the ha',
      },
      {
        title: 'Chapter 2: The Storm',
        notes: [['end', 'Thanks for reading! Let me know what you think.']],
        paragraphs: 3,
        breaks: 0,
        start: 'The wind arrived bef',
      },
    ],
  };
  const counts = new Set<number>();
  for (const [format, w] of Object.entries(works)) {
    assert.deepEqual(shape(w), expected, format);
    assert.deepEqual(w.creators, ['gullwing'], format);
    assert.equal(w.source.format, format);
    counts.add(words(w));
  }
  assert.equal(counts.size, 1, `word counts differ: ${[...counts].join(', ')}`);
  const txtWords = read('harbour.txt')
    .toString('utf8')
    .replace(/^(?:The Harbour Light|by gullwing|Chapter .*)$/gm, '');
  assert.deepEqual([...counts], [countWords(txtWords.replace(/A\/N:/g, ''))]);
  assert.ok(works.markdown.chapters[0]!.html.includes('<em>never once</em>'));
  assert.ok(works.html.chapters[0]!.html.includes('<em>never once</em>'));
});

test('front matter tags, by AO3 tag type', () => {
  const w = parseMarkdown(read('harbour.md'), 'harbour.md');
  assert.deepEqual(w.tags, [
    { type: 'character', name: 'Nell' },
    { type: 'character', name: 'The Harbourmaster' },
    { type: 'freeform', name: 'Lighthouses' },
    { type: 'freeform', name: 'Storms' },
    { type: 'fandom', name: 'Original Work' },
    { type: 'rating', name: 'General Audiences' },
  ]);
});
