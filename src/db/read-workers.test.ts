import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { ReadWorkerError, ReadWorkers } from './read-workers.ts';

let dir: string;
let path: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'quire-readers-'));
  path = join(dir, 'archive.db');
  const sqlite = new SqliteDatabase(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.exec('CREATE TABLE shelf (id INTEGER PRIMARY KEY, title TEXT NOT NULL)');
  const add = sqlite.prepare('INSERT INTO shelf (id, title) VALUES (?, ?)');
  for (let id = 1; id <= 1_000; id++) add.run(id, `Story ${id}`);
  sqlite.close();
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('read workers run statements with parameters, several at once, rows as arrays', async () => {
  const readers = new ReadWorkers({ path, cacheKib: 2_048 }, 2);
  try {
    const parts = await Promise.all([
      readers.run('SELECT COUNT(*), MIN(id), MAX(id) FROM shelf WHERE id BETWEEN ? AND ?', [1, 500]),
      readers.run('SELECT COUNT(*), MIN(id), MAX(id) FROM shelf WHERE id BETWEEN ? AND ?', [501, 1_000]),
      readers.run('SELECT title FROM shelf WHERE id = ?', [42]),
    ]);
    assert.deepEqual(parts, [[[500, 1, 500]], [[500, 501, 1_000]], [['Story 42']]]);
    // The same statement again is answered by its prepared copy, with new parameters.
    assert.deepEqual(await readers.run('SELECT title FROM shelf WHERE id = ?', [7]), [['Story 7']]);
  } finally {
    await readers.close();
  }
});

test('a statement the worker cannot run fails with its reason, and the worker goes on', async () => {
  const readers = new ReadWorkers({ path, cacheKib: 2_048 }, 1);
  try {
    await assert.rejects(
      readers.run('SELECT nope FROM shelf', []),
      (e: unknown) => e instanceof ReadWorkerError && /no such column: nope/.test(e.message),
    );
    // Read-only: a worker never writes to the archive.
    await assert.rejects(readers.run("UPDATE shelf SET title = 'x'", []), ReadWorkerError);
    assert.deepEqual(await readers.run('SELECT COUNT(*) FROM shelf WHERE title = ?', ['x']), [[0]]);
  } finally {
    await readers.close();
  }
});

test('a worker that cannot open the file fails the query, and closing refuses new ones', async () => {
  const missing = new ReadWorkers({ path: join(dir, 'missing.db'), cacheKib: 2_048 }, 1);
  await assert.rejects(
    missing.run('SELECT 1', []),
    (e: unknown) => e instanceof ReadWorkerError && /missing\.db|unable to open|does not exist/i.test(e.message),
  );
  await missing.close();
  await assert.rejects(missing.run('SELECT 1', []), /closed/);
});

test('a process whose read workers are idle exits without closing them', () => {
  // The pool holds the process open only while a query runs: a CLI command that split a query
  // and never closed the database must still end.
  const script = `
    import { ReadWorkers } from ${JSON.stringify(new URL('./read-workers.ts', import.meta.url).href)};
    const readers = new ReadWorkers({ path: ${JSON.stringify(path)}, cacheKib: 2_048 }, 2);
    const rows = await readers.run('SELECT COUNT(*) FROM shelf', []);
    console.log(JSON.stringify(rows));`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  assert.equal(child.signal, null, 'the process ended by itself');
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout.trim(), '[[1000]]');
});
