// Where the team's shared samples are: beside the project (../shared), never inside it. They are
// not part of the project, so a test that reads them skips when they are absent (as in CI).
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** QUIRE_SHARED_DIR, else ../shared beside the project. Read here alone, so it can move to the config. */
export function sharedDir(): string {
  return resolve(process.env.QUIRE_SHARED_DIR || join(PROJECT, '..', 'shared'));
}
