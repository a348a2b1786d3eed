// Hits: a reader's visit counts once per visitor, work and UTC day, however many chapters they
// open or how often they reload; the work's creators reading their own work count nothing
// (AO3 does the same). Signed-in readers are keyed by account, guests by the keyed hash of their
// address. The day marks are shared by every web process through the database, so the count is
// right behind a load balancer too; each process clears the previous days' marks once a day.
import { retryingConflicts, type Database } from '../db/database.ts';
import { workCreatorUserIds, type WorkFacts } from '../works/works.service.ts';
import type { Actor } from './actor.ts';
import { guestKey } from './guest-key.ts';
import * as repo from './hits.repo.ts';

let prunedBefore = '';

/**
 * Per database, the day and the marks (work and visitor) this process has seen in it that day: a
 * mark, once there, stays until the day ends, so a visitor's later views need no query at all.
 */
const known = new WeakMap<Database, { day: string; marks: Set<string> }>();
/** Marks kept per process before they are forgotten (and read from the database again). */
const KNOWN_MARKS = 100_000;

function knownMarks(database: Database, day: string): Set<string> {
  let entry = known.get(database);
  if (!entry || entry.day !== day || entry.marks.size >= KNOWN_MARKS) {
    entry = { day, marks: new Set() };
    known.set(database, entry);
  }
  return entry.marks;
}

const visitorOf = (actor: Actor) => (actor.user ? `u${actor.user.id}` : `g${guestKey(actor.address).slice(0, 32)}`);

async function pruneOnceADay(database: Database, today: string): Promise<void> {
  if (prunedBefore === today) return;
  prunedBefore = today;
  await repo.pruneHitMarks(database.db, today);
}

/**
 * Counts a view of a work the reader may see (call it after the access check, for the work page
 * and chapter pages). Returns whether this view counted. `facts` is the request's memo of the
 * work, when it has one.
 */
export async function recordHit(
  database: Database,
  actor: Actor,
  workId: number,
  now = new Date(),
  facts?: WorkFacts,
): Promise<boolean> {
  if (actor.user && (await workCreatorUserIds(database, workId, facts)).includes(actor.user.id)) return false;
  const visitor = visitorOf(actor);
  const today = now.toISOString().slice(0, 10);
  await pruneOnceADay(database, today);
  const marks = knownMarks(database, today);
  const mark = `${workId}:${visitor}`;
  if (marks.has(mark)) return false;
  // Most views are a visitor's second or later today: those only read.
  const counted =
    !(await repo.seenToday(database.db, workId, visitor, now)) &&
    (await database.db.transaction().execute((trx) => repo.countHitOncePerDay(trx, workId, visitor, now)));
  marks.add(mark);
  return counted;
}

/** How long a guest's first view of the day waits to be written with others. */
export const HIT_BATCH_MS = 1_000;
/** Views written per transaction at most. */
const HIT_BATCH_SIZE = 500;

/**
 * Guests' views counted without a write per view: a guest's first view of a work today is noted
 * in memory and written within HIT_BATCH_MS together with every other noted since, in one
 * transaction (the marks in the database still decide, so a view another process counted first
 * counts once). Views still waiting when the process stops are written by `flush`, which the
 * server calls as it closes; a process that is killed loses at most that second of first views.
 */
export class HitQueue {
  #pending = new Map<string, { workId: number; visitor: string; at: Date }>();
  #timer: NodeJS.Timeout | null = null;
  #writing: Promise<void> = Promise.resolve();

  constructor(private readonly database: Database) {}

  /** Counts a guest's view of a work they may see (after the access check); never a reader's. */
  add(address: string, workId: number, now = new Date()): void {
    const visitor = visitorOf({ user: null, address });
    const today = now.toISOString().slice(0, 10);
    const marks = knownMarks(this.database, today);
    const mark = `${workId}:${visitor}`;
    if (marks.has(mark)) return;
    marks.add(mark);
    this.#pending.set(`${today}:${mark}`, { workId, visitor, at: now });
    this.#timer ??= setTimeout(() => {
      this.flush().catch((e: Error) => process.stderr.write(`quire: guests' hits not written: ${e.message}\n`));
    }, HIT_BATCH_MS).unref();
  }

  /** Writes every view noted so far; resolves once they are in the database. */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const views = [...this.#pending.values()];
    this.#pending.clear();
    // One batch's failure is its own: the next flush starts afresh.
    this.#writing = this.#writing
      .catch(() => undefined)
      .then(async () => {
        for (let at = 0; at < views.length; at += HIT_BATCH_SIZE) {
          const batch = views.slice(at, at + HIT_BATCH_SIZE);
          await pruneOnceADay(this.database, batch[0]!.at.toISOString().slice(0, 10));
          await retryingConflicts(() =>
            this.database.db.transaction().execute(async (trx) => {
              for (const v of batch) await repo.countHitOncePerDay(trx, v.workId, v.visitor, v.at);
            }),
          );
        }
      });
    return this.#writing;
  }
}
