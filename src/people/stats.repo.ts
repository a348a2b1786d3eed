// All SQL behind a writer's statistics: their posted works, under any of their pseuds, with what
// readers have done with each.
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';
import type { Activity } from './stats.ts';

type Db = Kysely<Schema>;

export interface WorkStatsRow {
  id: number;
  title: string;
  postedAt: string;
  words: number;
  hits: number;
  kudos: number;
  comments: number;
  bookmarks: number;
  subscriptions: number;
}

export async function postedWorksOf(db: Db, userId: number): Promise<WorkStatsRow[]> {
  const rows = await db
    .selectFrom('works as w')
    .select([
      'w.id',
      'w.title',
      'w.posted_at',
      'w.words',
      'w.hits',
      'w.kudos_count',
      'w.comments_count',
      'w.bookmarks_count',
      (eb) =>
        eb
          .selectFrom('subscriptions as s')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('s.target_type', '=', 'work')
          .whereRef('s.target_id', '=', 'w.id')
          .as('subscriptions'),
    ])
    .where('w.draft', '=', 0)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('work_creators as wc')
          .innerJoin('pseuds as p', 'p.id', 'wc.pseud_id')
          .select('wc.work_id')
          .whereRef('wc.work_id', '=', 'w.id')
          .where('p.user_id', '=', userId),
      ),
    )
    .orderBy('w.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    postedAt: r.posted_at,
    words: r.words,
    hits: r.hits,
    kudos: r.kudos_count,
    comments: r.comments_count,
    bookmarks: r.bookmarks_count,
    subscriptions: Number(r.subscriptions ?? 0),
  }));
}

/** How many of each thing readers did to these works on each UTC day from `fromDay` on. */
export async function activityByDay(
  db: Db,
  workIds: number[],
  fromDay: string,
): Promise<{ activity: Activity; day: string; n: number }[]> {
  if (!workIds.length) return [];
  const since = `${fromDay}T00:00:00.000Z`;
  // Kudos, comments, bookmarks and subscriptions are counted from their own rows' dates.
  const perDay = async (activity: Activity, table: string, workColumn: string, only = sql``) => {
    const day = sql`substr(created_at, 1, 10)`;
    const result = await sql<{ day: string; n: number | string }>`
      SELECT ${day} AS day, COUNT(*) AS n FROM ${sql.table(table)}
      WHERE ${sql.ref(workColumn)} IN (${sql.join(workIds)}) AND created_at >= ${since} ${only}
      GROUP BY ${day}`.execute(db);
    return result.rows.map((r) => ({ activity, day: r.day, n: Number(r.n) }));
  };
  const hits = async () => {
    const rows = await db
      .selectFrom('work_hits_daily')
      .select((eb) => ['day', eb.fn.sum<number>('hits').as('n')])
      .where('work_id', 'in', workIds)
      .where('day', '>=', fromDay)
      .groupBy('day')
      .execute();
    return rows.map((r) => ({ activity: 'hits' as const, day: r.day, n: Number(r.n) }));
  };
  const parts = await Promise.all([
    hits(),
    perDay('kudos', 'kudos', 'work_id'),
    perDay('comments', 'comments', 'work_id', sql`AND status = 'visible'`),
    perDay('bookmarks', 'bookmarks', 'work_id'),
    perDay('subscriptions', 'subscriptions', 'target_id', sql`AND target_type = 'work'`),
  ]);
  return parts.flat();
}
