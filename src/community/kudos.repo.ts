// All SQL about kudos. works.kudos_count moves only when a row really went in, so two clicks at
// once (or two processes) can never count one kudos twice.
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';

type Db = Kysely<Schema>;

export type Giver = { userId: number } | { guestKey: string };

/** Adds the kudos unless this giver already left one; true when it was added. */
export async function insertKudos(db: Db, workId: number, giver: Giver, at: string): Promise<boolean> {
  const row = await db
    .insertInto('kudos')
    .values({
      work_id: workId,
      user_id: 'userId' in giver ? giver.userId : null,
      guest_key: 'guestKey' in giver ? giver.guestKey : null,
      created_at: at,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) return false;
  await db.updateTable('works').set({ kudos_count: sql`kudos_count + 1` }).where('id', '=', workId).execute();
  return true;
}

export async function hasKudos(db: Db, workId: number, giver: Giver): Promise<boolean> {
  let q = db.selectFrom('kudos').select('id').where('work_id', '=', workId);
  q = 'userId' in giver ? q.where('user_id', '=', giver.userId) : q.where('guest_key', '=', giver.guestKey);
  return (await q.executeTakeFirst()) !== undefined;
}

/** The newest `limit` givers with accounts, and how many accounts and guests gave in all. */
export async function kudosSummary(
  db: Db,
  workId: number,
  limit: number,
): Promise<{ usernames: string[]; users: number; guests: number }> {
  const [names, counts] = await Promise.all([
    db
      .selectFrom('kudos')
      .innerJoin('users', 'users.id', 'kudos.user_id')
      .select('users.username')
      .where('kudos.work_id', '=', workId)
      .orderBy('kudos.created_at', 'desc')
      .orderBy('kudos.id', 'desc')
      .limit(limit)
      .execute(),
    db
      .selectFrom('kudos')
      .select((eb) => [eb.fn.count<number>('user_id').as('users'), eb.fn.count<number>('guest_key').as('guests')])
      .where('work_id', '=', workId)
      .executeTakeFirst(),
  ]);
  return {
    usernames: names.map((r) => r.username),
    users: Number(counts?.users ?? 0),
    guests: Number(counts?.guests ?? 0),
  };
}
