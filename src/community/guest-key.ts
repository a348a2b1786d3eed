// Guests are known only by a keyed hash of their client address: enough to allow one kudos per
// guest per work and to count a visitor's hit once a day, never enough to recover the address
// from a copy of the database (an unkeyed SHA-256 of an IPv4 address is reversed by trying all
// 2^32 of them in minutes; with a secret key it cannot be).
//
// The key is QUIRE_SECRET when set. Otherwise it is drawn once per archive and kept in its
// database (archive_secrets), which every process reads as it starts (useArchiveSecret): so a guest
// has one hash whichever process answers and after a restart, and the archive still runs with one
// command. Before a server has read it (a CLI tool, a test without a server) a process uses a key
// of its own.
import { createHmac, randomBytes } from 'node:crypto';
import { readSetting } from '../config.ts';
import type { Database } from '../db/database.ts';
import { sharedSecret } from './guest-key.repo.ts';

let processKey: Buffer | string | undefined;

function secret(): Buffer | string {
  const configured = readSetting('secret');
  if (configured) return configured;
  processKey ??= randomBytes(32);
  return processKey;
}

/** Takes the archive's shared key from its database (drawing it if this is the first process). */
export async function useArchiveSecret(database: Database): Promise<void> {
  if (readSetting('secret')) return;
  processKey = await sharedSecret(database.db, 'guest-key', randomBytes(32).toString('base64url'));
}

/** Recent addresses' keys: a guest's page asks for theirs more than once a request. */
const recentKeys = new Map<string, string>();
let recentKeysOf: Buffer | string | undefined;
const RECENT_KEYS = 10_000;

/** The keyed hash standing for a guest's address (hex, 64 characters). */
export function guestKey(address: string): string {
  const key = secret();
  if (key !== recentKeysOf || recentKeys.size >= RECENT_KEYS) {
    recentKeys.clear();
    recentKeysOf = key;
  }
  let hash = recentKeys.get(address);
  if (hash === undefined) {
    hash = keyedHash('guest', address);
    recentKeys.set(address, hash);
  }
  return hash;
}

/** A keyed hash (hex) of `text` for one purpose; the purpose prefix keeps uses of the secret apart. */
export function keyedHash(purpose: string, text: string): string {
  return createHmac('sha256', secret()).update(`${purpose}:${text}`).digest('hex');
}
