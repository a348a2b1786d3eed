// All SQL about gift exchanges: the exchange row of a collection (form, rules, dates, state), the
// participants' sign-ups, and the assignments (drafts from matching until sent).
import type { Kysely, Selectable } from 'kysely';
import type { ExchangesTable, Schema } from '../db/schema.ts';

type Db = Kysely<Schema>;
export type ExchangeRow = Selectable<ExchangesTable>;

export interface ExchangeValues {
  form: string;
  rules: string;
  signups_open: 0 | 1;
  signups_close_at: string | null;
  assignments_due_at: string | null;
}

export async function exchangeOf(db: Db, collectionId: number): Promise<ExchangeRow | undefined> {
  return db.selectFrom('exchanges').selectAll().where('collection_id', '=', collectionId).executeTakeFirst();
}

export async function saveExchange(db: Db, collectionId: number, v: ExchangeValues, at: string): Promise<void> {
  await db
    .insertInto('exchanges')
    .values({ collection_id: collectionId, ...v, matching: 'none', created_at: at, updated_at: at })
    .onConflict((oc) => oc.column('collection_id').doUpdateSet({ ...v, updated_at: at }))
    .execute();
}

/** Sign-ups reopened by the moderators forget an earlier close. */
export async function setClosed(db: Db, collectionId: number, closedAt: string | null): Promise<void> {
  await db
    .updateTable('exchanges')
    .set({ signups_closed_at: closedAt, ...(closedAt ? { signups_open: 0 as const } : {}) })
    .where('collection_id', '=', collectionId)
    .execute();
}

/** Open sign-ups whose close time has come. */
export async function dueCloses(db: Db, now: string): Promise<number[]> {
  const rows = await db
    .selectFrom('exchanges')
    .select('collection_id')
    .where('signups_open', '=', 1)
    .where('signups_close_at', 'is not', null)
    .where('signups_close_at', '<=', now)
    .execute();
  return rows.map((r) => r.collection_id);
}

/** Closes one exchange's sign-ups if still open: false when another process did first. */
export async function closeSignups(db: Db, collectionId: number, now: string): Promise<boolean> {
  const r = await db
    .updateTable('exchanges')
    .set({ signups_open: 0, signups_closed_at: now })
    .where('collection_id', '=', collectionId)
    .where('signups_open', '=', 1)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function setMatching(
  db: Db,
  collectionId: number,
  state: 'none' | 'queued' | 'done',
  at: string | null,
): Promise<void> {
  await db
    .updateTable('exchanges')
    .set({ matching: state, matched_at: at })
    .where('collection_id', '=', collectionId)
    .execute();
}

export async function setSent(db: Db, collectionId: number, at: string): Promise<void> {
  await db.updateTable('exchanges').set({ sent_at: at }).where('collection_id', '=', collectionId).execute();
}

// ---- sign-ups -------------------------------------------------------------------------------

export interface SignupRow {
  id: number;
  userId: number;
  username: string;
  pseud: string;
  requests: string;
  offers: string;
  updatedAt: string;
}

function signupsQuery(db: Db) {
  return db
    .selectFrom('exchange_signups as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('pseuds as p', 'p.id', 's.pseud_id')
    .select(['s.id', 's.user_id', 'u.username', 'p.name', 's.requests', 's.offers', 's.updated_at', 's.collection_id']);
}

type RawSignup = {
  id: number;
  user_id: number;
  username: string;
  name: string;
  requests: string;
  offers: string;
  updated_at: string;
};

const toSignup = (r: RawSignup): SignupRow => ({
  id: r.id,
  userId: r.user_id,
  username: r.username,
  pseud: r.name,
  requests: r.requests,
  offers: r.offers,
  updatedAt: r.updated_at,
});

/** Every sign-up of the exchange, in the order they came (the matcher's tie order). */
export async function signups(db: Db, collectionId: number): Promise<SignupRow[]> {
  return (await signupsQuery(db).where('s.collection_id', '=', collectionId).orderBy('s.id').execute()).map(toSignup);
}

/** One page of the exchange's sign-ups: those after id `after`, in the order they came. */
export async function signupsAfter(db: Db, collectionId: number, after: number, limit: number): Promise<SignupRow[]> {
  return (
    await signupsQuery(db)
      .where('s.collection_id', '=', collectionId)
      .where('s.id', '>', after)
      .orderBy('s.id')
      .limit(limit)
      .execute()
  ).map(toSignup);
}

/** Every sign-up's prompts and nothing else: what the per-fandom counts read. */
export async function signupPrompts(db: Db, collectionId: number): Promise<{ requests: string; offers: string }[]> {
  return db
    .selectFrom('exchange_signups')
    .select(['requests', 'offers'])
    .where('collection_id', '=', collectionId)
    .execute();
}

export async function countSignups(db: Db, collectionId: number): Promise<number> {
  const r = await db
    .selectFrom('exchange_signups')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('collection_id', '=', collectionId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function signupOf(db: Db, collectionId: number, userId: number): Promise<SignupRow | undefined> {
  const r = await signupsQuery(db)
    .where('s.collection_id', '=', collectionId)
    .where('s.user_id', '=', userId)
    .executeTakeFirst();
  return r && toSignup(r);
}

export async function signupById(db: Db, id: number): Promise<(SignupRow & { collectionId: number }) | undefined> {
  const r = await signupsQuery(db).where('s.id', '=', id).executeTakeFirst();
  return r && { ...toSignup(r), collectionId: r.collection_id };
}

export async function saveSignup(
  db: Db,
  s: { collectionId: number; userId: number; pseudId: number; requests: string; offers: string },
  at: string,
): Promise<void> {
  const values = { pseud_id: s.pseudId, requests: s.requests, offers: s.offers, updated_at: at };
  await db
    .insertInto('exchange_signups')
    .values({ collection_id: s.collectionId, user_id: s.userId, ...values, created_at: at })
    .onConflict((oc) => oc.columns(['collection_id', 'user_id']).doUpdateSet(values))
    .execute();
}

/** One sign-up of the exchange: the reader's own (withdrawing), or by its id (a moderator taking someone off). */
export async function deleteSignup(
  db: Db,
  collectionId: number,
  which: { userId: number } | { id: number },
): Promise<boolean> {
  const r = await db
    .deleteFrom('exchange_signups')
    .where('collection_id', '=', collectionId)
    .where('id' in which ? 'id' : 'user_id', '=', 'id' in which ? which.id : which.userId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

// ---- assignments ----------------------------------------------------------------------------

export interface AssignmentRow {
  id: number;
  collectionId: number;
  recipientSignupId: number;
  recipientUserId: number;
  recipient: string;
  recipientUsername: string;
  giverId: number | null;
  giver: string | null;
  pinchHit: boolean;
  score: number;
  workId: number | null;
  sentAt: string | null;
  defaultedAt: string | null;
  fulfilledAt: string | null;
}

function assignmentsQuery(db: Db) {
  return db
    .selectFrom('exchange_assignments as a')
    .innerJoin('exchange_signups as s', 's.id', 'a.recipient_signup_id')
    .innerJoin('users as ru', 'ru.id', 's.user_id')
    .innerJoin('pseuds as rp', 'rp.id', 's.pseud_id')
    .leftJoin('users as g', 'g.id', 'a.giver_id')
    .select([
      'a.id',
      'a.collection_id',
      'a.recipient_signup_id',
      's.user_id as recipient_user_id',
      'rp.name as recipient',
      'ru.username as recipient_username',
      'a.giver_id',
      'g.username as giver',
      'a.pinch_hit',
      'a.score',
      'a.work_id',
      'a.sent_at',
      'a.defaulted_at',
      'a.fulfilled_at',
    ]);
}

type RawAssignment = {
  id: number;
  collection_id: number;
  recipient_signup_id: number;
  recipient_user_id: number;
  recipient: string;
  recipient_username: string;
  giver_id: number | null;
  giver: string | null;
  pinch_hit: number;
  score: number;
  work_id: number | null;
  sent_at: string | null;
  defaulted_at: string | null;
  fulfilled_at: string | null;
};

const toAssignment = (r: RawAssignment): AssignmentRow => ({
  id: r.id,
  collectionId: r.collection_id,
  recipientSignupId: r.recipient_signup_id,
  recipientUserId: r.recipient_user_id,
  recipient: r.recipient,
  recipientUsername: r.recipient_username,
  giverId: r.giver_id,
  giver: r.giver,
  pinchHit: r.pinch_hit === 1,
  score: r.score,
  workId: r.work_id,
  sentAt: r.sent_at,
  defaultedAt: r.defaulted_at,
  fulfilledAt: r.fulfilled_at,
});

export async function assignments(db: Db, collectionId: number): Promise<AssignmentRow[]> {
  const rows = await assignmentsQuery(db).where('a.collection_id', '=', collectionId).orderBy('a.id').execute();
  return rows.map(toAssignment);
}

export async function assignmentById(db: Db, id: number): Promise<AssignmentRow | undefined> {
  const r = await assignmentsQuery(db).where('a.id', '=', id).executeTakeFirst();
  return r && toAssignment(r);
}

/** A writer's sent assignments, across exchanges, newest first. */
export async function assignmentsOfGiver(db: Db, userId: number): Promise<AssignmentRow[]> {
  const rows = await assignmentsQuery(db)
    .where('a.giver_id', '=', userId)
    .where('a.sent_at', 'is not', null)
    .orderBy('a.id', 'desc')
    .limit(500)
    .execute();
  return rows.map(toAssignment);
}

/** Matching's drafts go; what was sent stays. */
export async function deleteDrafts(db: Db, collectionId: number): Promise<void> {
  await db
    .deleteFrom('exchange_assignments')
    .where('collection_id', '=', collectionId)
    .where('sent_at', 'is', null)
    .execute();
}

export async function insertAssignment(
  db: Db,
  a: { collectionId: number; recipientSignupId: number; giverId: number | null; score: number },
  at: string,
): Promise<void> {
  await db
    .insertInto('exchange_assignments')
    .values({
      collection_id: a.collectionId,
      recipient_signup_id: a.recipientSignupId,
      giver_id: a.giverId,
      score: a.score,
      work_id: null,
      sent_at: null,
      defaulted_at: null,
      fulfilled_at: null,
      created_at: at,
    })
    .execute();
}

/** Sends every draft: those with a writer, to tell each of them. */
export async function sendDrafts(db: Db, collectionId: number, at: string): Promise<{ id: number; giverId: number }[]> {
  const drafts = await db
    .selectFrom('exchange_assignments')
    .select(['id', 'giver_id'])
    .where('collection_id', '=', collectionId)
    .where('sent_at', 'is', null)
    .execute();
  await db
    .updateTable('exchange_assignments')
    .set({ sent_at: at })
    .where('collection_id', '=', collectionId)
    .where('sent_at', 'is', null)
    .execute();
  return drafts.flatMap((d) => (d.giver_id === null ? [] : [{ id: d.id, giverId: d.giver_id }]));
}

export async function updateAssignment(
  db: Db,
  id: number,
  set: Partial<{
    giver_id: number | null;
    pinch_hit: 0 | 1;
    work_id: number | null;
    sent_at: string | null;
    defaulted_at: string | null;
    fulfilled_at: string | null;
  }>,
): Promise<void> {
  await db.updateTable('exchange_assignments').set(set).where('id', '=', id).execute();
}

export async function deleteAssignment(db: Db, id: number): Promise<void> {
  await db.deleteFrom('exchange_assignments').where('id', '=', id).execute();
}

/** The writer's open assignments that this work could fulfil. */
export async function openAssignmentsOfGiver(db: Db, userId: number): Promise<AssignmentRow[]> {
  const rows = await assignmentsQuery(db)
    .where('a.giver_id', '=', userId)
    .where('a.sent_at', 'is not', null)
    .where('a.defaulted_at', 'is', null)
    .where('a.fulfilled_at', 'is', null)
    .execute();
  return rows.map(toAssignment);
}

/**
 * Sent assignments still open whose exchange is due before `until` (and not yet past `now`),
 * and whose writer has not been reminded.
 */
export async function assignmentsToRemind(
  db: Db,
  now: string,
  until: string,
): Promise<{ id: number; giverId: number }[]> {
  const rows = await db
    .selectFrom('exchange_assignments as a')
    .innerJoin('exchanges as x', 'x.collection_id', 'a.collection_id')
    .select(['a.id', 'a.giver_id'])
    .where('a.sent_at', 'is not', null)
    .where('a.giver_id', 'is not', null)
    .where('a.defaulted_at', 'is', null)
    .where('a.fulfilled_at', 'is', null)
    .where('a.reminded_at', 'is', null)
    .where('x.assignments_due_at', 'is not', null)
    .where('x.assignments_due_at', '>', now)
    .where('x.assignments_due_at', '<=', until)
    .execute();
  return rows.map((r) => ({ id: r.id, giverId: r.giver_id! }));
}

/** Marks one assignment reminded, if no other process did first. */
export async function markReminded(db: Db, id: number, at: string): Promise<boolean> {
  const r = await db
    .updateTable('exchange_assignments')
    .set({ reminded_at: at })
    .where('id', '=', id)
    .where('reminded_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** An exchange's works stay unrevealed and anonymous until this time (null: until one is set). */
export async function hideUntil(db: Db, collectionId: number, revealAt: string | null, at: string): Promise<void> {
  await db
    .updateTable('collections')
    .set({ unrevealed: 1, anonymous: 1, reveal_at: revealAt, updated_at: at })
    .where('id', '=', collectionId)
    .execute();
}

export async function workIsPosted(db: Db, workId: number): Promise<boolean> {
  const w = await db.selectFrom('works').select('draft').where('id', '=', workId).executeTakeFirst();
  return w !== undefined && w.draft === 0;
}

/** The pseuds (lower case) a work is a gift to, refused gifts left out. */
export async function giftPseudsOfWork(db: Db, workId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('gifts as g')
    .innerJoin('pseuds as p', 'p.id', 'g.pseud_id')
    .select('p.name')
    .where('g.work_id', '=', workId)
    .where('g.refused_at', 'is', null)
    .execute();
  return rows.map((r) => r.name.toLowerCase());
}

/** Tells a writer in their inbox that an assignment waits for them (it names no work). */
export async function notifyWriter(db: Db, userId: number, at: string): Promise<void> {
  await db
    .insertInto('inbox_items')
    .values({
      user_id: userId,
      kind: 'assignment',
      work_id: null,
      chapter_id: null,
      series_id: null,
      comment_id: null,
      created_at: at,
      read_at: null,
    })
    .execute();
}
