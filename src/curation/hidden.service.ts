// Works and whole series a reader hid: gone from every listing and search they open (a series
// takes all its works with it), still readable at their own address. Unhidden from /account/hidden.
import type { Kysely } from 'kysely';
import type { SignedIn } from '../accounts/accounts.service.ts';
import type { Database } from '../db/database.ts';
import type { Schema } from '../db/schema.ts';
import { workAccess } from '../works/works.service.ts';
import { CurationError } from './curation-error.ts';
import * as repo from './hidden.repo.ts';

export type { HiddenTarget, HiddenEntry } from './hidden.repo.ts';

/** Each hidden item is a condition every listing checks; this bounds one reader's list. */
export const MAX_HIDDEN = 2_000;

/** Checks the reader may see what they hide, and returns its title. */
async function titleOf(database: Database, viewer: SignedIn, target: repo.HiddenTarget): Promise<string> {
  if ('workId' in target) {
    if ((await workAccess(database, target.workId, viewer)) === 'none')
      throw new CurationError(`work ${target.workId} was not found`, 404);
    return (await repo.workTitle(database.db, target.workId)) ?? '';
  }
  const title = await repo.seriesTitle(database.db, target.seriesId);
  if (title === undefined) throw new CurationError(`series ${target.seriesId} was not found`, 404);
  return title;
}

export async function hide(
  database: Database,
  viewer: SignedIn,
  target: repo.HiddenTarget,
): Promise<{ title: string; created: boolean }> {
  const title = await titleOf(database, viewer, target);
  if ((await repo.countHidden(database.db, viewer.id)) >= MAX_HIDDEN) {
    throw new CurationError(
      `you have hidden ${MAX_HIDDEN} works and series, the most an account can; unhide some first`,
    );
  }
  return { title, created: await repo.insertHidden(database.db, viewer.id, target, new Date().toISOString()) };
}

/** Unhiding what is not hidden changes nothing and is not an error. */
export async function unhide(database: Database, viewer: SignedIn, target: repo.HiddenTarget): Promise<boolean> {
  return repo.deleteHidden(database.db, viewer.id, target);
}

export async function isHidden(db: Kysely<Schema>, userId: number, target: repo.HiddenTarget): Promise<boolean> {
  return repo.isHidden(db, userId, target);
}

export async function hiddenOf(
  database: Database,
  viewer: SignedIn,
): Promise<{ works: repo.HiddenEntry[]; series: repo.HiddenEntry[] }> {
  const [works, series] = await Promise.all([
    repo.listHiddenWorks(database.db, viewer.id),
    repo.listHiddenSeries(database.db, viewer.id),
  ]);
  return { works, series };
}

/** For the work page: is the work hidden, and which of its series are (to offer "hide this series"). */
export async function hiddenStateOfWork(
  database: Database,
  userId: number,
  workId: number,
): Promise<{ work: boolean; series: { id: number; title: string; hidden: boolean }[] }> {
  const [work, series] = await Promise.all([
    repo.isHidden(database.db, userId, { workId }),
    repo.seriesOfWorkHiddenBy(database.db, userId, workId),
  ]);
  return { work, series };
}
