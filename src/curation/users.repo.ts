// The user lookups curation needs. By username only, never by e-mail address: the block and
// subscribe forms must not become a way to find out whose address is whose.
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';

type Db = Kysely<Schema>;

export interface NamedUser {
  id: number;
  username: string;
  role: string;
}

export async function userByUsername(db: Db, username: string): Promise<NamedUser | undefined> {
  const r = await sql<NamedUser>`SELECT id, username, role FROM users WHERE lower(username) = lower(${username})`.execute(db);
  return r.rows[0];
}

export async function userById(db: Db, id: number): Promise<NamedUser | undefined> {
  return db.selectFrom('users').select(['id', 'username', 'role']).where('id', '=', id).executeTakeFirst();
}
