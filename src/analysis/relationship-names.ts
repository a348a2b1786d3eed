// What relationship tags and their characters' names say (relationships.ts): the order AO3 lists a
// tag's names in, the key that matches a tag whatever its order and disambiguators, the canon's
// gender for a character, and a shared family name.

import type { CanonIndex } from './canon-types.ts';
import { GIVEN_NAME_GENDER } from './names.ts';
import type { CharacterProposal } from './types.ts';

const bare = (n: string) =>
  n
    .replace(/\s*\([^()]*\)$/, '')
    .trim()
    .toLowerCase();

/** Words that join a given name to an epithet, not a family name: "Brienne of Tarth", "Vash the Stampede". */
const EPITHET_LINKS = new Set(['of', 'the', 'z', 'ze', 'from']);
/** Words after a family name that are no part of it: "Robert Downey Jr.", "Edward Wong Hau Pepelu Tivrusky IV". */
const NAME_SUFFIX = /^(?:Jr\.?|Sr\.?|I{1,3}|IV|V|VI)$/;
/** Lower-case particles that open a family name: "Harrier du Bois", "Ludwig van Beethoven". */
const FAMILY_PARTICLES = new Set([
  'van',
  'von',
  'der',
  'den',
  'de',
  'du',
  'da',
  'di',
  'del',
  'della',
  'le',
  'la',
  'al',
  'el',
  'li',
  'vi',
  'bin',
  'ibn',
]);
/** Tags for people who are not the canon's: AO3 lists them after the canon's characters. */
const NOT_CANON = /^(?:Original (?:Female |Male |Non-Binary )?Character(?:\(s\)|s)?|Reader|You)$/;

/**
 * What AO3 alphabetises a relationship member by: the family name, then the given name; a single
 * name by itself; a name with only given names and epithets by its first given name. A character
 * tag stays whole ("Satoshi | Ash Ketchum" sorts by its first name) and its "(Fandom)" is ignored.
 * Where the fandom writes names family first ("Uzumaki Naruto"), the name already reads in order.
 */
export function memberSortKey(name: string, familyNameFirst = false): string {
  const main = stripDisambiguator(name).split(' | ')[0]!.trim();
  const words = main.split(/\s+/);
  if (familyNameFirst || words.length < 2 || words.slice(1).some((w) => EPITHET_LINKS.has(w))) return main;
  let end = words.length;
  while (end > 1 && NAME_SUFFIX.test(words[end - 1]!)) end--;
  let family = end - 1;
  while (family > 1 && FAMILY_PARTICLES.has(words[family - 1]!.toLowerCase())) family--;
  if (family === 0) return main;
  return [...words.slice(family, end), ...words.slice(0, family), ...words.slice(end)].join(' ');
}

/**
 * A relationship's member names in AO3's order (wrangling guidelines, Relationships: by family
 * name, then given name; single names by themselves), the people who are not the canon's
 * (original characters, Reader) last. `familyNameFirst` tells, per name, whether its fandom writes
 * the family name first.
 */
export function inAo3Order(
  names: readonly string[],
  familyNameFirst: (name: string) => boolean = () => false,
): string[] {
  const keyed = names.map((n) => ({
    n,
    key: memberSortKey(n, familyNameFirst(n)),
    other: NOT_CANON.test(stripDisambiguator(n)),
  }));
  return keyed
    .sort(
      (x, y) =>
        Number(x.other) - Number(y.other) ||
        x.key.localeCompare(y.key, 'en', { sensitivity: 'base' }) ||
        x.n.localeCompare(y.n, 'en'),
    )
    .map((k) => k.n);
}

/** Whether the fandom of a character the canon knows writes its people's family names first. */
export function familyNameFirstOf(canon: CanonIndex | null | undefined): (c: CharacterProposal) => boolean {
  return (c) =>
    canon && c.canonical ? canon.fandomsByName.get(c.canonical.toLowerCase())?.familyNameFirst === true : false;
}

const stripDisambiguator = (n: string) => n.replace(/\s*\([^()]*\)$/, '').trim();

/** "A/B" and "B (Fandom)/A" alike: names without disambiguators, sorted, lower case, kind kept. */
export function relationshipKey(tag: string): string {
  const sep = tag.includes('/') ? '/' : ' & ';
  return tag.split(sep).map(bare).sort().join(sep);
}

/**
 * `tag` with its names in the order of the canon's tag for the same pairing: AO3's canonical
 * relationship tags keep an order of their own ("Hermione Granger/Harry Potter"), not always the
 * alphabet's. The names themselves stay as given, since they are the characters' tags.
 */
export function inCanonOrder(tag: string, canonTags: ReadonlyMap<string, string>): string {
  const canonTag = canonTags.get(relationshipKey(tag));
  if (!canonTag) return tag;
  const sep = tag.includes('/') ? '/' : ' & ';
  const order = canonTag.split(sep).map(bare);
  const names = tag.split(sep);
  const rank = (n: string) => order.indexOf(bare(n));
  return [...names].sort((x, y) => rank(x) - rank(y)).join(sep);
}

/** A character's gender as the canon gives it, when the text did not tell. */
export function canonGender(canon: CanonIndex | null | undefined, c: CharacterProposal): CharacterProposal['gender'] {
  if (!canon || !c.canonical) return 'unknown';
  const hit = canon.charactersByAlias.get(c.name.toLowerCase())?.find((h) => h.character.name === c.name);
  const g = hit?.character.gender;
  return g === 'female' || g === 'male' ? g : 'unknown';
}

/**
 * Two people who share a family name (the Winchester brothers, Uchiha Itachi and Uchiha Sasuke) are
 * kin far more often than lovers: their time together is not read as a romance by default.
 */
export function sameFamily(a: string, b: string): boolean {
  const words = (n: string) =>
    n
      .replace(/\s*\([^()]*\)$/, '')
      .split(/\s+/)
      .filter((w) => /^\p{Lu}\p{L}{2,}/u.test(w));
  const x = words(a);
  const y = words(b);
  if (x.length < 2 || y.length < 2) return false;
  if (x.at(-1) === y.at(-1)) return true;
  // Family name first (Japanese, Chinese and Korean tags): the first word, when it is no given name.
  return x[0] === y[0] && !GIVEN_NAME_GENDER.has(x[0]!.toLowerCase());
}
