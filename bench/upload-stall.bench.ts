// npm run bench:upload-stall — whether one writer's pathological uploads slow everyone else down.
// A server runs in its own process (quire serve on a fresh SQLite file with the sample works);
// from this process one client posts, in a loop, the files the hardening probe found (1 MB of
// "*a" as Markdown, 500,000 unclosed <b><i><span>, 500,000 nested <div>) and a 5 MB Markdown
// novel that is allowed and read on a text worker, while a second client reads a work page as
// fast as it answers. Prints the reader's latencies with the uploader running and without.
// The last line is machine-readable:
//   bench:upload-stall seconds=S uploads=U reads=R p50_ms=A p99_ms=B max_ms=C idle_p99_ms=D

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function startServer(dir: string, port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'bin', 'quire.js'),
      'serve',
      '--with-examples',
      '--port',
      String(port),
      '--database',
      `sqlite:${join(dir, 'bench.db')}`,
    ],
    { env: { ...process.env, QUIRE_LOG: 'off' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((ready, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Quire is serving')) ready();
    });
    child.once('exit', (code) => fail(new Error(`quire serve exited with ${code}`)));
  });
  return child;
}

/** A signed-in writer: session cookie and the CSRF token our pages embed. */
async function signUp(base: string): Promise<{ cookie: string; csrf: string }> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair!.split('=');
      if (k && v !== undefined) jar.set(k, v);
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const field = /name="_csrf" value="([^"]+)"/;
  const login = await fetch(`${base}/login`);
  keep(login);
  const guestToken = field.exec(await login.text())![1]!;
  const form = new URLSearchParams({
    username: 'bench_writer',
    email: '',
    password: 'a-long-bench-password',
    _csrf: guestToken,
  });
  const made = await fetch(`${base}/users`, {
    method: 'POST',
    body: form,
    headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });
  keep(made);
  if (made.status !== 303) throw new Error(`sign-up failed: ${made.status}`);
  const home = await fetch(`${base}/`, { headers: { cookie: cookie() } });
  return { cookie: cookie(), csrf: field.exec(await home.text())![1]! };
}

const UPLOADS: [string, () => Buffer][] = [
  ['e.md', () => Buffer.from('*a'.repeat(500_000))],
  ['u.html', () => Buffer.from('<b><i><span>x'.repeat(500_000))],
  ['d.html', () => Buffer.from('<div>'.repeat(500_000))],
  [
    'novel.md',
    () =>
      Buffer.from(
        'She said *never*, and **meant it**, and walked to the [pier](https://example.org).\n\n'.repeat(60_000),
      ),
  ],
];

async function uploadLoop(base: string, writer: { cookie: string; csrf: string }, until: number): Promise<number> {
  const files = UPLOADS.map(([name, make]) => [name, make()] as const);
  let sent = 0;
  while (performance.now() < until) {
    const [name, bytes] = files[sent % files.length]!;
    const form = new FormData();
    form.set('_csrf', writer.csrf);
    form.set('text', '');
    form.set('file', new Blob([new Uint8Array(bytes)]), name);
    const res = await fetch(`${base}/works/new`, {
      method: 'POST',
      body: form,
      headers: { cookie: writer.cookie },
      redirect: 'manual',
    });
    await res.arrayBuffer();
    if (res.status >= 500) throw new Error(`upload of ${name} answered ${res.status}`);
    sent++;
  }
  return sent;
}

async function readLoop(url: string, until: number): Promise<number[]> {
  const times: number[] = [];
  while (performance.now() < until) {
    const started = performance.now();
    const res = await fetch(url);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    times.push(performance.now() - started);
  }
  return times;
}

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'quire-upload-stall-'));
  const port = await freePort();
  const server = await startServer(dir, port);
  const base = `http://127.0.0.1:${port}`;
  try {
    const writer = await signUp(base);
    const page = `${base}/works/1`;
    await readLoop(page, performance.now() + 1000); // warm-up
    const idle = await readLoop(page, performance.now() + (SECONDS * 1000) / 3);
    const until = performance.now() + SECONDS * 1000;
    const [uploads, reads] = await Promise.all([uploadLoop(base, writer, until), readLoop(page, until)]);
    const f = (x: number) => x.toFixed(1);
    console.log(`idle: ${idle.length} reads, p50 ${f(quantile(idle, 0.5))} ms, p99 ${f(quantile(idle, 0.99))} ms`);
    console.log(
      `with uploads: ${uploads} uploads, ${reads.length} reads, p50 ${f(quantile(reads, 0.5))} ms, p99 ${f(quantile(reads, 0.99))} ms, max ${f(Math.max(...reads))} ms`,
    );
    console.log(
      `bench:upload-stall seconds=${SECONDS} uploads=${uploads} reads=${reads.length} p50_ms=${f(quantile(reads, 0.5))} p99_ms=${f(quantile(reads, 0.99))} max_ms=${f(Math.max(...reads))} idle_p99_ms=${f(quantile(idle, 0.99))}`,
    );
  } finally {
    server.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
