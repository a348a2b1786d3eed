// All SQL about users and pseuds. Sign-up and sessions come with the accounts issue; for now the
// archive needs the system account that owns imported works.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';
import { insertDefaultPreferences, PREFERENCE_COLUMNS, toPreferences } from './preferences.repo.ts';
import type { Preferences } from './preferences.ts';

type Db = Kysely<Schema>;

export const IMPORTER_USERNAME = 'importer';
/** The system user orphaned works are credited to (migration 11 creates it; so does first use). */
export const ORPHAN_USERNAME = 'orphan_account';

/** The pseud imported works are credited to when the file names no creator of its own. */
export function ensureSystemPseud(db: Db, name = IMPORTER_USERNAME): Promise<number> {
  return systemAccountPseud(db, IMPORTER_USERNAME, name);
}

/**
 * A pseud of orphan_account: its own name, or the orphaning writer's pseud name when they kept it.
 * The account has no password, so no one signs in as it.
 */
export function ensureOrphanPseud(db: Db, name = ORPHAN_USERNAME): Promise<number> {
  return systemAccountPseud(db, ORPHAN_USERNAME, name);
}

/** A pseud called `name` of the system account `username`, each made on first use; the account's own name is its default. */
async function systemAccountPseud(db: Db, username: string, name: string): Promise<number> {
  const now = new Date().toISOString();
  let user = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', username)
    .where('role', '=', 'system')
    .executeTakeFirst();
  if (!user) {
    user = await db
      .insertInto('users')
      .values({ username, email: null, password_hash: null, role: 'system', created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
  }
  const pseud = await db
    .selectFrom('pseuds')
    .select('id')
    .where('user_id', '=', user.id)
    .where('name', '=', name)
    .executeTakeFirst();
  if (pseud) return pseud.id;
  const created = await db
    .insertInto('pseuds')
    .values({ user_id: user.id, name, is_default: name === username ? 1 : 0, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return created.id;
}

export interface CreatorRow {
  workId: number;
  pseudId: number;
  pseud: string;
  userId: number;
  username: string;
  role: string;
  /** The credit's place in the byline, from 0. */
  position: number;
  /** The archive's own account (imports, orphaned works): it has no creator page. */
  system: boolean;
  /** Credited to orphan_account: the byline names the kept pseud with it. */
  orphaned: boolean;
}

export async function creatorsForWorks(db: Db, workIds: number[]): Promise<CreatorRow[]> {
  if (workIds.length === 0) return [];
  const rows = await db
    .selectFrom('work_creators')
    .innerJoin('pseuds', 'pseuds.id', 'work_creators.pseud_id')
    .innerJoin('users', 'users.id', 'pseuds.user_id')
    .select([
      'work_creators.work_id',
      'work_creators.position',
      'pseuds.id',
      'pseuds.name',
      'pseuds.user_id',
      'users.username',
      'users.role',
    ])
    .where('work_creators.work_id', 'in', workIds)
    .orderBy('work_creators.work_id')
    .orderBy('work_creators.position')
    .execute();
  return rows.map((r) => ({
    workId: r.work_id,
    pseudId: r.id,
    pseud: r.name,
    userId: r.user_id,
    username: r.username,
    role: r.role,
    position: r.position,
    system: r.role === 'system',
    orphaned: r.role === 'system' && r.username === ORPHAN_USERNAME,
  }));
}

export interface UserRow {
  id: number;
  username: string;
  email: string | null;
  passwordHash: string | null;
  role: string;
  createdAt: string;
}

function toUser(r: {
  id: number;
  username: string;
  email: string | null;
  password_hash: string | null;
  role: string;
  created_at: string;
}): UserRow {
  return {
    id: r.id,
    username: r.username,
    email: r.email,
    passwordHash: r.password_hash,
    role: r.role,
    createdAt: r.created_at,
  };
}

/** A user by username or e-mail address, whatever the case. */
export async function findUserByLogin(db: Db, login: string): Promise<UserRow | undefined> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['username']), '=', login.toLowerCase()),
        eb(eb.fn('lower', ['email']), '=', login.toLowerCase()),
      ]),
    )
    .executeTakeFirst();
  return row && toUser(row);
}

/** A user by username alone (any case): what a public lookup may match, never an e-mail address. */
export async function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
    .executeTakeFirst();
  return row && toUser(row);
}

export async function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toUser(row);
}

/** Creates the user and their default pseud (named as the user), as AO3 does. */
export async function insertUser(
  db: Db,
  u: { username: string; email: string | null; passwordHash: string; role: string },
): Promise<UserRow> {
  const now = new Date().toISOString();
  const row = await db
    .insertInto('users')
    .values({ username: u.username, email: u.email, password_hash: u.passwordHash, role: u.role, created_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db.insertInto('pseuds').values({ user_id: row.id, name: u.username, is_default: 1, created_at: now }).execute();
  await insertDefaultPreferences(db, row.id, now);
  return toUser(row);
}

export async function setPasswordHash(db: Db, userId: number, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

export async function setRole(db: Db, userId: number, role: string): Promise<void> {
  await db.updateTable('users').set({ role }).where('id', '=', userId).execute();
}

export async function insertSession(
  db: Db,
  s: { tokenHash: string; userId: number; expiresAt: string },
): Promise<void> {
  const now = new Date().toISOString();
  await db
    .insertInto('sessions')
    .values({ token_hash: s.tokenHash, user_id: s.userId, created_at: now, expires_at: s.expiresAt, last_seen_at: now })
    .execute();
}

/** The signed-in user behind a session token hash, if the session is live, with their preferences. */
export async function sessionUser(
  db: Db,
  tokenHash: string,
  now: string,
): Promise<(UserRow & { lastSeenAt: string; preferences: Preferences }) | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('preferences', 'preferences.user_id', 'users.id')
    .select([
      ...PREFERENCE_COLUMNS,
      'users.id',
      'users.username',
      'users.email',
      'users.password_hash',
      'users.role',
      'users.created_at',
      'sessions.last_seen_at',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst();
  return row && { ...toUser(row), lastSeenAt: row.last_seen_at, preferences: toPreferences(row) };
}

export async function touchSession(db: Db, tokenHash: string, now: string, expiresAt: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: now, expires_at: expiresAt })
    .where('token_hash', '=', tokenHash)
    .execute();
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** Signs a user out everywhere (after a password change or reset), except the session kept. */
export async function deleteSessionsOf(db: Db, userId: number, keepTokenHash?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepTokenHash) q = q.where('token_hash', '<>', keepTokenHash);
  await q.execute();
}

export async function insertPasswordReset(
  db: Db,
  r: { tokenHash: string; userId: number; expiresAt: string },
): Promise<void> {
  await db
    .insertInto('password_resets')
    .values({
      token_hash: r.tokenHash,
      user_id: r.userId,
      created_at: new Date().toISOString(),
      expires_at: r.expiresAt,
      used_at: null,
    })
    .execute();
}

/** Marks a live, unused reset token used and returns its user; undefined if it is not one. */
export async function consumePasswordReset(db: Db, tokenHash: string, now: string): Promise<number | undefined> {
  const row = await db
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id;
}

export interface PseudRow {
  id: number;
  name: string;
  isDefault: boolean;
}

export async function pseudsOf(db: Db, userId: number): Promise<PseudRow[]> {
  const rows = await db
    .selectFrom('pseuds')
    .select(['id', 'name', 'is_default'])
    .where('user_id', '=', userId)
    .orderBy('is_default', 'desc')
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, isDefault: r.is_default === 1 }));
}

export async function insertPseud(db: Db, userId: number, name: string): Promise<number> {
  const row = await db
    .insertInto('pseuds')
    .values({ user_id: userId, name, is_default: 0, created_at: new Date().toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A pseud by name, with its user (for co-creators). */
export async function findPseudByName(
  db: Db,
  name: string,
): Promise<{ id: number; userId: number; name: string } | undefined> {
  const row = await db
    .selectFrom('pseuds')
    .innerJoin('users', 'users.id', 'pseuds.user_id')
    .select(['pseuds.id', 'pseuds.user_id', 'pseuds.name'])
    .where((eb) => eb(eb.fn('lower', ['pseuds.name']), '=', name.trim().toLowerCase()))
    .where('users.role', '<>', 'system')
    .orderBy('pseuds.is_default', 'desc')
    .executeTakeFirst();
  return row && { id: row.id, userId: row.user_id, name: row.name };
}

export async function defaultPseudOf(db: Db, userId: number): Promise<number> {
  const row = await db
    .selectFrom('pseuds')
    .select('id')
    .where('user_id', '=', userId)
    .orderBy('is_default', 'desc')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Holds the user's row until the transaction ends (PostgreSQL; SQLite runs one writer at a time),
 * so that a check of what they have ("at most N") and the insert it allows are not raced by their
 * own second request.
 */
export async function lockUser(db: Db, userId: number): Promise<void> {
  await db.selectFrom('users').select('id').where('id', '=', userId).forUpdate().execute();
}
