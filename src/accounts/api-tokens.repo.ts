// All SQL about personal API tokens. As with sessions, only a SHA-256 of each token is stored.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';

type Db = Kysely<Schema>;

export interface ApiTokenRow {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export async function insertApiToken(db: Db, t: { userId: number; name: string; tokenHash: string }): Promise<number> {
  const row = await db
    .insertInto('api_tokens')
    .values({
      user_id: t.userId,
      name: t.name,
      token_hash: t.tokenHash,
      created_at: new Date().toISOString(),
      last_used_at: null,
      revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function liveTokensOf(db: Db, userId: number): Promise<ApiTokenRow[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
}

export async function revokeApiToken(db: Db, userId: number, id: number): Promise<boolean> {
  const r = await db
    .updateTable('api_tokens')
    .set({ revoked_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function tokenOwner(db: Db, tokenHash: string) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id as tokenId',
      'api_tokens.last_used_at',
      'users.id',
      'users.username',
      'users.email',
      'users.password_hash',
      'users.role',
      'users.created_at',
    ])
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function touchApiToken(db: Db, id: number, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}
