// All SQL about users and pseuds. Sign-up and sessions come with the accounts issue; for now the
// archive needs the system account that owns imported works.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';

type Db = Kysely<Schema>;

export const IMPORTER_USERNAME = 'importer';

/** The pseud imported works are credited to when the file names no creator of its own. */
export async function ensureSystemPseud(db: Db, name = IMPORTER_USERNAME): Promise<number> {
  const now = new Date().toISOString();
  let user = await db.selectFrom('users').select('id').where('username', '=', IMPORTER_USERNAME).executeTakeFirst();
  if (!user) {
    user = await db
      .insertInto('users')
      .values({ username: IMPORTER_USERNAME, email: null, password_hash: null, role: 'system', created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
  }
  const pseud = await db.selectFrom('pseuds').select('id').where('user_id', '=', user.id).where('name', '=', name).executeTakeFirst();
  if (pseud) return pseud.id;
  const created = await db
    .insertInto('pseuds')
    .values({ user_id: user.id, name, is_default: name === IMPORTER_USERNAME ? 1 : 0, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return created.id;
}

export interface CreatorRow {
  workId: number;
  pseudId: number;
  pseud: string;
  username: string;
}

export async function creatorsForWorks(db: Db, workIds: number[]): Promise<CreatorRow[]> {
  if (workIds.length === 0) return [];
  const rows = await db
    .selectFrom('work_creators')
    .innerJoin('pseuds', 'pseuds.id', 'work_creators.pseud_id')
    .innerJoin('users', 'users.id', 'pseuds.user_id')
    .select(['work_creators.work_id', 'pseuds.id', 'pseuds.name', 'users.username'])
    .where('work_creators.work_id', 'in', workIds)
    .orderBy('work_creators.work_id')
    .orderBy('work_creators.position')
    .execute();
  return rows.map((r) => ({ workId: r.work_id, pseudId: r.id, pseud: r.name, username: r.username }));
}
