// What a reader may set on their preferences page, its defaults and its checks; no database here,
// so pages, the API's schemas and the service share one list. A guest reads with the defaults.
import { AppError } from '../app-error.ts';

export interface Preferences {
  /** Go straight to Mature, Explicit and unrated works, past the adult-content notice. */
  viewAdult: boolean;
  /** Archive warnings folded away until the reader opens them. */
  hideWarnings: boolean;
  /** Additional tags (freeforms) folded away until the reader opens them. */
  hideFreeforms: boolean;
  /** A multi-chapter work's page shows the entire work rather than its first chapter. */
  viewFullWork: boolean;
  /** The IANA zone dates are shown in. */
  timeZone: string;
}

export const DEFAULT_PREFERENCES: Readonly<Preferences> = Object.freeze({
  viewAdult: false,
  hideWarnings: false,
  hideFreeforms: false,
  viewFullWork: false,
  timeZone: 'UTC',
});

export const FLAG_PREFERENCES = ['viewAdult', 'hideWarnings', 'hideFreeforms', 'viewFullWork'] as const;
export type FlagPreference = (typeof FLAG_PREFERENCES)[number];

/** Every zone the runtime knows, with UTC first (ICU lists it only under Etc/ aliases). */
export const TIME_ZONES: readonly string[] = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
const ZONE_SET = new Set(TIME_ZONES);

export function isTimeZone(zone: string): boolean {
  return ZONE_SET.has(zone);
}

/** `changes` over `current`, refusing a zone the list does not have with an error naming the field. */
export function mergePreferences(current: Preferences, changes: Partial<Preferences>): Preferences {
  const next = { ...current };
  for (const key of FLAG_PREFERENCES) if (changes[key] !== undefined) next[key] = changes[key] === true;
  if (changes.timeZone !== undefined) {
    const zone = changes.timeZone.trim();
    if (!isTimeZone(zone))
      throw new AppError('invalid', `timeZone: '${zone.slice(0, 60)}' is not a time zone this archive knows`);
    next.timeZone = zone;
  }
  return next;
}
