#!/usr/bin/env node
// Entry point for `npx quire` and `npm start`. It runs the JavaScript that `npm run build` (run by
// `npm ci`) compiles into dist/, with no TypeScript loader to start. When dist/ is missing, or a
// file in src/ is newer than the build, it runs the sources through tsx instead, so that an edit
// is never silently ignored; QUIRE_FROM_SOURCE=1 asks for the sources every time.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const why = process.env.QUIRE_FROM_SOURCE === '1' ? null : staleness();

if (why === undefined) {
  const { main } = await import('../dist/cli/quire.js');
  process.exitCode = await main(argv);
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    register = null;
  }
  if (register) {
    if (why) console.error(`quire: ${why}; running the TypeScript sources (npm run build compiles them)`);
    register();
    const { main } = await import('../src/cli/quire.ts');
    process.exitCode = await main(argv);
  } else if (why?.startsWith('src/')) {
    console.error(`quire: ${why}, and tsx is not installed to run them; npm run build compiles them`);
    const { main } = await import('../dist/cli/quire.js');
    process.exitCode = await main(argv);
  } else {
    console.error('quire: there is no build in dist/ (npm run build makes it) and tsx is not installed');
    process.exitCode = 1;
  }
}

/** Why the build cannot be run as it is, or undefined when it can. */
function staleness() {
  const built = statSync(new URL('../dist/.built', import.meta.url), { throwIfNoEntry: false });
  if (!built) return 'there is no build in dist/';
  const src = fileURLToPath(new URL('../src/', import.meta.url));
  let entries;
  try {
    entries = readdirSync(src, { recursive: true, withFileTypes: true });
  } catch {
    return undefined; // an install without the sources
  }
  for (const entry of entries) {
    // Tests and their fixtures are not part of the build (tsconfig.build.json).
    if (!entry.isFile() || /\.test\.ts$|^test-/.test(entry.name) || entry.parentPath.includes('fixtures')) continue;
    const file = join(entry.parentPath, entry.name);
    if (statSync(file).mtimeMs > built.mtimeMs) return `src/${relative(src, file)} is newer than the build in dist/`;
  }
  return undefined;
}
