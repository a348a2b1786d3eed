// Guests are known only by a keyed hash of their client address: enough to allow one kudos per
// guest per work and to count a visitor's hit once a day, never enough to recover the address
// from a copy of the database (an unkeyed SHA-256 of an IPv4 address is reversed by trying all
// 2^32 of them in minutes; with a secret key it cannot be).
//
// The key is QUIRE_SECRET when set. Without it each process draws a random key at start: the
// archive still runs with one command, but the same guest gets a different hash from another
// process or after a restart, so behind several processes (or across restarts) a guest may leave
// kudos on a work again and a visitor's hit may count once more that day. Set QUIRE_SECRET (the
// same value in every process, 32+ random characters) wherever that matters.
import { createHmac, randomBytes } from 'node:crypto';
import { readSetting } from '../config.ts';

let processKey: Buffer | undefined;

function secret(): Buffer | string {
  const configured = readSetting('secret');
  if (configured) return configured;
  processKey ??= randomBytes(32);
  return processKey;
}

/** The keyed hash standing for a guest's address (hex, 64 characters). */
export function guestKey(address: string): string {
  return keyedHash('guest', address);
}

/** A keyed hash (hex) of `text` for one purpose; the purpose prefix keeps uses of the secret apart. */
export function keyedHash(purpose: string, text: string): string {
  return createHmac('sha256', secret()).update(`${purpose}:${text}`).digest('hex');
}
