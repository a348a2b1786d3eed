// All SQL about a creator's profile: the sanitised HTML they wrote about themselves.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';
import type { SanitizedHtml } from '../markup/html.ts';

type Db = Kysely<Schema>;

/** A creator's page's own facts: the account (not the archive's own), its profile and pseuds, in one read. */
export interface CreatorFacts {
  id: number;
  username: string;
  createdAt: string;
  profile: SanitizedHtml | null;
  /** Default first, then by name. */
  pseuds: { id: number; name: string }[];
}

export async function creatorFacts(db: Db, username: string): Promise<CreatorFacts | undefined> {
  const rows = await db
    .selectFrom('users as u')
    .leftJoin('pseuds as p', 'p.user_id', 'u.id')
    .select([
      'u.id',
      'u.username',
      'u.role',
      'u.created_at',
      'u.profile_html',
      'p.id as pseud_id',
      'p.name as pseud_name',
    ])
    .where((eb) => eb(eb.fn('lower', ['u.username']), '=', username.toLowerCase()))
    .orderBy('p.is_default', 'desc')
    .orderBy('p.name')
    .execute();
  const first = rows[0];
  if (!first || first.role === 'system') return undefined;
  return {
    id: first.id,
    username: first.username,
    createdAt: first.created_at,
    profile: first.profile_html ?? null,
    pseuds: rows.flatMap((r) =>
      r.pseud_id === null || r.pseud_name === null ? [] : [{ id: r.pseud_id, name: r.pseud_name }],
    ),
  };
}

export async function profileOf(db: Db, userId: number): Promise<SanitizedHtml | null> {
  const row = await db.selectFrom('users').select('profile_html').where('id', '=', userId).executeTakeFirst();
  return row?.profile_html ?? null;
}

export async function setProfile(db: Db, userId: number, html: SanitizedHtml | null): Promise<void> {
  await db.updateTable('users').set({ profile_html: html }).where('id', '=', userId).execute();
}
