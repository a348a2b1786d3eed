import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readingMinutes } from './reading-time.ts';

test('250 words a minute, rounded up, at least one minute', () => {
  assert.equal(readingMinutes(0), 1);
  assert.equal(readingMinutes(1), 1);
  assert.equal(readingMinutes(250), 1);
  assert.equal(readingMinutes(251), 2);
  assert.equal(readingMinutes(100_000), 400);
  assert.equal(readingMinutes(Number.NaN), 1);
});
