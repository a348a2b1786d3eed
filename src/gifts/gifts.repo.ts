// All SQL about gifts: a work given to a pseud of the archive or to a name, the recipient's
// refusal, and the inbox item that tells a recipient of their gift.
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';

type Db = Kysely<Schema>;

export interface GiftRow {
  id: number;
  workId: number;
  pseudId: number | null;
  /** The pseud's name, or the free-text name given. */
  recipient: string;
  /** The recipient's username, for a pseud of the archive. */
  username: string | null;
  refused: boolean;
}

function giftsQuery(db: Db) {
  return db
    .selectFrom('gifts as g')
    .leftJoin('pseuds as p', 'p.id', 'g.pseud_id')
    .leftJoin('users as u', 'u.id', 'p.user_id')
    .select(['g.id', 'g.work_id', 'g.pseud_id', 'g.recipient', 'p.name', 'u.username', 'g.refused_at']);
}

type Raw = {
  id: number;
  work_id: number;
  pseud_id: number | null;
  recipient: string;
  name: string | null;
  username: string | null;
  refused_at: string | null;
};

const toRow = (r: Raw): GiftRow => ({
  id: r.id,
  workId: r.work_id,
  pseudId: r.pseud_id,
  recipient: r.name ?? r.recipient,
  username: r.username,
  refused: r.refused_at !== null,
});

/** Every gift of the work, refused ones too (so that a refusal stands when the form is saved again). */
export async function giftsOfWork(db: Db, workId: number): Promise<GiftRow[]> {
  return (await giftsQuery(db).where('g.work_id', '=', workId).orderBy('g.id').execute()).map(toRow);
}

/** The gifts a user has not refused, newest first. */
export async function giftsForUser(db: Db, userId: number): Promise<GiftRow[]> {
  const rows = await giftsQuery(db)
    .where('u.id', '=', userId)
    .where('g.refused_at', 'is', null)
    .orderBy('g.id', 'desc')
    .limit(500)
    .execute();
  return rows.map(toRow);
}

export async function getGift(db: Db, id: number): Promise<GiftRow | undefined> {
  const r = await giftsQuery(db).where('g.id', '=', id).executeTakeFirst();
  return r && toRow(r);
}

export async function insertGift(
  db: Db,
  g: { workId: number; pseudId: number | null; recipient: string; at: string },
): Promise<void> {
  await db
    .insertInto('gifts')
    .values({ work_id: g.workId, pseud_id: g.pseudId, recipient: g.recipient, created_at: g.at })
    .execute();
}

export async function deleteGift(db: Db, id: number): Promise<void> {
  await db.deleteFrom('gifts').where('id', '=', id).execute();
}

export async function refuseGift(db: Db, id: number, at: string): Promise<void> {
  await db.updateTable('gifts').set({ refused_at: at }).where('id', '=', id).execute();
}

/** Tells the recipient in their inbox (shown once the work is one they may find). */
export async function notifyRecipient(db: Db, userId: number, workId: number, at: string): Promise<void> {
  await sql`INSERT INTO inbox_items (user_id, kind, work_id, created_at)
    SELECT CAST(${userId} AS INTEGER), 'gift', CAST(${workId} AS INTEGER), CAST(${at} AS TEXT)
     WHERE NOT EXISTS (SELECT 1 FROM inbox_items WHERE user_id = ${userId} AND work_id = ${workId} AND kind = 'gift')`.execute(
    db,
  );
}
