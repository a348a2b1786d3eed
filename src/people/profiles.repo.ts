// All SQL about a creator's profile: the sanitised HTML they wrote about themselves.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';
import type { SanitizedHtml } from '../markup/html.ts';

type Db = Kysely<Schema>;

export async function profileOf(db: Db, userId: number): Promise<SanitizedHtml | null> {
  const row = await db.selectFrom('users').select('profile_html').where('id', '=', userId).executeTakeFirst();
  return row?.profile_html ?? null;
}

export async function setProfile(db: Db, userId: number, html: SanitizedHtml | null): Promise<void> {
  await db.updateTable('users').set({ profile_html: html }).where('id', '=', userId).execute();
}
