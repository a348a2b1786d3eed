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
  const r =
    await sql<NamedUser>`SELECT id, username, role FROM users WHERE lower(username) = lower(${username})`.execute(db);
  return r.rows[0];
}

export async function userById(db: Db, id: number): Promise<NamedUser | undefined> {
  return db.selectFrom('users').select(['id', 'username', 'role']).where('id', '=', id).executeTakeFirst();
}

/** The accounts behind a work's creators (not the archive's own importer account), in credit order. */
export async function creatorAccounts(db: Db, workId: number): Promise<NamedUser[]> {
  const rows = await sql<NamedUser & { first: number }>`
    SELECT u.id, u.username, u.role, MIN(wc.position) AS first
      FROM work_creators wc JOIN pseuds p ON p.id = wc.pseud_id JOIN users u ON u.id = p.user_id
     WHERE wc.work_id = ${workId} AND u.role <> 'system'
     GROUP BY u.id, u.username, u.role
     ORDER BY first, u.id`.execute(db);
  return rows.rows.map(({ id, username, role }) => ({ id, username, role }));
}
