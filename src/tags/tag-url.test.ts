import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tagFromPath, tagToPath } from './tag-url.ts';

test('tag names round-trip through one URL path segment', () => {
  for (const name of [
    'Caroline Forbes/Klaus Mikaelson',
    'F/M',
    'Mr. & Mrs. Smith?',
    'Star*Wars #1',
    'Tony Stark & Peter Parker',
    '僕のヒーローアカデミア | Boku no Hero Academia',
  ]) {
    const path = tagToPath(name);
    assert.doesNotMatch(path, /[/?#&.]/);
    assert.equal(tagFromPath(decodeURIComponent(path)), name);
  }
  assert.equal(tagToPath('F/M'), 'F*s*M');
});
