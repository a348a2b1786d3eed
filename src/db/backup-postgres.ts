// Backups on PostgreSQL are PostgreSQL's own: pg_dump writes a consistent snapshot (one
// repeatable-read transaction, while the archive goes on serving) in its custom format, and
// pg_restore reads it back. Quire runs them when they are installed and checks what it can around
// them: that the file is a dump of a Quire database of a schema this Quire knows, and that nothing
// else is connected to the database a restore replaces.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import pg from 'pg';
import { environmentWith } from '../config.ts';
import {
  type BackupInfo,
  BackupError,
  backupKind,
  checkSchemaVersion,
  type RestoreResult,
  writeWhole,
} from './backup.ts';
import { openDatabase } from './database.ts';
import { migrate, schemaVersion } from './migrations.ts';

/** What to run by hand when pg_dump or pg_restore is not installed where Quire runs. */
export const POSTGRES_ADVICE = `pg_dump and pg_restore come with PostgreSQL's client tools (Debian: postgresql-client, of the
server's major version or newer). By hand:
  pg_dump --format=custom --no-owner --file=quire.dump "$DATABASE_URL"
  pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error --dbname="$DATABASE_URL" quire.dump`;

/** Runs a PostgreSQL client program against `url`, its password passed in the environment, not on the command line. */
function runClient(program: string, args: string[], url: string): { stdout: string } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  const run = spawnSync(program, [...args, `--dbname=${parsed.toString()}`], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: environmentWith(password ? { PGPASSWORD: password } : {}),
  });
  if (run.error) {
    if ((run.error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new BackupError(`${program} is not installed here.\n${POSTGRES_ADVICE}`);
    throw new BackupError(`${program} did not run: ${run.error.message}`);
  }
  if (run.status !== 0) throw new BackupError(`${program} failed (exit ${run.status}): ${run.stderr.trim()}`);
  return { stdout: run.stdout };
}

/** A pg_dump archive's schema version, read from its copy of schema_migrations without restoring it. */
export function inspectPostgresBackup(file: string): BackupInfo {
  if (backupKind(file) !== 'pg_dump')
    throw new BackupError(`${file} is a SQLite backup: restore it into a sqlite: database`);
  const run = spawnSync('pg_restore', ['--data-only', '--table=schema_migrations', '--file=-', file], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw new BackupError(`pg_restore is not installed here.\n${POSTGRES_ADVICE}`);
  if (run.status !== 0) throw new BackupError(`${file} is not a readable pg_dump archive: ${run.stderr.trim()}`);
  // The table's rows come as COPY data: one tab-separated line each, version first, ended by `\.`.
  const copy = run.stdout.match(/^COPY [^\n]*schema_migrations [^\n]*FROM stdin;\n([\s\S]*?)^\\\.$/m);
  const versions = (copy?.[1] ?? '')
    .split('\n')
    .filter(Boolean)
    .map((line) => Number(line.split('\t')[0]));
  const version = versions.length ? Math.max(...versions) : 0;
  return { kind: 'pg_dump', schemaVersion: version, bytes: statSync(file).size };
}

/** pg_dump of the database at `url` into `file`, which must not exist yet. */
export function backupPostgres(url: string, file: string): Promise<BackupInfo> {
  return writeWhole(file, (partial) => {
    runClient('pg_dump', ['--format=custom', '--no-owner', `--file=${partial}`], url);
    return inspectPostgresBackup(partial);
  });
}

/**
 * pg_restore of `file` into the database at `url`: an empty database, or with `force` one that
 * holds an archive no one else is connected to. The restore is one transaction: it applies whole
 * or not at all.
 */
export async function restorePostgres(file: string, url: string, force: boolean): Promise<RestoreResult> {
  const info = inspectPostgresBackup(file);
  checkSchemaVersion(file, info.schemaVersion);
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (e) {
    throw new BackupError(`cannot connect to the database to restore into: ${(e as Error).message}`);
  }
  try {
    const tables = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'",
    );
    if (tables.rows[0]!.n > 0 && !force)
      throw new BackupError(
        'the database to restore into is not empty: restoring replaces what it holds, so say so with --force',
      );
    const others = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    if (others.rows[0]!.n > 0)
      throw new BackupError(
        `${others.rows[0]!.n} other connection(s) to the database (running quire serve processes?): stop them first; a restore never replaces a database in use`,
      );
  } finally {
    await client.end();
  }
  runClient(
    'pg_restore',
    ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', file],
    url,
  );
  const database = await openDatabase(url);
  try {
    await migrate(database);
    return { info, schemaVersion: await schemaVersion(database.db) };
  } finally {
    await database.close();
  }
}
