// The job queue's one interface on both dialects: the jobs table on SQLite, pg-boss on
// PostgreSQL. The table queue's clock is the test's to move; pg-boss keeps PostgreSQL's, so on
// PostgreSQL a test that would have to wait out a delay stops at checking the time set for it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrations.ts';
import { describeEachDialect, emptyDatabase } from '../testing/databases.ts';
import { JOB_KINDS, type JobPolicy } from './kinds.ts';
import { type ClaimedJob, type JobQueue, openJobQueue } from './queue.ts';

const POLICIES: Record<string, JobPolicy> = {
  'test.once': { attempts: 3, retryDelaySeconds: 0, backoff: false, leaseSeconds: 60 },
  'test.backoff': { attempts: 4, retryDelaySeconds: 60, backoff: true, leaseSeconds: 60 },
  'test.lease': { attempts: 2, retryDelaySeconds: 0, backoff: false, leaseSeconds: 30 },
};

describeEachDialect('the job queue', (ctx) => {
  let clock = new Date();
  const queue = async (database = ctx.database): Promise<JobQueue> => {
    const q = openJobQueue(database, { policies: POLICIES, now: () => clock });
    await q.start();
    return q;
  };
  const later = (ms: number) => new Date(clock.getTime() + ms);

  test('processes starting together set up the same queues without failing one another', async () => {
    // Each handle is a process's pool: on PostgreSQL their queue set-ups take turns behind a lock.
    const { url, drop } = await emptyDatabase(ctx.dialect);
    const handles = await Promise.all(Array.from({ length: 4 }, () => openDatabase(url)));
    try {
      await migrate(handles[0]!);
      const queues = handles.map((h) => openJobQueue(h, { policies: JOB_KINDS }));
      for (let round = 0; round < 3; round++) {
        await Promise.all(queues.map((q) => q.start()));
        await Promise.all(queues.map((q) => q.stop()));
      }
    } finally {
      await Promise.all(handles.map((h) => h.close()));
      await drop();
    }
  });

  test('two processes claiming at once never take the same job, and together take them all', async () => {
    clock = new Date();
    const other = await openDatabase(ctx.url);
    try {
      const [a, b] = [await queue(), await queue(other)];
      const ids = new Set<string>();
      for (let i = 0; i < 30; i++) ids.add((await a.enqueue('test.once', { i }))!);
      const drain = async (q: JobQueue) => {
        const mine: ClaimedJob[] = [];
        for (let got = await q.claim(['test.once'], 3); got.length > 0; got = await q.claim(['test.once'], 3))
          mine.push(...got);
        return mine;
      };
      const [one, two] = await Promise.all([drain(a), drain(b)]);
      const taken = [...one, ...two].map((j) => j.id);
      assert.equal(new Set(taken).size, taken.length, 'no job claimed twice');
      assert.deepEqual(new Set(taken), ids, 'every job claimed');
      assert.ok(one.every((j) => j.attempt === 1 && j.kind === 'test.once'));
      await a.stop();
      await b.stop();
    } finally {
      await other.close();
    }
  });

  test('a failed try waits out its delay, longer each time (backoff), and is not claimed before', async () => {
    clock = new Date();
    const q = await queue();
    const id = (await q.enqueue('test.backoff', { n: 1 }))!;
    const [first] = await q.claim(['test.backoff'], 5);
    assert.equal(first?.id, id);
    assert.equal(await q.fail(first!, 'the server was down'), 'retry');
    const state = (await q.inspect(id))!;
    assert.equal(state.state, 'waiting');
    assert.equal(state.attempts, 1);
    assert.equal(state.lastError, 'the server was down');
    const wait = Date.parse(state.runAt) - clock.getTime();
    if (ctx.dialect === 'sqlite') assert.equal(wait, 60_000);
    // pg-boss adds up to as much again as jitter, and measures from PostgreSQL's clock.
    else assert.ok(wait > 55_000 && wait < 125_000, `waits ${wait} ms`);
    assert.deepEqual(await q.claim(['test.backoff'], 5), [], 'not before its time');
    if (ctx.dialect === 'sqlite') {
      clock = new Date(state.runAt);
      const [second] = await q.claim(['test.backoff'], 5);
      assert.equal(second?.attempt, 2);
      await q.fail(second!, 'still down');
      assert.equal(Date.parse((await q.inspect(id))!.runAt) - clock.getTime(), 120_000, 'twice as long');
    }
    await q.stop();
  });

  test('a job out of tries is dead, listed, and one more try from the list runs it to completion', async () => {
    clock = new Date();
    const q = await queue();
    const id = (await q.enqueue('test.once', { work: 7 }))!;
    const outcomes: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const [job] = await q.claim(['test.once'], 1);
      assert.equal(job?.attempt, i);
      outcomes.push(await q.fail(job!, `failure ${i}`));
    }
    assert.deepEqual(outcomes, ['retry', 'retry', 'dead']);
    assert.deepEqual(await q.claim(['test.once'], 1), [], 'a dead job is not claimed');
    const dead = await q.deadJobs(10);
    assert.equal(dead.length, 1);
    assert.equal(dead[0]!.id, id);
    assert.equal(dead[0]!.kind, 'test.once');
    assert.deepEqual(dead[0]!.payload, { work: 7 });
    assert.equal(dead[0]!.attempts, 3);
    assert.equal(dead[0]!.lastError, 'failure 3');
    assert.equal((await q.stats()).dead, 1);

    assert.equal(await q.retryDead(id), true);
    assert.deepEqual(await q.deadJobs(10), []);
    const [again] = await q.claim(['test.once'], 1);
    assert.equal(again?.id, id);
    assert.equal(again?.attempt, 4);
    await q.complete(again!);
    assert.equal((await q.inspect(id))?.state, 'done');
    assert.equal(await q.retryDead(id), false, 'a finished job is not retried');
    assert.equal(await q.retryDead('not-an-id'), false);
    await q.stop();
  });

  test('a scheduled job waits for its time; due jobs are counted with the age of the oldest', async () => {
    clock = new Date();
    const q = await queue();
    const scheduled = (await q.enqueue('test.once', { s: 1 }, { runAt: later(60 * 60_000) }))!;
    const due = (await q.enqueue('test.once', { s: 2 }, { runAt: later(-30_000) }))!;
    const stats = await q.stats();
    assert.equal(stats.waiting, 1);
    assert.equal(stats.scheduled, 1);
    assert.ok(stats.oldestWaitingSeconds >= 29 && stats.oldestWaitingSeconds < 120, `${stats.oldestWaitingSeconds}`);
    const claimed = await q.claim(['test.once'], 5);
    assert.deepEqual(
      claimed.map((j) => j.id),
      [due],
    );
    assert.equal((await q.stats()).running, 1);
    if (ctx.dialect === 'sqlite') {
      clock = later(60 * 60_000);
      assert.deepEqual(
        (await q.claim(['test.once'], 5)).map((j) => j.id),
        [scheduled],
      );
    } else assert.equal((await q.inspect(scheduled))?.state, 'waiting');
    await q.stop();
  });

  test('a key is taken once; an enqueue inside a rolled-back transaction leaves no job', async () => {
    clock = new Date();
    const q = await queue();
    assert.ok(await q.enqueue('test.once', {}, { key: 'slot-1' }));
    assert.equal(await q.enqueue('test.once', {}, { key: 'slot-1' }), null);
    await assert.rejects(
      ctx.database.db.transaction().execute(async (trx) => {
        await q.enqueue('test.once', { rolled: 'back' }, { trx });
        throw new Error('the change fails');
      }),
      /the change fails/,
    );
    const claimed = await q.claim(['test.once'], 5);
    assert.equal(claimed.length, 1, JSON.stringify(claimed));
    assert.deepEqual(claimed[0]!.payload, {});
    await q.stop();
  });

  test('a released job goes back due now with its try uncounted', async () => {
    clock = new Date();
    const q = await queue();
    const id = (await q.enqueue('test.once', {}))!;
    const [job] = await q.claim(['test.once'], 1);
    await q.release(job!);
    assert.equal((await q.inspect(id))?.state, 'waiting');
    const [again] = await q.claim(['test.once'], 1);
    assert.equal(again?.id, id);
    assert.equal(again?.attempt, 1);
    await q.stop();
  });

  test('a job whose lease ran out (its process died) counts a failed try and is claimed again', async (t) => {
    if (ctx.dialect === 'postgres') {
      t.skip("pg-boss keeps PostgreSQL's clock: the multi-process test kills a worker instead");
      return;
    }
    clock = new Date();
    const q = await queue();
    const id = (await q.enqueue('test.lease', {}))!;
    const [job] = await q.claim(['test.lease'], 1);
    await q.expireLeases();
    assert.equal((await q.inspect(id))?.state, 'running', 'still within its lease');
    clock = later(31_000);
    await q.expireLeases();
    const state = (await q.inspect(id))!;
    assert.equal(state.state, 'waiting');
    assert.match(state.lastError ?? '', /lease ran out/);
    const [again] = await q.claim(['test.lease'], 1);
    assert.equal(again?.attempt, 2);
    await q.complete(job!);
    assert.equal((await q.inspect(id))?.state, 'running', "the dead process's late word changes nothing");
    await q.complete(again!);
    assert.equal((await q.inspect(id))?.state, 'done');
  });
});
