import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tallyLists, tallyWholeNumbers, wholeNumbers } from './id-lists.ts';

/** The tally the slow way: a Map in order of first appearance. */
function slowTally(list: string): [number, number][] {
  const n = new Map<number, number>();
  if (list !== '') for (const v of list.split(',').map(Number)) n.set(v, (n.get(v) ?? 0) + 1);
  return [...n];
}

const pairs = (t: { values: Int32Array; counts: Int32Array }) => [...t.values].map((v, i) => [v, t.counts[i]!]);

test('wholeNumbers reads a group_concat list', () => {
  assert.deepEqual([...wholeNumbers('')], []);
  assert.deepEqual([...wholeNumbers('7,0,123456')], [7, 0, 123456]);
});

test('tallyWholeNumbers counts each value as a Map would, in order of first appearance', () => {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (const list of ['', '0', '5,5,5', '3,1,3,2,1,3', '0,1000000,0,7'])
    assert.deepEqual(pairs(tallyWholeNumbers(list)), slowTally(list));
  for (let round = 0; round < 20; round++) {
    const top = round % 2 ? 50 : 200_000;
    const list = Array.from({ length: 1 + Math.floor(random() * 3000) }, () => Math.floor(random() * top)).join(',');
    assert.deepEqual(pairs(tallyWholeNumbers(list)), slowTally(list));
  }
});

test('tallyWholeNumbers counts values too big for its counters, and leaves the counters clear', () => {
  const list = '12,2147483000,12,9,2147483000';
  assert.deepEqual(pairs(tallyWholeNumbers(list)), slowTally(list));
  // Counted before the big value was met: a tally after it starts from zero.
  assert.deepEqual(pairs(tallyWholeNumbers('12,9')), [
    [12, 1],
    [9, 1],
  ]);
});

test('tallyLists counts lists already read as the string tally counts them joined', () => {
  const lists = [[3, 1], [], [1, 2000000, 3], [7]];
  assert.deepEqual(pairs(tallyLists(lists)), slowTally(lists.flat().join(',')));
  const big = [
    [12, 9],
    [2147483000, 12],
  ];
  assert.deepEqual(pairs(tallyLists(big)), slowTally(big.flat().join(',')));
  assert.deepEqual(pairs(tallyLists([[12], [9]])), [
    [12, 1],
    [9, 1],
  ]);
});
