// Matching and assignments of a gift exchange. After sign-ups close a moderator starts matching,
// which runs as the job `exchanges.match` (src/challenges does the matching); its result waits as
// drafts that the moderators review, regenerate, then send, each writer told by mail through the
// job `exchanges.assignment-mail`. A writer defaults, or fulfils by posting a work to the
// collection from the assignment; moderators give pinch hits, mark fulfilled and purge.
import type { SignedIn } from '../accounts/accounts.service.ts';
import { findUserByUsername } from '../accounts/accounts.repo.ts';
import { AppError, optionalId } from '../app-error.ts';
import type { Exchange as MatcherExchange } from '../challenges/exchange.ts';
import { matchExchange } from '../challenges/matching.ts';
import { pinchHitCandidates, type PinchHitter } from '../challenges/reassignment.ts';
import * as collections from '../collections/collections.repo.ts';
import { retryingConflicts, type Database } from '../db/database.ts';
import { setWorkCollections } from '../collections/collections.service.ts';
import { setWorkGifts } from '../gifts/gifts.service.ts';
import { enqueueJob } from '../jobs/queue.ts';
import { matcherPrompt } from './exchange-form.ts';
import * as repo from './exchanges.repo.ts';
import {
  type Exchange,
  mustFindExchange,
  mustRun,
  readSignup,
  runs,
  signupsOpen,
  type Signup,
  type Tx,
} from './exchanges.service.ts';

export type { AssignmentRow } from './exchanges.repo.ts';

/** How many open assignments the review lists pinch-hit candidates for, and how many each. */
const CANDIDATE_LISTS = 25;
const CANDIDATES = 5;

/** The exchange as the matcher sees it: one participant per sign-up, keyed by its id. */
function matcherExchange(x: Exchange, signups: Signup[]): MatcherExchange {
  return {
    rules: x.rules,
    participants: signups.map((s) => ({
      id: s.id,
      requests: s.requests.map(matcherPrompt),
      offers: s.offers.map(matcherPrompt),
    })),
  };
}

/** The writer is told in their inbox now, and by mail through the job queue. */
async function tellWriter(trx: Tx, database: Database, assignmentId: number, writerId: number): Promise<void> {
  await repo.notifyWriter(trx, writerId, new Date().toISOString());
  await enqueueJob(database, 'exchanges.assignment-mail', { assignmentId }, { trx });
}

/** A moderator starts matching (again) once sign-ups are closed and before assignments go out. */
export async function startMatching(database: Database, viewer: SignedIn, name: string): Promise<void> {
  await retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      const x = await mustFindExchange(trx, name);
      await mustRun(trx, x.collection.id, viewer);
      if (signupsOpen(x)) throw new AppError('invalid', 'close sign-ups before matching');
      if (x.row.sent_at) throw new AppError('conflict', 'the assignments were sent already');
      await repo.deleteDrafts(trx, x.collection.id);
      await repo.setMatching(trx, x.collection.id, 'queued', null);
      await enqueueJob(database, 'exchanges.match', { collectionId: x.collection.id }, { trx });
    }),
  );
}

/**
 * The job: matches every sign-up and keeps the result as drafts, one per recipient (without a
 * writer for those no one can write for). Nothing happens once the assignments were sent.
 */
export async function runMatching(database: Database, collectionId: number): Promise<boolean> {
  return retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      const row = await repo.exchangeOf(trx, collectionId);
      const c = await collections.collectionById(trx, collectionId);
      if (!row || !c || row.sent_at || row.matching !== 'queued') return false;
      const x = await mustFindExchange(trx, c.name);
      const signups = (await repo.signups(trx, collectionId)).map(readSignup);
      const result = matchExchange(matcherExchange(x, signups));
      const userOf = new Map<unknown, number>(signups.map((s) => [s.id, s.userId]));
      const now = new Date().toISOString();
      await repo.deleteDrafts(trx, collectionId);
      const giverOf = new Map(result.assignments.map((a) => [a.recipient, a]));
      for (const s of signups) {
        const a = giverOf.get(s.id);
        const giverId = a ? (userOf.get(a.giver) ?? null) : null;
        await repo.insertAssignment(
          trx,
          { collectionId, recipientSignupId: s.id, giverId, score: Math.max(0, Math.round(a?.score ?? 0)) },
          now,
        );
      }
      await repo.setMatching(trx, collectionId, 'done', now);
      return true;
    }),
  );
}

export interface MatchingView {
  exchange: Exchange;
  assignments: repo.AssignmentRow[];
  /** Participants with no one to write for. */
  unmatchedWriters: Signup[];
  signups: Signup[];
  /** For each open assignment (defaulted or without a writer), who could write it. */
  candidates: Map<number, (PinchHitter & { username: string })[]>;
}

/** The moderators' review: the assignments (drafts before sending), who is left, pinch-hit candidates. */
export async function matchingView(database: Database, viewer: SignedIn, name: string): Promise<MatchingView> {
  const x = await mustFindExchange(database.db, name);
  await mustRun(database.db, x.collection.id, viewer);
  const [rows, signupRows] = await Promise.all([
    repo.assignments(database.db, x.collection.id),
    repo.signups(database.db, x.collection.id),
  ]);
  const signups = signupRows.map(readSignup);
  const writing = new Set(rows.filter((a) => a.giverId !== null && !a.defaultedAt).map((a) => a.giverId));
  const unmatchedWriters = rows.length ? signups.filter((s) => !writing.has(s.userId)) : [];
  const candidates = new Map<number, (PinchHitter & { username: string })[]>();
  const open = rows.filter((a) => a.giverId === null || a.defaultedAt);
  if (open.length) {
    const signupOfUser = new Map(signups.map((s) => [s.userId, s]));
    const byId = new Map(signups.map((s) => [s.id, s]));
    const current = rows.flatMap((a) => {
      const g = a.giverId === null || a.defaultedAt ? undefined : signupOfUser.get(a.giverId);
      return g && g.id !== a.recipientSignupId ? [{ giver: g.id, recipient: a.recipientSignupId }] : [];
    });
    const exchange = matcherExchange(x, signups);
    // Each list is a search of its own: the first open assignments get theirs, the rest on a later look.
    for (const a of open.slice(0, CANDIDATE_LISTS)) {
      const defaulter = a.giverId === null ? undefined : signupOfUser.get(a.giverId);
      const list = pinchHitCandidates(exchange, current, a.recipientSignupId, defaulter ? [defaulter.id] : []);
      candidates.set(
        a.id,
        list.slice(0, CANDIDATES).map((c) => ({ ...c, username: byId.get(Number(c.giver))?.username ?? '' })),
      );
    }
  }
  return { exchange: x, assignments: rows, unmatchedWriters, signups, candidates };
}

/** A moderator sends the drafts: each writer is told by mail, and sees the assignment. */
export async function sendAssignments(database: Database, viewer: SignedIn, name: string): Promise<number> {
  return retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      const x = await mustFindExchange(trx, name);
      await mustRun(trx, x.collection.id, viewer);
      if (x.row.sent_at) throw new AppError('conflict', 'the assignments were sent already');
      if (x.row.matching !== 'done') throw new AppError('invalid', 'run matching before sending assignments');
      const now = new Date().toISOString();
      const sent = await repo.sendDrafts(trx, x.collection.id, now);
      await repo.setSent(trx, x.collection.id, now);
      for (const a of sent) await tellWriter(trx, database, a.id, a.giverId);
      return sent.length;
    }),
  );
}

async function mustFindAssignment(db: Tx, name: string, id: number) {
  const x = await mustFindExchange(db, name);
  const a = await repo.assignmentById(db, id);
  if (!a || a.collectionId !== x.collection.id || !a.sentAt)
    throw new AppError('not_found', `assignment ${id} was not found`);
  return { x, a };
}

/** The writer gives up their assignment (or a moderator marks it so): it waits for a pinch hitter. */
export async function defaultAssignment(database: Database, viewer: SignedIn, name: string, id: number) {
  await retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      const { x, a } = await mustFindAssignment(trx, name, id);
      if (a.giverId !== viewer.id && !(await runs(trx, x.collection.id, viewer)))
        throw new AppError('forbidden', 'only its writer or a moderator can default an assignment');
      if (a.fulfilledAt) throw new AppError('conflict', 'the assignment is fulfilled already');
      if (a.giverId === null || a.defaultedAt) return;
      await repo.updateAssignment(trx, a.id, { defaulted_at: new Date().toISOString() });
    }),
  );
}

/** A moderator gives a defaulted or unwritten assignment to a pinch hitter, who is told. */
export async function pinchHit(database: Database, viewer: SignedIn, name: string, id: number, username: string) {
  await retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      const { x, a } = await mustFindAssignment(trx, name, id);
      await mustRun(trx, x.collection.id, viewer);
      if (a.fulfilledAt) throw new AppError('conflict', 'the assignment is fulfilled already');
      if (a.giverId !== null && !a.defaultedAt)
        throw new AppError('conflict', 'the assignment has a writer: default it first');
      const user = await findUserByUsername(trx, username.trim());
      if (!user || user.role === 'system') throw new AppError('invalid', `there is no user named '${username}'`);
      if (user.id === a.recipientUserId) throw new AppError('invalid', 'a participant cannot write their own gift');
      await repo.updateAssignment(trx, a.id, {
        giver_id: user.id,
        pinch_hit: 1,
        defaulted_at: null,
        sent_at: new Date().toISOString(),
      });
      await tellWriter(trx, database, a.id, user.id);
    }),
  );
}

/** A moderator marks an assignment fulfilled (a work posted elsewhere), or purges it. */
export async function moderateAssignment(
  database: Database,
  viewer: SignedIn,
  name: string,
  id: number,
  action: 'fulfil' | 'purge',
) {
  await retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      const { x, a } = await mustFindAssignment(trx, name, id);
      await mustRun(trx, x.collection.id, viewer);
      if (action === 'purge') await repo.deleteAssignment(trx, a.id);
      else if (!a.fulfilledAt) await repo.updateAssignment(trx, a.id, { fulfilled_at: new Date().toISOString() });
    }),
  );
}

export interface MyAssignment {
  assignment: repo.AssignmentRow;
  collection: collections.CollectionRow;
  dueAt: string | null;
  requests: Signup['requests'];
}

/** A writer's assignments, with their recipient's requests. */
export async function myAssignments(database: Database, viewer: SignedIn): Promise<MyAssignment[]> {
  const out: MyAssignment[] = [];
  for (const a of await repo.assignmentsOfGiver(database.db, viewer.id)) {
    const [c, x, s] = await Promise.all([
      collections.collectionById(database.db, a.collectionId),
      repo.exchangeOf(database.db, a.collectionId),
      repo.signupById(database.db, a.recipientSignupId),
    ]);
    if (!c || !x || !s) continue;
    out.push({ assignment: a, collection: c, dueAt: x.assignments_due_at, requests: readSignup(s).requests });
  }
  return out;
}

/** The writer's own open assignment, for the work form that carries it. */
export async function openAssignment(database: Database, viewer: SignedIn, id: number) {
  const a = await repo.assignmentById(database.db, id);
  if (!a || a.giverId !== viewer.id || !a.sentAt || a.defaultedAt || a.fulfilledAt)
    throw new AppError('not_found', `assignment ${id} was not found among your open assignments`);
  const c = await collections.collectionById(database.db, a.collectionId);
  if (!c) throw new AppError('not_found', `assignment ${id} was not found`);
  return { assignment: a, collection: c };
}

/**
 * In the work form's transaction: a work posted to an exchange's collection as a gift to the
 * recipient of one of the writer's open assignments (or started from it) fulfils it.
 */
export async function fulfilFromWork(trx: Tx, viewer: SignedIn, workId: number, at: string): Promise<void> {
  const open = await repo.openAssignmentsOfGiver(trx, viewer.id);
  if (open.length === 0) return;
  if (!(await repo.workIsPosted(trx, workId))) return;
  const inCollections = new Set(
    (await collections.collectionsOfWork(trx, workId)).filter((i) => i.creatorApproved).map((i) => i.id),
  );
  const giftedTo = await repo.giftPseudsOfWork(trx, workId);
  for (const a of open) {
    if (!inCollections.has(a.collectionId)) continue;
    if (a.workId !== workId && !giftedTo.includes(a.recipient.toLowerCase())) continue;
    await repo.updateAssignment(trx, a.id, { work_id: workId, fulfilled_at: at });
  }
}

/**
 * A draft started from an assignment (the new-work form carries it): the draft is tied to the
 * assignment, put into the exchange's collection and made a gift to the recipient.
 */
export async function startFromAssignment(database: Database, viewer: SignedIn, id: number, workId: number) {
  const { assignment, collection } = await openAssignment(database, viewer, id);
  await retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      const at = new Date().toISOString();
      await repo.updateAssignment(trx, assignment.id, { work_id: workId });
      await setWorkCollections(trx, viewer, workId, [collection.name], at);
      await setWorkGifts(trx, viewer, workId, [assignment.recipient], at);
    }),
  );
}

/** The new-work form's note for an assignment id from the query or the form; none for none. */
export async function assignmentNote(database: Database, viewer: SignedIn, raw: string | undefined) {
  if (!raw) return undefined;
  const id = optionalId(raw);
  const { assignment, collection } = await openAssignment(database, viewer, id);
  return {
    id: assignment.id,
    note: `This work fulfils your assignment for ${assignment.recipient} in ${collection.title}: it joins the collection as a gift to ${assignment.recipient}.`,
  };
}

/**
 * Writers whose sent assignment is still open when its exchange is due within REMIND_BEFORE_MS
 * are reminded once, by mail through the job queue (the recurring job `exchanges.remind`).
 * Returns how many were reminded.
 */
export async function remindDue(database: Database, now: Date = new Date()): Promise<number> {
  const at = now.toISOString();
  const until = new Date(now.getTime() + REMIND_BEFORE_MS).toISOString();
  let reminded = 0;
  for (const a of await repo.assignmentsToRemind(database.db, at, until)) {
    const marked = await database.db.transaction().execute(async (trx) => {
      if (!(await repo.markReminded(trx, a.id, at))) return false;
      await enqueueJob(database, 'exchanges.assignment-mail', { assignmentId: a.id, reminder: true }, { trx });
      return true;
    });
    if (marked) reminded++;
  }
  return reminded;
}

/** How long before the due date an open assignment's writer is reminded (AO3's moderators often send theirs a few days ahead). */
export const REMIND_BEFORE_MS = 3 * 24 * 60 * 60 * 1000;
