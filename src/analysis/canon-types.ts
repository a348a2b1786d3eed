// The shape of the canon data in `canon/fandoms/*.json` (one file per fandom). The analysis takes
// a loaded Canon as an argument so that it stays free of I/O; `loadCanon` in canon.ts reads it.

export interface CanonCharacter {
  /** AO3's canonical character tag, e.g. "Klaus Mikaelson". */
  name: string;
  /** Given names, surnames, nicknames and titles the fandom uses: "Klaus", "Niklaus", "Nik". */
  aliases: string[];
  gender: 'female' | 'male' | 'nonbinary' | 'unknown';
}

export interface CanonFandom {
  /** AO3's canonical fandom tag, e.g. "The Vampire Diaries (TV)". */
  name: string;
  /** Other names readers use: "TVD", "Vampire Diaries". */
  aliases: string[];
  /** AO3's media category: "TV Shows", "Movies", "Books & Literature", "Anime & Manga", ... */
  media: string;
  /** Canonical names of fandoms that share characters (The Originals for TVD), or a meta fandom. */
  related: string[];
  /**
   * The umbrella tag this fandom sits under on AO3, when it is one of a franchise's parts ("Star
   * Wars - All Media Types" for "Star Wars Prequel Trilogy"); also in `related`. Writers tag the
   * umbrella, and the part when the story is about it.
   */
  parent?: string;
  /**
   * True when AO3's character tags of this fandom put the family name first ("Uzumaki Naruto",
   * "Wei Ying | Wei Wuxian", "Kim Taehyung | V"): relationship tags then sort the names as written.
   */
  familyNameFirst?: boolean;
  characters: CanonCharacter[];
  /** Words and phrases distinctive of the canon (places, objects, species, spells): "vervain". */
  terms: string[];
  /** Popular pairings as AO3 writes them: "Caroline Forbes/Klaus Mikaelson". */
  relationships: string[];
}

export interface Canon {
  fandoms: CanonFandom[];
}

/** Lookup tables built once from a Canon by indexCanon() in canon.ts. Keys are lower-cased. */
export interface CanonIndex {
  canon: Canon;
  fandomsByName: Map<string, CanonFandom>;
  /** Every alias and full name of every character -> the characters it can mean. */
  charactersByAlias: Map<string, { fandom: CanonFandom; character: CanonCharacter }[]>;
  /** Every distinctive term -> the fandoms it belongs to. */
  fandomsByTerm: Map<string, CanonFandom[]>;
}
