// A gift exchange as the matcher sees it: participants with their requests and offers, and the
// moderators' matching rules. Plain data, so that a sign-up table, a test or a benchmark can fill
// it; no database and no I/O here.
import { AppError } from '../app-error.ts';
import { TAG_TYPES, type TagType } from '../tags/tag-types.ts';

/** A sign-up's id: whatever the caller keys sign-ups by (a row id, a name in a test). */
export type ParticipantId = string | number;

/** A tag as the caller identifies it: a tag id or a canonical name, the same for every prompt. */
export type TagKey = string | number;

export type TagsByType = Partial<Record<TagType, readonly TagKey[]>>;

/** One request or offer (AO3's prompt): its tags by type, and the types it leaves open ("Any"). */
export interface Prompt {
  readonly tags: TagsByType;
  /** Tags the participant would also welcome; they count toward a match only where the rules say. */
  readonly optionalTags?: TagsByType;
  readonly any?: Partial<Record<TagType, boolean>>;
}

export interface Participant {
  readonly id: ParticipantId;
  readonly requests: readonly Prompt[];
  readonly offers: readonly Prompt[];
}

/** A count of tags or requests, or every one of them (AO3's "All"). */
export type MatchNumber = number | 'all';

/**
 * AO3's potential match settings. A type with a match number other than 0 must match ("must
 * match"): a request's tags of that type must share that many with an offer's, or all of them.
 */
export interface MatchRules {
  readonly matchNumber: Partial<Record<TagType, MatchNumber>>;
  /** Per type, whether optional tags count toward the match number (and toward the overlap). */
  readonly includeOptional?: Partial<Record<TagType, boolean>>;
  /** How many of a recipient's requests the giver's offers must match: 1 unless set, never 0. */
  readonly requestsToMatch?: MatchNumber;
}

export interface Exchange {
  readonly participants: readonly Participant[];
  readonly rules: MatchRules;
}

/** The tag types that must match, in AO3's order of tag types. */
export function requiredTypes(rules: MatchRules): TagType[] {
  return TAG_TYPES.filter((type) => (rules.matchNumber[type] ?? 0) !== 0);
}

/** Refuses rules a moderator could not mean and duplicate sign-ups, naming what is wrong. */
export function checkExchange(exchange: Exchange): void {
  const { rules } = exchange;
  for (const [type, value] of Object.entries(rules.matchNumber)) {
    if (!(TAG_TYPES as readonly string[]).includes(type)) throw new AppError('invalid', `unknown tag type '${type}'`);
    if (value !== 'all' && !(Number.isInteger(value) && value >= 0))
      throw new AppError('invalid', `the match number for ${type} must be a whole number or 'all'`);
  }
  const needed = rules.requestsToMatch ?? 1;
  if (needed !== 'all' && !(Number.isInteger(needed) && needed >= 1))
    throw new AppError('invalid', `the number of requests to match must be at least 1 or 'all'`);
  const seen = new Set<ParticipantId>();
  for (const p of exchange.participants) {
    if (seen.has(p.id)) throw new AppError('invalid', `participant ${String(p.id)} signed up twice`);
    seen.add(p.id);
  }
}
