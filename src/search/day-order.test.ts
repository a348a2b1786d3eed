import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Bitset } from './bitset.ts';
import { DayOrder, sortDay } from './day-order.ts';
import { TopK } from './top-k.ts';

const DAY = 86_400_000;
const START = Date.UTC(2020, 0, 1);

function seeded(seed: number): () => number {
  let x = seed;
  return () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 2 ** 32;
  };
}

/** The slow way: every member tested on its date. */
function expected(set: Bitset, column: Float64Array, lo: number, hi: number): number[] {
  return [...set.toArray()].filter((id) => column[id]! >= lo && column[id]! <= hi);
}

test('day order: a whole-day range keeps the works the slow way keeps, through changed dates', () => {
  const r = seeded(11);
  const n = 5000;
  const column = new Float64Array(n);
  // Some slots never hold a work (date 0), as at the end of the filter index's arrays.
  for (let id = 0; id < n - 300; id++) column[id] = START + Math.floor(r() * 900) * DAY + Math.floor(r() * DAY);
  const order = new DayOrder(column);
  const ranges: [number, number][] = [];
  for (let i = 0; i < 40; i++) {
    const from = Math.floor(r() * 950) - 20;
    const days = Math.floor(r() * (r() < 0.5 ? 30 : 900));
    ranges.push([START + from * DAY, START + (from + days + 1) * DAY - 1]);
  }
  ranges.push([Number.NEGATIVE_INFINITY, START + 100 * DAY - 1], [START + 800 * DAY, Number.POSITIVE_INFINITY]);
  ranges.push([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY], [START + 5000 * DAY, START + 5001 * DAY - 1]);
  for (let round = 0; round < 3; round++) {
    for (const [lo, hi] of ranges) {
      const set = new Bitset(n);
      for (let id = 0; id < n; id++) if (r() < 0.7) set.add(id);
      const want = expected(set, column, lo, hi);
      assert.equal(
        order.retain(set, lo, hi, () => new Bitset(n)),
        true,
      );
      assert.deepEqual([...set.toArray()], want, `round ${round}, from ${lo} to ${hi}`);
    }
    // Dates change after the build (an edit, a work posted into an empty slot): tested as they are now.
    for (let k = 0; k < 200; k++) {
      const id = Math.floor(r() * n);
      column[id] = START + Math.floor(r() * 900) * DAY;
      order.changed(id);
    }
  }
  assert.equal(order.worn(), false, '600 changes in 5,000 works is under the floor');
});

test('day order: bounds that are not whole days are left to the caller; many changes wear it out', () => {
  const column = new Float64Array(100).fill(START);
  const order = new DayOrder(column);
  const set = new Bitset(100);
  set.add(3);
  assert.equal(
    order.retain(set, START + 3_600_000, START + DAY - 1, () => new Bitset(100)),
    false,
  );
  assert.deepEqual([...set.toArray()], [3], 'left as it was');
  const big = new DayOrder(new Float64Array(200_000));
  for (let id = 0; id < 3000; id++) big.changed(id);
  assert.equal(big.worn(), false);
  for (let id = 3000; id < 3200; id++) big.changed(id);
  assert.equal(big.worn(), true, 'past 1/64 of the works');
});

/** The slow way: every member ordered by date then id, after the cursor, the first `limit`. */
function page(set: Bitset, column: Float64Array, desc: boolean, limit: number, after?: { key: number; id: number }) {
  const s = desc ? -1 : 1;
  const cmp = (ka: number, ia: number, kb: number, ib: number) => s * (ka - kb || ia - ib);
  return [...set.toArray()]
    .filter((id) => !after || cmp(column[id]!, id, after.key, after.id) > 0)
    .sort((a, b) => cmp(column[a]!, a, column[b]!, b))
    .slice(0, limit);
}

test('day order: pages in date order equal the slow way, both ways, from cursors, through changed dates', () => {
  const r = seeded(7);
  const n = 4000;
  const column = new Float64Array(n);
  // Few days, so that ties within a day and pages ending mid-day are common; some equal dates.
  for (let id = 0; id < n - 200; id++) column[id] = START + Math.floor(r() * 60) * DAY + Math.floor(r() * 50) * 1000;
  const order = new DayOrder(column);
  for (let round = 0; round < 3; round++) {
    for (let q = 0; q < 60; q++) {
      const set = new Bitset(n);
      const share = [0.9, 0.2, 0.01, 0.001][q % 4]!;
      for (let id = 0; id < n; id++) if (r() < share) set.add(id);
      const desc = q % 2 === 0;
      const limit = 1 + Math.floor(r() * 30);
      // Cursors from a page before, or anywhere, even outside the days the order spans.
      let after: { key: number; id: number } | undefined;
      if (q % 3 === 1) {
        const first = page(set, column, desc, 5);
        const last = first.at(-1);
        if (last !== undefined) after = { key: column[last]!, id: last };
      } else if (q % 3 === 2) after = { key: START + Math.floor(r() * 80 - 10) * DAY, id: Math.floor(r() * n) };
      const top = new TopK(limit, desc, after);
      order.offerInOrder(set, top, desc, after?.key);
      assert.deepEqual(
        top.rows().map((x) => x.id),
        page(set, column, desc, limit, after),
        `round ${round}, query ${q}`,
      );
    }
    for (let k = 0; k < 150; k++) {
      const id = Math.floor(r() * n);
      column[id] = START + Math.floor(r() * 60) * DAY + Math.floor(r() * 50) * 1000;
      order.changed(id);
    }
  }
});

test('day order: a day sorted by packed doubles or by comparison comes out by date then id', () => {
  const r = seeded(3);
  const n = 3000;
  const column = new Float64Array(n);
  for (let id = 0; id < n; id++) column[id] = START + Math.floor(r() * 20) * 1000 + Math.floor(r() * 3);
  const ordered = [...Array(n).keys()].sort((a, b) => column[a]! - column[b]! || a - b);
  const packed = Int32Array.from(Array(n).keys());
  const compared = Int32Array.from(Array(n).keys());
  sortDay(packed, column, START);
  sortDay(compared, column, START, 1024);
  assert.deepEqual([...packed], ordered);
  assert.deepEqual([...compared], ordered);
});

test('day order: a day first walked after its works changed dates still holds each of its works once', () => {
  const n = 2000;
  const column = new Float64Array(n);
  for (let id = 0; id < n; id++) column[id] = START + (id % 4) * DAY + id * 1000;
  const order = new DayOrder(column);
  // Before any walk: works move years away, so their day's sort sees dates far outside the day.
  for (let id = 3; id < n; id += 7) {
    column[id] = START + (id % 2 ? 4000 : -4000) * DAY;
    order.changed(id);
  }
  const set = new Bitset(n);
  for (let id = 0; id < n; id++) set.add(id);
  for (const desc of [true, false]) {
    const top = new TopK(n, desc);
    order.offerInOrder(set, top, desc);
    assert.deepEqual(
      top.rows().map((x) => x.id),
      page(set, column, desc, n),
    );
  }
});
