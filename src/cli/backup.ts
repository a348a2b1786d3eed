// quire backup FILE — a consistent copy of the archive's database, taken while it serves.
import { parseArgs } from 'node:util';
import { backupSqlite, type BackupInfo, BackupError } from '../db/backup.ts';
import { backupPostgres } from '../db/backup-postgres.ts';
import { parseDatabaseUrl, resolveDatabaseUrl } from '../db/database.ts';
import { DATABASE_HELP, DATABASE_OPTION } from './database-option.ts';

const HELP = `usage: quire backup FILE [--database URL]

Writes a backup of the archive's database to FILE (which must not exist yet), while the archive
goes on serving.

  SQLite      a consistent copy of the database file (VACUUM INTO), including what is still in
              its write-ahead log; FILE is itself a SQLite database. Restore it with quire restore.
  PostgreSQL  runs pg_dump --format=custom (it must be installed: PostgreSQL's client tools, of the
              server's major version or newer); restore it with quire restore or pg_restore.
${DATABASE_HELP}`;

/** One line on what a backup or restore file holds. */
export function describeBackup(file: string, info: BackupInfo): string {
  const works = info.works === undefined ? '' : `, ${info.works} works`;
  return `${file}: ${info.kind === 'sqlite' ? 'SQLite database' : 'pg_dump archive'}, schema version ${info.schemaVersion}${works}, ${info.bytes} bytes`;
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...DATABASE_OPTION, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) {
    console.error(`quire backup: give one FILE to write\n\n${HELP}`);
    return 2;
  }
  const url = resolveDatabaseUrl(values.database);
  try {
    const target = parseDatabaseUrl(url);
    let info: BackupInfo;
    if (target.dialect === 'postgres') info = await backupPostgres(url, file);
    else if (target.path === ':memory:') throw new BackupError('an in-memory database has nothing to back up');
    else info = await backupSqlite(target.path, file);
    console.log(`backed up ${describeBackup(file, info)}`);
    return 0;
  } catch (e) {
    if (!(e instanceof BackupError)) throw e;
    console.error(`quire backup: ${e.message}`);
    return 1;
  }
}
