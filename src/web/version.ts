// The running Quire's version, from package.json: the OpenAPI document names it, and a page's
// validator changes with it (a new release may render the same work differently).
import { readFileSync } from 'node:fs';

export const QUIRE_VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
