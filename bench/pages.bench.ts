// npm run bench:pages — how many guest page views a second one server process answers, each page
// beside a static page of the same byte size served by the same framework in the same process
// (the ceiling: what Fastify and our hooks cost with no work behind them).
//
// The corpus is `quire dev corpus` (kept in QUIRE_BENCH_DIR, built on first use) plus one real
// multi-chapter work imported from examples/ (the corpus stores one chapter per work), so that
// the work page (its first chapter), a chapter and the entire work are a writer's real text.
// The server runs in its own child process (bench/pages-server.ts), the load tool, autocannon,
// in another, so the client's work never counts against the server. The last row, "work
// reload", is a guest asking again for the work page they hold (their cookie and its ETag: a 304
// when nothing changed), against a static 304. Per page it prints `rps p50 p99` (medians over the
// rounds; milliseconds) and the page's size, and ends with one line:
//   bench:pages work_rps=R ceiling_rps=C ratio=X p99_ms=P
// for the work page against its same-size static page.
//
// Settings (environment): BENCH_WORKS, corpus size (default 10000; 100000 takes a few minutes
// to build once); QUIRE_BENCH_DIR (default /tmp/quire-bench); BENCH_SECONDS per run (default 3);
// BENCH_ROUNDS (default 3); BENCH_CONNECTIONS (default 64, the connections issue 17 sets its target at);
// BENCH_PROCESSES, server processes sharing the port as with `quire serve --processes N` (default 1;
// the ceiling is served by as many); BENCH_PAGES, the pages to measure by name, comma-separated
// (default all: work, chapter, entire work, home, tag, search, api listing, work reload);
// BENCH_PG_URL, a PostgreSQL database to serve instead of the SQLite file (the corpus is built in
// it, replacing what it holds, unless it holds this size's corpus already).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { tagToPath } from '../src/tags/tag-url.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WORKS = Number(process.env.BENCH_WORKS ?? 10_000);
const DIR = process.env.QUIRE_BENCH_DIR ?? '/tmp/quire-bench';
const SECONDS = Math.max(1, Number(process.env.BENCH_SECONDS ?? 3));
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const CONNECTIONS = Math.max(1, Number(process.env.BENCH_CONNECTIONS ?? 64));
const PROCESSES = Math.max(1, Number(process.env.BENCH_PROCESSES ?? 1));
const PG_URL = process.env.BENCH_PG_URL;
const ONLY = process.env.BENCH_PAGES ? new Set(process.env.BENCH_PAGES.split(',').map((p) => p.trim())) : null;
const EXAMPLE = join(ROOT, 'examples', 'the-lighthouse-almanac.md');
const AUTOCANNON = join(dirname(createRequire(import.meta.url).resolve('autocannon/package.json')), 'autocannon.js');

function quire(args: string[]): string {
  const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'quire.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) {
    console.error(`bench:pages: quire ${args.join(' ')} exited ${run.status}:\n${run.stdout}${run.stderr}`);
    process.exit(1);
  }
  return run.stdout;
}

/** Works in a PostgreSQL database (0 when it has no archive yet). */
async function pgWorks(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query('SELECT COUNT(*) AS n FROM works')).rows[0].n);
  } catch {
    return 0;
  } finally {
    await client.end();
  }
}

/** The corpus database, built once per size: the corpus, then the example work. */
async function corpus(): Promise<{ url: string; workId: number }> {
  if (PG_URL) {
    // The example work is one more than the corpus.
    if ((await pgWorks(PG_URL)) !== WORKS + 1) {
      console.error(`building a corpus of ${WORKS} works in ${PG_URL}...`);
      quire(['dev', 'corpus', '--works', String(WORKS), '--replace', '--database', PG_URL]);
    }
    const id = quire(['import', EXAMPLE, '--database', PG_URL]).match(/work (\d+)/)?.[1];
    if (!id) throw new Error('the example work was not found in the corpus database');
    return { url: PG_URL, workId: Number(id) };
  }
  mkdirSync(DIR, { recursive: true });
  const path = join(DIR, `pages-${WORKS}.db`);
  const building = `${path}.building`;
  if (!existsSync(path)) {
    console.error(`building a corpus of ${WORKS} works in ${path} (once)...`);
    quire(['dev', 'corpus', '--works', String(WORKS), '--replace', '--database', `sqlite:${building}`]);
    quire(['import', EXAMPLE, '--database', `sqlite:${building}`]);
    renameSync(building, path);
  }
  // Importing it again changes nothing and names the work.
  const id = quire(['import', EXAMPLE, '--database', `sqlite:${path}`]).match(/work (\d+)/)?.[1];
  if (!id) throw new Error('the example work was not found in the corpus database');
  return { url: `sqlite:${path}`, workId: Number(id) };
}

function startServer(url: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bench', 'pages-server.ts'), url, String(PROCESSES)],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`the bench server exited ${code}`)));
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (d: string) => {
      const m = d.match(/listening (\d+)|at http:\/\/127\.0\.0\.1:(\d+) with \d+ processes/);
      if (m) resolve({ child, base: `http://127.0.0.1:${m[1] ?? m[2]}` });
    });
  });
}

interface Run {
  rps: number;
  p50: number;
  p99: number;
  /** The share of answers that were 304. */
  notModified: number;
  /** Requests answered. */
  total: number;
}

const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/**
 * CPU time (ms) the server has used so far: its process and, with BENCH_PROCESSES, its workers
 * (Linux's /proc; null elsewhere). Per request it is what the load cost the server whatever else
 * shares the machine's cores, which the requests a second are not.
 */
function serverCpuMs(root: number): number | null {
  const ticks = (pid: string) => {
    try {
      const rest = readFileSync(`/proc/${pid}/stat`, 'utf8')
        .replace(/^.*\) /s, '')
        .split(' ');
      return { ppid: rest[1]!, ticks: Number(rest[11]) + Number(rest[12]) };
    } catch {
      return null;
    }
  };
  const own = ticks(String(root));
  if (!own) return null;
  let total = own.ticks;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    const t = ticks(pid);
    if (t?.ppid === String(root)) total += t.ticks;
  }
  return (1000 * total) / TICKS_PER_SECOND;
}

/**
 * One autocannon run in its own process; fails the bench on any error, and on any answer but 2xx
 * (or, for a conditional GET, 2xx and 304).
 */
function load(url: string, seconds = SECONDS, headers: Record<string, string> = {}): Run {
  const run = spawnSync(
    process.execPath,
    [
      AUTOCANNON,
      '--json',
      '--connections',
      String(CONNECTIONS),
      '--duration',
      String(seconds),
      ...Object.entries(headers).flatMap(([k, v]) => ['--headers', `${k}=${v}`]),
      url,
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.status !== 0) throw new Error(`autocannon exited ${run.status}: ${run.stderr}`);
  const r = JSON.parse(run.stdout) as {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    errors: number;
    timeouts: number;
    '2xx': number;
    '3xx': number;
  };
  const good = r['2xx'] + (headers['if-none-match'] || url.includes('unchanged=yes') ? r['3xx'] : 0);
  if (r.errors || r.timeouts || good !== r.requests.total)
    throw new Error(
      `${url}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.requests.total - good} unexpected answers`,
    );
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    notModified: r['3xx'] / r.requests.total,
    total: r.requests.total,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const medians = (runs: Run[]): Run => ({
  rps: median(runs.map((r) => r.rps)),
  p50: median(runs.map((r) => r.p50)),
  p99: median(runs.map((r) => r.p99)),
  notModified: median(runs.map((r) => r.notModified)),
  total: runs.reduce((sum, r) => sum + r.total, 0),
});

async function main() {
  const { url, workId } = await corpus();
  const { child, base } = await startServer(url);
  try {
    // The tag page of the newest corpus work's fandom: a tag with many works behind it.
    const listing = (await (await fetch(`${base}/api/v1/works`)).json()) as {
      works: { tags: { type: string; name: string }[] }[];
    };
    const fandom = listing.works
      .flatMap((w) => w.tags)
      .find((t) => t.type === 'fandom' && t.name !== 'Original Work')?.name;
    if (!fandom) throw new Error('no corpus fandom among the newest works');
    const pages: [string, string][] = [
      ['work', `/works/${workId}`],
      ['chapter', `/works/${workId}/chapters/2`],
      ['entire work', `/works/${workId}?view_full_work=true`],
      ['home', '/'],
      ['tag', `/tags/${tagToPath(fandom)}`],
      ['search', '/works/search?q=love'],
      ['api listing', '/api/v1/works'],
    ];
    // One fetch each: its size for the ceiling, and a check that it answers (and warms it).
    const sized: { name: string; path: string; bytes: number; headers?: Record<string, string> }[] = [];
    for (const [name, path] of pages) {
      const res = await fetch(base + path);
      const bytes = (await res.arrayBuffer()).byteLength;
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
      sized.push({ name, path, bytes });
    }
    // A guest reloading the work page they hold: their CSRF cookie and the page's validator.
    const held = await fetch(`${base}/works/${workId}`);
    const cookie = (held.headers.get('set-cookie') ?? '').split(';')[0]!;
    const etag = held.headers.get('etag');
    const conditional = { cookie, ...(etag ? { 'if-none-match': etag } : {}) };
    sized.push({ name: 'work reload', path: `/works/${workId}`, bytes: 0, headers: conditional });
    console.log(
      `${PG_URL ? 'PostgreSQL' : 'SQLite'}, ${WORKS} corpus works, ${PROCESSES} server process(es), ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per page; medians`,
    );
    console.log(
      `${'page'.padEnd(12)} ${'bytes'.padStart(7)}   ${'rps p50 p99'.padEnd(22)} ${'ceiling rps p50 p99'.padEnd(22)} server cpu ms/request: page, ceiling`,
    );
    let summary = '';
    for (const { name, path, bytes, headers } of sized.filter((p) => !ONLY || ONLY.has(p.name))) {
      const ceilingUrl = headers ? `${base}/bench/static?unchanged=yes` : `${base}/bench/static?bytes=${bytes}`;
      load(base + path, 1, headers);
      load(ceilingUrl, 1);
      const page: Run[] = [];
      const ceiling: Run[] = [];
      const cpu = { page: 0, ceiling: 0 };
      const timed = (runs: Run[], into: 'page' | 'ceiling', run: () => Run) => {
        const before = serverCpuMs(child.pid!);
        runs.push(run());
        const after = serverCpuMs(child.pid!);
        if (before !== null && after !== null) cpu[into] += after - before;
      };
      for (let i = 0; i < ROUNDS; i++) {
        timed(page, 'page', () => load(base + path, SECONDS, headers));
        timed(ceiling, 'ceiling', () => load(ceilingUrl));
      }
      const p = medians(page);
      const c = medians(ceiling);
      const perRequest = (ms: number, r: Run) => (ms / Math.max(1, r.total)).toFixed(2);
      const fmt = (r: Run) => `${r.rps.toFixed(0)} ${r.p50.toFixed(0)} ${r.p99.toFixed(0)}`;
      const shown = headers ? `${path}, conditional: ${(100 * p.notModified).toFixed(0)}% answered 304` : path;
      console.log(
        `${name.padEnd(12)} ${String(bytes).padStart(7)}   ${fmt(p).padEnd(22)} ${fmt(c).padEnd(22)} ${perRequest(cpu.page, p)}, ${perRequest(cpu.ceiling, c)}  (${shown})`,
      );
      if (name === 'work') {
        summary = `bench:pages work_rps=${p.rps.toFixed(0)} ceiling_rps=${c.rps.toFixed(0)} ratio=${(p.rps / c.rps).toFixed(3)} p99_ms=${p.p99.toFixed(0)} processes=${PROCESSES} cpu_ms_per_request=${perRequest(cpu.page, p)} dialect=${PG_URL ? 'postgres' : 'sqlite'}`;
      }
    }
    console.log(summary);
  } finally {
    child.removeAllListeners('exit');
    child.kill('SIGTERM');
  }
}

await main();
