import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import { emptyQuery } from '../search/query.ts';
import { searchWorks } from '../search/search.service.ts';
import { flushHits, HIT_BATCH_SIZE, hitQueue, recordHit } from './hits.service.ts';
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
    assert.equal((await workCounts(db, busy)).hits, 0, 'noted, not written yet');
    await flushHits(db);
    assert.equal((await workCounts(db, busy)).hits, 3);
    assert.equal((await workCounts(db, quiet)).hits, 1);
    const daily = await db.db
      .selectFrom('work_hits_daily')
      .select(['day', 'hits'])
      .where('work_id', '=', busy)
      .orderBy('day')
      .execute();
    assert.deepEqual(
      daily.map((d) => [d.day, Number(d.hits)]),
      [
        ['2030-03-01', 2],
        ['2030-03-02', 1],
      ],
      "each day's count",
    );

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
      const here = hitQueue(db);
      const there = hitQueue(other);
      const day = new Date('2031-05-02T08:00:00Z');
      for (const queue of [here, there, here]) {
        for (const workId of works) for (const visitor of ['g1', 'g2']) queue.add(visitor, workId, day);
      }
      // One after the other: two SQLite handles on one thread cannot wait for each other's lock.
      await here.flush();
      await there.flush();
      for (const workId of works) assert.equal((await workCounts(db, workId)).hits, 2);
      // Already counted today: nothing more, whether noted again here or read back by the other.
      here.add('g1', works[0]!, day);
      there.add('g2', works[1]!, day);
      await here.flush();
      await there.flush();
      assert.equal((await workCounts(db, works[0]!)).hits, 2);
      assert.equal((await workCounts(db, works[1]!)).hits, 2);
      here.add('g1', works[0]!, new Date('2031-05-03T08:00:00Z'));
      await here.flush();
      assert.equal((await workCounts(db, works[0]!)).hits, 3, 'a new day counts again');
    } finally {
      await other.close();
    }
  });

  test('a batch of first views is one statement on PostgreSQL; views count once each, and only once written', async () => {
    const sent: string[] = [];
    const counted = await openDatabase(ctx.url, { onQuery: (s) => sent.push(s) });
    try {
      const works = [(await makeWork(ctx.database)).workId, (await makeWork(ctx.database)).workId];
      const queue = hitQueue(counted);
      const day = new Date('2032-02-03T09:00:00Z');
      // The day's clearing of older marks (once a day per process) out of the way first.
      queue.add('early', works[0]!, day);
      await queue.flush();
      sent.length = 0;
      let noted = 0;
      for (let view = 0; view < 3; view++)
        for (const workId of works) for (let v = 0; v < 7; v++) noted += queue.add(`v${v}`, workId, day) ? 1 : 0;
      assert.equal(noted, 14, 'seven visitors of two works, each noted once however often they look');
      assert.equal(sent.length, 0, 'noting a view sends nothing');
      assert.equal((await workCounts(ctx.database, works[1]!)).hits, 0, 'and counts nothing yet');
      await queue.flush();
      const writes = sent.filter((s) => !/^(begin|commit)/i.test(s.trim()));
      // SQLite has no data-modifying CTEs: the marks, the works and the days, in one transaction.
      assert.equal(writes.length, ctx.database.dialect === 'postgres' ? 1 : 3, writes.join('\n'));
      assert.deepEqual(
        [(await workCounts(ctx.database, works[0]!)).hits, (await workCounts(ctx.database, works[1]!)).hits],
        [8, 7],
      );
      const daily = await ctx.database.db
        .selectFrom('work_hits_daily')
        .select(['work_id', 'hits'])
        .where('day', '=', '2032-02-03')
        .orderBy('work_id')
        .execute();
      assert.deepEqual(
        daily.map((d) => Number(d.hits)),
        [8, 7],
      );
    } finally {
      await counted.close();
    }
  });

  test('a full batch is written without waiting for the interval', async () => {
    const { workId } = await makeWork(ctx.database);
    const queue = hitQueue(ctx.database);
    const day = new Date('2032-03-04T09:00:00Z');
    for (let v = 0; v < HIT_BATCH_SIZE; v++) queue.add(`visitor-${v}`, workId, day);
    assert.equal(queue.waiting, 0, 'handed to the writer as the batch filled');
    queue.add('one-more', workId, day);
    assert.equal(queue.waiting, 1);
    await queue.flush();
    assert.equal((await workCounts(ctx.database, workId)).hits, HIT_BATCH_SIZE + 1);
  });

  test('processes flushing at once add their views, never overwrite', async () => {
    const { workId } = await makeWork(ctx.database);
    const handles = [ctx.database, await openDatabase(ctx.url), await openDatabase(ctx.url)];
    try {
      const day = new Date('2032-04-05T09:00:00Z');
      // Each process sees its own visitors and some of the others'.
      handles.forEach((h, p) => {
        for (let v = 0; v < 40; v++) hitQueue(h).add(`v${p * 30 + v}`, workId, day);
      });
      // PostgreSQL writes them at once; two SQLite handles on one thread cannot wait for each
      // other's lock, so there they take turns.
      if (ctx.database.dialect === 'postgres') await Promise.all(handles.map((h) => flushHits(h)));
      else for (const h of handles) await flushHits(h);
      // Visitors v0 to v99: a hundred distinct ones.
      assert.equal((await workCounts(ctx.database, workId)).hits, 100);
      const [daily] = await ctx.database.db
        .selectFrom('work_hits_daily')
        .select('hits')
        .where('work_id', '=', workId)
        .execute();
      assert.equal(Number(daily!.hits), 100);
    } finally {
      for (const h of handles.slice(1)) await h.close();
    }
  });
});
