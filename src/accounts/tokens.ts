// Random tokens for sessions and password resets. The browser or the e-mail gets the token; the
// database keeps only its SHA-256, which is enough to find it and useless to a thief.
import { createHash, randomBytes } from 'node:crypto';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
