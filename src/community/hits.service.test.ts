import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import { emptyQuery } from '../search/query.ts';
import { searchWorks } from '../search/search.service.ts';
import { HitQueue, recordHit } from './hits.service.ts';
import { openDatabase } from '../db/database.ts';
import { makeUser } from '../testing/users.ts';
import { makeWork, workCounts } from '../testing/works.ts';

describeEachDialect('hits', (ctx) => {
  test('a visitor counts once per work per day; creators count nothing; search sorts by hits', async () => {
    const db = ctx.database;
    const [writer, wren] = [await makeUser(db, 'writer'), await makeUser(db, 'wren')];
    const { workId: quiet } = await makeWork(db, { creator: writer });
    const { workId: busy } = await makeWork(db, { creator: writer });
    const day1 = new Date('2030-03-01T10:00:00Z');
    assert.equal(await recordHit(db, { user: wren, address: '10.0.0.1' }, busy, day1), true);
    assert.equal(
      await recordHit(db, { user: wren, address: '10.0.0.7' }, busy, new Date('2030-03-01T23:59:00Z')),
      false,
      'same reader, other address, same day',
    );
    assert.equal(
      await recordHit(db, { user: null, address: '10.0.0.1' }, busy, day1),
      true,
      'a guest at that address is another visitor',
    );
    assert.equal(await recordHit(db, { user: null, address: '10.0.0.1' }, busy, day1), false);
    assert.equal(
      await recordHit(db, { user: writer, address: '10.0.0.2' }, busy, day1),
      false,
      "the creator's own views",
    );
    assert.equal(await recordHit(db, { user: wren, address: '10.0.0.1' }, quiet, day1), true, 'another work');
    const day2 = new Date('2030-03-02T00:00:01Z');
    assert.equal(
      await recordHit(db, { user: wren, address: '10.0.0.1' }, busy, day2),
      true,
      'the next day counts again',
    );
    assert.equal((await workCounts(db, busy)).hits, 3);
    assert.equal((await workCounts(db, quiet)).hits, 1);

    const marks = await db.db.selectFrom('rate_limits').select('bucket').where('bucket', 'like', 'hit:%').execute();
    assert.ok(
      marks.every((m) => !m.bucket.includes('10.0.0')),
      'no raw address in the marks',
    );

    const sorted = await searchWorks(
      db,
      { ...emptyQuery(), sort: { field: 'hits', direction: 'desc' } },
      { facets: false },
    );
    assert.deepEqual(
      sorted.works.map((w) => w.id),
      [busy, quiet],
    );
  });

  test("guests' views written in a batch count once per guest, work and day, across processes", async () => {
    const db = ctx.database;
    const works = [(await makeWork(db)).workId, (await makeWork(db)).workId];
    // A second handle on the same database stands for another process with its own queue.
    const other = await openDatabase(ctx.url);
    try {
      const here = new HitQueue(db);
      const there = new HitQueue(other);
      const day = new Date('2031-05-02T08:00:00Z');
      for (const queue of [here, there, here]) {
        for (const workId of works) for (const address of ['10.0.0.1', '10.0.0.2']) queue.add(address, workId, day);
      }
      // One after the other: two SQLite handles on one thread cannot wait for each other's lock.
      await here.flush();
      await there.flush();
      for (const workId of works) assert.equal((await workCounts(db, workId)).hits, 2);
      // Already counted today: nothing more, whether noted again here or read back by the other.
      here.add('10.0.0.1', works[0]!, day);
      there.add('10.0.0.2', works[1]!, day);
      await here.flush();
      await there.flush();
      assert.equal((await workCounts(db, works[0]!)).hits, 2);
      assert.equal((await workCounts(db, works[1]!)).hits, 2);
      here.add('10.0.0.1', works[0]!, new Date('2031-05-03T08:00:00Z'));
      await here.flush();
      assert.equal((await workCounts(db, works[0]!)).hits, 3, 'a new day counts again');
    } finally {
      await other.close();
    }
  });
});
