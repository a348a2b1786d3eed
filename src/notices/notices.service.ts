// Notices by e-mail, the reader's side: their choices (one switch per kind, and "one daily
// digest instead" for comments and subscriptions), and RFC 8058 one-click unsubscribe links.
// A link is `/unsubscribe/USER.KIND.MAC`, the MAC keyed by a random key stored per reader, so it
// needs no session, cannot be guessed or moved to another reader or kind, and survives restarts.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SignedIn } from '../accounts/accounts.service.ts';
import { AppError } from '../app-error.ts';
import type { Database } from '../db/database.ts';
import type { Schema } from '../db/schema.ts';
import { userById, userByUsername } from '../curation/users.repo.ts';
import * as repo from './outbox.repo.ts';

export type { EmailSettingsRow, NoticeKind } from './outbox.repo.ts';
export { NOTICE_KINDS } from './outbox.repo.ts';

/** What each kind is, as the settings page and the unsubscribe page name it. */
export const KIND_LABELS: Record<repo.NoticeKind, string> = {
  comments: 'comments on your works',
  replies: 'replies to your comments',
  subscriptions: 'new works and chapters from your subscriptions',
  kudos: 'the daily kudos digest',
};

export interface EmailSettingsPage {
  username: string;
  /** Without an address nothing is mailed, whatever the switches say. */
  hasEmail: boolean;
  settings: repo.EmailSettingsRow;
}

/** The account named in the URL, which must be the viewer's own. */
async function ownAccount(database: Database, viewer: SignedIn | null, username: string) {
  if (!viewer) throw new AppError('sign_in', 'sign in to change your e-mail settings');
  const user = await userByUsername(database.db, username);
  if (!user) throw new AppError('not_found', `there is no account named '${username}'`);
  if (user.id !== viewer.id) throw new AppError('forbidden', 'e-mail settings are for their account holder alone');
  return user;
}

export async function emailSettingsPage(
  database: Database,
  viewer: SignedIn | null,
  username: string,
): Promise<EmailSettingsPage> {
  const user = await ownAccount(database, viewer, username);
  const [stored, to] = await Promise.all([
    repo.emailSettings(database.db, user.id),
    repo.recipient(database.db, user.id),
  ]);
  return { username: user.username, hasEmail: to !== undefined, settings: stored?.settings ?? repo.DEFAULT_SETTINGS };
}

export async function saveEmailSettings(
  database: Database,
  viewer: SignedIn | null,
  username: string,
  settings: repo.EmailSettingsRow,
): Promise<void> {
  const user = await ownAccount(database, viewer, username);
  const at = new Date().toISOString();
  await database.db.transaction().execute(async (trx) => {
    await repo.ensureEmailSettings(trx, user.id, newKey(), at);
    await repo.saveEmailSettings(trx, user.id, settings, at);
  });
}

// ---- unsubscribe links ------------------------------------------------------------------------

const newKey = () => randomBytes(32).toString('base64url');

function mac(key: string, userId: number, kind: repo.NoticeKind): string {
  return createHmac('sha256', key).update(`unsubscribe:${userId}:${kind}`).digest('base64url');
}

/** The token for a reader's unsubscribe link of one kind (their key is made on first use). */
export async function unsubscribeToken(db: Kysely<Schema>, userId: number, kind: repo.NoticeKind): Promise<string> {
  await repo.ensureEmailSettings(db, userId, newKey(), new Date().toISOString());
  const stored = await repo.emailSettings(db, userId);
  if (!stored) throw new Error(`no e-mail settings for user ${userId}`);
  return `${userId}.${kind}.${mac(stored.key, userId, kind)}`;
}

export interface Unsubscription {
  username: string;
  kind: repo.NoticeKind;
  label: string;
}

const NOT_A_LINK = () =>
  new AppError('not_found', 'that unsubscribe link is not valid (it may be mistyped or from an older e-mail)');

/** The reader and kind a token names, when its MAC holds; a 404 otherwise. */
export async function readUnsubscribeToken(
  database: Database,
  token: string,
): Promise<Unsubscription & { userId: number }> {
  const m = /^([1-9]\d{0,9})\.([a-z]+)\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m || !(repo.NOTICE_KINDS as readonly string[]).includes(m[2]!)) throw NOT_A_LINK();
  const userId = Number(m[1]);
  const kind = m[2] as repo.NoticeKind;
  if (userId > 2 ** 31 - 1) throw NOT_A_LINK();
  const stored = await repo.emailSettings(database.db, userId);
  if (!stored) throw NOT_A_LINK();
  const expected = Buffer.from(mac(stored.key, userId, kind));
  const given = Buffer.from(m[3]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw NOT_A_LINK();
  const user = await userById(database.db, userId);
  if (!user) throw NOT_A_LINK();
  return { userId, username: user.username, kind, label: KIND_LABELS[kind] };
}

/** Turns off the kind a valid token names (already off is no error). */
export async function unsubscribe(database: Database, token: string): Promise<Unsubscription> {
  const found = await readUnsubscribeToken(database, token);
  await repo.turnOff(database.db, found.userId, found.kind, new Date().toISOString());
  return { username: found.username, kind: found.kind, label: found.label };
}
