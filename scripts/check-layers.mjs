#!/usr/bin/env node
// The layers as law (docs/ARCHITECTURE.md): only *.repo.ts files and src/db/ touch SQL; route files
// call services, never repos; page templates (*.html.ts) call no services; no value imports run in
// a circle; only src/config.ts reads process.env; markup is made only by src/markup/ (its unsafe*
// builders stay inside it) and SanitizedHtml only by the sanitiser. Prints each breach with its
// file and line, and exits 1 when there is any.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : /\.(ts|mjs)$/.test(name) ? [path] : [];
  });
}

const rel = (f) => relative(ROOT, f).split('\\').join('/');
// Tests and their helpers (test-*.ts, testing/, fixtures/) may set up rows directly. Matched on the
// path inside the project: a checkout in a folder named testing/ must not exempt every file.
const files = walk(SRC).filter((f) => !/\.test\.ts$|\/test-[^/]*\.ts$|\/testing\/|\/fixtures\//.test(rel(f)));
const IMPORT = /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm;
const SQL_CALL =
  /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(|\bsql(?:<[^>]*>)?`|\bsql\.(raw|ref|join|lit|id|table)\(/;

const breaches = [];
const graph = new Map();
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const me = rel(file);
  const isRepo = /\.repo\.ts$/.test(me) || me.startsWith('src/db/');
  const lineOf = (index) => text.slice(0, index).split('\n').length;
  const edges = [];
  for (const m of text.matchAll(IMPORT)) {
    const [, , typeOnly, spec] = m;
    const line = lineOf(m.index);
    if (spec === 'kysely' && !typeOnly && !isRepo && /\bsql\b/.test(m[0]))
      breaches.push(`${me}:${line}: sql-outside-repo: imports kysely's sql`);
    if (!spec.startsWith('.')) continue;
    const target = rel(resolve(dirname(file), spec));
    // A type names a shape, not a call: only value imports cross a layer.
    if (typeOnly) continue;
    if (/\.routes\.ts$/.test(me) && /\.repo\.ts$/.test(target))
      breaches.push(`${me}:${line}: route-imports-repo: ${target}`);
    if (/\.html\.ts$/.test(me) && /\.service\.ts$/.test(target))
      breaches.push(`${me}:${line}: page-imports-service: ${target}`);
    if (target.startsWith('src/markup/') && !me.startsWith('src/markup/') && /\bunsafe[A-Z]/.test(m[0]))
      breaches.push(`${me}:${line}: markup-escape-hatch: imports an unsafe* builder from ${target}`);
    edges.push(target);
  }
  if (!me.startsWith('src/markup/') && me !== 'src/importers/sanitize.ts') {
    text.split('\n').forEach((l, i) => {
      if (/\bas SanitizedHtml\b/.test(l) && !/^\s*(\/\/|\*)/.test(l))
        breaches.push(`${me}:${i + 1}: markup-escape-hatch: casts to SanitizedHtml`);
    });
  }
  if (!isRepo) {
    text.split('\n').forEach((l, i) => {
      if (SQL_CALL.test(l) && !/^\s*(\/\/|\*)/.test(l))
        breaches.push(`${me}:${i + 1}: sql-outside-repo: ${l.trim().slice(0, 80)}`);
    });
  }
  graph.set(me, edges);
}

// Settings are read in src/config.ts alone, so that each has one name, default and check.
// Test files may set the environment; test helpers read it through config like the rest.
for (const file of walk(SRC).filter((f) => !/\.test\.ts$/.test(f))) {
  const me = rel(file);
  if (me === 'src/config.ts') continue;
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((l, i) => {
      if (/\bprocess\.env\b/.test(l) && !/^\s*(\/\/|\*)/.test(l))
        breaches.push(`${me}:${i + 1}: env-outside-config: ${l.trim().slice(0, 80)}`);
    });
}

// Import circles: strongly connected components of the value-import graph (Tarjan).
let index = 0;
const stack = [];
const info = new Map();
function connect(v) {
  info.set(v, { index, low: index, onStack: true });
  index++;
  stack.push(v);
  for (const w of graph.get(v) ?? []) {
    if (!graph.has(w)) continue;
    if (!info.has(w)) {
      connect(w);
      info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
    } else if (info.get(w).onStack) info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
  }
  if (info.get(v).low === info.get(v).index) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      info.get(w).onStack = false;
      component.push(w);
    } while (w !== v);
    if (component.length > 1) breaches.push(`${component.sort()[0]}: import-circle: ${component.sort().join(' <-> ')}`);
  }
}
for (const v of graph.keys()) if (!info.has(v)) connect(v);

for (const b of breaches) console.error(`layers: ${b}`);
console.log(`layers: ${files.length} files, ${breaches.length} breaches`);
process.exitCode = breaches.length ? 1 : 0;
