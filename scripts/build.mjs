// `npm run build` (and `prepare`, so `npm ci` runs it): src/ compiled to dist/, which bin/quire.js
// and `npm start` run with no TypeScript loader. tsconfig.build.json emits without type-checking
// (`npm run typecheck` does that), so a type error never stops an install.
// dist/ mirrors src/ one folder deep from the root, so paths such as '../../canon/' resolve the
// same from either; files that are not TypeScript (worker entry points, CSS) are copied beside.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');
const ASSET = /\.(mjs|css)$/;

// A clean build: a module renamed or removed in src/ must not live on in dist/.
rmSync(DIST, { recursive: true, force: true });

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  console.error('build: typescript, a dev dependency, is not installed (npm ci, then npm prune --omit=dev)');
  process.exit(1);
}
const compiled = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
if (compiled.status !== 0) {
  console.error('build: tsc failed');
  process.exit(compiled.status ?? 1);
}

let copied = 0;
for (const entry of readdirSync(SRC, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !ASSET.test(entry.name)) continue;
  const from = join(entry.parentPath, entry.name);
  const rel = relative(SRC, from);
  if (rel.split(/[\\/]/).includes('fixtures')) continue;
  mkdirSync(dirname(join(DIST, rel)), { recursive: true });
  copyFileSync(from, join(DIST, rel));
  copied++;
}

// Written last: bin/quire.js compares the sources' times with this file's to tell a stale build.
writeFileSync(join(DIST, '.built'), `${new Date().toISOString()}\n`);
console.log(`build: dist/ from src/ (${copied} files copied as they are)`);
