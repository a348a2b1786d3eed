// All SQL behind a writer's statistics: their posted works, under any of their pseuds, with what
// readers have done with each.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';

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
  }));
}
