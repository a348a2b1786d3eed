// A writer in a process of its own, for the backup test: it adds accounts named writer-1,
// writer-2, ... one committed transaction each, and prints `acked N` once the Nth is committed,
// as a server acknowledges a write to its client. On SIGTERM it finishes the write under way and
// exits.
// usage: node --import tsx src/testing/acknowledged-writer.ts DATABASE_URL
import { openDatabase } from '../db/database.ts';

const url = process.argv[2];
if (!url) {
  console.error('usage: acknowledged-writer.ts DATABASE_URL');
  process.exit(2);
}
const database = await openDatabase(url);
let stopping = false;
process.once('SIGTERM', () => {
  stopping = true;
});
for (let n = 1; !stopping; n++) {
  await database.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values({ username: `writer-${n}`, role: 'reader', created_at: new Date().toISOString() })
      .execute();
  });
  process.stdout.write(`acked ${n}\n`);
  // A turn of the event loop between writes, so that the signal is seen.
  await new Promise((resolve) => setImmediate(resolve));
}
await database.close();
