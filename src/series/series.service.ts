// The rules about series that readers meet: a series lists its works in the writer's order, and a
// work knows which series it is part of and where (AO3's "Part 2 of ..."). Downloads and feeds
// read series through here.
import type { SignedIn } from '../accounts/accounts.service.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../app-error.ts';
import { getWorkBlurbs, onlyForSignedIn, workAccessMany, type WorkBlurb } from '../works/works.service.ts';
import * as repo from './series.repo.ts';

export interface SeriesPart {
  id: number;
  title: string;
  position: number;
}

export interface SeriesView {
  id: number;
  title: string;
  summary: string | null;
  createdAt: string;
  /** When the series itself last changed (title, membership). */
  updatedAt: string;
  /** The latest of the series' own change and its works' updates: what AO3 calls "Series Updated". */
  lastChangeAt: string;
  /** In reading order: the works the viewer may read (drafts, hidden and, for guests, restricted ones left out). */
  works: (WorkBlurb & { position: number })[];
  /** Every pseud credited on any of its works, in order of first appearance. */
  creators: string[];
  words: number;
  complete: boolean;
}

/** A series with the works `viewer` may read (null: a guest, as feeds and catalogs see it). */
export async function getSeries(
  database: Database,
  id: number,
  viewer: SignedIn | null,
): Promise<SeriesView | undefined> {
  const row = await repo.getSeries(database.db, id);
  if (!row) return undefined;
  const all = await repo.seriesMembers(database.db, id);
  const access = await workAccessMany(
    database,
    all.map((m) => m.workId),
    viewer,
  );
  const members = all.filter((m) => access.get(m.workId) !== 'none');
  // Nothing here for this viewer: a guest is asked to sign in when signed-in readers would see
  // works; a series of drafts alone is not there at all (it used to read "by Anonymous, 0 works").
  if (members.length === 0) {
    for (const m of viewer ? [] : all)
      if (await onlyForSignedIn(database, m.workId))
        throw new AppError('sign_in', 'This series is only available to signed-in readers of the archive.');
    return undefined;
  }
  const blurbs = await getWorkBlurbs(
    database,
    members.map((m) => m.workId),
  );
  const byId = new Map(blurbs.map((b) => [b.id, b]));
  const works = members.flatMap((m) => {
    const b = byId.get(m.workId);
    return b ? [{ ...b, position: m.position }] : [];
  });
  const lastChangeAt = works.reduce((latest, w) => (w.updatedAt > latest ? w.updatedAt : latest), row.updatedAt);
  return {
    ...row,
    lastChangeAt,
    works,
    creators: [...new Set(works.flatMap((w) => w.creators.map((c) => c.pseud)))],
    words: works.reduce((sum, w) => sum + w.words, 0),
    complete: works.length > 0 && works.every((w) => w.complete),
  };
}

/** The series each work is part of, by work id; works in none are absent from the map. */
export async function seriesOfWorks(database: Database, workIds: number[]): Promise<Map<number, SeriesPart[]>> {
  const rows = await repo.seriesOfWorks(database.db, workIds);
  const out = new Map<number, SeriesPart[]>();
  for (const r of rows) {
    const list = out.get(r.workId) ?? [];
    list.push({ id: r.seriesId, title: r.title, position: r.position });
    out.set(r.workId, list);
  }
  return out;
}

export async function seriesOfWork(database: Database, workId: number): Promise<SeriesPart[]> {
  return (await seriesOfWorks(database, [workId])).get(workId) ?? [];
}

/**
 * The series holding works of these pseuds that the viewer may see: a series whose works are all
 * drafts, hidden, or (for a guest) restricted is left out, as its page would be.
 */
export async function seriesByPseuds(
  database: Database,
  viewer: SignedIn | null,
  pseudIds: number[],
  limit = 50,
): Promise<SeriesView[]> {
  const out: SeriesView[] = [];
  for (const id of await repo.seriesIdsByPseuds(database.db, pseudIds, limit)) {
    const series = await getSeries(database, id, viewer).catch((e: unknown) => {
      if (e instanceof AppError && e.kind === 'sign_in') return undefined;
      throw e;
    });
    if (series) out.push(series);
  }
  return out;
}
