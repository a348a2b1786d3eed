// Issue 17's "what it must show": one archive on PostgreSQL served by two `quire serve`
// processes (A and B) with one `quire worker`, each the real command in its own process. A write
// acknowledged by A is read through B; B is killed (SIGKILL) under a load of writes and started
// again, and no acknowledged write is lost; a job whose worker is killed mid-run is run again,
// once, to completion; the API's rate limit holds for both processes together; and the worker
// stops on SIGTERM after finishing the job under way. Each step waits for what it needs to see
// (a line printed, a row written), never for a time, save a rate-limit window about to end.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApiToken, signUp } from '../accounts/accounts.service.ts';
import { readSetting } from '../config.ts';
import type { Database } from '../db/database.ts';
import { probeEvents } from '../jobs/jobs.repo.ts';
import { jobQueue, stopJobQueue } from '../jobs/queue.ts';
import { freshDatabase } from '../testing/databases.ts';
import { http, type QuireProcess, startQuire } from '../testing/processes.ts';

const PG_URL = readSetting('testPgUrl');
const RATE_LIMIT = 100;

/** Resolves once `check` returns true, asking every 50 ms; fails after `ms`. */
async function until(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`still waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function serve(url: string): Promise<{ p: QuireProcess; port: number }> {
  const p = startQuire(['serve', '--port', '0', '--database', url], {
    ...process.env,
    QUIRE_JOBS: 'off',
    QUIRE_LOG: 'off',
    QUIRE_API_RATE_LIMIT: String(RATE_LIMIT),
  });
  const line = await p.waitFor(/^Quire is serving .* at http:\/\/127\.0\.0\.1:\d+$/);
  return { p, port: Number(line.match(/:(\d+)$/)![1]) };
}

async function worker(url: string): Promise<QuireProcess> {
  const p = startQuire(['worker', '--database', url], { ...process.env, QUIRE_JOBS_POLL_MS: '100' });
  await p.waitFor(/^quire worker: running jobs/);
  return p;
}

async function token(database: Database, username: string): Promise<string> {
  const user = await signUp(database, { username, email: '', password: 'a-long-enough-password' });
  return createApiToken(database, user, 'multi-process');
}

const skip = !PG_URL && !readSetting('ci') ? 'no QUIRE_TEST_PG_URL (npm test sets it)' : false;

// Five processes start from TypeScript sources (two servers and a worker, then one of each again
// after a kill); on a loaded machine the whole test has taken most of two minutes, so the bound
// is generous. The test waits on events, not on time.
test('two quire serve and one quire worker on one PostgreSQL behave as one archive', {
  skip,
  timeout: 300_000,
}, async () => {
  const { database, url, dispose } = await freshDatabase('postgres');
  const running: QuireProcess[] = [];
  const started = <T extends { p: QuireProcess } | QuireProcess>(x: T): T => {
    running.push('p' in x ? x.p : x);
    return x;
  };
  try {
    const [a, b0, w0] = await Promise.all([serve(url), serve(url), worker(url)]);
    started(a);
    let b = started(b0);
    let w = started(w0);
    const writer = `Bearer ${await token(database, 'writer')}`;
    const auth = { authorization: writer };

    // A write through A is read through B.
    const created = await http(a.port, 'POST', '/api/v1/works', {
      headers: auth,
      body: JSON.stringify({ text: 'Through A.', title: 'Written through A' }),
    });
    assert.ok(typeof created !== 'string' && created.status === 201, JSON.stringify(created));
    const { id } = JSON.parse(created.body) as { id: number };
    const read = await http(b.port, 'GET', `/api/v1/works/${id}`, { headers: auth });
    assert.ok(typeof read !== 'string' && read.status === 200, JSON.stringify(read));
    assert.equal(JSON.parse(read.body).title, 'Written through A');

    // B is killed under a load of writes to both; what either acknowledged stays.
    const acknowledged: { id: number; title: string }[] = [];
    let refused = 0;
    const write = async (port: number, n: number) => {
      const title = `Load ${n}`;
      const r = await http(port, 'POST', '/api/v1/works', {
        headers: auth,
        body: JSON.stringify({ text: `Written under load, number ${n}.`, title }),
      });
      if (typeof r !== 'string' && r.status === 201) acknowledged.push({ id: JSON.parse(r.body).id, title });
      else refused++;
    };
    let n = 0;
    const load = async (port: () => number, count: number) => {
      for (let i = 0; i < count; i++) await write(port(), n++);
    };
    const bPort = b.port;
    const killed = (async () => {
      await until('B to acknowledge writes', async () => acknowledged.length >= 6);
      b.p.child.kill('SIGKILL');
      await b.p.exited;
    })();
    await Promise.all([load(() => a.port, 20), load(() => bPort, 20), killed]);
    assert.ok(refused > 0, 'some writes to B went unanswered once it was killed');
    b = started(await serve(url));
    for (const w of acknowledged) {
      const r = await http(b.port, 'GET', `/api/v1/works/${w.id}`, { headers: auth });
      assert.ok(typeof r !== 'string' && r.status === 200, `work ${w.id}: ${JSON.stringify(r)}`);
      assert.equal(JSON.parse(r.body).title, w.title);
    }

    // The worker is killed while a probe job runs; a new worker runs it again, once, to the end.
    const queue = await jobQueue(database);
    const jobId = (await queue.enqueue('jobs.probe', { token: 'killed', holdMs: 1500 }))!;
    await until('the probe to start', async () => (await probeEvents(database.db, 'killed')).length > 0);
    w.child.kill('SIGKILL');
    await w.exited;
    w = started(await worker(url));
    await until('the probe to finish', async () => (await queue.inspect(jobId))?.state === 'done');
    const events = (await probeEvents(database.db, 'killed')).map((e) => e.event);
    assert.deepEqual(events, ['started', 'started', 'finished'], 'run twice, finished once');
    assert.equal((await queue.inspect(jobId))?.attempts, 2);

    // The API's limit is the archive's: one client's requests through A and B count together.
    // A window ending now would split them in two, so a test near a minute's end waits for the next.
    const reader = { authorization: `Bearer ${await token(database, 'limited')}` };
    const intoWindow = Date.now() % 60_000;
    if (intoWindow > 45_000) await new Promise((r) => setTimeout(r, 60_000 - intoWindow + 100));
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT + 20; i++) {
      const r = await http(i % 2 ? a.port : b.port, 'GET', '/api/v1/users/writer', { headers: reader });
      statuses.push(typeof r === 'string' ? 0 : r.status);
    }
    assert.equal(statuses.filter((s) => s === 200).length, RATE_LIMIT, JSON.stringify(statuses));
    assert.equal(statuses.filter((s) => s === 429).length, 20);

    // SIGTERM: the worker finishes the job under way, then exits 0.
    const last = (await queue.enqueue('jobs.probe', { token: 'stopped', holdMs: 500 }))!;
    await until('the last probe to start', async () => (await probeEvents(database.db, 'stopped')).length > 0);
    w.child.kill('SIGTERM');
    assert.equal(await w.exited, 0, w.stderr());
    assert.ok(
      w.out.seen.includes('quire worker: stopped: 1 finished, 0 handed back to the queue'),
      w.out.seen.join('\n'),
    );
    assert.equal((await queue.inspect(last))?.state, 'done');
    assert.deepEqual(
      (await probeEvents(database.db, 'stopped')).map((e) => e.event),
      ['started', 'finished'],
    );
  } finally {
    for (const p of running) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(running.map((p) => p.exited));
    await stopJobQueue(database);
    await dispose();
  }
});
