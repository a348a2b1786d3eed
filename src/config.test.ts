import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import test from 'node:test';
import {
  configErrors,
  configTable,
  effectiveConfig,
  readSetting,
  rawSetting,
  TABLE_END,
  TABLE_START,
} from './config.ts';
import { parseConfidence } from './config-values.ts';

test('a setting comes from its flag, else its variable, else an older name, else its default', () => {
  const env = { QUIRE_BASE_URL: 'https://old.example.org/path' };
  assert.equal(readSetting('publicUrl', { env }), 'https://old.example.org');
  assert.equal(
    readSetting('publicUrl', { env: { ...env, QUIRE_PUBLIC_URL: 'http://new.example' } }),
    'http://new.example',
  );
  assert.equal(readSetting('publicUrl', { env: {} }), null);
  assert.deepEqual(rawSetting('port', { env: { PORT: '8080' }, flag: '9090' }), {
    raw: '9090',
    source: 'flag',
    from: '--port',
  });
  assert.equal(readSetting('port', { env: { PORT: '8080' } }), 8080);
  assert.equal(readSetting('port', { env: {} }), 3000);
  assert.equal(readSetting('database', { env: {} }), 'sqlite:data/quire.db');
});

test('values are read when asked for, so a changed environment counts', () => {
  const before = process.env.QUIRE_SEARCH_ENGINE;
  try {
    process.env.QUIRE_SEARCH_ENGINE = 'sql';
    assert.equal(readSetting('searchEngine'), 'sql');
    delete process.env.QUIRE_SEARCH_ENGINE;
    assert.equal(readSetting('searchEngine'), 'index');
  } finally {
    if (before !== undefined) process.env.QUIRE_SEARCH_ENGINE = before;
  }
});

test('a bad value is an error naming its variable or flag and what was expected', () => {
  assert.throws(
    () => readSetting('port', { env: { PORT: 'http' } }),
    /PORT must be a port number from 0 to 65535; got "http"/,
  );
  assert.throws(() => readSetting('port', { env: {}, flag: '-1' }), /--port must be/);
  assert.throws(
    () => readSetting('textBudgetMs', { env: { QUIRE_TEXT_BUDGET_MS: '50' } }),
    /QUIRE_TEXT_BUDGET_MS.*at least 100/,
  );
  assert.throws(() => readSetting('readWorkers', { env: { QUIRE_READ_WORKERS: '1.5' } }), /QUIRE_READ_WORKERS/);
  assert.throws(
    () => readSetting('publicUrl', { env: { QUIRE_BASE_URL: 'ftp://x' } }),
    /QUIRE_BASE_URL must start with http:\/\/ or https:\/\//,
  );
  assert.throws(
    () => readSetting('database', { env: { DATABASE_URL: 'mysql://root:pw@h/db' } }),
    /DATABASE_URL: .*mysql/,
  );
  assert.throws(() => readSetting('corpusJournal', { env: { QUIRE_CORPUS_JOURNAL: 'WAL; DROP' } }), /one of DELETE/);
  assert.deepEqual(configErrors({ env: { QUIRE_PG_POOL: 'ten', QUIRE_SEARCH_ENGINE: 'fast' } }), [
    'QUIRE_PG_POOL must be a whole number, at least 1; got "ten"',
    'QUIRE_SEARCH_ENGINE must be "index" or "sql"; got "fast"',
  ]);
  assert.deepEqual(configErrors({ env: {} }), []);
});

test('the parsing each setting had before it moved here stands', () => {
  assert.equal(readSetting('readWorkers', { env: { QUIRE_READ_WORKERS: '0' } }), 0);
  assert.equal(readSetting('textBudgetMs', { env: { QUIRE_TEXT_BUDGET_MS: '' } }), 30_000);
  assert.equal(readSetting('downloadsDir', { env: { QUIRE_DOWNLOADS_DIR: 'off' } }), null);
  assert.deepEqual(readSetting('allowedHosts', { env: { QUIRE_ALLOWED_HOSTS: ' A.example, b.example ,' } }), [
    'a.example',
    'b.example',
  ]);
  assert.equal(readSetting('log', { env: { QUIRE_LOG: 'off' } }), false);
  assert.equal(readSetting('log', { env: { QUIRE_LOG: 'yes' } }), true);
  assert.equal(
    readSetting('trustProxy', { env: { QUIRE_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' } }),
    '127.0.0.1,10.0.0.0/8',
  );
  assert.equal(readSetting('secret', { env: { QUIRE_SECRET: '' } }), undefined);
  assert.equal(readSetting('ci', { env: { CI: 'true' } }), true);
  assert.equal(readSetting('ci', { env: { CI: '1' } }), false);
});

test('--apply-suggestions and QUIRE_APPLY_SUGGESTIONS take a confidence or none, and name a bad value', () => {
  const at = (raw: string | undefined) => readSetting('applySuggestions', { env: {}, flag: raw });
  assert.equal(at(undefined), 0.8);
  assert.equal(at(''), 0.8);
  assert.equal(at('0.9'), 0.9);
  assert.equal(at('None'), null);
  assert.throws(() => at('1.5'), /--apply-suggestions must be a confidence from 0 to 1, or "none"; got "1.5"/);
  assert.throws(
    () => readSetting('applySuggestions', { env: { QUIRE_APPLY_SUGGESTIONS: 'high' } }),
    /QUIRE_APPLY_SUGGESTIONS .*got "high"/,
  );
});

test('one confidence reader for flags, variables and forms', () => {
  assert.equal(parseConfidence(undefined, '--min'), undefined);
  assert.equal(parseConfidence(' ', '--min'), undefined);
  assert.equal(parseConfidence('0', '--min'), 0);
  assert.equal(parseConfidence('1', '--min'), 1);
  for (const bad of ['-0.1', '1.01', 'NaN', 'Infinity', 'high'])
    assert.throws(
      () => parseConfidence(bad, 'from'),
      new RegExp(`from must be a confidence from 0 to 1; got "${bad}"`),
    );
});

test('secrets are masked, and every value says where it came from', () => {
  const shown = Object.fromEntries(
    effectiveConfig({
      env: { QUIRE_SECRET: 'hunter2hunter2', QUIRE_TEST_PG_URL: 'postgres://quire:pw@localhost:5432/x' },
      flags: { database: 'postgres://admin:topsecret@db/quire' },
    }).map((s) => [s.name, s]),
  );
  assert.equal(shown.secret?.shown, '*** (set)');
  assert.equal(shown.secret?.source, 'environment');
  assert.equal(shown.database?.shown, 'postgres://admin:***@db/quire');
  assert.equal(shown.database?.source, 'flag');
  assert.equal(shown.testPgUrl?.shown, 'postgres://quire:***@localhost:5432/x');
  assert.equal(shown.port?.source, 'default');
  assert.doesNotMatch(JSON.stringify(Object.values(shown)), /hunter2|topsecret|:pw@/);
});

test("the README's configuration table is the one config.ts generates", () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  assert.ok(start >= 0 && end > start, `README.md lacks the markers ${TABLE_START} ... ${TABLE_END}`);
  assert.equal(
    readme.slice(start, end + TABLE_END.length),
    configTable(),
    "README.md's configuration table differs from src/config.ts: run `node --import tsx scripts/config-table.ts --write`",
  );
});
