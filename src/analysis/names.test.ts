import { test } from 'node:test';
import assert from 'node:assert/strict';
import { titleCase } from './names.ts';

test('a shouted name is title-cased; initials and designations keep their capitals', () => {
  assert.equal(titleCase('KLAUS'), 'Klaus');
  assert.equal(titleCase("O'HARA"), "O'Hara");
  assert.equal(titleCase('McChesney'), 'McChesney');
  assert.equal(titleCase('AJ'), 'AJ');
  assert.equal(titleCase('CT-7567'), 'CT-7567');
  assert.equal(titleCase('K-2SO'), 'K-2SO');
});
