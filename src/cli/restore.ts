// quire restore FILE — put a backup made by quire backup (or pg_dump) back as the archive's database.
import { parseArgs } from 'node:util';
import { BackupError, backupKind, restoreSqlite } from '../db/backup.ts';
import { restorePostgres } from '../db/backup-postgres.ts';
import { parseDatabaseUrl, resolveDatabaseUrl } from '../db/database.ts';
import { maskPassword } from '../db/database-url.ts';
import { describeBackup } from './backup.ts';
import { DATABASE_HELP, DATABASE_OPTION } from './database-option.ts';

const HELP = `usage: quire restore FILE [--database URL] [--force]

Restores a backup into the archive's database, then applies pending migrations. FILE must be a
Quire backup of a schema this Quire knows (a newer one is refused: upgrade Quire first).

  SQLite      FILE is copied, opened and migrated beside the database, then put in its place. A
              database that exists is replaced only with --force, and is kept beside the new one
              as PATH.before-restore-TIME. A database another process has open (a running
              quire serve, a command) is never replaced: stop it first.
  PostgreSQL  runs pg_restore --clean --single-transaction. A database that holds tables is
              replaced only with --force, and never while other connections to it are open.
${DATABASE_HELP}
  --force          replace the database that is there`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...DATABASE_OPTION, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) {
    console.error(`quire restore: give one backup FILE to restore\n\n${HELP}`);
    return 2;
  }
  const url = resolveDatabaseUrl(values.database);
  const force = values.force ?? false;
  try {
    const target = parseDatabaseUrl(url);
    const kind = backupKind(file);
    if (target.dialect === 'sqlite' && kind !== 'sqlite')
      throw new BackupError(`${file} is a pg_dump archive: restore it into a postgres:// database`);
    if (target.dialect === 'sqlite' && target.path === ':memory:')
      throw new BackupError('an in-memory database cannot be restored into');
    const result =
      target.dialect === 'sqlite'
        ? await restoreSqlite(file, target.path, force)
        : await restorePostgres(file, url, force);
    console.log(`restored ${describeBackup(file, result.info)}`);
    console.log(`into ${maskPassword(url)}, now at schema version ${result.schemaVersion}`);
    if (result.keptAs) console.log(`the database it replaced is kept as ${result.keptAs}`);
    return 0;
  } catch (e) {
    if (!(e instanceof BackupError)) throw e;
    console.error(`quire restore: ${e.message}`);
    return 1;
  }
}
