// Sanity check against the team's shared sample works, when they are present on this machine.
// The samples are not part of the project (and must not be copied into it): without the folder
// these tests are skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTxt } from './txt.ts';
import { countWords, htmlToText } from '../analysis/word-count.ts';

const SEEDS = '/work/shared/seeds';
const present = existsSync(join(SEEDS, 'labels.json'));

interface Label {
  wordCount: number;
  summary: string | null;
  authorNotes: string[];
}

test('shared samples: summary, notes and word counts match the labels', {
  skip: !present && 'no /work/shared/seeds here',
}, () => {
  const labels = JSON.parse(readFileSync(join(SEEDS, 'labels.json'), 'utf8')) as Record<string, Label>;
  for (const [file, label] of Object.entries(labels)) {
    const w = parseTxt(readFileSync(join(SEEDS, file)), file);
    assert.equal(w.summary, label.summary, file);
    assert.deepEqual(
      w.notes.map((n) => htmlToText(n.html)),
      label.authorNotes,
      file,
    );
    const words =
      w.chapters.reduce((n, c) => n + countWords(htmlToText(c.html)), 0) +
      w.notes.reduce((n, note) => n + countWords(htmlToText(note.html)), 0) +
      countWords(w.summary ?? '');
    assert.ok(
      Math.abs(words - label.wordCount) <= label.wordCount * 0.01,
      `${file}: ${words} words, label says ${label.wordCount}`,
    );
  }
});
