// The works read most lately, for building their downloads ahead of their readers (the
// `downloads.popular` job). Hits by day are in work_hits_daily (migration 18).
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';

/** Ids of the `limit` posted, visible works with the most hits on or after `sinceDay` (YYYY-MM-DD). */
export async function mostReadWorks(db: Kysely<Schema>, sinceDay: string, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('work_hits_daily as h')
    .innerJoin('works as w', 'w.id', 'h.work_id')
    .select('h.work_id')
    .where('h.day', '>=', sinceDay)
    .where('w.draft', '=', 0)
    .where('w.hidden_by_admin', '=', 0)
    .where('w.restricted', '=', 0)
    .groupBy('h.work_id')
    .orderBy((eb) => eb.fn.sum('h.hits'), 'desc')
    .orderBy('h.work_id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.work_id);
}
