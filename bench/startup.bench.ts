// npm run bench:startup — how long `quire --help` takes to start, against bare Node.
//
// Runs `node bin/quire.js --help` and `node -e 0` alternately, RUNS times each, and prints the
// median wall time of each and their ratio, as one machine-readable line:
//   bench:startup quire_help_ms=X node_ms=Y ratio=R
// Target: a ratio of 2 or less, which the compiled build in dist/ meets and a run-time TypeScript
// loader does not. A stale or missing build is refused, since bin/quire.js would then run the
// sources through tsx and the figure would not be the shipped one.
//
// Settings (environment): BENCH_RUNS, runs of each command (default 7).
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 7));
const QUIRE = [join(ROOT, 'bin', 'quire.js'), '--help'];
const NODE = ['-e', '0'];

/** Wall milliseconds of one run of node with these arguments, which must succeed quietly. */
function timed(args: string[]): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env } });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0 || run.stderr) {
    console.error(`bench:startup: node ${args.join(' ')} exited ${run.status}, saying:\n${run.stderr}`);
    process.exit(1);
  }
  return ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

// One untimed run of each warms the file cache, and refuses a build bin/quire.js would not run.
timed(NODE);
timed(QUIRE);
const quire: number[] = [];
const node: number[] = [];
for (let i = 0; i < RUNS; i++) {
  node.push(timed(NODE));
  quire.push(timed(QUIRE));
}
const q = median(quire);
const n = median(node);
console.log(`quire --help: ${quire.map((ms) => ms.toFixed(0)).join(' ')} ms`);
console.log(`node -e 0:    ${node.map((ms) => ms.toFixed(0)).join(' ')} ms`);
console.log(`bench:startup quire_help_ms=${q.toFixed(1)} node_ms=${n.toFixed(1)} ratio=${(q / n).toFixed(2)}`);
