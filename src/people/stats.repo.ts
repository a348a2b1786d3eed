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
  const day = (column: string) => sql<string>`substr(${sql.ref(column)}, 1, 10)`;
  const counted = async (activity: Activity, rows: Promise<{ day: string; n: number | string | bigint }[]>) =>
    (await rows).map((r) => ({ activity, day: r.day, n: Number(r.n) }));
  const parts = await Promise.all([
    counted(
      'hits',
      db
        .selectFrom('work_hits_daily')
        .select((eb) => ['day', eb.fn.sum<number>('hits').as('n')])
        .where('work_id', 'in', workIds)
        .where('day', '>=', fromDay)
        .groupBy('day')
        .execute(),
    ),
    counted(
      'kudos',
      db
        .selectFrom('kudos')
        .select((eb) => [day('created_at').as('day'), eb.fn.countAll<number>().as('n')])
        .where('work_id', 'in', workIds)
        .where('created_at', '>=', since)
        .groupBy(day('created_at'))
        .execute(),
    ),
    counted(
      'comments',
      db
        .selectFrom('comments')
        .select((eb) => [day('created_at').as('day'), eb.fn.countAll<number>().as('n')])
        .where('work_id', 'in', workIds)
        .where('status', '=', 'visible')
        .where('created_at', '>=', since)
        .groupBy(day('created_at'))
        .execute(),
    ),
    counted(
      'bookmarks',
      db
        .selectFrom('bookmarks')
        .select((eb) => [day('created_at').as('day'), eb.fn.countAll<number>().as('n')])
        .where('work_id', 'in', workIds)
        .where('created_at', '>=', since)
        .groupBy(day('created_at'))
        .execute(),
    ),
    counted(
      'subscriptions',
      db
        .selectFrom('subscriptions')
        .select((eb) => [day('created_at').as('day'), eb.fn.countAll<number>().as('n')])
        .where('target_type', '=', 'work')
        .where('target_id', 'in', workIds)
        .where('created_at', '>=', since)
        .groupBy(day('created_at'))
        .execute(),
    ),
  ]);
  return parts.flat();
}
