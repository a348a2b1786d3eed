// What a collection's form holds and the rules for it, apart from the database: AO3's name
// characters and lengths, the settings, and the reveal time (UTC).
import { AppError } from '../app-error.ts';
import type { CollectionValues } from './collections.repo.ts';

export const COLLECTION_LIMITS = { name: 255, title: 255, description: 5000 } as const;
/** AO3's collection names: letters, digits and underscores, so that a name is its own URL. */
export const NAME_PATTERN = /^[A-Za-z0-9_]+$/;

/** Names that are pages of their own under /collections. */
const RESERVED = new Set(['new']);

export interface CollectionFields {
  name: string;
  title: string;
  description: string;
  /** The parent collection's name, or '' for a top-level one. */
  parent: string;
  open: boolean;
  moderated: boolean;
  unrevealed: boolean;
  anonymous: boolean;
  /** 'YYYY-MM-DDTHH:MM' (UTC), or '' for no reveal time. */
  revealAt: string;
}

/** A reveal time as stored ISO text; '' is none. A form's minute is UTC. */
export function revealTime(raw: string): string | null {
  const v = raw.trim();
  if (!v) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?Z?)?$/.exec(v);
  const t = m
    ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0))
    : Number.NaN;
  if (Number.isNaN(t) || t < Date.UTC(2000, 0, 1) || t > Date.UTC(2200, 0, 1))
    throw new AppError('invalid', `'${v.slice(0, 40)}' is not a reveal time (YYYY-MM-DD HH:MM, UTC)`);
  return new Date(t).toISOString();
}

/** The stored values of a valid form, or an 'invalid' AppError naming the first problem. */
export function checkFields(f: CollectionFields, creating: boolean): Omit<CollectionValues, 'parent_id'> {
  if (creating) {
    if (!f.name) throw new AppError('invalid', 'a collection needs a name');
    if (f.name.length > COLLECTION_LIMITS.name || !NAME_PATTERN.test(f.name) || RESERVED.has(f.name.toLowerCase()))
      throw new AppError(
        'invalid',
        `a collection's name is letters, digits and underscores, at most ${COLLECTION_LIMITS.name} of them`,
      );
  }
  const title = f.title.trim();
  if (!title) throw new AppError('invalid', 'a collection needs a title');
  if (title.length > COLLECTION_LIMITS.title)
    throw new AppError('invalid', `a title is at most ${COLLECTION_LIMITS.title} characters`);
  if (f.description.length > COLLECTION_LIMITS.description)
    throw new AppError('invalid', `a description is at most ${COLLECTION_LIMITS.description} characters`);
  return {
    title,
    description: f.description.trim(),
    open: f.open ? 1 : 0,
    moderated: f.moderated ? 1 : 0,
    unrevealed: f.unrevealed ? 1 : 0,
    anonymous: f.anonymous ? 1 : 0,
    reveal_at: revealTime(f.revealAt),
  };
}

/** "alpha, beta_2" as names; each checked later against the archive. */
export function collectionNames(raw: string): string[] {
  const names = raw
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  for (const n of names)
    if (n.length > COLLECTION_LIMITS.name || !NAME_PATTERN.test(n))
      throw new AppError('invalid', `'${n.slice(0, 40)}' is not a collection name`);
  return [...new Set(names)].slice(0, 20);
}
