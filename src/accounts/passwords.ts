// Password hashing with argon2id (OWASP's first choice), through @node-rs/argon2. Its defaults
// (19 MiB, 2 passes, 1 lane) are OWASP's recommended minimum: costly for a guesser, bearable for a sign-in.
import { hash, verify } from '@node-rs/argon2';

// @node-rs/argon2's Algorithm is an ambient const enum; 2 is its Argon2id.
const ARGON2ID = 2;

export const MIN_PASSWORD_LENGTH = 8;
/** Long enough for any passphrase; short enough that hashing cannot be made a denial of service. */
export const MAX_PASSWORD_LENGTH = 256;

/** What is wrong with a proposed password, or null. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `the password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `the password must be at most ${MAX_PASSWORD_LENGTH} characters`;
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored || password.length > MAX_PASSWORD_LENGTH) return false;
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash of a password nobody has: verifying against it costs what a real check costs. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword('not a password anyone has ' + Math.random());
  return decoy;
}
