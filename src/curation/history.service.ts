// Reading history and "Marked for Later", as AO3 keeps them: the work page records a signed-in
// reader's visit (how often, which chapter, when); a reader can mark a work to read later, and
// clear their history, whole or one work at a time. Clearing history keeps the marks.
import type { SignedIn } from '../accounts/accounts.service.ts';
import type { Database } from '../db/database.ts';
import { getWorkBlurbs, workAccess, type WorkBlurb } from '../works/works.service.ts';
import { CurationError } from './curation-error.ts';
import * as repo from './history.repo.ts';
import type { Store } from './subscriptions.service.ts';

export const HISTORY_PAGE = 20;
/** AO3 has no cap; ours bounds what one account can store. */
export const MAX_MARKED = 5_000;

/**
 * Records that a signed-in reader opened a work: visits + 1, the chapter shown (its position, or
 * null for the entire-work view) and the time. Call it for a work the reader may read, after
 * the adult-content notice (the notice itself is not a visit). Leaves "marked for later" as it is,
 * and answers the reading as it now stands, mark included, for the page to show.
 */
export async function recordReading(
  store: Store,
  userId: number,
  workId: number,
  chapterPosition: number | null,
  at: Date = new Date(),
): Promise<repo.ReadingRow> {
  return repo.upsertVisit(store.db, userId, workId, chapterPosition, at.toISOString());
}

export async function markForLater(
  database: Database,
  viewer: SignedIn,
  workId: number,
  marked: boolean,
): Promise<void> {
  if ((await workAccess(database, workId, viewer)) === 'none')
    throw new CurationError(`work ${workId} was not found`, 404);
  if (marked && (await repo.countMarked(database.db, viewer.id)) >= MAX_MARKED) {
    throw new CurationError(
      `you have ${MAX_MARKED} works marked for later, the most an account can have; unmark some first`,
    );
  }
  await repo.setMarkedForLater(database.db, viewer.id, workId, marked);
}

export async function readingOf(
  database: Database,
  viewer: SignedIn,
  workId: number,
): Promise<repo.ReadingRow | undefined> {
  return repo.getReading(database.db, viewer.id, workId);
}

/** Forgets the reader's visits to one work, or to every work when `workId` is undefined. */
export async function clearHistory(database: Database, viewer: SignedIn, workId?: number): Promise<void> {
  await repo.clearVisits(database.db, viewer.id, workId);
}

export interface HistoryEntry {
  work: WorkBlurb;
  reading: repo.ReadingRow;
}

export interface HistoryPage {
  entries: HistoryEntry[];
  /** Opaque `after` value for the next page, or null on the last one. */
  next: string | null;
}

function encodeCursor(c: repo.ReadingCursor): string {
  return Buffer.from(JSON.stringify([c.key, c.workId])).toString('base64url');
}

function decodeCursor(raw: string | undefined): repo.ReadingCursor | undefined {
  if (!raw || raw.length > 200) return undefined;
  try {
    const [key, workId] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (typeof key === 'string' && key.length <= 40 && Number.isSafeInteger(workId))
      return { key, workId: workId as number };
  } catch {
    // not one of ours: the first page
  }
  return undefined;
}

/** The reader's history (most recent first), or their Marked for Later list with `later`. */
export async function history(
  database: Database,
  viewer: SignedIn,
  opts: { later: boolean; after?: string },
): Promise<HistoryPage> {
  const rows = await repo.listReadings(database.db, viewer.id, {
    later: opts.later,
    limit: HISTORY_PAGE + 1,
    after: decodeCursor(opts.after),
  });
  const page = rows.slice(0, HISTORY_PAGE);
  const blurbs = new Map(
    (
      await getWorkBlurbs(
        database,
        page.map((r) => r.workId),
      )
    ).map((b) => [b.id, b]),
  );
  const entries = page.flatMap((reading) => {
    const work = blurbs.get(reading.workId);
    return work ? [{ work, reading }] : [];
  });
  const last = page.at(-1);
  return {
    entries,
    next: rows.length > HISTORY_PAGE && last ? encodeCursor({ key: last.lastReadAt ?? '', workId: last.workId }) : null,
  };
}
