// npm run bench:search — how fast readers find works at archive scale, through HTTP.
//
// Builds (or reuses) generated corpora (src/dev/corpus.ts) of 100k and 1M works on SQLite and a
// 100k one on a throwaway PostgreSQL, serves each from a process of its own (bench/search-server.ts),
// and replays a fixed mix of query classes readers use on AO3 against GET /api/v1/works/search:
// warm-up, then RUNS timed requests per class, one at a time. Tag names, words and creators are
// chosen from the corpus itself. Prints p50/p95/p99/p99.9/max per class with the corpora side by
// side, each corpus' build time and size,
// and, last, one machine-readable line for SQLite at the largest corpus:
//   bench:search works=N p99_ms_worst_class=X p99_ms_tag_only=Y build_s=B db_mb=D
// (tag_only: the worst p99 among the classes without free text.)
//
// Settings (environment):
//   QUIRE_BENCH_DIR      where SQLite corpora are kept and reused (default /tmp/quire-bench)
//   BENCH_SQLITE_SIZES   comma-separated corpus sizes on SQLite (default 100000,1000000)
//   BENCH_PG_SIZES       sizes on PostgreSQL (default 100000; empty for none)
//   BENCH_PG_URL         an existing server to keep PostgreSQL corpora on (reused like SQLite's);
//                        without it a throwaway cluster is started and deleted afterwards
//   BENCH_SEED           corpus seed (default bench)
//   BENCH_RUNS           timed requests per class (default 100, at least 30; a p99 over fewer
//                        than 100 requests is only the slowest one)
//   BENCH_CLASSES        a regular expression: run only the classes it matches
//   BENCH_GC_LOG         a file: the server runs with --trace-gc, and its trace from listening on
//                        (the warm-up and timed requests) is appended there
//   BENCH_CPU_PROF       a directory: the server runs with --cpu-prof and writes its profile there
//                        when it stops (the index load, the warm-up and the timed requests)
//
// Beside the latencies it prints, per class, the server's CPU time per timed request (less
// moved by other processes on a loaded machine than the wall clock) and its collections during
// the timed requests: how many, how many paused over 5 ms, the longest; on PostgreSQL also the
// cluster's own CPU time per timed request (from /proc, when it runs on this machine), where a
// search's statements spend theirs.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type RawBuilder } from 'kysely';
import pg from 'pg';
import { loadCanon } from '../src/analysis/canon.ts';
import { openDatabase, type Database, type Dialect } from '../src/db/database.ts';
import { LATEST_SCHEMA_VERSION, migrate } from '../src/db/migrations.ts';
import { fillPhrasePairs } from '../src/search/indexing.service.ts';
import { CorpusGenerator } from '../src/dev/corpus.ts';
import { VOCABULARY } from '../src/dev/corpus-words.ts';
import { databaseBytes, loadCorpus } from '../src/dev/corpus.repo.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BENCH_DIR = process.env.QUIRE_BENCH_DIR ?? '/tmp/quire-bench';
const SEED = process.env.BENCH_SEED ?? 'bench';
const RUNS = Math.max(30, Number(process.env.BENCH_RUNS ?? 100));
const WARMUP = 3;
const BODY_WORDS = 150;
const DEEP_PAGE = 500;
/** Any one request slower than this is a failure worth reporting, not a number. */
const REQUEST_TIMEOUT_MS = 120_000;
const ONLY = process.env.BENCH_CLASSES ? new RegExp(process.env.BENCH_CLASSES) : null;
const GC_LOG = process.env.BENCH_GC_LOG;
const CPU_PROF = process.env.BENCH_CPU_PROF;

function sizes(raw: string | undefined, fallback: string): number[] {
  return (raw ?? fallback)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const n = Number(s.replace(/_/g, ''));
      if (!Number.isSafeInteger(n) || n < 100)
        throw new Error(`bench:search: '${s}' is not a corpus size (a whole number, at least 100)`);
      return n;
    });
}

const SQLITE_SIZES = sizes(process.env.BENCH_SQLITE_SIZES, '100000,1000000');
const PG_SIZES = sizes(process.env.BENCH_PG_SIZES, '100000');

const label = (n: number) =>
  n >= 1_000_000 && n % 1_000_000 === 0
    ? `${n / 1_000_000}M`
    : n >= 1000 && n % 1000 === 0
      ? `${n / 1000}k`
      : String(n);

// ---- corpora --------------------------------------------------------------------------------

interface BuildInfo {
  works: number;
  seed: string;
  bodyWords: number;
  schema: number;
  /** Hash of the generator and loader sources: a changed generator means a new corpus. */
  generator: string;
  buildSeconds: number;
  phases: [string, number][];
  dbMb: number;
  builtAt: string;
}

function generatorHash(): string {
  const h = createHash('sha256');
  for (const f of ['src/dev/corpus.ts', 'src/dev/corpus.repo.ts']) h.update(readFileSync(join(ROOT, f)));
  return h.digest('hex').slice(0, 12);
}

/** A corpus from an older schema is reused: migrate() upgrades it as it would any archive. */
function fresh(info: BuildInfo | undefined, works: number): boolean {
  return (
    !!info &&
    info.works === works &&
    info.seed === SEED &&
    info.bodyWords === BODY_WORDS &&
    info.schema <= LATEST_SCHEMA_VERSION &&
    info.generator === generatorHash()
  );
}

function readInfo(path: string): BuildInfo | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as BuildInfo;
  } catch {
    return undefined;
  }
}

async function build(database: Database, works: number, what: string): Promise<BuildInfo> {
  process.stderr.write(`building ${what}: ${works} works...\n`);
  const started = performance.now();
  const generator = new CorpusGenerator(loadCanon(), { works, seed: SEED, bodyWords: BODY_WORDS });
  let lastShown = 0;
  const result = await loadCorpus(
    database,
    generator,
    { from: 0, count: works },
    {
      onProgress(p) {
        const now = performance.now();
        if (now - lastShown < 10_000 && p.phase === 'works' && p.done < p.total) return;
        lastShown = now;
        process.stderr.write(
          `  ${what}: ${p.phase} ${p.phase === 'works' ? `${p.done}/${p.total}` : ''} (${((now - started) / 1000).toFixed(0)} s)\n`,
        );
      },
    },
  );
  const info: BuildInfo = {
    works,
    seed: SEED,
    bodyWords: BODY_WORDS,
    schema: LATEST_SCHEMA_VERSION,
    generator: generatorHash(),
    buildSeconds: (performance.now() - started) / 1000,
    phases: result.phases,
    dbMb: (await databaseBytes(database)) / 1_048_576,
    builtAt: new Date().toISOString(),
  };
  process.stderr.write(`  ${what}: built in ${info.buildSeconds.toFixed(1)} s, ${info.dbMb.toFixed(0)} MB\n`);
  return info;
}

interface Corpus {
  dialect: Dialect;
  works: number;
  database: Database;
  /** Where the server process opens it. */
  url: string;
  info: BuildInfo;
  reused: boolean;
  /** The in-memory filter index: how long it took to load, and what it held after the mix. */
  index?: { loadSeconds: number; mb: number };
}

async function sqliteCorpus(works: number): Promise<Corpus> {
  mkdirSync(BENCH_DIR, { recursive: true });
  const path = join(BENCH_DIR, `sqlite-${works}-${SEED.replace(/[^\w-]/g, '_')}.db`);
  const infoPath = `${path}.json`;
  let info = readInfo(infoPath);
  const reused = fresh(info, works) && existsSync(path);
  if (!reused) {
    for (const f of [path, `${path}-wal`, `${path}-shm`, infoPath]) rmSync(f, { force: true });
  }
  const database = await openDatabase(`sqlite:${path}`);
  await migrate(database);
  if (!reused) {
    info = await build(database, works, `sqlite ${label(works)}`);
    writeFileSync(infoPath, JSON.stringify(info, null, 2));
  } else {
    // As `quire migrate` does: a corpus indexed before the word-pair index gets its pairs, or its
    // phrases would be measured on the old path.
    const started = performance.now();
    const filled = await fillPhrasePairs(database);
    if (filled > 0)
      console.error(
        `word pairs for ${filled} works of the reused corpus: ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
  }
  return { dialect: 'sqlite', works, database, url: `sqlite:${path}`, info: info!, reused };
}

/** A throwaway cluster from scripts/postgres-throwaway.sh, or the server in BENCH_PG_URL. */
interface PgServer {
  url: string;
  persistent: boolean;
  stop(): void;
}

function startPostgres(): PgServer {
  if (process.env.BENCH_PG_URL) return { url: process.env.BENCH_PG_URL, persistent: true, stop() {} };
  const out = execFileSync('bash', [join(ROOT, 'scripts/postgres-throwaway.sh'), 'start'], { encoding: 'utf8' }).trim();
  const [url, dir] = out.split(/\s+/);
  if (!url || !dir) throw new Error(`postgres-throwaway.sh printed '${out}', not a URL and a directory`);
  let stopped = false;
  return {
    url,
    persistent: false,
    stop() {
      if (stopped) return;
      stopped = true;
      execFileSync('bash', [join(ROOT, 'scripts/postgres-throwaway.sh'), 'stop', dir], { stdio: 'ignore' });
    },
  };
}

async function pgCorpus(server: PgServer, works: number): Promise<Corpus> {
  const name = `quire_bench_${works}_${SEED.toLowerCase().replace(/[^a-z0-9]/g, '_')}`.slice(0, 60);
  const infoPath = join(BENCH_DIR, `${name}.${createHash('sha256').update(server.url).digest('hex').slice(0, 8)}.json`);
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  let exists: boolean;
  try {
    exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
    let info = server.persistent ? readInfo(infoPath) : undefined;
    const reused = exists && fresh(info, works);
    if (!reused) {
      if (exists) await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
    }
    const url = server.url.replace(/\/[^/]*$/, `/${name}`);
    const database = await openDatabase(url);
    await migrate(database);
    if (!reused) {
      info = await build(database, works, `postgres ${label(works)}`);
      if (server.persistent) {
        mkdirSync(BENCH_DIR, { recursive: true });
        writeFileSync(infoPath, JSON.stringify(info, null, 2));
      }
    }
    return { dialect: 'postgres', works, database, url, info: info!, reused };
  } finally {
    await admin.end();
  }
}

// ---- what to ask ------------------------------------------------------------------------------

interface QueryClass {
  name: string;
  /** Query parameters as /api/v1/works/search takes them (queryFromParams). */
  params: [string, string][];
  /** Free text in q (a word, a phrase): separates text classes from tag-only ones. */
  text: boolean;
  /** Follow `next` to this page untimed, then time that page. */
  page?: number;
}

interface Picks {
  bigFandom: string;
  midFandom: string;
  smallFandom: string;
  nextFandoms: string[];
  bigCharacter: string;
  topRelationship: string;
  freeforms: string[];
  creator: string;
  /** A creator with a handful of works, as most are. */
  quietCreator: string;
  midWord: string;
  otherMidWord: string;
  rareWord: string;
  phrase: string;
  lastYear: string;
}

async function one<T>(q: Promise<{ rows: T[] }>, what: string): Promise<T> {
  const row = (await q).rows[0];
  if (!row) throw new Error(`bench:search: the corpus has no ${what}`);
  return row;
}

/**
 * Tags by what they filter to: the biggest fandom, a mid-sized one (25th), a small one (~25
 * works, a niche fandom's size); the biggest fandom's most tagged character; the most used
 * relationship and additional tags; the most prolific creator. Words from the generator's
 * vocabulary by rank (a made-up word at rank 600 is in ~3% of works), a very rare word taken
 * from one work's body, and the big character's name as a phrase.
 */
async function pick(database: Database, works: number): Promise<Picks> {
  const db = database.db;
  const fandoms = await sql<{ id: number; name: string; filter_count: number }>`
    SELECT id, name, filter_count FROM tags WHERE type = 'fandom' AND filter_count > 0 ORDER BY filter_count DESC, id`.execute(
    db,
  );
  const f = fandoms.rows;
  if (f.length < 30) throw new Error('bench:search: the corpus has too few fandoms');
  const small = [...f].sort((a, b) => Math.abs(a.filter_count - 25) - Math.abs(b.filter_count - 25) || a.id - b.id)[0]!;
  const big = f[0]!;
  // Materialised so that both engines read the fandom's postings first (left to itself, SQLite
  // walked every character tag and probed each of the fandom's works for it).
  const character = await one(
    sql<{ name: string }>`
      WITH ids AS MATERIALIZED (SELECT work_id FROM work_filters WHERE tag_id = ${big.id}),
      counts AS MATERIALIZED (SELECT f.tag_id, COUNT(*) AS n FROM ids JOIN work_filters f ON f.work_id = ids.work_id GROUP BY f.tag_id)
      SELECT t.name FROM counts c JOIN tags t ON t.id = c.tag_id WHERE t.type = 'character' ORDER BY c.n DESC, t.id LIMIT 1`.execute(
      db,
    ),
    `character in ${big.name}`,
  );
  const relationship = await one(
    sql<{
      name: string;
    }>`SELECT name FROM tags WHERE type = 'relationship' ORDER BY filter_count DESC, id LIMIT 1`.execute(db),
    'relationship',
  );
  const freeforms = (
    await sql<{
      name: string;
    }>`SELECT name FROM tags WHERE type = 'freeform' AND synonym_of IS NULL ORDER BY filter_count DESC, id LIMIT 3`.execute(
      db,
    )
  ).rows.map((r) => r.name);
  // Each pick is one row: every creator's count as rows (tens of thousands at 1M) outlived the
  // picks in the old generation, and collecting them paused timed requests in the same process.
  const byCount = (having: RawBuilder<unknown>, order: RawBuilder<unknown>) =>
    sql<{ name: string }>`
      SELECT p.name FROM work_creators c JOIN pseuds p ON p.id = c.pseud_id GROUP BY p.id, p.name ${having} ORDER BY ${order} LIMIT 1`.execute(
      db,
    );
  const creator = (await byCount(sql``, sql`COUNT(*) DESC, p.id`)).rows[0];
  const quiet =
    (await byCount(sql`HAVING COUNT(*) = 5`, sql`p.id`)).rows[0] ??
    (await byCount(sql``, sql`COUNT(*), p.id DESC`)).rows[0];
  if (!creator || !quiet) throw new Error('bench:search: the corpus has no creators');
  // A very rare word: the longest made-up word in one work's body (rare words are 9+ letters).
  const generator = new CorpusGenerator(loadCanon(), { works, seed: SEED, bodyWords: BODY_WORDS });
  let rareWord = '';
  for (let i = Math.floor(works / 2); i < works && !rareWord; i++) {
    const text = generator.work(i);
    if (text.language !== 'en') continue;
    rareWord = text.text.split(/[^\p{L}]+/u).find((w) => w.length >= 9 && /^[a-z]+a$/.test(w)) ?? '';
  }
  const names = character.name
    .replace(/\s*\(.*\)$/, '')
    .replace(/"[^"]*"\s*/g, '')
    .split(/\s+/);
  const now = new Date();
  now.setUTCFullYear(now.getUTCFullYear() - 1);
  return {
    bigFandom: big.name,
    midFandom: f[24]!.name,
    smallFandom: small.name,
    nextFandoms: [f[1]!.name, f[2]!.name, f[3]!.name],
    bigCharacter: character.name,
    topRelationship: relationship.name,
    freeforms,
    creator: creator.name,
    quietCreator: quiet.name,
    midWord: VOCABULARY[600]!,
    otherMidWord: VOCABULARY[700]!,
    rareWord: rareWord || VOCABULARY[4900]!,
    phrase: names.length >= 2 ? names.slice(0, 2).join(' ') : `${VOCABULARY[1]} ${VOCABULARY[0]}`,
    lastYear: now.toISOString().slice(0, 10),
  };
}

/** The fixed mix: what readers do on AO3's works search, from the front page to page 500. */
function classes(p: Picks): QueryClass[] {
  const c = (name: string, params: [string, string][], text = false, page?: number): QueryClass => ({
    name,
    params,
    text,
    ...(page ? { page } : {}),
  });
  return [
    c('recent works (no filter)', []),
    c('big fandom by kudos', [
      ['fandom', p.bigFandom],
      ['sort', 'kudos'],
    ]),
    c('big fandom + character - MCD', [
      ['fandom', p.bigFandom],
      ['character', p.bigCharacter],
      ['exclude[]', 'Major Character Death'],
    ]),
    c('any of three fandoms', [['any[]', p.nextFandoms.join('|')]]),
    c('big fandom, facets', [
      ['fandom', p.bigFandom],
      ['facets', 'true'],
    ]),
    c('mid fandom by words', [
      ['fandom', p.midFandom],
      ['sort', 'words'],
    ]),
    c('small fandom by updated', [
      ['fandom', p.smallFandom],
      ['sort', 'updated'],
    ]),
    c('relationship + freeform', [
      ['relationship', p.topRelationship],
      ['freeform', p.freeforms[0]!],
    ]),
    c('rating + words + complete', [
      ['rating', 'Explicit'],
      ['words_from', '10000'],
      ['words_to', '50000'],
      ['complete', 'true'],
    ]),
    c('General by kudos', [
      ['rating', 'General Audiences'],
      ['sort', 'kudos'],
    ]),
    c('crossovers only', [['crossover', 'only']]),
    c('language es', [['language', 'es']]),
    c('creator, most prolific', [['q', `creator:"${p.creator}"`]]),
    c('creator with 5 works', [['q', `creator:"${p.quietCreator}"`]]),
    c('exclude two freeforms', [
      ['exclude[]', p.freeforms[0]!],
      ['exclude[]', p.freeforms[1]!],
    ]),
    c('title sort', [['sort', 'title']]),
    c('hits sort', [['sort', 'hits']]),
    c('posted in the last year', [['posted_from', p.lastYear]]),
    c('single chapter, not Explicit', [
      ['single_chapter', 'true'],
      ['exclude[]', 'Explicit'],
      ['sort', 'kudos'],
    ]),
    c(`deep page ${DEEP_PAGE} (Teen)`, [['rating', 'Teen And Up Audiences']], false, DEEP_PAGE),
    c('text: mid-frequency word', [['q', p.midWord]], true),
    c('text: rare word', [['q', p.rareWord]], true),
    c('text: phrase', [['q', `"${p.phrase}"`]], true),
    c('text: word - word', [['q', `${p.midWord} -${p.otherMidWord}`]], true),
    c(
      'text + big fandom',
      [
        ['q', p.midWord],
        ['fandom', p.bigFandom],
      ],
      true,
    ),
    c(
      'text + rating, by kudos',
      [
        ['q', p.midWord],
        ['rating', 'Mature'],
        ['sort', 'kudos'],
      ],
      true,
    ),
  ];
}

// ---- timing ---------------------------------------------------------------------------------

interface Timing {
  samples: number[];
  /** The server's CPU time per timed request, and its collections during them. */
  server?: ServerStats;
  total: string;
  page?: number;
  error?: string;
}

interface SearchJson {
  total: { value: number; exact: boolean };
  works: unknown[];
  next: string | null;
}

async function get(base: string, path: string): Promise<{ ms: number; body: SearchJson }> {
  const started = performance.now();
  const res = await fetch(base + path, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const text = await res.text();
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status} ${text.slice(0, 200)}`);
  return { ms, body: JSON.parse(text) as SearchJson };
}

function pathOf(params: [string, string][]): string {
  const q = new URLSearchParams(params).toString();
  return `/api/v1/works/search${q ? `?${q}` : ''}`;
}

interface ServerStats {
  cpuMs: number;
  /** PostgreSQL: its processes' CPU time per timed request (all of the cluster's), else undefined. */
  dbCpuMs?: number;
  count: number;
  over5ms: number;
  maxMs: number;
}

async function serverStats(base: string): Promise<ServerStats> {
  return (await (await fetch(`${base}/bench/stats`)).json()) as ServerStats;
}

/**
 * PostgreSQL's CPU time so far, in ms, when it runs on this machine: the postmaster's own and its
 * reaped children's, and each live child's (backends, parallel workers, autovacuum), from /proc.
 * Null when the cluster's directory or processes cannot be read.
 */
async function postgresCpu(database: Database): Promise<(() => number | null) | null> {
  let pid: number;
  try {
    const dir = (await sql<{ d: string }>`SELECT current_setting('data_directory') AS d`.execute(database.db)).rows[0]!
      .d;
    pid = Number(readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return null;
  }
  const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  // Fields after the command's closing parenthesis: state is [0], ppid [1], utime [11] .. cstime [14].
  const fields = (stat: string) => stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return () => {
    try {
      const own = fields(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      let t = [11, 12, 13, 14].reduce((sum, i) => sum + Number(own[i]), 0);
      for (const entry of readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        try {
          const f = fields(readFileSync(`/proc/${entry}/stat`, 'utf8'));
          if (Number(f[1]) === pid) t += Number(f[11]) + Number(f[12]);
        } catch {
          // gone meanwhile
        }
      }
      return (t * 1000) / ticks;
    } catch {
      return null;
    }
  };
}

async function timeClass(base: string, qc: QueryClass, dbCpu: (() => number | null) | null): Promise<Timing> {
  let path = pathOf(qc.params);
  let page = 1;
  try {
    if (qc.page) {
      // Readers reach page 500 by clicking through: follow `next` untimed, then time that page.
      for (let i = 1; i < qc.page; i++) {
        const { body } = await get(base, path);
        if (!body.next) break;
        path = body.next;
        page++;
      }
    }
    let total = '';
    for (let i = 0; i < WARMUP; i++) {
      const { body } = await get(base, path);
      total = `${body.total.value}${body.total.exact ? '' : '+'}`;
    }
    const samples: number[] = [];
    const before = await serverStats(base);
    const dbBefore = dbCpu?.() ?? null;
    for (let i = 0; i < RUNS; i++) samples.push((await get(base, path)).ms);
    const dbAfter = dbCpu?.() ?? null;
    const after = await serverStats(base);
    const server = {
      cpuMs: (after.cpuMs - before.cpuMs) / RUNS,
      ...(dbBefore !== null && dbAfter !== null ? { dbCpuMs: (dbAfter - dbBefore) / RUNS } : {}),
      count: after.count - before.count,
      over5ms: after.over5ms - before.over5ms,
      maxMs: after.maxMs,
    };
    return { samples, total, server, ...(qc.page ? { page } : {}) };
  } catch (e) {
    await untilResponsive(base);
    return { samples: [], total: '', error: (e as Error).message };
  }
}

/**
 * After a timeout the server may still be busy with the query (better-sqlite3 runs it on the
 * event loop, holding up every other request); wait until it answers again, up to 30 minutes.
 */
async function untilResponsive(base: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    try {
      const res = await fetch(`${base}/api/v1/works/search?limit=1`, { signal: AbortSignal.timeout(30_000) });
      await res.text();
      if (res.status === 200) return;
    } catch {
      // still busy
    }
  }
}

function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN;
}

const ms = (x: number) => (Number.isNaN(x) ? '-' : x < 10 ? x.toFixed(1) : x.toFixed(0));

async function runCorpus(corpus: Corpus, mix: (p: Picks) => QueryClass[]): Promise<Map<string, Timing>> {
  const what = `${corpus.dialect} ${label(corpus.works)}`;
  const picks = await pick(corpus.database, corpus.works);
  process.stderr.write(`${what}: picks ${JSON.stringify(picks)}\n`);
  // The server runs in a process of its own, as in production, and listens once its filter
  // index is loaded (searches run on SQL alone until then): the timed requests are the warm
  // archive's, and the client's garbage is not the server's.
  const server = await startServer(corpus.url);
  process.stderr.write(`${what}: filter index loaded in ${server.loadSeconds.toFixed(1)} s\n`);
  const out = new Map<string, Timing>();
  const dbCpu = corpus.dialect === 'postgres' ? await postgresCpu(corpus.database) : null;
  let indexMb = Number.NaN;
  try {
    const base = server.base;
    const probe = await fetch(`${base}/api/v1/works/search`);
    if (probe.status !== 200) throw new Error(`/api/v1/works/search answers HTTP ${probe.status}: not there yet?`);
    await probe.text();
    for (const qc of mix(picks)) {
      if (ONLY && !ONLY.test(qc.name)) continue;
      const started = performance.now();
      const t = await timeClass(base, qc, dbCpu);
      out.set(qc.name, t);
      process.stderr.write(
        `  ${what} ${qc.name}: ${t.error ? `ERROR ${t.error}` : `p50 ${ms(percentile(t.samples, 0.5))} p99 ${ms(percentile(t.samples, 0.99))} max ${ms(Math.max(...t.samples))} ms, total ${t.total}${t.page ? `, page ${t.page}` : ''}`} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
      );
    }
    // After the mix: the columns plus every tag's postings and bitsets the queries loaded.
    const res = await fetch(`${base}/bench/index`);
    indexMb = ((await res.json()) as { bytes: number }).bytes / 1_048_576;
  } finally {
    await stopServer(server.child);
  }
  corpus.index = { loadSeconds: server.loadSeconds, mb: indexMb };
  return out;
}

/** bench/search-server.ts on the corpus, once it listens with its index loaded. */
function startServer(url: string): Promise<{ child: ChildProcess; base: string; loadSeconds: number }> {
  const flags = [
    ...(GC_LOG ? ['--trace-gc'] : []),
    ...(CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`, '--cpu-prof-interval=200'] : []),
  ];
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', join(ROOT, 'bench', 'search-server.ts'), url], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the search server exited ${code} before it listened`)));
    let seen = '';
    let listening = false;
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (d: string) => {
      if (listening) {
        if (GC_LOG) appendFileSync(GC_LOG, d);
        return;
      }
      seen += d;
      const m = seen.match(/listening (\d+) index_load_s=([\d.]+)/);
      if (!m) return;
      listening = true;
      if (GC_LOG) appendFileSync(GC_LOG, seen.slice(seen.indexOf(m[0]) + m[0].length));
      resolve({ child, base: `http://127.0.0.1:${m[1]}`, loadSeconds: Number(m[2]) });
    });
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

// ---- main -------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const results: { corpus: Corpus; timings: Map<string, Timing> }[] = [];
  const runOne = async (open: () => Promise<Corpus>) => {
    const corpus = await open();
    try {
      results.push({ corpus, timings: await runCorpus(corpus, classes) });
    } finally {
      await corpus.database.close();
    }
  };
  for (const n of SQLITE_SIZES) await runOne(() => sqliteCorpus(n));
  if (PG_SIZES.length) {
    const server = startPostgres();
    const stop = () => server.stop();
    process.once('SIGINT', () => {
      stop();
      process.exit(130);
    });
    try {
      for (const n of PG_SIZES) await runOne(() => pgCorpus(server, n));
    } finally {
      stop();
    }
  }
  report(results);
}

function report(results: { corpus: Corpus; timings: Map<string, Timing> }[]): void {
  const names = [...new Set(results.flatMap((r) => [...r.timings.keys()]))];
  const heads = results.map((r) => `${r.corpus.dialect} ${label(r.corpus.works)}`);
  const width = Math.max(28, ...names.map((n) => n.length));
  const cell = (t: Timing | undefined) =>
    !t
      ? ''
      : t.error
        ? 'error'
        : [0.5, 0.95, 0.99, 0.999].map((q) => ms(percentile(t.samples, q))).join('/') +
          `/${ms(Math.max(...t.samples))}`;
  const col = 28;
  const lines: string[] = [];
  lines.push(
    '',
    `search latency through HTTP, ms p50/p95/p99/p99.9/max over ${RUNS} requests per class (after ${WARMUP} warm-up), the server in its own process`,
    '',
  );
  // Matches as the largest corpus counts them ("+": at least, the count stopped there).
  const largest = results.reduce((a, r) => (r.corpus.works > a.corpus.works ? r : a), results[0]!);
  lines.push(
    `${'class'.padEnd(width)}  ${heads.map((h) => h.padStart(col)).join('  ')}  ${`matches ${label(largest.corpus.works)}`.padStart(14)}`,
  );
  for (const name of names) {
    const ts = results.map((r) => r.timings.get(name));
    const big = largest.timings.get(name);
    const matches = `${big?.total ?? ''}${big?.page ? ` p${big.page}` : ''}`;
    lines.push(`${name.padEnd(width)}  ${ts.map((t) => cell(t).padStart(col)).join('  ')}  ${matches.padStart(14)}`);
  }
  lines.push(
    '',
    'the server per class: CPU ms per timed request; collections during them (over 5 ms), longest ms; on PostgreSQL, its CPU ms per request',
    '',
    `${'class'.padEnd(width)}  ${heads.map((h) => h.padStart(col)).join('  ')}`,
  );
  const serverCell = (t: Timing | undefined) =>
    t?.server
      ? `${t.server.cpuMs.toFixed(2)}; ${t.server.count} (${t.server.over5ms}), ${t.server.maxMs.toFixed(1)}` +
        (t.server.dbCpuMs !== undefined ? `; db ${t.server.dbCpuMs.toFixed(2)}` : '')
      : '';
  for (const name of names)
    lines.push(
      `${name.padEnd(width)}  ${results.map((r) => serverCell(r.timings.get(name)).padStart(col)).join('  ')}`,
    );
  const errors = results.flatMap((r) =>
    [...r.timings]
      .filter(([, t]) => t.error)
      .map(([n, t]) => `${r.corpus.dialect} ${label(r.corpus.works)} ${n}: ${t.error}`),
  );
  if (errors.length) lines.push('', 'errors:', ...errors.map((e) => `  ${e}`));
  lines.push('', 'corpora:');
  for (const { corpus } of results) {
    const i = corpus.info;
    lines.push(
      `  ${corpus.dialect} ${label(corpus.works)}: built in ${i.buildSeconds.toFixed(1)} s (${i.phases.map(([n, s]) => `${n} ${s.toFixed(1)}`).join(', ')}), ` +
        `${i.dbMb.toFixed(0)} MB${corpus.reused ? `, reused from ${i.builtAt}` : ''}` +
        (corpus.index
          ? `; filter index loaded in ${corpus.index.loadSeconds.toFixed(1)} s, ${corpus.index.mb.toFixed(0)} MB after the mix`
          : ''),
    );
  }
  console.log(lines.join('\n'));

  const sqlite = results
    .filter((r) => r.corpus.dialect === 'sqlite')
    .sort((a, b) => b.corpus.works - a.corpus.works)[0];
  if (!sqlite) return;
  const mix = classes(dummyPicks);
  const textOf = new Map(mix.map((q) => [q.name, q.text]));
  // A class that failed (a request over REQUEST_TIMEOUT_MS) counts as that long: its p99 is at least that.
  const p99s = [...sqlite.timings].map(([n, t]) => ({
    text: textOf.get(n) ?? false,
    p99: t.error ? REQUEST_TIMEOUT_MS : percentile(t.samples, 0.99),
  }));
  const worst = Math.max(...p99s.map((x) => x.p99));
  const tagOnly = Math.max(...p99s.filter((x) => !x.text).map((x) => x.p99));
  console.log(
    `bench:search works=${sqlite.corpus.works} p99_ms_worst_class=${worst.toFixed(1)} p99_ms_tag_only=${tagOnly.toFixed(1)} ` +
      `build_s=${sqlite.corpus.info.buildSeconds.toFixed(1)} db_mb=${sqlite.corpus.info.dbMb.toFixed(0)}`,
  );
}

/** Only the class names and their text flags are read from this. */
const dummyPicks: Picks = {
  bigFandom: '',
  midFandom: '',
  smallFandom: '',
  nextFandoms: ['', '', ''],
  bigCharacter: '',
  topRelationship: '',
  freeforms: ['', '', ''],
  creator: '',
  quietCreator: '',
  midWord: '',
  otherMidWord: '',
  rareWord: '',
  phrase: '',
  lastYear: '',
};

await main();
