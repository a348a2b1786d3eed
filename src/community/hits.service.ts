// Hits: a reader's visit counts once per visitor, work and UTC day, however many chapters they
// open or how often they reload; the work's creators reading their own work count nothing
// (AO3 does the same). Signed-in readers are keyed by account, guests by the keyed hash of their
// address. No view writes: each process notes its first views in memory and writes them in a
// batch (hits.repo.ts), within QUIRE_HIT_BATCH_MS or as soon as HIT_BATCH_SIZE wait, and as the server
// closes. The day marks written with them are shared by every process through the database, so
// a visitor counts once behind a load balancer too; each process clears the previous days' marks
// once a day.
import { readSetting } from '../config.ts';
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
/** Marks kept per process before they are forgotten (and decided by the database again). */
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

/** Views written per statement at most; this many waiting are written at once. */
export const HIT_BATCH_SIZE = 500;

/**
 * Views counted without a write per view: a visitor's first view of a work today is noted in
 * memory and written together with every other noted since (the marks in the database still
 * decide, so a view another process counted first counts once). Views still waiting when the
 * process stops are written by `flush`, which the server calls as it closes; a process that is
 * killed loses at most the views of one interval.
 */
export class HitQueue {
  #pending = new Map<string, repo.HitView>();
  #timer: NodeJS.Timeout | null = null;
  #writing: Promise<void> = Promise.resolve();
  readonly #waitMs = readSetting('hitBatchMs');

  constructor(private readonly database: Database) {}

  /** Views noted and not yet handed to the writer. */
  get waiting(): number {
    return this.#pending.size;
  }

  /** Notes a view by `visitor`; false when this process has noted theirs of the work today. */
  add(visitor: string, workId: number, now = new Date()): boolean {
    const day = now.toISOString().slice(0, 10);
    const marks = knownMarks(this.database, day);
    const mark = `${workId}:${visitor}`;
    if (marks.has(mark)) return false;
    marks.add(mark);
    this.#pending.set(`${day}:${mark}`, { workId, visitor, day });
    if (this.#pending.size >= HIT_BATCH_SIZE) this.#flushInBackground();
    else this.#timer ??= setTimeout(() => this.#flushInBackground(), this.#waitMs).unref();
    return true;
  }

  #flushInBackground(): void {
    this.flush().catch((e: Error) => process.stderr.write(`quire: hits not written: ${e.message}\n`));
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
          await pruneOnceADay(this.database, batch[0]!.day);
          const { db, dialect } = this.database;
          await retryingConflicts(() =>
            // One statement on PostgreSQL needs no transaction of its own.
            dialect === 'postgres'
              ? repo.countHitsOncePerDay(db, dialect, batch)
              : db.transaction().execute((trx) => repo.countHitsOncePerDay(trx, dialect, batch)),
          );
        }
      });
    return this.#writing;
  }
}

/** Each database's queue in this process: every page that counts hits shares it. */
const queues = new WeakMap<Database, HitQueue>();

export function hitQueue(database: Database): HitQueue {
  let queue = queues.get(database);
  if (!queue) {
    queue = new HitQueue(database);
    queues.set(database, queue);
  }
  return queue;
}

/**
 * Counts a view of a work the reader may see (call it after the access check, for the work page
 * and chapter pages): noted now, written with the next batch. Returns whether it was noted (a
 * view this process has not noted today). `facts` is the request's memo of the work, when it has one.
 */
export async function recordHit(
  database: Database,
  actor: Actor,
  workId: number,
  now = new Date(),
  facts?: WorkFacts,
): Promise<boolean> {
  if (actor.user && (await workCreatorUserIds(database, workId, facts)).includes(actor.user.id)) return false;
  return hitQueue(database).add(visitorOf(actor), workId, now);
}

/** Counts a guest's view of a work they may see (after the access check), as `recordHit` does. */
export function recordGuestHit(database: Database, address: string, workId: number): boolean {
  return hitQueue(database).add(visitorOf({ user: null, address }), workId);
}

/** Writes the views this process has noted and not yet written (the server calls it as it closes). */
export function flushHits(database: Database): Promise<void> {
  return queues.get(database)?.flush() ?? Promise.resolve();
}
