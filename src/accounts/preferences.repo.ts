// All SQL about a reader's preferences. The session read (accounts.repo's sessionUser) joins the
// same columns, so a page costs no extra query for them.
import type { Kysely } from 'kysely';
import type { Flag, Schema } from '../db/schema.ts';
import { DEFAULT_PREFERENCES, type Preferences } from './preferences.ts';

type Db = Kysely<Schema>;

/** The columns as a LEFT JOIN reads them: null everywhere when the account has no row. */
export interface PreferenceColumns {
  view_adult: Flag | null;
  hide_warnings: Flag | null;
  hide_freeforms: Flag | null;
  view_full_work: Flag | null;
  time_zone: string | null;
}

export const PREFERENCE_COLUMNS = [
  'preferences.view_adult',
  'preferences.hide_warnings',
  'preferences.hide_freeforms',
  'preferences.view_full_work',
  'preferences.time_zone',
] as const;

export function toPreferences(r: PreferenceColumns): Preferences {
  const flag = (v: Flag | null, d: boolean) => (v === null ? d : v === 1);
  const d = DEFAULT_PREFERENCES;
  return {
    viewAdult: flag(r.view_adult, d.viewAdult),
    hideWarnings: flag(r.hide_warnings, d.hideWarnings),
    hideFreeforms: flag(r.hide_freeforms, d.hideFreeforms),
    viewFullWork: flag(r.view_full_work, d.viewFullWork),
    timeZone: r.time_zone ?? d.timeZone,
  };
}

export async function preferencesOf(db: Db, userId: number): Promise<Preferences> {
  const row = await db
    .selectFrom('users')
    .leftJoin('preferences', 'preferences.user_id', 'users.id')
    .select(PREFERENCE_COLUMNS)
    .where('users.id', '=', userId)
    .executeTakeFirst();
  return row ? toPreferences(row) : { ...DEFAULT_PREFERENCES };
}

export async function insertDefaultPreferences(db: Db, userId: number, now: string): Promise<void> {
  await db.insertInto('preferences').values({ user_id: userId, updated_at: now }).execute();
}

/** Writes every preference; an account without a row (made before it existed) gets one. */
export async function savePreferences(db: Db, userId: number, p: Preferences): Promise<void> {
  const f = (b: boolean): Flag => (b ? 1 : 0);
  const values = {
    view_adult: f(p.viewAdult),
    hide_warnings: f(p.hideWarnings),
    hide_freeforms: f(p.hideFreeforms),
    view_full_work: f(p.viewFullWork),
    time_zone: p.timeZone,
    updated_at: new Date().toISOString(),
  };
  await db
    .insertInto('preferences')
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
    .execute();
}
