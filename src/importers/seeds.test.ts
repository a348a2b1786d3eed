// Sanity check against the team's shared sample works, when they are present on this machine.
// The samples are not part of the project (and must not be copied into it): without the folder
// (QUIRE_SHARED_DIR, else ../shared beside the project) this test is skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTxt } from './txt.ts';
import { countWords, htmlToText } from '../analysis/word-count.ts';
import { sharedDir } from '../testing/shared.ts';

interface Label {
  wordCount: number;
  summary: string | null;
  authorNotes: string[];
}

test('shared samples: summary, notes and word counts match the labels', (t) => {
  const seeds = join(sharedDir(), 'seeds');
  if (!existsSync(join(seeds, 'labels.json'))) {
    t.skip(`${seeds} not found; set QUIRE_SHARED_DIR`);
    return;
  }
  const labels = JSON.parse(readFileSync(join(seeds, 'labels.json'), 'utf8')) as Record<string, Label>;
  for (const [file, label] of Object.entries(labels)) {
    const w = parseTxt(readFileSync(join(seeds, file)), file);
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
