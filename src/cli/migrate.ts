// quire migrate — bring the database's schema up to date (every command also does this at start),
// then fill what a migration leaves to code: the word pairs of works indexed before them.
import { parseArgs } from 'node:util';
import { LATEST_SCHEMA_VERSION, schemaVersion } from '../db/migrations.ts';
import { fillPhrasePairs } from '../search/indexing.service.ts';
import { DATABASE_HELP, DATABASE_OPTION, openMigrated } from './database-option.ts';

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { ...DATABASE_OPTION, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(`usage: quire migrate [--database URL]\n\n${DATABASE_HELP}`);
    return 0;
  }
  const database = await openMigrated(values.database);
  try {
    const started = performance.now();
    const filled = await fillPhrasePairs(database);
    if (filled > 0)
      console.log(`word pairs for phrases: ${filled} works in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    console.log(
      `${database.label}: schema version ${await schemaVersion(database.db)} (this Quire knows up to ${LATEST_SCHEMA_VERSION})`,
    );
    return 0;
  } finally {
    await database.close();
  }
}
