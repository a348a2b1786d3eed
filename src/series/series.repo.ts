// All SQL about series: a series is an ordered list of works under one title (AO3's "Part 2 of").
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';

type Db = Kysely<Schema>;

export interface SeriesRow {
  id: number;
  title: string;
  summary: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SeriesMembership {
  seriesId: number;
  workId: number;
  position: number;
}

export async function createSeries(
  db: Db,
  values: { title: string; summary?: string | null },
  at = new Date().toISOString(),
): Promise<number> {
  const row = await db
    .insertInto('series')
    .values({ title: values.title, summary: values.summary ?? null, created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Puts a work at `position` in a series (or moves it there), and marks the series updated. */
export async function addWorkToSeries(
  db: Db,
  seriesId: number,
  workId: number,
  position: number,
  at = new Date().toISOString(),
): Promise<void> {
  await db.deleteFrom('series_works').where('series_id', '=', seriesId).where('work_id', '=', workId).execute();
  await db.insertInto('series_works').values({ series_id: seriesId, work_id: workId, position }).execute();
  await db.updateTable('series').set({ updated_at: at }).where('id', '=', seriesId).execute();
}

export async function getSeries(db: Db, id: number): Promise<SeriesRow | undefined> {
  const r = await db.selectFrom('series').selectAll().where('id', '=', id).executeTakeFirst();
  return r && { id: r.id, title: r.title, summary: r.summary, createdAt: r.created_at, updatedAt: r.updated_at };
}

/** The works of a series in reading order (position, then id for ties). */
export async function seriesMembers(db: Db, seriesId: number): Promise<SeriesMembership[]> {
  const rows = await db
    .selectFrom('series_works')
    .select(['series_id', 'work_id', 'position'])
    .where('series_id', '=', seriesId)
    .orderBy('position')
    .orderBy('work_id')
    .execute();
  return rows.map((r) => ({ seriesId: r.series_id, workId: r.work_id, position: r.position }));
}

/** Every series each of the works belongs to, with the series title. */
export async function seriesOfWorks(db: Db, workIds: number[]): Promise<(SeriesMembership & { title: string })[]> {
  if (workIds.length === 0) return [];
  const rows = await db
    .selectFrom('series_works')
    .innerJoin('series', 'series.id', 'series_works.series_id')
    .select(['series_works.series_id', 'series_works.work_id', 'series_works.position', 'series.title'])
    .where('series_works.work_id', 'in', workIds)
    .orderBy('series_works.work_id')
    .orderBy('series.id')
    .execute();
  return rows.map((r) => ({ seriesId: r.series_id, workId: r.work_id, position: r.position, title: r.title }));
}

/** Series holding a work credited to any of these pseuds (not anonymously), newest change first. */
export async function seriesIdsByPseuds(db: Db, pseudIds: number[], limit: number): Promise<number[]> {
  if (pseudIds.length === 0) return [];
  const rows = await db
    .selectFrom('series')
    .select('series.id')
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('series_works as sw')
          .innerJoin('work_creators as wc', 'wc.work_id', 'sw.work_id')
          .innerJoin('works as w', 'w.id', 'sw.work_id')
          .select('sw.work_id')
          .whereRef('sw.series_id', '=', 'series.id')
          .where('wc.pseud_id', 'in', pseudIds)
          // An anonymous work's series would name its creator.
          .where('w.anonymous', '=', 0)
          .where('w.unrevealed', '=', 0),
      ),
    )
    .orderBy('series.updated_at', 'desc')
    .orderBy('series.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
