import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ParsedWork } from '../importers/parsed-work.ts';
import { makeSuggester, parsedWorkText } from './suggestions.ts';

function work(parts: Partial<ParsedWork>): ParsedWork {
  return {
    title: null,
    provisionalTitle: 'Untitled',
    summary: null,
    notes: [],
    chapters: [],
    language: null,
    tags: [],
    creators: [],
    source: { filename: 'a.html', format: 'html' },
    ...parts,
  };
}

const STORY =
  '<p>The kettle sang. Mara poured two cups and set one by the window, where the light was best.</p>' +
  '<p>"You always do that," said Jonah, smiling, and took the other.</p>';

test("an imported work's notes reach the analysis as notes: a rating stated there is the rating", () => {
  const parsed = work({
    notes: [{ position: 'beginning', html: '<p>Rated Mature for themes later on.</p>' }],
    chapters: [{ title: null, html: STORY, notes: [] }],
  });
  const rating = makeSuggester(null)(parsed).find((s) => s.type === 'rating');
  assert.equal(rating?.name, 'Mature');
  assert.match(rating?.evidence[0]?.quote ?? '', /Rated Mature/);
  // Without the note, the story alone is nowhere near Mature.
  const plain = makeSuggester(null)(work({ chapters: parsed.chapters })).find((s) => s.type === 'rating');
  assert.notEqual(plain?.name, 'Mature');
});

test('the text of a parsed work keeps reading order and marks exactly its summary and notes', () => {
  const parsed = work({
    summary: 'Two cups of tea.',
    notes: [
      { position: 'beginning', html: '<p>For a friend.</p>' },
      { position: 'end', html: '<p>Thanks for reading!</p>' },
    ],
    chapters: [{ title: 'Chapter 1: Tea', html: STORY, notes: [{ position: 'end', html: '<p>More soon.</p>' }] }],
  });
  const { text, structure } = parsedWorkText(parsed);
  assert.deepEqual(
    structure.spans.map(([s, e]) => text.slice(s, e)),
    ['Two cups of tea.', 'For a friend.', 'More soon.', 'Thanks for reading!'],
  );
  assert.deepEqual(structure.notes, ['For a friend.', 'More soon.', 'Thanks for reading!']);
  assert.ok(text.indexOf('Chapter 1: Tea') < text.indexOf('The kettle sang.'));
  assert.ok(text.indexOf('The kettle sang.') < text.indexOf('More soon.'));
});
