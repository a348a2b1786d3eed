// Blocking and muting other users, as AO3 does. Blocking stops someone commenting on my works or
// replying to my comments; muting makes their works and comments vanish for me everywhere. Either
// is invisible to the other person. Both are by username, never by e-mail address.
import type { Kysely } from 'kysely';
import type { SignedIn } from '../accounts/accounts.service.ts';
import type { Database } from '../db/database.ts';
import type { Schema } from '../db/schema.ts';
import { CurationError } from './curation-error.ts';
import * as repo from './blocks.repo.ts';
import { userByUsername } from './users.repo.ts';

export type { BlockKind, BlockedUser } from './blocks.repo.ts';

/** Per kind; each mute is a condition every listing the reader opens has to check. */
export const MAX_BLOCKS = 2_000;

export function parseKind(raw: string | undefined): repo.BlockKind {
  if (raw === 'block' || raw === 'mute') return raw;
  throw new CurationError(`'${raw ?? ''}' is neither block nor mute`);
}

async function other(database: Database, viewer: SignedIn, username: string, kind: repo.BlockKind) {
  const name = username.trim().replace(/^@/, '');
  if (!name) throw new CurationError(`enter the username of the account to ${kind}`);
  const user = await userByUsername(database.db, name);
  if (!user) throw new CurationError(`there is no account named '${name}'`);
  if (user.role === 'system')
    throw new CurationError(
      `'${user.username}' is the archive's own account for imported works; hide works or add tags to your blocklist instead`,
    );
  if (user.id === viewer.id) throw new CurationError(`you cannot ${kind} yourself`);
  return user;
}

export async function addBlock(
  database: Database,
  viewer: SignedIn,
  username: string,
  kind: repo.BlockKind,
): Promise<{ username: string; created: boolean }> {
  const user = await other(database, viewer, username, kind);
  if ((await repo.countBlocks(database.db, viewer.id, kind)) >= MAX_BLOCKS) {
    throw new CurationError(`you ${kind} ${MAX_BLOCKS} accounts, the most an account can; remove some first`);
  }
  const created = await repo.insertBlock(database.db, viewer.id, user.id, kind, new Date().toISOString());
  return { username: user.username, created };
}

export async function removeBlock(
  database: Database,
  viewer: SignedIn,
  username: string,
  kind: repo.BlockKind,
): Promise<boolean> {
  const user = await userByUsername(database.db, username.trim());
  return user ? repo.deleteBlock(database.db, viewer.id, user.id, kind) : false;
}

export async function blocksOf(
  database: Database,
  viewer: SignedIn,
): Promise<{ blocked: repo.BlockedUser[]; muted: repo.BlockedUser[] }> {
  const [blocked, muted] = await Promise.all([
    repo.listBlocks(database.db, viewer.id, 'block'),
    repo.listBlocks(database.db, viewer.id, 'mute'),
  ]);
  return { blocked, muted };
}

/** Whether `userId` blocks `otherId`: if so, `otherId` may not comment on userId's works or reply to them. */
export async function isBlocking(db: Kysely<Schema>, userId: number, otherId: number): Promise<boolean> {
  return repo.hasBlock(db, userId, otherId, 'block');
}

export async function isMuting(db: Kysely<Schema>, userId: number, otherId: number): Promise<boolean> {
  return repo.hasBlock(db, userId, otherId, 'mute');
}

/** The users whose works and comments `userId` never sees. */
export async function mutedUserIds(db: Kysely<Schema>, userId: number): Promise<number[]> {
  return repo.otherIds(db, userId, 'mute');
}
