// All SQL about reading history and "Marked for Later": one readings row per reader and work.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { ReadingsTable } from '../db/schema-community.ts';
import type { Schema } from '../db/schema.ts';

type Db = Kysely<Schema>;

/** One more visit: the chapter last opened (null: the entire work) and when. */
export async function upsertVisit(
  db: Db,
  userId: number,
  workId: number,
  chapter: number | null,
  at: string,
): Promise<ReadingRow> {
  const r = await db
    .insertInto('readings')
    .values({
      user_id: userId,
      work_id: workId,
      last_chapter: chapter,
      visits: 1,
      last_read_at: at,
      marked_for_later: 0,
    })
    .onConflict((oc) =>
      oc.columns(['user_id', 'work_id']).doUpdateSet((eb) => ({
        visits: sql<number>`readings.visits + 1`,
        last_chapter: eb.ref('excluded.last_chapter'),
        last_read_at: eb.ref('excluded.last_read_at'),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return readingOf(r);
}

/** Sets the mark, creating a row with no visits when the reader never opened the work. */
export async function setMarkedForLater(db: Db, userId: number, workId: number, marked: boolean): Promise<void> {
  const flag = marked ? 1 : 0;
  await db
    .insertInto('readings')
    .values({
      user_id: userId,
      work_id: workId,
      last_chapter: null,
      visits: 0,
      last_read_at: null,
      marked_for_later: flag,
    })
    .onConflict((oc) => oc.columns(['user_id', 'work_id']).doUpdateSet({ marked_for_later: flag }))
    .execute();
  // A row that is neither history nor a mark any more is nothing; drop it.
  if (!marked)
    await db
      .deleteFrom('readings')
      .where('user_id', '=', userId)
      .where('work_id', '=', workId)
      .where('last_read_at', 'is', null)
      .execute();
}

export async function countMarked(db: Db, userId: number): Promise<number> {
  const r = await db
    .selectFrom('readings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('marked_for_later', '=', 1)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/**
 * Forgets visits (of one work, or all): rows that are also marked for later keep the mark and lose
 * only the visits, so clearing history never empties the Marked for Later list.
 */
export async function clearVisits(db: Db, userId: number, workId?: number): Promise<void> {
  let del = db.deleteFrom('readings').where('user_id', '=', userId).where('marked_for_later', '=', 0);
  let upd = db
    .updateTable('readings')
    .set({ visits: 0, last_chapter: null, last_read_at: null })
    .where('user_id', '=', userId)
    .where('marked_for_later', '=', 1);
  if (workId !== undefined) {
    del = del.where('work_id', '=', workId);
    upd = upd.where('work_id', '=', workId);
  }
  await del.execute();
  await upd.execute();
}

export interface ReadingRow {
  workId: number;
  lastChapter: number | null;
  visits: number;
  lastReadAt: string | null;
  markedForLater: boolean;
}

export interface ReadingCursor {
  key: string;
  workId: number;
}

/**
 * A page of the reader's readings, most recently read first (works never opened, only marked,
 * come last: their key is ''). Only works the reader may still open are listed: not drafts or
 * admin-hidden works unless they are its creator, and not works by anyone they muted.
 */
export async function listReadings(
  db: Db,
  userId: number,
  opts: { later: boolean; limit: number; after?: ReadingCursor },
): Promise<ReadingRow[]> {
  const key = sql`COALESCE(r.last_read_at, '')`;
  const rows = await sql<{
    work_id: number;
    last_chapter: number | null;
    visits: number;
    last_read_at: string | null;
    marked_for_later: number;
  }>`
    SELECT r.work_id, r.last_chapter, r.visits, r.last_read_at, r.marked_for_later
      FROM readings r JOIN works w ON w.id = r.work_id
     WHERE r.user_id = ${userId}
       AND ${opts.later ? sql`r.marked_for_later = 1` : sql`r.last_read_at IS NOT NULL`}
       AND ((w.draft = 0 AND w.hidden_by_admin = 0 AND w.unrevealed = 0) OR EXISTS (
             SELECT 1 FROM work_creators wc JOIN pseuds p ON p.id = wc.pseud_id WHERE wc.work_id = w.id AND p.user_id = ${userId}))
       AND NOT EXISTS (SELECT 1 FROM work_creators wc JOIN pseuds p ON p.id = wc.pseud_id
             JOIN user_blocks b ON b.other_id = p.user_id AND b.user_id = ${userId} AND b.kind = 'mute' WHERE wc.work_id = w.id)
       ${opts.after ? sql`AND (${key} < ${opts.after.key} OR (${key} = ${opts.after.key} AND r.work_id < ${opts.after.workId}))` : sql``}
     ORDER BY ${key} DESC, r.work_id DESC
     LIMIT ${opts.limit}`.execute(db);
  return rows.rows.map((r) => ({
    workId: r.work_id,
    lastChapter: r.last_chapter,
    visits: Number(r.visits),
    lastReadAt: r.last_read_at,
    markedForLater: r.marked_for_later === 1,
  }));
}

export async function getReading(db: Db, userId: number, workId: number): Promise<ReadingRow | undefined> {
  const r = await db
    .selectFrom('readings')
    .selectAll()
    .where('user_id', '=', userId)
    .where('work_id', '=', workId)
    .executeTakeFirst();
  return r && readingOf(r);
}

function readingOf(r: Selectable<ReadingsTable>): ReadingRow {
  return {
    workId: r.work_id,
    lastChapter: r.last_chapter,
    visits: r.visits,
    lastReadAt: r.last_read_at,
    markedForLater: r.marked_for_later === 1,
  };
}
