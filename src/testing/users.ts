// Users for tests: made without hashing a password (argon2 costs tens of milliseconds a user), each
// with a default pseud and a real session, so the SignedIn is what the accounts service hands out.
import { type Role, sessionFromToken, startSession, type SignedIn } from '../accounts/accounts.service.ts';
import { insertUser } from '../accounts/accounts.repo.ts';
import type { Database } from '../db/database.ts';

export interface UserSpec {
  role?: Role;
  email?: string | null;
}

/** A signed-in user; they cannot sign in with a password (use TestBrowser.signUp for that). */
export async function makeUser(database: Database, username: string, spec: UserSpec = {}): Promise<SignedIn> {
  const user = await insertUser(database.db, {
    username,
    email: spec.email ?? null,
    passwordHash: '!',
    role: spec.role ?? 'reader',
  });
  const viewer = await sessionFromToken(database, await startSession(database, user.id));
  if (!viewer) throw new Error(`no session for ${username}`);
  return viewer;
}

/** `from` blocks or mutes `to`, written directly (the curation service checks what tests skip). */
export async function relate(database: Database, from: SignedIn, to: SignedIn, kind: 'block' | 'mute'): Promise<void> {
  await database.db
    .insertInto('user_blocks')
    .values({ user_id: from.id, other_id: to.id, kind, created_at: new Date().toISOString() })
    .execute();
}

/** The user of that name, for tests that signed them up through a page. */
export async function userNamed(database: Database, username: string): Promise<{ id: number }> {
  return database.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
}

/** The id of the user's pseud of that name. */
export async function pseudNamed(database: Database, userId: number, name: string): Promise<number> {
  const row = await database.db
    .selectFrom('pseuds')
    .select('id')
    .where('user_id', '=', userId)
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.id;
}
