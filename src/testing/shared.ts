// Where the team's shared samples are: beside the project (../shared), never inside it. They are
// not part of the project, so a test that reads them skips when they are absent (as in CI).
import { readSetting } from '../config.ts';

/** QUIRE_SHARED_DIR, else ../shared beside the project (src/config.ts says so once). */
export function sharedDir(): string {
  return readSetting('sharedDir');
}
