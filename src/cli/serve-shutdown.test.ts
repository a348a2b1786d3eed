// `quire serve` stopping on SIGTERM, as a process supervisor stops it: the real command in its own
// process. A request under way when the signal arrives is answered in full (it still reads the
// database), a new one is turned away, and the process exits 0. Each step waits for the server to
// say it has happened, never for a time.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { get, lines, QUIRE } from '../testing/processes.ts';

test('SIGTERM: the request under way is answered, new ones are turned away, then exit 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'quire-shutdown-'));
  const child = spawn(
    process.execPath,
    [QUIRE, 'serve', '--port', '0', '--database', `sqlite:${join(dir, 'quire.db')}`],
    {
      env: { ...process.env, QUIRE_FROM_SOURCE: '1', QUIRE_LOG: 'on', QUIRE_READ_WORKERS: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const out = lines(child.stdout!);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  try {
    const serving = await Promise.race([out.next(/^Quire is serving .* at http:\/\/127\.0\.0\.1:\d+$/), exited]);
    assert.equal(typeof serving, 'string', `quire serve did not start: ${stderr}`);
    const port = Number((serving as string).match(/:(\d+)$/)![1]);

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
        assert.ok(typeof late === 'string' || late.status !== 200, 'a request after the signal is not served');
        req.end(body.slice(20));
      }, reject);
    });
    const { status, text } = await answered;
    assert.ok(status < 500, `the request under way got ${status}`);
    assert.match(text, /<\/html>\s*$/, 'and its whole page');
    assert.match(text, /do not match an account/, 'after checking the database');
    assert.equal(await exited, 0, stderr);
    assert.ok(out.seen.includes('quire serve: stopped'), out.seen.join('\n'));
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
