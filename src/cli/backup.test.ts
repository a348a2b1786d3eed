// `quire backup` and `quire restore`, the real commands in their own processes, while another
// process keeps writing and acknowledging rows: every write acknowledged before the backup began
// is in the restored database, which opens and migrates. And the refusals: a missing file, a file
// that is no database, a database newer than this Quire, a database in use, one not to replace.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { openDatabase } from '../db/database.ts';
import { LATEST_SCHEMA_VERSION, migrate, schemaVersion } from '../db/migrations.ts';
import { describeEachDialect, emptyDatabase } from '../testing/databases.ts';
import { killIfRunning, lines, runQuire } from '../testing/processes.ts';

const WRITER = fileURLToPath(new URL('../testing/acknowledged-writer.ts', import.meta.url));

/** The numbers of the writer's accounts in a database, ascending. */
async function writerAccounts(url: string): Promise<number[]> {
  const database = await openDatabase(url);
  try {
    await migrate(database);
    assert.equal(await schemaVersion(database.db), LATEST_SCHEMA_VERSION);
    const rows = await database.db
      .selectFrom('users')
      .select('username')
      .where('username', 'like', 'writer-%')
      .execute();
    return rows.map((r) => Number(r.username.slice('writer-'.length))).sort((a, b) => a - b);
  } finally {
    await database.close();
  }
}

describeEachDialect('quire backup and quire restore', (ctx) => {
  test('a backup taken while another process writes keeps every write acknowledged before it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quire-backup-'));
    const writer = spawn(process.execPath, ['--import', 'tsx', WRITER, ctx.url], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let writerErr = '';
    writer.stderr!.on('data', (d) => (writerErr += d));
    const writerExited = new Promise<number | null>((resolve) => writer.on('close', (code) => resolve(code)));
    const acks = lines(writer.stdout!);
    const lastAck = () => Number(acks.seen.at(-1)?.match(/^acked (\d+)$/)?.[1] ?? 0);
    const target = await emptyDatabase(ctx.dialect);
    try {
      await Promise.race([acks.next(/^acked 20$/), writerExited.then(() => assert.fail(writerErr))]);
      // Everything acknowledged by now was committed before the backup started.
      const ackedBefore = lastAck();
      const file = join(dir, 'quire.backup');
      const backup = await runQuire(['backup', file, '--database', ctx.url]);
      assert.equal(backup.status, 0, backup.stderr);
      assert.match(backup.stdout, new RegExp(`schema version ${LATEST_SCHEMA_VERSION}`));
      // The writer went on through the backup and after it.
      const ackedAfter = lastAck();
      assert.ok(ackedAfter > ackedBefore, `writes went on during the backup: ${ackedBefore} then ${ackedAfter}`);
      await acks.next(new RegExp(`^acked ${ackedAfter + 1}$`));
      writer.kill('SIGTERM');
      assert.equal(await writerExited, 0, writerErr);

      const restore = await runQuire(['restore', file, '--database', target.url]);
      assert.equal(restore.status, 0, restore.stderr);
      const restored = await writerAccounts(target.url);
      // Whole transactions from 1 up, with none missing: a consistent snapshot.
      assert.deepEqual(
        restored,
        Array.from({ length: restored.length }, (_, i) => i + 1),
      );
      assert.ok(
        restored.length >= ackedBefore,
        `acknowledged before the backup: ${ackedBefore}; restored: ${restored.length}`,
      );
      assert.ok(restored.length <= lastAck());
    } finally {
      killIfRunning(writer);
      await target.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('restore refuses a missing file, a file that is no database, a newer schema, a database in use', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quire-restore-'));
    const target = await emptyDatabase(ctx.dialect);
    const restore = (file: string, url: string, ...flags: string[]) =>
      runQuire(['restore', file, '--database', url, ...flags]);
    try {
      const missing = await restore(join(dir, 'no-such.backup'), target.url);
      assert.equal(missing.status, 1);
      assert.match(missing.stderr, /no such file: .*no-such\.backup/);

      const text = join(dir, 'notes.txt');
      writeFileSync(text, 'not a database at all\n');
      const notDatabase = await restore(text, target.url);
      assert.equal(notDatabase.status, 1);
      assert.match(notDatabase.stderr, /is not a Quire backup: neither a SQLite database nor a pg_dump archive/);

      if (ctx.dialect === 'sqlite') {
        const foreign = join(dir, 'other.db');
        const other = new SqliteDatabase(foreign);
        other.exec('CREATE TABLE notes (body TEXT)');
        other.close();
        const notQuire = await restore(foreign, target.url);
        assert.equal(notQuire.status, 1);
        assert.match(notQuire.stderr, /is not a Quire database: it has no schema version/);
      }

      // A backup of the test's database as it is, before it is made to look newer.
      const current = join(dir, 'current.backup');
      assert.equal((await runQuire(['backup', current, '--database', ctx.url])).status, 0);

      // The test's database is open, a connection held as a server holds one: it is never replaced.
      const inUse = await ctx.database.db.connection().execute(() => restore(current, ctx.url, '--force'));
      assert.equal(inUse.status, 1);
      assert.match(inUse.stderr, ctx.dialect === 'sqlite' ? /is in use by another process/ : /other connection/);
      const unasked = await restore(current, ctx.url);
      assert.equal(unasked.status, 1);
      assert.match(unasked.stderr, /already holds a database|is not empty/);
      assert.match(unasked.stderr, /--force/);

      await ctx.database.db
        .insertInto('schema_migrations')
        .values({
          version: LATEST_SCHEMA_VERSION + 1,
          name: 'from a newer Quire',
          applied_at: new Date().toISOString(),
        })
        .execute();
      const newer = join(dir, 'newer.backup');
      const backup = await runQuire(['backup', newer, '--database', ctx.url]);
      assert.equal(backup.status, 0, backup.stderr);
      const tooNew = await restore(newer, target.url);
      assert.equal(tooNew.status, 1);
      assert.match(
        tooNew.stderr,
        new RegExp(
          `made by a newer Quire \\(schema version ${LATEST_SCHEMA_VERSION + 1}; this Quire knows up to ${LATEST_SCHEMA_VERSION}\\)`,
        ),
      );

      // None of that touched the target: the good backup still goes in, and a second time only with --force.
      assert.equal((await restore(current, target.url)).status, 0);
      assert.equal((await restore(current, target.url)).status, 1);
      const forced = await restore(current, target.url, '--force');
      assert.equal(forced.status, 0, forced.stderr);
      if (ctx.dialect === 'sqlite') assert.match(forced.stdout, /the database it replaced is kept as .*before-restore/);
      assert.deepEqual(await writerAccounts(target.url), []);
    } finally {
      await target.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
