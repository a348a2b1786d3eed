// SQL for hits. The "seen today" marks live in rate_limits (shared by every process), one row per
// day, work and visitor, bucket 'hit:YYYY-MM-DD:<work>:<visitor>'. Putting the day first makes
// yesterday's marks one primary-key range to delete.
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';
import { hit, peek } from '../web/rate-limits.repo.ts';

type Db = Kysely<Schema>;

const markOf = (workId: number, visitor: string, now: Date) =>
  `hit:${now.toISOString().slice(0, 10)}:${workId}:${visitor}`;

/** Whether the visitor's view of the work has counted today already (a read: no write, no lock). */
export async function seenToday(db: Db, workId: number, visitor: string, now: Date): Promise<boolean> {
  return (await peek(db, markOf(workId, visitor, now), now)) > 0;
}

/** Marks the visitor as having seen the work today; true (and works.hits + 1) the first time. */
export async function countHitOncePerDay(db: Db, workId: number, visitor: string, now: Date): Promise<boolean> {
  const day = now.toISOString().slice(0, 10);
  const midnight = Date.parse(`${day}T00:00:00.000Z`) + 24 * 3600 * 1000;
  const { hits } = await hit(db, markOf(workId, visitor, now), midnight - now.getTime(), now);
  if (hits !== 1) return false;
  await db.updateTable('works').set({ hits: sql`hits + 1` }).where('id', '=', workId).execute();
  // The day's count too, which the writer's statistics draw over time.
  await db
    .insertInto('work_hits_daily')
    .values({ work_id: workId, day, hits: 1 })
    .onConflict((oc) => oc.columns(['work_id', 'day']).doUpdateSet({ hits: sql`work_hits_daily.hits + 1` }))
    .execute();
  return true;
}

/** Drops the marks of days before `day` (the bucket names sort by day). */
export async function pruneHitMarks(db: Db, day: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('bucket', '>=', 'hit:').where('bucket', '<', `hit:${day}`).execute();
}
