import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkFilterLists } from './work-filter-lists.ts';

const lists = (entries: [number, number[]][]) => new Map(entries.map(([id, l]) => [id, Int32Array.from(l)]));

test('work filter lists: kept lists serve later counts; a work forgotten meanwhile voids a read begun before', () => {
  const held = new WorkFilterLists(100);
  const mark = held.mark();
  held.keep(
    mark,
    lists([
      [1, [10, 11]],
      [2, []],
    ]),
  );
  assert.deepEqual(held.missing([1, 2, 3]), [3], 'a work without filters is held too');
  assert.deepEqual(
    held.listsOf([1, 3], lists([[3, [12]]])).map((l) => [...l]),
    [[10, 11], [12]],
  );
  const before = held.mark();
  held.forget([1]);
  held.keep(before, lists([[3, [12]]]));
  assert.deepEqual(held.missing([1, 2, 3]), [1, 3], 'forgotten, and the older read not kept');
  held.clear();
  assert.deepEqual(held.missing([2]), [2]);
});

test('work filter lists: past the budget the longest unused go first', () => {
  const held = new WorkFilterLists(9);
  held.keep(
    held.mark(),
    lists([
      [1, [1, 2]],
      [2, [3, 4]],
      [3, [5, 6]],
    ]),
  );
  held.listsOf([1], new Map());
  held.keep(held.mark(), lists([[4, [7, 8]]]));
  assert.deepEqual(held.missing([1, 2, 3, 4]), [2], 'work 1 was used after 2');
  assert.equal(held.bytes(), 9 * 4);
});
