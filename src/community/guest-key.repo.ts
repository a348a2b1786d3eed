// The archive's shared secrets: the first process to ask draws one, every later one reads it.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';

/** The secret for `purpose`, stored as `candidate` unless another process stored one first. */
export async function sharedSecret(db: Kysely<Schema>, purpose: string, candidate: string): Promise<string> {
  await db
    .insertInto('archive_secrets')
    .values({ purpose, secret: candidate, created_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('purpose').doNothing())
    .execute();
  const row = await db
    .selectFrom('archive_secrets')
    .select('secret')
    .where('purpose', '=', purpose)
    .executeTakeFirstOrThrow();
  return row.secret;
}
