import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './analyze.ts';

const STORY = `Summary: A keeper and a storm.

Ines climbed the stairs of the lighthouse at dusk. Marek was already there, polishing the lens. "You're late," Marek said.
"The bell was ringing," Ines said, and kissed him. He smiled against her lips.`;

/** Runs the command with console output captured. */
async function capture(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  console.error = (...a: unknown[]) => void err.push(a.join(' '));
  try {
    const code = await run(argv);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'quire-analyze-'));
const file = join(dir, 'story.txt');
writeFileSync(file, STORY);
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('--json prints one object with the Analysis keys', async () => {
  const { code, out } = await capture([file, '--json']);
  assert.equal(code, 0);
  const a = JSON.parse(out);
  for (const key of [
    'words',
    'readingMinutes',
    'language',
    'pov',
    'tense',
    'summary',
    'notes',
    'fandoms',
    'characters',
    'relationships',
    'rating',
    'warnings',
    'freeforms',
  ]) {
    assert.ok(key in a, key);
  }
  assert.equal(a.file, file);
  assert.equal(a.summary, 'A keeper and a storm.');
});

test('several files print an array', async () => {
  const { code, out } = await capture([file, file, '--json']);
  assert.equal(code, 0);
  assert.equal(JSON.parse(out).length, 2);
});

test('the report names each signal', async () => {
  const { code, out } = await capture([file]);
  assert.equal(code, 0);
  for (const label of [
    'words',
    'reading time',
    'language',
    'point of view',
    'tense',
    'summary',
    'fandoms',
    'characters',
    'relationships',
    'rating',
    'warnings',
    'additional tags',
  ]) {
    assert.ok(out.includes(label), label);
  }
});

test('a missing file is named, the others still analysed, exit 1', async () => {
  const missing = join(dir, 'nope.txt');
  const { code, out, err } = await capture([missing, file, '--json']);
  assert.equal(code, 1);
  assert.match(err, /nope\.txt: no such file/);
  assert.equal(JSON.parse(out).length, 1);
});

test('usage errors exit 2; --help exits 0', async () => {
  assert.equal((await capture([])).code, 2);
  assert.equal((await capture(['--bogus', file])).code, 2);
  const help = await capture(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /usage: quire analyze/);
});
