// The synthetic corpus's tags (corpus.ts): AO3's closed vocabularies (ratings, warnings,
// categories, languages) with their shares, and the fandoms with their characters, canon and generated.

import type { CATEGORY_TAGS, RATING_TAGS, WARNING_TAGS } from '../tags/tag-types.ts';
import { hashSeed, Rng, Shares } from './random.ts';
import type { CanonCharacter, CanonFandom } from '../analysis/canon-types.ts';
import type { CorpusTag } from './corpus.ts';

// ---- AO3's closed vocabularies and their mixes -------------------------------------------------

type Rating = (typeof RATING_TAGS)[number];
type Warning = (typeof WARNING_TAGS)[number];
export type Category = (typeof CATEGORY_TAGS)[number];

/** AO3's rating mix across all works (General ~20%, Teen ~30%, Mature ~15%, Explicit ~20%, Not Rated ~15%). */
export const RATINGS = new Shares<Rating>([
  ['General Audiences', 20],
  ['Teen And Up Audiences', 30],
  ['Mature', 15],
  ['Explicit', 20],
  ['Not Rated', 15],
]);

/**
 * AO3's archive warnings: most works say No Archive Warnings Apply (~60%) or Creator Chose Not To
 * Use (~25%); the rest name one or more specific warnings, Graphic Violence the most common
 * (~10% of all works), then Major Character Death (~5%), and a little Rape/Non-Con and Underage
 * (~1% each, on adult-rated works). AO3 lets a work carry several specific warnings, never with
 * "No Archive Warnings Apply".
 */
export function sampleWarnings(rng: Rng, rating: Rating): Warning[] {
  const u = rng.next();
  if (u < 0.6) return ['No Archive Warnings Apply'];
  if (u < 0.85) return ['Creator Chose Not To Use Archive Warnings'];
  const adult = rating !== 'General Audiences' && rating !== 'Teen And Up Audiences';
  let first = SPECIFIC_WARNINGS.sample(rng);
  if (!adult && (first === 'Rape/Non-Con' || first === 'Underage Sex')) first = 'Graphic Depictions Of Violence';
  const out: Warning[] = [first];
  if (first !== 'Graphic Depictions Of Violence' && rng.chance(0.2)) out.push('Graphic Depictions Of Violence');
  if (first !== 'Major Character Death' && rng.chance(0.1)) out.push('Major Character Death');
  return out;
}
const SPECIFIC_WARNINGS = new Shares<Warning>([
  ['Graphic Depictions Of Violence', 50],
  ['Major Character Death', 28],
  ['Rape/Non-Con', 13],
  ['Underage Sex', 9],
]);

/** AO3's category shares (ship stats 2023: M/M ~40%, F/M ~22%, Gen ~20%, F/F ~7%, Multi ~6%, Other ~3%; ~2% leave it empty). */
export const CATEGORIES = new Shares<Category | null>([
  ['M/M', 40],
  ['F/M', 22],
  ['Gen', 20],
  ['F/F', 7],
  ['Multi', 6],
  ['Other', 3],
  [null, 2],
]);

/** AO3 is ~92% English; then Chinese, Russian, Spanish, French, German, Portuguese, Italian in about that order. */
export const LANGUAGES = new Shares<string>([
  ['en', 92],
  ['zh', 2.2],
  ['ru', 1.6],
  ['es', 1.6],
  ['fr', 0.9],
  ['de', 0.6],
  ['pt', 0.6],
  ['it', 0.5],
]);

/** Characters tagged per work: AO3 works tag a handful, median ~3-4, few beyond eight. */
export const CHARACTER_COUNTS = new Shares<number>([
  [1, 12],
  [2, 18],
  [3, 18],
  [4, 15],
  [5, 11],
  [6, 9],
  [7, 8],
  [8, 9],
]);
/** Relationship tags per work: most works tag one pairing, many none, some two or three. */
export const RELATIONSHIP_COUNTS = new Shares<number>([
  [0, 22],
  [1, 48],
  [2, 18],
  [3, 12],
]);
/** Additional tags per work: 2-10, median ~5 (AO3 blurbs show a handful, some a long list). */
export const FREEFORM_COUNTS = new Shares<number>([
  [2, 10],
  [3, 15],
  [4, 17],
  [5, 16],
  [6, 13],
  [7, 10],
  [8, 8],
  [9, 6],
  [10, 5],
]);

// ---- fandoms --------------------------------------------------------------------------------

/**
 * The canon fandoms (by file name) in roughly AO3's order of works per fandom (MCU, Harry Potter,
 * Supernatural, Sherlock and the K-pop and anime giants on top). Fandoms not listed follow.
 */
export const CANON_POPULARITY = [
  'marvel-cinematic-universe',
  'harry-potter',
  'supernatural',
  'sherlock',
  'bts',
  'my-hero-academia',
  'one-direction',
  'teen-wolf',
  'haikyuu',
  'star-wars',
  'genshin-impact',
  'naruto',
  'dcu',
  'dream-smp',
  'star-trek',
  'doctor-who',
  'hetalia',
  'voltron',
  'attack-on-titan',
  'good-omens',
  'jujutsu-kaisen',
  'hockey-rpf',
  'homestuck',
  'batman',
  'critical-role',
  'the-witcher',
  'dragon-age',
  'mo-dao-zu-shi',
  'stranger-things',
  'merlin',
  'hannibal',
  'percy-jackson',
  'the-lord-of-the-rings',
  'the-hobbit',
  'once-upon-a-time',
  'game-of-thrones',
  'a-song-of-ice-and-fire',
  'criminal-minds',
  '9-1-1',
  'buffy-the-vampire-slayer',
  'glee',
  'twilight',
  'avatar-the-last-airbender',
  'miraculous-ladybug',
  'pokemon',
  'mass-effect',
  'hunger-games',
  'danganronpa',
  'one-piece',
  'demon-slayer',
  'hazbin-hotel',
  'the-vampire-diaries',
  'the-originals',
  'sherlock-holmes-arthur-conan-doyle',
];

/** AO3 has ~60k fandoms, most tiny: a few thousand generated ones stand in for the long tail. */
export const GENERATED_FANDOMS = 3000;
/**
 * Works per fandom by popularity rank follow Zipf-Mandelbrot (s = 1, q = 2): the biggest fandom
 * holds ~4.5% of works (MCU's share on AO3), the canon's few hundred together ~70%, the tail the rest.
 */
export const FANDOM_ZIPF = { s: 1, q: 2 };
/** ~8% of AO3 works are crossovers; nearly all of those name two fandoms. */
export const CROSSOVER_SHARE = 0.08;
/** Within a fandom, a few leads are in most works: Zipf over the canon's (prominence-ordered) list. */
export const CHARACTER_ZIPF_S = 1.1;

export interface Character {
  name: string;
  gender: CanonCharacter['gender'];
  /** The words a story calls them by: "Evan \"Buck\" Buckley" -> Evan, Buck, Buckley. */
  parts: string[];
  /** Its tag, with its fandom above it (AO3's common tagging: a character's fandom is not a filter). */
  tag: CorpusTag;
}

export interface Fandom {
  name: string;
  characters: Character[];
  /** Canon pairings, as AO3 writes them. */
  relationships: string[];
  /** Its character tags put the family name first ("Uzumaki Naruto"). */
  familyNameFirst?: boolean;
  /** Its tag, with the meta fandom it sits under ("... & Related Fandoms"), if any. */
  tag: CorpusTag;
}

/**
 * AO3's wranglers file each character under its fandom ("common tagging": not a search filter).
 * Off for now: filters.repo's fandom count takes any child tag for a sub-fandom, so every work
 * tagged with a character of its fandom would count 0 fandoms and no crossover would be found.
 */
const COMMON_TAGGING = false;

export function character(name: string, gender: CanonCharacter['gender'], fandom: string): Character {
  const parts = name
    .replace(/\s*\(.*\)$/, '')
    .replace(/[&<>"]/g, ' ')
    .split(/\s+/)
    .filter((p) => p.length > 1);
  const tag: CorpusTag = COMMON_TAGGING
    ? { type: 'character', name, parents: [{ type: 'fandom', name: fandom }] }
    : { type: 'character', name };
  return { name, gender, parts, tag };
}

const FIRST_NAMES = [
  'Aiden',
  'Alba',
  'Anselm',
  'Ari',
  'Beatrix',
  'Bram',
  'Cass',
  'Cedric',
  'Corin',
  'Dara',
  'Delphine',
  'Emrys',
  'Esme',
  'Faye',
  'Felix',
  'Gideon',
  'Greta',
  'Hale',
  'Ines',
  'Isolde',
  'Jory',
  'Juniper',
  'Kael',
  'Kestrel',
  'Lark',
  'Lenore',
  'Lio',
  'Mara',
  'Marius',
  'Mira',
  'Nell',
  'Noor',
  'Oren',
  'Orla',
  'Pax',
  'Petra',
  'Quill',
  'Rhea',
  'Rowan',
  'Sable',
  'Silas',
  'Soren',
  'Tamsin',
  'Theo',
  'Ulla',
  'Vale',
  'Vesper',
  'Wren',
  'Xavi',
  'Yara',
  'Ysolde',
  'Zev',
  'Zora',
  'Anwen',
  'Caspian',
  'Elio',
];
const LAST_NAMES = [
  'Ashdown',
  'Blackwood',
  'Castellan',
  'Dunmore',
  'Everhart',
  'Fairweather',
  'Greymoor',
  'Hollis',
  'Ironside',
  'Jessamy',
  'Kingsley',
  'Lockhart',
  'Marlowe',
  'Nightingale',
  'Oakheart',
  'Pendragon',
  'Quartermaine',
  'Ravensworth',
  'Sterling',
  'Thornfield',
  'Underhill',
  'Vance',
  'Winterbourne',
  'Yardley',
  'Zeller',
  'Arden',
  'Bellamy',
  'Crane',
  'Devereux',
  'Ellory',
  'Fenwick',
  'Galloway',
  'Hartigan',
  'Ilves',
  'Kerrigan',
  'Lindqvist',
  'Morrow',
  'Novak',
  'Okafor',
  'Park',
  'Reyes',
  'Sato',
];

export function generatedFandom(i: number): Fandom {
  const rng = new Rng(hashSeed('generated-fandom', i));
  const label = String(i + 1).padStart(4, '0');
  const name = `Generated Fandom ${label}`;
  const n = 6 + rng.int(15);
  const characters: Character[] = [];
  const used = new Set<string>();
  while (characters.length < n) {
    const first = rng.pick(FIRST_NAMES);
    if (used.has(first)) continue;
    used.add(first);
    // AO3 disambiguates a shared character name with its fandom, as here: "Mira Castellan (GF 0413)".
    const full = rng.chance(0.75) ? `${first} ${rng.pick(LAST_NAMES)} (GF ${label})` : `${first} (GF ${label})`;
    const g = rng.next();
    characters.push(character(full, g < 0.48 ? 'male' : g < 0.96 ? 'female' : 'nonbinary', name));
  }
  return { name, characters, relationships: [], tag: { type: 'fandom', name } };
}

/** Canon fandoms that share characters get AO3's meta tag above them ("Tolkien & Related Fandoms"). */
export function metaName(f: CanonFandom, byName: Map<string, CanonFandom>): string | null {
  const related = f.related.map((r) => byName.get(r)).filter((r): r is CanonFandom => r !== undefined);
  if (related.length === 0) return null;
  const group = [f, ...related].map((x) => x.name).sort();
  return `${group[0]} & Related Fandoms`;
}
