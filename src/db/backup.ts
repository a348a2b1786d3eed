// Backing up the archive's database and restoring a backup. SQLite: `VACUUM INTO` writes a
// consistent copy from inside one read transaction, so it runs while the archive serves and takes
// what is still in the write-ahead log (a plain copy of the file would not). PostgreSQL: pg_dump
// and pg_restore (backup-postgres.ts), which take the same kind of snapshot.
//
// A restore never replaces a database another process has open: a server keeps writing to the file
// it opened, and its writes would vanish with the replaced file. An existing database is replaced
// only when asked (`force`), and is kept beside the new one rather than deleted.
import {
  copyFileSync,
  existsSync,
  openSync,
  readSync,
  closeSync,
  renameSync,
  rmSync,
  statSync,
  mkdirSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { openDatabase } from './database.ts';
import { LATEST_SCHEMA_VERSION, migrate, schemaVersion } from './migrations.ts';

/** A backup or restore refused or failed, with a message meant for the person running it. */
export class BackupError extends Error {}

export type BackupKind = 'sqlite' | 'pg_dump';

/** What a backup file holds, read without changing it. */
export interface BackupInfo {
  kind: BackupKind;
  schemaVersion: number;
  bytes: number;
  /** Works in it (SQLite only: reading a pg_dump archive's rows would mean restoring it). */
  works?: number;
}

/** The first bytes of each kind of file a backup can be. */
const MAGIC: [BackupKind, string][] = [
  ['sqlite', 'SQLite format 3\0'],
  ['pg_dump', 'PGDMP'],
];

/** Which kind of backup a file is, or a BackupError saying why it is none. */
export function backupKind(file: string): BackupKind {
  if (!existsSync(file)) throw new BackupError(`no such file: ${file}`);
  const stat = statSync(file);
  if (!stat.isFile()) throw new BackupError(`${file} is not a file`);
  const head = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  for (const [kind, magic] of MAGIC) if (head.subarray(0, magic.length).toString('latin1') === magic) return kind;
  throw new BackupError(`${file} is not a Quire backup: neither a SQLite database nor a pg_dump archive`);
}

/** Refuses a schema version this Quire cannot restore: none (not Quire's) or a newer one. */
export function checkSchemaVersion(file: string, version: number): void {
  if (version <= 0) throw new BackupError(`${file} is not a Quire database: it has no schema version`);
  if (version > LATEST_SCHEMA_VERSION)
    throw new BackupError(
      `${file} was made by a newer Quire (schema version ${version}; this Quire knows up to ${LATEST_SCHEMA_VERSION}): upgrade Quire before restoring it`,
    );
}

/** A SQLite backup's schema version and works, read only; refuses a file that is not a sound SQLite database. */
export function inspectSqliteBackup(file: string): BackupInfo {
  let db: SqliteDatabase.Database;
  try {
    db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new BackupError(`${file} cannot be opened as a SQLite database: ${(e as Error).message}`);
  }
  try {
    let check: unknown;
    try {
      check = db.pragma('quick_check', { simple: true });
    } catch (e) {
      throw new BackupError(`${file} is damaged: ${(e as Error).message}`);
    }
    if (check !== 'ok') throw new BackupError(`${file} is damaged: ${String(check)}`);
    const hasVersions = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
      .get();
    const version = hasVersions
      ? Number((db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0)
      : 0;
    const works =
      version > 0 ? Number((db.prepare('SELECT count(*) AS n FROM works').get() as { n: number }).n) : undefined;
    return { kind: 'sqlite', schemaVersion: version, bytes: statSync(file).size, works };
  } finally {
    db.close();
  }
}

/** A name beside `path` that no file has yet, for a file being written before it is renamed. */
function besidePath(path: string, what: string): string {
  return `${path}.${what}-${new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${process.pid}`;
}

/**
 * Writes a backup to `file`, which must not exist yet, through `write` given another name beside
 * it, renamed once whole: FILE is either absent or a whole backup.
 */
export async function writeWhole(
  file: string,
  write: (partial: string) => Promise<BackupInfo> | BackupInfo,
): Promise<BackupInfo> {
  if (existsSync(file))
    throw new BackupError(`${file} already exists: choose another name (a backup never overwrites)`);
  mkdirSync(dirname(resolve(file)), { recursive: true });
  const partial = besidePath(file, 'partial');
  try {
    const info = await write(partial);
    renameSync(partial, file);
    return info;
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
}

/** Writes a consistent copy of the SQLite archive at `path` to `file`, which must not exist yet. */
export async function backupSqlite(path: string, file: string): Promise<BackupInfo> {
  if (!existsSync(path)) throw new BackupError(`there is no database at ${path}`);
  return writeWhole(file, async (partial) => {
    // Opened as it is, never migrated: a backup records the database as it was.
    const database = await openDatabase(`sqlite:${path}`);
    try {
      await sql`VACUUM INTO ${partial}`.execute(database.db);
    } finally {
      await database.close();
    }
    return inspectSqliteBackup(partial);
  });
}

/** What restoring did: the backup's details, and where the database it replaced was put. */
export interface RestoreResult {
  info: BackupInfo;
  /** The schema version after migrating the restored database. */
  schemaVersion: number;
  /** The replaced database, kept under this name (only when there was one). */
  keptAs?: string;
}

/**
 * Holds `path` for the caller alone, or throws: another connection (a running server, its read
 * workers, a CLI command) keeps a lock on a database it has open, and leaving WAL mode needs
 * there to be none. The switch also folds the log into the file, so the file alone is the database.
 */
function holdAlone(path: string): SqliteDatabase.Database {
  const db = new SqliteDatabase(path, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('journal_mode = DELETE');
    db.exec('BEGIN EXCLUSIVE');
    return db;
  } catch (e) {
    db.close();
    if ((e as { code?: string }).code === 'SQLITE_BUSY')
      throw new BackupError(
        `${path} is in use by another process (a running quire serve?): stop it first; a restore never replaces a database that is open`,
      );
    throw new BackupError(`${path} cannot be replaced: ${(e as Error).message}`);
  }
}

/** Restores a SQLite backup to `target` (a file path): a new file, or with `force` an unused one. */
export async function restoreSqlite(file: string, target: string, force: boolean): Promise<RestoreResult> {
  const info = inspectSqliteBackup(file);
  checkSchemaVersion(file, info.schemaVersion);
  if (resolve(file) === resolve(target)) throw new BackupError(`${file} is the database to restore into`);
  const existing = existsSync(target) && statSync(target).size > 0;
  if (existing && !force)
    throw new BackupError(
      `${target} already holds a database: restoring replaces it, so say so with --force (the old file is kept beside it)`,
    );
  // The copy is opened and migrated under another name, so a failure leaves the target as it was.
  const restoring = besidePath(target, 'restoring');
  mkdirSync(dirname(resolve(target)), { recursive: true });
  copyFileSync(file, restoring);
  let schemaVersion: number;
  try {
    schemaVersion = await migrateFile(restoring);
  } catch (e) {
    removeDatabaseFiles(restoring);
    throw new BackupError(`the backup did not open and migrate: ${(e as Error).message}`);
  }
  if (!existing) {
    removeDatabaseFiles(target);
    renameSync(restoring, target);
    return { info, schemaVersion };
  }
  let lock: SqliteDatabase.Database;
  try {
    lock = holdAlone(target);
  } catch (e) {
    removeDatabaseFiles(restoring);
    throw e;
  }
  const keptAs = besidePath(target, 'before-restore');
  try {
    renameSync(target, keptAs);
    renameSync(restoring, target);
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(target + suffix, { force: true });
  } finally {
    lock.exec('ROLLBACK');
    lock.close();
  }
  return { info, schemaVersion, keptAs };
}

/** Opens a SQLite file as the archive does, applies pending migrations, and closes it cleanly. */
async function migrateFile(path: string): Promise<number> {
  const database = await openDatabase(`sqlite:${path}`);
  try {
    await migrate(database);
    return await schemaVersion(database.db);
  } finally {
    await database.close();
  }
}

function removeDatabaseFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}
