// All SQL about co-creator invitations: a pseud asked to share a work's credit, waiting for its
// user's answer. An accepted invitation becomes a work_creators row (works.repo's appendCreator).
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';

type Db = Kysely<Schema>;

export async function insertInvitation(
  db: Db,
  i: { workId: number; pseudId: number; invitedBy: number; at: string },
): Promise<void> {
  await db
    .insertInto('creator_invitations')
    .values({ work_id: i.workId, pseud_id: i.pseudId, invited_by: i.invitedBy, created_at: i.at })
    .onConflict((oc) => oc.columns(['work_id', 'pseud_id']).doNothing())
    .execute();
}

/** Whether `userId` has blocked `other`: a blocked writer cannot ask them to share a work. */
export async function hasBlocked(db: Db, userId: number, other: number): Promise<boolean> {
  const row = await db
    .selectFrom('user_blocks')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('other_id', '=', other)
    .where('kind', '=', 'block')
    .executeTakeFirst();
  return row !== undefined;
}

export interface WorkInvitationRow {
  id: number;
  pseud: string;
  username: string;
  createdAt: string;
}

/** A work's pending invitations, oldest first, for its creators' edit form. */
export async function invitationsForWork(db: Db, workId: number): Promise<WorkInvitationRow[]> {
  const rows = await db
    .selectFrom('creator_invitations as i')
    .innerJoin('pseuds as p', 'p.id', 'i.pseud_id')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['i.id', 'p.name', 'u.username', 'i.created_at'])
    .where('i.work_id', '=', workId)
    .orderBy('i.id')
    .execute();
  return rows.map((r) => ({ id: r.id, pseud: r.name, username: r.username, createdAt: r.created_at }));
}

export interface UserInvitationRow {
  id: number;
  workId: number;
  title: string;
  /** A draft is not readable by the invitee yet: no link to it. */
  draft: boolean;
  pseud: string;
  invitedBy: string | null;
  createdAt: string;
}

/** Invitations waiting for this user's answer, newest first. */
export async function invitationsForUser(db: Db, userId: number): Promise<UserInvitationRow[]> {
  const rows = await db
    .selectFrom('creator_invitations as i')
    .innerJoin('pseuds as p', 'p.id', 'i.pseud_id')
    .innerJoin('works as w', 'w.id', 'i.work_id')
    .leftJoin('users as by', 'by.id', 'i.invited_by')
    .select(['i.id', 'i.work_id', 'w.title', 'w.draft', 'p.name', 'by.username', 'i.created_at'])
    .where('p.user_id', '=', userId)
    .orderBy('i.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    workId: r.work_id,
    title: r.title,
    draft: r.draft === 1,
    pseud: r.name,
    invitedBy: r.username,
    createdAt: r.created_at,
  }));
}

export async function countInvitationsForUser(db: Db, userId: number): Promise<number> {
  const row = await db
    .selectFrom('creator_invitations as i')
    .innerJoin('pseuds as p', 'p.id', 'i.pseud_id')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('p.user_id', '=', userId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** One invitation with the user its pseud belongs to. */
export async function getInvitation(
  db: Db,
  id: number,
): Promise<{ id: number; workId: number; pseudId: number; userId: number } | undefined> {
  const row = await db
    .selectFrom('creator_invitations as i')
    .innerJoin('pseuds as p', 'p.id', 'i.pseud_id')
    .select(['i.id', 'i.work_id', 'i.pseud_id', 'p.user_id'])
    .where('i.id', '=', id)
    .executeTakeFirst();
  return row && { id: row.id, workId: row.work_id, pseudId: row.pseud_id, userId: row.user_id };
}

/** Removes one invitation; false when it was already answered. */
export async function deleteInvitation(db: Db, id: number): Promise<boolean> {
  const res = await db.deleteFrom('creator_invitations').where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/** A work's invitations: all of them, or those one user sent. */
export async function deleteInvitationsForWork(db: Db, workId: number, invitedBy?: number): Promise<void> {
  let q = db.deleteFrom('creator_invitations').where('work_id', '=', workId);
  if (invitedBy !== undefined) q = q.where('invited_by', '=', invitedBy);
  await q.execute();
}
