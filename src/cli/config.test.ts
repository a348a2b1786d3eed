import assert from 'node:assert/strict';
import test from 'node:test';
import { effectiveConfig } from '../config.ts';
import { formatConfig } from './config.ts';

test('quire config shows each value and its source, masks secrets and lists bad values', () => {
  const out = formatConfig(
    effectiveConfig({
      env: { QUIRE_SECRET: 'hunter2hunter2', QUIRE_BASE_URL: 'https://fic.example.org', QUIRE_PG_POOL: 'many' },
      flags: { database: 'postgres://quire:topsecret@db/quire', port: '8080' },
    }),
  );
  assert.match(out, /^database\s+DATABASE_URL\s+postgres:\/\/quire:\*\*\*@db\/quire\s+flag --database$/m);
  assert.match(out, /^port\s+PORT\s+8080\s+flag --port$/m);
  assert.match(out, /^host\s+HOST\s+127\.0\.0\.1\s+default$/m);
  assert.match(out, /^publicUrl\s+QUIRE_PUBLIC_URL\s+https:\/\/fic\.example\.org\s+environment \(QUIRE_BASE_URL\)$/m);
  assert.match(out, /^secret\s+QUIRE_SECRET\s+\*\*\* \(set\)\s+environment$/m);
  assert.match(out, /^pgPool\s+QUIRE_PG_POOL\s+INVALID \(below\)\s+environment$/m);
  assert.match(out, /# invalid values\n {2}QUIRE_PG_POOL must be a whole number, at least 1; got "many"/);
  assert.doesNotMatch(out, /hunter2|topsecret/);
});
