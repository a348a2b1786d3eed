// All SQL about saved searches: a name and the search's URL query string, per reader.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';

type Db = Kysely<Schema>;

export interface SavedSearchRow {
  id: number;
  name: string;
  params: string;
  createdAt: string;
}

export async function insertSavedSearch(
  db: Db,
  userId: number,
  name: string,
  params: string,
  at: string,
): Promise<number> {
  const r = await db
    .insertInto('saved_searches')
    .values({ user_id: userId, name, params, created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function countSavedSearches(db: Db, userId: number): Promise<number> {
  const r = await db
    .selectFrom('saved_searches')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Newest first. */
export async function listSavedSearches(db: Db, userId: number): Promise<SavedSearchRow[]> {
  const rows = await db
    .selectFrom('saved_searches')
    .select(['id', 'name', 'params', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, params: r.params, createdAt: r.created_at }));
}

/** Renames the reader's own saved search; false when it is not theirs or does not exist. */
export async function renameSavedSearch(db: Db, userId: number, id: number, name: string): Promise<boolean> {
  const r = await db
    .updateTable('saved_searches')
    .set({ name })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteSavedSearch(db: Db, userId: number, id: number): Promise<boolean> {
  const r = await db.deleteFrom('saved_searches').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
