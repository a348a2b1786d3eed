// `quire serve` stopping on SIGTERM, as a process supervisor stops it: the real command in its own
// process. A request under way when the signal arrives is answered in full (it still reads the
// database), a new one is turned away, and the process exits 0. Each step waits for the server to
// say it has happened, never for a time.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { http, startQuire } from '../testing/processes.ts';

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
