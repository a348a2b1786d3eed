import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { ImportError } from '../importers/import-error.ts';
import { parseBytes } from '../importers/parse-file.ts';
import { TextWorkers } from './text-worker.ts';

const workers = new TextWorkers({ size: 1 });
after(() => workers.close());

test('a file read on a worker is the work read in this thread', async () => {
  const bytes = Buffer.from('# The Crossing\n\nThe ferry left at *dawn*.\n\nNobody waved.');
  assert.deepEqual(await workers.parse(bytes, 'crossing.md'), await parseBytes(bytes, 'crossing.md'));
});

test("a reader's refusal comes back as the same ImportError", async () => {
  await assert.rejects(
    workers.parse(Buffer.from('<div>'.repeat(1000)), 'deep.html'),
    (e: unknown) => e instanceof ImportError && e.file === 'deep.html' && /nested more than 256 deep/.test(e.reason),
  );
  await assert.rejects(
    workers.parse(Buffer.from('x'), 'notes.pdf'),
    (e: unknown) => e instanceof ImportError && /unsupported file type/.test(e.reason),
  );
});

test('the analysis runs on a worker too', async () => {
  const text =
    'Klaus poured the bourbon. "Caroline," he said, "Mystic Falls bores me." Caroline rolled her eyes at him. Stefan and Elena were at the Grill again, and Damon was drinking vervain-laced whiskey.';
  const parsed = await workers.parse(Buffer.from(text), 'klaus.txt');
  const suggestions = await workers.suggest(parsed);
  assert.ok(
    suggestions.some((s) => s.type === 'fandom' && s.name === 'The Vampire Diaries (TV)'),
    JSON.stringify(suggestions.map((s) => s.name)),
  );
});

test('a task past its budget ends its worker with a reason, and the next task gets a new one', async () => {
  // A second is far less than the big file needs and far more than the short one does, however
  // busy the machine (a tenth of one failed the short file when the machine was loaded).
  const hasty = new TextWorkers({ size: 1, budgetMs: 1000 });
  try {
    // Nine megabytes of ordinary Markdown: allowed, and several seconds of reading.
    const big = Buffer.from(
      'She said *never*, and **meant it**, and walked out to the [pier](https://example.org).\n\n'.repeat(100_000),
    );
    await assert.rejects(
      hasty.parse(big, 'long.md'),
      (e: unknown) => e instanceof ImportError && /took longer than 1 s, the limit for one file/.test(e.reason),
    );
    const small = await hasty.parse(Buffer.from('A short one.'), 'short.txt');
    assert.equal(small.chapters.length, 1);
  } finally {
    await hasty.close();
  }
});
