// All SQL about blocking and muting other users (user_blocks). 'block': they cannot comment on my
// works or reply to my comments (src/community/ enforces it through isBlocking). 'mute': their
// works and comments vanish for me (src/search/ filters listings; community filters comments).
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';

type Db = Kysely<Schema>;

export type BlockKind = 'block' | 'mute';

export interface BlockedUser {
  id: number;
  username: string;
  since: string;
}

export async function insertBlock(
  db: Db,
  userId: number,
  otherId: number,
  kind: BlockKind,
  at: string,
): Promise<boolean> {
  const r = await db
    .insertInto('user_blocks')
    .values({ user_id: userId, other_id: otherId, kind, created_at: at })
    .onConflict((oc) => oc.columns(['user_id', 'other_id', 'kind']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function deleteBlock(db: Db, userId: number, otherId: number, kind: BlockKind): Promise<boolean> {
  const r = await db
    .deleteFrom('user_blocks')
    .where('user_id', '=', userId)
    .where('other_id', '=', otherId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function hasBlock(db: Db, userId: number, otherId: number, kind: BlockKind): Promise<boolean> {
  const r = await db
    .selectFrom('user_blocks')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('other_id', '=', otherId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return r !== undefined;
}

export async function countBlocks(db: Db, userId: number, kind: BlockKind): Promise<number> {
  const r = await db
    .selectFrom('user_blocks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Whom the user blocks (or mutes), by name. */
export async function listBlocks(db: Db, userId: number, kind: BlockKind): Promise<BlockedUser[]> {
  const rows = await db
    .selectFrom('user_blocks')
    .innerJoin('users', 'users.id', 'user_blocks.other_id')
    .select(['users.id', 'users.username', 'user_blocks.created_at'])
    .where('user_blocks.user_id', '=', userId)
    .where('user_blocks.kind', '=', kind)
    .orderBy('users.username')
    .execute();
  return rows.map((r) => ({ id: r.id, username: r.username, since: r.created_at }));
}

export async function otherIds(db: Db, userId: number, kind: BlockKind): Promise<number[]> {
  const rows = await db
    .selectFrom('user_blocks')
    .select('other_id')
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .execute();
  return rows.map((r) => r.other_id);
}
