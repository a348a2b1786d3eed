// The runner on both dialects: a handler's failure becomes a failed try, and stopping waits for
// the jobs under way or hands back those that outlast the wait, their try uncounted. The
// handlers here finish when the test says so.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import type { JobPolicy } from './kinds.ts';
import { openJobQueue } from './queue.ts';
import { JobRunner } from './runner.ts';

const POLICIES: Record<string, JobPolicy> = {
  'test.held': { attempts: 3, retryDelaySeconds: 0, backoff: false, leaseSeconds: 60 },
  'test.broken': { attempts: 3, retryDelaySeconds: 60, backoff: false, leaseSeconds: 60 },
};

/** A promise and the function that settles it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describeEachDialect('the job runner', (ctx) => {
  test("a handler's error is a failed try, logged with the kind and the try", async () => {
    const queue = openJobQueue(ctx.database, { policies: POLICIES });
    await queue.start();
    const logged: string[] = [];
    const runner = new JobRunner(
      queue,
      {
        'test.broken': async () => {
          throw new Error('the archive is on fire');
        },
      },
      { log: (m) => logged.push(m) },
    );
    const id = (await queue.enqueue('test.broken', {}))!;
    await runner.poll();
    await runner.settled();
    const state = (await queue.inspect(id))!;
    assert.equal(state.state, 'waiting');
    assert.equal(state.attempts, 1);
    assert.equal(state.lastError, 'the archive is on fire');
    assert.equal(logged.length, 1);
    assert.match(logged[0]!, /^jobs: test\.broken \S+ failed \(try 1, retry\): the archive is on fire$/);
    await runner.stop();
    await queue.stop();
  });

  test('stopping waits for the job under way; one that outlasts the wait goes back uncounted', async () => {
    const queue = openJobQueue(ctx.database, { policies: POLICIES });
    await queue.start();
    const gates = [gate(), gate()];
    let started = 0;
    const runner = new JobRunner(queue, { 'test.held': async () => gates[started++]!.opened }, { concurrency: 1 });
    const first = (await queue.enqueue('test.held', { n: 1 }))!;
    await runner.poll();
    // Finished within the wait.
    const stopping = runner.stop(60_000);
    gates[0]!.open();
    assert.deepEqual(await stopping, { finished: 1, released: 0 });
    assert.equal((await queue.inspect(first))?.state, 'done');

    const again = new JobRunner(queue, { 'test.held': async () => gates[started++]!.opened }, { concurrency: 1 });
    const second = (await queue.enqueue('test.held', { n: 2 }))!;
    await again.poll();
    assert.equal((await queue.inspect(second))?.state, 'running');
    assert.deepEqual(await again.stop(0), { finished: 0, released: 1 });
    const released = (await queue.inspect(second))!;
    assert.equal(released.state, 'waiting');
    assert.equal(released.attempts, 0, 'the try it was stopped in does not count');
    // The handler ending after its job was handed back changes nothing.
    gates[1]!.open();
    await again.settled();
    assert.equal((await queue.inspect(second))?.state, 'waiting');
    const [retaken] = await queue.claim(['test.held'], 1);
    assert.equal(retaken?.id, second);
    assert.equal(retaken?.attempt, 1);
    await queue.stop();
  });
});
