// npm run fuzz — a bounded fuzzing run over what strangers can hand the archive: import files and
// HTTP requests.
//
// Files: generated .txt .md .html .htm .docx .epub files (stories, hostile shapes, broken bytes,
// lying encodings, zip bombs) read as `quire import` reads them, on the text workers under a time
// budget (bench/fuzz/files.ts). Requests: generated requests for every route in the server's
// route table, with malformed bodies, headers, paths and queries, signed in and not, sent to a
// served archive on 127.0.0.1 on SQLite and on PostgreSQL (bench/fuzz/http.ts). Every input comes
// from FUZZ_SEED and its number, so a failure names what rebuilds it; failing inputs are also
// written to a folder under the system's temp dir. Ends with one line, and exits 1 on any failure:
//   fuzz: files=N requests=M crashes=C hangs=H server_errors=E slowest_ms=S
//
// Settings (environment):
//   FUZZ_SECONDS    the run's length in seconds, about (default 120): files get 65% of it, each
//                   database half the rest; a part short of its minimum count goes on past its
//                   share until it has it, for up to four times its share (at least a minute)
//   FUZZ_FILES      files at least (default 10000)
//   FUZZ_REQUESTS   requests at least, per database (default 5000: 10000 over the two)
//   FUZZ_SEED       seed (default quire-fuzz)
//   FUZZ_BUDGET_MS  the text workers' budget per file (default 2500; past 2000 ms is a hang anyway)
//   FUZZ_DATABASES  sqlite,postgres (default both)
//   FUZZ_PRINT_LIMIT  failures listed one a line at most (default 200; all are in the folder)
//   QUIRE_TEST_PG_URL  an existing PostgreSQL to make the database on; without it a throwaway
//                   cluster is started with scripts/postgres-throwaway.sh and deleted afterwards
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Failure, fuzzFiles } from './fuzz/files.ts';
import { fuzzHttp } from './fuzz/http.ts';

function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`fuzz: ${name} must be a number, not '${raw}'`);
  return n;
}

const SECONDS = setting('FUZZ_SECONDS', 120);
const MIN_FILES = setting('FUZZ_FILES', 10_000);
const MIN_REQUESTS = setting('FUZZ_REQUESTS', 5_000);
const BUDGET_MS = setting('FUZZ_BUDGET_MS', 2500);
const SEED = process.env.FUZZ_SEED || 'quire-fuzz';
const DATABASES = (process.env.FUZZ_DATABASES ?? 'sqlite,postgres').split(',').filter(Boolean);
// Files are slower to fuzz than requests, so they get the larger share of the time.
const FILE_SHARE = 0.65;
const PRINT_LIMIT = setting('FUZZ_PRINT_LIMIT', 200);

/** How long a part may run on to reach its minimum count: four times its share, at least a minute. */
const hardLimit = (share: number) => Math.max(60, share * 4);

const progress = (line: string) => process.stderr.write(`fuzz: ${line}\n`);

/** Writes every failing input with its details; returns the folder. */
function writeFailures(failures: Failure[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'quire-fuzz-failures-'));
  failures.forEach((f, i) => {
    const sub = join(dir, `${String(i + 1).padStart(4, '0')}-${f.kind}`);
    mkdirSync(sub);
    writeFileSync(join(sub, 'summary.txt'), `${f.summary}\n\n${f.detail}\n`);
    for (const [name, body] of Object.entries(f.inputs)) writeFileSync(join(sub, name), body);
  });
  writeFileSync(join(dir, 'index.txt'), failures.map((f, i) => `${i + 1} ${f.kind}: ${f.summary}\n`).join(''));
  return dir;
}

/** Each cause once with its details and count, then every failure's one-line summary (up to PRINT_LIMIT). */
function printFailures(failures: Failure[], dir: string): void {
  const groups = new Map<string, Failure[]>();
  for (const f of failures) groups.set(f.signature, [...(groups.get(f.signature) ?? []), f]);
  console.log(`failures: ${failures.length} from ${groups.size} causes (inputs and details in ${dir}):`);
  for (const [signature, list] of groups) {
    console.log(`  ${list.length}× ${list[0]!.kind}: ${signature}\n    e.g. ${list[0]!.summary}`);
    for (const line of list[0]!.detail.split('\n').slice(0, 6)) console.log(`      ${line.slice(0, 400)}`);
  }
  console.log('every failure:');
  for (const f of failures.slice(0, PRINT_LIMIT)) console.log(`  ${f.kind}: ${f.summary}`);
  if (failures.length > PRINT_LIMIT)
    console.log(`  … and ${failures.length - PRINT_LIMIT} more, listed in ${join(dir, 'index.txt')}`);
}

async function main(): Promise<number> {
  progress(
    `seed=${SEED} seconds=${SECONDS} files>=${MIN_FILES} requests>=${MIN_REQUESTS} per database (${DATABASES.join(', ')})`,
  );
  const fileSeconds = SECONDS * FILE_SHARE;
  const files = await fuzzFiles({
    seed: SEED,
    minFiles: MIN_FILES,
    seconds: fileSeconds,
    hardSeconds: hardLimit(fileSeconds),
    budgetMs: BUDGET_MS,
    progress,
  });
  const httpSeconds = (SECONDS * (1 - FILE_SHARE)) / Math.max(1, DATABASES.length);
  const http = await fuzzHttp({
    seed: SEED,
    databases: DATABASES,
    minRequests: MIN_REQUESTS,
    seconds: httpSeconds,
    hardSeconds: hardLimit(httpSeconds),
    progress,
  });

  const failures = [...files.failures, ...http.failures];
  if (failures.length > 0) {
    printFailures(failures, writeFailures(failures));
  }
  console.log(`slowest file: ${files.slowest || 'none'}`);
  const crashes = files.crashes;
  const hangs = files.hangs;
  const serverErrors = http.serverErrors;
  console.log(
    `fuzz: files=${files.files} requests=${http.requests} crashes=${crashes} hangs=${hangs} server_errors=${serverErrors} slowest_ms=${Math.round(files.slowestMs)}`,
  );
  return crashes + hangs + serverErrors > 0 ? 1 : 0;
}

process.exitCode = await main();
