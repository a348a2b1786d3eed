// The shape of what `analyze(text)` proposes. It is also the JSON `quire analyze --json` prints,
// so names here are a public contract: keep them in step with README's CLI reference.

/** A quoted span of the analysed text: text.slice(start, end) === quote. */
export interface Evidence {
  quote: string;
  start: number;
  end: number;
}

/** A tag proposal with AO3's tag name, a confidence in [0, 1] and what it rests on. */
export interface Proposal {
  name: string;
  confidence: number;
  evidence: Evidence[];
}

export interface CharacterProposal {
  /** Canonical full name when the canon knows the character, else the fullest name the text uses. */
  name: string;
  /** Other names the text uses for the same person. */
  aliases: string[];
  /** How many times the text names the character (any alias). */
  mentions: number;
  /** How many lines of dialogue are attributed to the character. */
  speaks: number;
  /** Canonical fandom name, when the character comes from a known canon; null otherwise. */
  canonical: string | null;
  gender: 'female' | 'male' | 'unknown';
  /** False when the character is only talked about, never on the page. */
  onPage: boolean;
  confidence: number;
  evidence: Evidence[];
}

export type Pov = 'first' | 'second' | 'third';
export type Tense = 'past' | 'present';

export type Rating = 'General Audiences' | 'Teen And Up Audiences' | 'Mature' | 'Explicit' | 'Not Rated';
export const RATINGS: readonly Rating[] = [
  'General Audiences',
  'Teen And Up Audiences',
  'Mature',
  'Explicit',
  'Not Rated',
];

export const ARCHIVE_WARNINGS = [
  'Graphic Depictions Of Violence',
  'Major Character Death',
  'Rape/Non-Con',
  'Underage Sex',
  'No Archive Warnings Apply',
  'Creator Chose Not To Use Archive Warnings',
] as const;
export type ArchiveWarning = (typeof ARCHIVE_WARNINGS)[number];

export interface Analysis {
  words: number;
  readingMinutes: number;
  /** ISO 639-1. */
  language: string;
  pov: Pov;
  tense: Tense;
  summary: string | null;
  /** Author's notes found in the text, in reading order, as plain text. */
  notes: string[];
  fandoms: Proposal[];
  characters: CharacterProposal[];
  relationships: Proposal[];
  rating: Proposal;
  warnings: Proposal[];
  /** AO3's categories (F/M, M/M, F/F, Gen, Multi, Other). */
  categories: Proposal[];
  freeforms: Proposal[];
}

/**
 * A person the text names, before any canon is chosen: found by characters.ts, scored into
 * fandoms by fandoms.ts, then resolved into CharacterProposals once the fandoms are known.
 */
export interface PersonMention {
  /** The fullest name the text uses ("Sir Walter Elliot"). */
  name: string;
  /** Every other form the text uses for this person ("Walter", "Elliot"). */
  aliases: string[];
  mentions: number;
  speaks: number;
  gender: 'female' | 'male' | 'unknown';
  onPage: boolean;
  evidence: Evidence[];
  /**
   * Canon characters this person could be, best first; empty for an original character. `main`
   * marks one of the main cast its canon file lists first.
   */
  candidates: { fandom: string; character: string; score: number; main?: true }[];
  /** Fandoms whose canon lists the name as a term (a place, a group, a thing) rather than a person. */
  termIn?: string[];
}
