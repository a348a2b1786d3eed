// SQL for hits. The "seen today" marks live in rate_limits (shared by every process), one row per
// day, work and visitor, bucket 'hit:YYYY-MM-DD:<work>:<visitor>'. Putting the day first makes
// yesterday's marks one primary-key range to delete. A batch of views is counted by inserting
// their marks: the views whose mark was new count, each work's count and each day's gaining
// those views as increments, so processes flushing at once never overwrite each other.
import { CompiledQuery, type Kysely, sql } from 'kysely';
import type { Dialect } from '../db/database.ts';
import type { Schema } from '../db/schema.ts';

type Db = Kysely<Schema>;

/** A visitor's view of a work, noted at `day` (YYYY-MM-DD, UTC). */
export interface HitView {
  workId: number;
  visitor: string;
  day: string;
}

const markOf = (v: HitView) => `hit:${v.day}:${v.workId}:${v.visitor}`;
/** A mark lives until the end of its day. */
const endOfDay = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) + 24 * 3600 * 1000).toISOString();

/**
 * PostgreSQL: the marks, the works' counts and the days' counts in one statement (data-modifying
 * CTEs), so a batch costs one round trip. A work deleted since its views were noted is left out.
 */
const COUNT_HITS_POSTGRES = `WITH v(bucket, work_id, day, resets_at) AS (
  SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[])
), marked AS (
  INSERT INTO rate_limits (bucket, hits, resets_at) SELECT bucket, 1, resets_at FROM v
  ON CONFLICT (bucket) DO NOTHING RETURNING bucket
), counted AS (
  SELECT v.work_id, v.day, count(*)::int AS n FROM v JOIN marked ON marked.bucket = v.bucket
  WHERE EXISTS (SELECT 1 FROM works WHERE works.id = v.work_id) GROUP BY v.work_id, v.day
), bumped AS (
  UPDATE works SET hits = works.hits + c.n
  FROM (SELECT work_id, sum(n)::int AS n FROM counted GROUP BY work_id) c WHERE works.id = c.work_id
  RETURNING works.id
), daily AS (
  INSERT INTO work_hits_daily (work_id, day, hits) SELECT work_id, day, n FROM counted
  ON CONFLICT (work_id, day) DO UPDATE SET hits = work_hits_daily.hits + excluded.hits
  RETURNING work_id
)
SELECT coalesce(sum(n), 0)::int AS counted FROM counted`;

/**
 * Counts each view whose visitor has no mark for its work and day yet (views distinct by work,
 * visitor and day); returns how many counted. One statement on PostgreSQL; on SQLite, which has
 * no data-modifying CTEs and no round trips, three in the caller's transaction.
 */
export async function countHitsOncePerDay(db: Db, dialect: Dialect, views: readonly HitView[]): Promise<number> {
  if (views.length === 0) return 0;
  const buckets = views.map(markOf);
  if (dialect === 'postgres') {
    const parameters = [
      buckets,
      views.map((v) => v.workId),
      views.map((v) => v.day),
      views.map((v) => endOfDay(v.day)),
    ];
    const { rows } = await db.executeQuery<{ counted: number }>(CompiledQuery.raw(COUNT_HITS_POSTGRES, parameters));
    return Number(rows[0]?.counted ?? 0);
  }
  const marks = JSON.stringify(buckets.map((b, i) => [b, endOfDay(views[i]!.day)]));
  const marked = await sql<{ bucket: string }>`
    INSERT INTO rate_limits (bucket, hits, resets_at)
    SELECT value ->> 0, 1, value ->> 1 FROM json_each(${marks}) WHERE true
    ON CONFLICT (bucket) DO NOTHING RETURNING bucket`.execute(db);
  const fresh = new Set(marked.rows.map((r) => r.bucket));
  const perWork = new Map<number, number>();
  const perDay = new Map<string, [number, string, number]>();
  views.forEach((v, i) => {
    if (!fresh.has(buckets[i]!)) return;
    perWork.set(v.workId, (perWork.get(v.workId) ?? 0) + 1);
    const key = `${v.workId}:${v.day}`;
    const day = perDay.get(key);
    if (day) day[2]++;
    else perDay.set(key, [v.workId, v.day, 1]);
  });
  if (fresh.size === 0) return 0;
  await sql`UPDATE works SET hits = hits + (value ->> 1) FROM json_each(${JSON.stringify([...perWork])})
    WHERE works.id = value ->> 0`.execute(db);
  await sql`INSERT INTO work_hits_daily (work_id, day, hits)
    SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(${JSON.stringify([...perDay.values()])})
    WHERE EXISTS (SELECT 1 FROM works WHERE works.id = value ->> 0)
    ON CONFLICT (work_id, day) DO UPDATE SET hits = work_hits_daily.hits + excluded.hits`.execute(db);
  return fresh.size;
}

/** Drops the marks of days before `day` (the bucket names sort by day). */
export async function pruneHitMarks(db: Db, day: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('bucket', '>=', 'hit:').where('bucket', '<', `hit:${day}`).execute();
}
