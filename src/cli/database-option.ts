// The --database option every subcommand shares, and opening the database it names.
import { openDatabase, resolveDatabaseUrl, type Database } from '../db/database.ts';
import { migrate } from '../db/migrations.ts';

export const DATABASE_OPTION = { database: { type: 'string' as const } };

export const DATABASE_HELP =
  '  --database URL   sqlite:PATH or postgres://... (default: $DATABASE_URL, else sqlite:data/quire.db)';

/** Opens the database and brings its schema up to date; refuses one newer than the code. */
export async function openMigrated(flag: string | undefined): Promise<Database> {
  const database = await openDatabase(resolveDatabaseUrl(flag));
  try {
    await migrate(database);
  } catch (e) {
    await database.close();
    throw e;
  }
  return database;
}
