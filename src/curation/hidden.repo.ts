// All SQL about works and series a reader hid (hidden_items): each row is a work or a series that
// the reader's listings and searches leave out (src/search/search.repo.ts applies it).
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';

type Db = Kysely<Schema>;

export type HiddenTarget = { workId: number } | { seriesId: number };

export interface HiddenEntry {
  id: number;
  title: string;
  since: string;
}

export async function insertHidden(db: Db, userId: number, target: HiddenTarget, at: string): Promise<boolean> {
  const isWork = 'workId' in target;
  const r = await db
    .insertInto('hidden_items')
    .values({
      user_id: userId,
      work_id: isWork ? target.workId : null,
      series_id: isWork ? null : target.seriesId,
      created_at: at,
    })
    .onConflict((oc) => oc.columns(isWork ? ['user_id', 'work_id'] : ['user_id', 'series_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function deleteHidden(db: Db, userId: number, target: HiddenTarget): Promise<boolean> {
  let q = db.deleteFrom('hidden_items').where('user_id', '=', userId);
  q = 'workId' in target ? q.where('work_id', '=', target.workId) : q.where('series_id', '=', target.seriesId);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function isHidden(db: Db, userId: number, target: HiddenTarget): Promise<boolean> {
  let q = db.selectFrom('hidden_items').select('user_id').where('user_id', '=', userId);
  q = 'workId' in target ? q.where('work_id', '=', target.workId) : q.where('series_id', '=', target.seriesId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function countHidden(db: Db, userId: number): Promise<number> {
  const r = await db
    .selectFrom('hidden_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Hidden works that are still posted (a work gone back to draft is not named here), newest first. */
export async function listHiddenWorks(db: Db, userId: number): Promise<HiddenEntry[]> {
  const rows = await sql<{ id: number; title: string; created_at: string }>`
    SELECT w.id, w.title, h.created_at FROM hidden_items h JOIN works w ON w.id = h.work_id
     WHERE h.user_id = ${userId} AND w.draft = 0 AND w.hidden_by_admin = 0 AND w.unrevealed = 0
     ORDER BY h.created_at DESC, w.id DESC`.execute(db);
  return rows.rows.map((r) => ({ id: r.id, title: r.title, since: r.created_at }));
}

export async function listHiddenSeries(db: Db, userId: number): Promise<HiddenEntry[]> {
  const rows = await sql<{ id: number; title: string; created_at: string }>`
    SELECT s.id, s.title, h.created_at FROM hidden_items h JOIN series s ON s.id = h.series_id
     WHERE h.user_id = ${userId}
     ORDER BY h.created_at DESC, s.id DESC`.execute(db);
  return rows.rows.map((r) => ({ id: r.id, title: r.title, since: r.created_at }));
}

export async function seriesTitle(db: Db, seriesId: number): Promise<string | undefined> {
  return (await db.selectFrom('series').select('title').where('id', '=', seriesId).executeTakeFirst())?.title;
}

export async function workTitle(db: Db, workId: number): Promise<string | undefined> {
  return (await db.selectFrom('works').select('title').where('id', '=', workId).executeTakeFirst())?.title;
}

/** The series a work is part of, with titles, for the work page's "hide this series" forms. */
/** The series the work is part of, each with whether this user hid it. */
export async function seriesOfWorkHiddenBy(
  db: Db,
  userId: number,
  workId: number,
): Promise<{ id: number; title: string; hidden: boolean }[]> {
  const rows = await db
    .selectFrom('series_works')
    .innerJoin('series', 'series.id', 'series_works.series_id')
    .leftJoin('hidden_items as h', (j) => j.onRef('h.series_id', '=', 'series.id').on('h.user_id', '=', userId))
    .select(['series.id', 'series.title', 'h.user_id as hidden_by'])
    .where('series_works.work_id', '=', workId)
    .orderBy('series.id')
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, hidden: r.hidden_by !== null }));
}
