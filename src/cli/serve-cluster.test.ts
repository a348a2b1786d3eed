// `quire serve --processes 2`, the real command in its own processes, on an empty database (the
// primary migrates it before any worker starts; a worker refuses a schema that is not current):
// both workers answer on the one port, a worker killed with SIGKILL is replaced and the archive
// goes on answering, and SIGTERM stops every process cleanly. Each step waits for what the
// processes say or answer, never for a time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect, emptyDatabase } from '../testing/databases.ts';
import { get, killIfRunning, startQuire } from '../testing/processes.ts';

/** The pid /healthz reports, after checking that the request was answered. */
async function healthPid(port: number): Promise<number> {
  const res = await get(port, '/healthz');
  assert.ok(typeof res !== 'string', `/healthz: ${res}`);
  assert.equal(res.status, 200);
  return (JSON.parse(res.body) as { pid: number }).pid;
}

/** Asks /healthz until `want` distinct processes have answered (round robin: two requests should do). */
async function answering(port: number, want: number): Promise<Set<number>> {
  const pids = new Set<number>();
  for (let i = 0; i < 50 && pids.size < want; i++) pids.add(await healthPid(port));
  return pids;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describeEachDialect('quire serve --processes 2', (ctx) => {
  test('both processes answer, a killed one is replaced, SIGTERM stops them all', { timeout: 180_000 }, async () => {
    const { url, drop } = await emptyDatabase(ctx.dialect);
    const server = startQuire(['serve', '--port', '0', '--processes', '2', '--database', url], {
      QUIRE_LOG: 'off',
      QUIRE_READ_WORKERS: '0',
    });
    try {
      const ready = await Promise.race([
        server.out.next(/^Quire is serving .* at http:\/\/127\.0\.0\.1:\d+ with 2 processes$/),
        server.exited,
      ]);
      assert.equal(typeof ready, 'string', `quire serve did not start: ${server.stderr()}`);
      const port = Number((ready as string).match(/:(\d+) with/)![1]);

      const first = await answering(port, 2);
      assert.equal(first.size, 2, 'two processes answer on the one port');
      assert.ok(!first.has(server.child.pid!), 'the workers answer, not the primary');
      for (let i = 0; i < 2; i++) {
        const home = await get(port, '/');
        assert.ok(typeof home !== 'string' && home.status === 200, 'each reads the migrated database');
      }

      const [killed, kept] = [...first];
      process.kill(killed!, 'SIGKILL');
      await server.err.next(new RegExp(`^quire serve: process ${killed} ended by SIGKILL; starting another$`));
      const replaced = Number(
        (await server.out.next(/^quire serve: process \d+ took the place of one that ended$/)).match(
          /process (\d+)/,
        )![1],
      );
      const after = await answering(port, 2);
      assert.deepEqual([...after].sort(), [kept!, replaced].sort(), 'the survivor and its new partner answer');

      server.child.kill('SIGTERM');
      assert.equal(await server.exited, 0, server.stderr());
      assert.ok(server.out.seen.includes('quire serve: stopped'), server.out.seen.join('\n'));
      for (const pid of [kept!, replaced])
        assert.ok(
          server.out.seen.includes(`quire serve: process ${pid} stopped`),
          `process ${pid} stopped as a lone server does`,
        );
      assert.ok(!alive(kept!) && !alive(replaced), 'no worker outlives the primary');
    } finally {
      killIfRunning(server.child);
      await drop();
    }
  });
});
