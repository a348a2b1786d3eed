// The rules about accounts: who may sign up with what, signing in (slowly, and with a limit on
// attempts), sessions, password changes and resets, pseuds and roles. Handlers that need a
// signed-in reader take a SignedIn, which only this module makes, so a check cannot be skipped.
import type { Database } from '../db/database.ts';
import * as limits from '../web/rate-limits.repo.ts';
import * as repo from './accounts.repo.ts';
import * as tokens from './api-tokens.repo.ts';
import type { MailSender } from './mail.ts';
import type { Preferences } from './preferences.ts';
import { decoyHash, hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { newToken, tokenHash } from './tokens.ts';

export const ROLES = ['reader', 'wrangler', 'admin'] as const;
export type Role = (typeof ROLES)[number];

declare const signedInBrand: unique symbol;
/** A reader whose session was checked. Only sessionFromToken and signIn produce one. */
export type SignedIn = {
  readonly id: number;
  readonly username: string;
  readonly role: Role;
  readonly [signedInBrand]: true;
};

export class AccountError extends Error {}

/** Sessions last 30 days from their last use. */
export const SESSION_MS = 30 * 24 * 3600 * 1000;
/** A session's expiry moves forward at most once an hour, not on every request. */
const TOUCH_MS = 3600 * 1000;
export const RESET_MS = 3600 * 1000;
/**
 * Failed sign-ins within SIGN_IN_WINDOW_MS, counted per account whether it is named by username
 * or e-mail: from one address (what guessing from one machine needs; it slows that address for
 * that account, not the owner elsewhere), from all addresses together (a distributed guess, which
 * addresses that have signed in to the account before still pass), and a looser limit per address
 * over all accounts, since a school or a mobile network puts many readers behind one. A password
 * reset clears the account's counters.
 */
export const SIGN_IN_LIMIT = 10;
export const SIGN_IN_LIMIT_PER_ACCOUNT = 100;
export const SIGN_IN_LIMIT_PER_ADDRESS = 50;
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
/** How long an address that signed in to an account is known to belong to its owner. */
const KNOWN_ADDRESS_MS = 30 * 24 * 60 * 60 * 1000;

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9_]{2,39}$/;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

function asSignedIn(u: repo.UserRow): SignedIn {
  return {
    id: u.id,
    username: u.username,
    role: (ROLES as readonly string[]).includes(u.role) ? (u.role as Role) : 'reader',
  } as SignedIn;
}

export function isAdmin(u: SignedIn | null | undefined): boolean {
  return u?.role === 'admin';
}

export function canWrangle(u: SignedIn | null | undefined): boolean {
  return u?.role === 'admin' || u?.role === 'wrangler';
}

export interface NewAccount {
  username: string;
  email: string;
  password: string;
  role?: Role;
}

export async function signUp(database: Database, input: NewAccount): Promise<SignedIn> {
  const username = input.username.trim();
  const email = input.email.trim();
  if (!USERNAME.test(username))
    throw new AccountError(
      'the username must be 3 to 40 letters, digits or underscores, starting with a letter or digit',
    );
  if ([repo.IMPORTER_USERNAME, repo.ORPHAN_USERNAME].includes(username.toLowerCase()))
    throw new AccountError(`the username '${username}' is reserved`);
  if (email && !EMAIL.test(email)) throw new AccountError(`'${email}' does not look like an e-mail address`);
  const problem = passwordProblem(input.password);
  if (problem) throw new AccountError(problem);
  const passwordHash = await hashPassword(input.password);
  return database.db.transaction().execute(async (trx) => {
    if (await repo.findUserByLogin(trx, username)) throw new AccountError(`the username '${username}' is taken`);
    if (email && (await repo.findUserByLogin(trx, email)))
      throw new AccountError('that e-mail address already has an account');
    const user = await repo.insertUser(trx, {
      username,
      email: email || null,
      passwordHash,
      role: input.role ?? 'reader',
    });
    return asSignedIn(user);
  });
}

/**
 * Checks a login and password. Wrong names cost the same time as wrong passwords, and attempts are
 * limited per account and per client address, counted in the database so all processes agree.
 */
export async function signIn(
  database: Database,
  login: string,
  password: string,
  client: string,
): Promise<{ user: SignedIn; token: string }> {
  const now = new Date();
  const user = await repo.findUserByLogin(database.db, login.trim());
  // One account is one counter, by username or e-mail alike; an unknown name has its own.
  const account = user ? `sign-in:account:${user.id}` : `sign-in:login:${login.trim().toLowerCase()}`;
  const known = user ? (await limits.peek(database.db, `sign-in:known:${user.id}:${client}`, now)) > 0 : false;
  const buckets: [string, number][] = [
    [`${account}:from:${client}`, SIGN_IN_LIMIT],
    [`sign-in:client:${client}`, SIGN_IN_LIMIT_PER_ADDRESS],
  ];
  if (!known) buckets.push([`${account}:all`, SIGN_IN_LIMIT_PER_ACCOUNT]);
  for (const [bucket, limit] of buckets) {
    const { hits, resetsAt } = await limits.hit(database.db, bucket, SIGN_IN_WINDOW_MS, now);
    if (hits > limit) {
      const minutes = Math.ceil((Date.parse(resetsAt) - now.getTime()) / 60000);
      throw new AccountError(
        `too many sign-in attempts; try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or reset your password`,
      );
    }
  }
  const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
  // The archive's own accounts (importer, orphan_account) have no password and never sign in.
  if (!user || !ok || !user.passwordHash || user.role === 'system')
    throw new AccountError('that username or e-mail and password do not match an account');
  // The owner has proved who they are: their own attempts stop counting against the account.
  await limits.clear(database.db, `${account}:from:${client}`);
  await limits.clear(database.db, `${account}:all`);
  await limits.hit(database.db, `sign-in:known:${user.id}:${client}`, KNOWN_ADDRESS_MS, now);
  return { user: asSignedIn(user), token: await startSession(database, user.id) };
}

export async function startSession(database: Database, userId: number): Promise<string> {
  const token = newToken();
  await repo.insertSession(database.db, {
    tokenHash: tokenHash(token),
    userId,
    expiresAt: new Date(Date.now() + SESSION_MS).toISOString(),
  });
  return token;
}

export async function sessionFromToken(database: Database, token: string | undefined): Promise<SignedIn | null> {
  return (await sessionWithPreferences(database, token))?.user ?? null;
}

/** The reader behind a session and their preferences, read together: one query a request. */
export async function sessionWithPreferences(
  database: Database,
  token: string | undefined,
): Promise<{ user: SignedIn; preferences: Preferences } | null> {
  if (!token || token.length > 100) return null;
  const hash = tokenHash(token);
  const now = new Date();
  const user = await repo.sessionUser(database.db, hash, now.toISOString());
  if (!user) return null;
  if (now.getTime() - Date.parse(user.lastSeenAt) > TOUCH_MS) {
    await repo.touchSession(database.db, hash, now.toISOString(), new Date(now.getTime() + SESSION_MS).toISOString());
  }
  return { user: asSignedIn(user), preferences: user.preferences };
}

export async function signOut(database: Database, token: string | undefined): Promise<void> {
  if (token) await repo.deleteSession(database.db, tokenHash(token));
}

export async function changePassword(
  database: Database,
  user: SignedIn,
  current: string,
  next: string,
  keepToken?: string,
): Promise<void> {
  const row = await repo.findUserById(database.db, user.id);
  if (!row || !(await verifyPassword(row.passwordHash, current)))
    throw new AccountError('the current password is not right');
  const problem = passwordProblem(next);
  if (problem) throw new AccountError(problem);
  await repo.setPasswordHash(database.db, user.id, await hashPassword(next));
  await repo.deleteSessionsOf(database.db, user.id, keepToken ? tokenHash(keepToken) : undefined);
}

/**
 * Sends a reset link when the login names an account with an address. It says nothing either way,
 * so the form cannot be used to find out who has an account. Returns the token for the CLI.
 */
export async function requestPasswordReset(
  database: Database,
  login: string,
  mail: MailSender,
  baseUrl: string,
): Promise<string | null> {
  const user = await repo.findUserByLogin(database.db, login.trim());
  if (!user) return null;
  const token = newToken();
  await repo.insertPasswordReset(database.db, {
    tokenHash: tokenHash(token),
    userId: user.id,
    expiresAt: new Date(Date.now() + RESET_MS).toISOString(),
  });
  if (user.email) {
    await mail.send({
      to: user.email,
      subject: 'Reset your Quire password',
      text: `Someone asked to reset the password of ${user.username}. If it was you, open this link within an hour:\n\n${baseUrl}/password/reset/${token}\n\nIf not, ignore this message; nothing changes.`,
    });
  }
  return token;
}

export async function resetPassword(database: Database, token: string, next: string): Promise<void> {
  const problem = passwordProblem(next);
  if (problem) throw new AccountError(problem);
  const passwordHash = await hashPassword(next);
  await database.db.transaction().execute(async (trx) => {
    const userId = await repo.consumePasswordReset(trx, tokenHash(token), new Date().toISOString());
    if (userId === undefined)
      throw new AccountError('this reset link is not valid: it was used already, has expired, or was mistyped');
    await repo.setPasswordHash(trx, userId, passwordHash);
    await repo.deleteSessionsOf(trx, userId);
    await limits.clearPrefix(trx, `sign-in:account:${userId}:`);
  });
}

export async function promote(database: Database, username: string, role: Role): Promise<void> {
  const user = await repo.findUserByLogin(database.db, username);
  if (!user || user.role === 'system') throw new AccountError(`there is no account named '${username}'`);
  await repo.setRole(database.db, user.id, role);
}

export async function addPseud(database: Database, user: SignedIn, name: string): Promise<void> {
  const clean = name.trim().replace(/\s+/g, ' ');
  if (clean.length < 1 || clean.length > 40) throw new AccountError('a pseud is 1 to 40 characters');
  if ((await repo.pseudsOf(database.db, user.id)).some((p) => p.name.toLowerCase() === clean.toLowerCase())) {
    throw new AccountError(`you already have the pseud '${clean}'`);
  }
  await repo.insertPseud(database.db, user.id, clean);
}

/** A creator's account by username or e-mail address, as the API's creator page finds it; not the importer's. */
/** A creator by username, for public pages and the API; an e-mail address never finds anyone. */
export async function creatorByUsername(database: Database, username: string): Promise<repo.UserRow | undefined> {
  const user = await repo.findUserByUsername(database.db, username);
  return user && user.role !== 'system' ? user : undefined;
}

export async function pseudsOf(database: Database, user: { id: number }): Promise<repo.PseudRow[]> {
  return repo.pseudsOf(database.db, user.id);
}

// ---- personal API tokens ----------------------------------------------------------------------

export const MAX_API_TOKENS = 20;

/** Creates a token; the returned string is shown to the reader once and never again. */
export async function createApiToken(database: Database, user: SignedIn, name: string): Promise<string> {
  const clean = name.trim().replace(/\s+/g, ' ');
  if (clean.length < 1 || clean.length > 60)
    throw new AccountError('name the token (1 to 60 characters), e.g. "my e-reader"');
  if ((await tokens.liveTokensOf(database.db, user.id)).length >= MAX_API_TOKENS)
    throw new AccountError(`you have ${MAX_API_TOKENS} tokens already; revoke one first`);
  const token = `qt_${newToken()}`;
  await tokens.insertApiToken(database.db, { userId: user.id, name: clean, tokenHash: tokenHash(token) });
  return token;
}

export async function listApiTokens(database: Database, user: SignedIn): Promise<tokens.ApiTokenRow[]> {
  return tokens.liveTokensOf(database.db, user.id);
}

export async function revokeApiToken(database: Database, user: SignedIn, id: number): Promise<void> {
  if (!(await tokens.revokeApiToken(database.db, user.id, id))) throw new AccountError('no such token');
}

/** The reader a bearer token stands for, or null. Last use is recorded at most hourly. */
export async function userFromApiToken(database: Database, token: string | undefined): Promise<SignedIn | null> {
  if (!token || token.length > 100) return null;
  const row = await tokens.tokenOwner(database.db, tokenHash(token));
  if (!row) return null;
  const now = new Date();
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > TOUCH_MS)
    await tokens.touchApiToken(database.db, row.tokenId, now.toISOString());
  return asSignedIn({
    id: row.id,
    username: row.username,
    email: row.email,
    passwordHash: row.password_hash,
    role: row.role,
    createdAt: row.created_at,
  });
}
