// `quire serve` stopping on SIGTERM, as a process supervisor stops it: the real command in its own
// process. A request under way when the signal arrives is answered in full (it still reads the
// database), a new one is turned away, the hits noted in memory are written, and the process
// exits 0. Each step waits for the server to say it has happened, never for a time.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { freshDatabase } from '../testing/databases.ts';
import { http, startQuire } from '../testing/processes.ts';
import { makeWork, workCounts } from '../testing/works.ts';

/** A GET's status, or the connection error's code. */
async function get(port: number, path: string): Promise<number | string> {
  const r = await http(port, 'GET', path);
  return typeof r === 'string' ? r : r.status;
}

test('SIGTERM: the request under way is answered, new ones are turned away, then exit 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'quire-shutdown-'));
  const quire = startQuire(['serve', '--port', '0', '--database', `sqlite:${join(dir, 'quire.db')}`], {
    ...process.env,
    QUIRE_LOG: 'on',
  });
  const { child, out, exited } = quire;
  try {
    const serving = await quire.waitFor(/^Quire is serving .* at http:\/\/127\.0\.0\.1:\d+$/);
    const port = Number(serving.match(/:(\d+)$/)![1]);

    // A sign-in form whose body arrives in two parts: the signal comes between them.
    const body = 'username=nobody-here&password=not-the-password&_csrf=guest-token-0123456789abcdef0123456789';
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          port,
          host: '127.0.0.1',
          method: 'POST',
          path: '/login',
          agent: false,
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(body),
            cookie: 'quire_csrf=guest-token-0123456789abcdef0123456789',
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode!, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 20));
      out.next(/"msg":"incoming request"/).then(async () => {
        child.kill('SIGTERM');
        await out.next(/^quire serve: stopping/);
        const late = await get(port, '/healthz');
        assert.notEqual(late, 200, 'a request after the signal is not served');
        req.end(body.slice(20));
      }, reject);
    });
    const { status, text } = await answered;
    assert.ok(status < 500, `the request under way got ${status}`);
    assert.match(text, /<\/html>\s*$/, 'and its whole page');
    assert.match(text, /do not match an account/, 'after checking the database');
    assert.equal(await exited, 0, quire.stderr());
    assert.ok(out.seen.includes('quire serve: stopped'), out.seen.join('\n'));
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SIGTERM: the views noted in memory are written before the process exits', async () => {
  const { database, url, dispose } = await freshDatabase('sqlite');
  try {
    const { workId } = await makeWork(database, { chapters: 2, rating: 'General Audiences' });
    // Hits wait in memory longer than the test runs: only the stop can write them.
    const quire = startQuire(['serve', '--port', '0', '--database', url], {
      ...process.env,
      QUIRE_HIT_BATCH_MS: '600000',
    });
    try {
      const serving = await quire.waitFor(/^Quire is serving .* at http:\/\/127\.0\.0\.1:\d+$/);
      const port = Number(serving.match(/:(\d+)$/)![1]);
      // One guest (every request comes from the same address), three views: one hit.
      for (const path of [`/works/${workId}`, `/works/${workId}/chapters/2`, `/works/${workId}`])
        assert.equal(await get(port, path), 200, path);
      assert.equal((await workCounts(database, workId)).hits, 0, 'noted, not yet written');
      quire.child.kill('SIGTERM');
      assert.equal(await quire.exited, 0, quire.stderr());
    } finally {
      if (quire.child.exitCode === null) quire.child.kill('SIGKILL');
    }
    assert.equal((await workCounts(database, workId)).hits, 1);
  } finally {
    await dispose();
  }
});
