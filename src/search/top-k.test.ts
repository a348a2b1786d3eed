import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BitsetPool, IdBufferPool } from './scratch.ts';
import { type Ranked, TopK } from './top-k.ts';

/** The whole ranking the slow way: every candidate sorted by key then id. */
function sorted(all: Ranked[], desc: boolean): Ranked[] {
  const s = desc ? -1 : 1;
  return [...all].sort((a, b) => s * (a.key - b.key) || s * (a.id - b.id));
}

function pages(all: Ranked[], desc: boolean, limit: number): Ranked[][] {
  const out: Ranked[][] = [];
  let after: Ranked | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const top = new TopK(limit, desc, after);
    for (const c of all) top.offer(c.key, c.id);
    const page = top.rows();
    if (page.length === 0) break;
    out.push(page);
    after = page.at(-1);
  }
  return out;
}

/** A seeded mix of candidates with many equal keys, in no order. */
function candidates(n: number, seed: number): Ranked[] {
  let x = seed;
  const next = () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 2 ** 32;
  };
  const ids = Array.from({ length: n }, (_, i) => i * 3 + 1).sort(() => next() - 0.5);
  return ids.map((id) => ({ id, key: Math.floor(next() * 7) / 2 }));
}

test('top k: the best page in key then id order, ties broken by id as the SQL does', () => {
  const all = candidates(200, 7);
  for (const desc of [true, false]) {
    const top = new TopK(20, desc);
    for (const c of all) top.offer(c.key, c.id);
    assert.deepEqual(top.rows(), sorted(all, desc).slice(0, 20), `desc ${desc}`);
  }
  // Every key equal: the order is the ids'.
  const tied = [5, 3, 9, 1, 7].map((id) => ({ id, key: 2.5 }));
  const top = new TopK(3, true);
  for (const c of tied) top.offer(c.key, c.id);
  assert.deepEqual(
    top.rows().map((r) => r.id),
    [9, 7, 5],
  );
});

test('top k: pages after each cursor put together are the whole ranking, across ties at the cut', () => {
  const all = candidates(157, 11);
  for (const desc of [true, false])
    for (const limit of [1, 6, 20, 157, 400]) {
      const got = pages(all, desc, limit);
      assert.deepEqual(got.flat(), sorted(all, desc), `desc ${desc}, limit ${limit}`);
      assert.ok(got.slice(0, -1).every((p) => p.length === limit));
    }
});

test('top k: nothing offered, nothing after the cursor, or no room gives an empty page', () => {
  assert.deepEqual(new TopK(20, true).rows(), []);
  const last = sorted(candidates(10, 3), true).at(-1)!;
  const after = new TopK(20, true, last);
  for (const c of candidates(10, 3)) after.offer(c.key, c.id);
  assert.deepEqual(after.rows(), []);
  const none = new TopK(0, true);
  none.offer(1, 1);
  assert.deepEqual(none.rows(), []);
});

test('scratch pools: a buffer lent is never lent again until given back, and comes back empty', () => {
  const sets = new BitsetPool();
  const a = sets.take(100);
  const b = sets.take(100);
  assert.notEqual(a, b);
  a.add(5);
  sets.give(a);
  const c = sets.take(100);
  assert.equal(c, a, 'reused');
  assert.equal(c.count(), 0, 'cleared');
  sets.give(c);
  assert.notEqual(sets.take(200), c, 'a set of another capacity is never lent for this one');
  const ids = new IdBufferPool();
  const x = ids.take(3000);
  assert.ok(x.length >= 3000);
  const y = ids.take(10);
  assert.notEqual(x, y);
  ids.give(x);
  assert.equal(ids.take(2000), x);
});
