#!/usr/bin/env node
// Entry point for `npx quire` and `npm start`. It runs the JavaScript that `npm run build` (run by
// `npm ci`) compiles into dist/, with no TypeScript loader to start. When dist/ is missing, or a
// file in src/ is newer than the build, it runs the sources through tsx instead, so that an edit
// is never silently ignored; QUIRE_FROM_SOURCE=1 asks for the sources every time.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const built = statSync(new URL('../dist/.built', import.meta.url), { throwIfNoEntry: false });
const asked = process.env.QUIRE_FROM_SOURCE === '1';
const why = asked ? 'QUIRE_FROM_SOURCE=1' : built ? newerSource(built.mtimeMs) : 'there is no build in dist/';

let main;
if (why) {
  const tsx = await import('tsx/esm/api').catch(() => null);
  if (tsx) {
    if (!asked) console.error(`quire: ${why}; running the TypeScript sources (npm run build compiles them)`);
    tsx.register();
    ({ main } = await import('../src/cli/quire.ts'));
  } else if (built) {
    console.error(`quire: ${why}, and tsx is not installed to run the sources; running the build in dist/`);
  } else {
    console.error('quire: there is no build in dist/ (npm run build makes it), and tsx is not installed');
    process.exit(1);
  }
}
({ main } = main ? { main } : await import('../dist/cli/quire.js'));
process.exitCode = await main(process.argv.slice(2));

/** The first source file changed since the build, as a reason to run the sources; null if none. */
function newerSource(builtMs) {
  const src = fileURLToPath(new URL('../src/', import.meta.url));
  let entries;
  try {
    entries = readdirSync(src, { recursive: true, withFileTypes: true });
  } catch {
    return null; // an install without the sources
  }
  for (const entry of entries) {
    // Tests and their fixtures are not part of the build (tsconfig.build.json).
    if (!entry.isFile() || /\.test\.ts$|^test-/.test(entry.name) || entry.parentPath.includes('fixtures')) continue;
    const file = join(entry.parentPath, entry.name);
    if (statSync(file).mtimeMs > builtMs) return `src/${relative(src, file)} is newer than the build in dist/`;
  }
  return null;
}
