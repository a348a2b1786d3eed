// A reader's preferences: read and changed by the reader alone, from the page or the API alike.
import { AppError } from '../app-error.ts';
import type { Database } from '../db/database.ts';
import type { SignedIn } from './accounts.service.ts';
import * as repo from './preferences.repo.ts';
import { mergePreferences, type Preferences } from './preferences.ts';

/** Only the account's own reader may see or change its preferences (as on AO3, not even an admin). */
export function ownPreferencesOf(viewer: SignedIn, username: string | undefined): SignedIn {
  if ((username ?? '').toLowerCase() !== viewer.username.toLowerCase())
    throw new AppError('forbidden', 'you can see and change only your own preferences');
  return viewer;
}

export async function preferencesFor(database: Database, user: SignedIn): Promise<Preferences> {
  return repo.preferencesOf(database.db, user.id);
}

/** Applies `changes` (each checked) and returns the preferences as stored. */
export async function updatePreferences(
  database: Database,
  user: SignedIn,
  changes: Partial<Preferences>,
): Promise<Preferences> {
  return database.db.transaction().execute(async (trx) => {
    const next = mergePreferences(await repo.preferencesOf(trx, user.id), changes);
    await repo.savePreferences(trx, user.id, next);
    return next;
  });
}
