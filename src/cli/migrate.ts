// quire migrate — bring the database's schema up to date (every command also does this at start).
import { parseArgs } from 'node:util';
import { LATEST_SCHEMA_VERSION, schemaVersion } from '../db/migrations.ts';
import { DATABASE_HELP, DATABASE_OPTION, openMigrated } from './database-option.ts';

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { ...DATABASE_OPTION, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(`usage: quire migrate [--database URL]\n\n${DATABASE_HELP}`);
    return 0;
  }
  const database = await openMigrated(values.database);
  try {
    console.log(
      `${database.label}: schema version ${await schemaVersion(database.db)} (this Quire knows up to ${LATEST_SCHEMA_VERSION})`,
    );
    return 0;
  } finally {
    await database.close();
  }
}
