// Hits: a reader's visit counts once per visitor, work and UTC day, however many chapters they
// open or how often they reload; the work's creators reading their own work count nothing
// (AO3 does the same). Signed-in readers are keyed by account, guests by the keyed hash of their
// address. The day marks are shared by every web process through the database, so the count is
// right behind a load balancer too; each process clears the previous days' marks once a day.
import type { Database } from '../db/database.ts';
import { workCreatorUserIds } from '../works/works.service.ts';
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

/**
 * Counts a view of a work the reader may see (call it after the access check, for the work page
 * and chapter pages). Returns whether this view counted.
 */
export async function recordHit(database: Database, actor: Actor, workId: number, now = new Date()): Promise<boolean> {
  if (actor.user && (await workCreatorUserIds(database, workId)).includes(actor.user.id)) return false;
  const visitor = actor.user ? `u${actor.user.id}` : `g${guestKey(actor.address).slice(0, 32)}`;
  const today = now.toISOString().slice(0, 10);
  if (prunedBefore !== today) {
    prunedBefore = today;
    await repo.pruneHitMarks(database.db, today);
  }
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
