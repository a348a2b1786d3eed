// What relationship tags and their characters' names say (relationships.ts): the key that matches
// a tag whatever its order and disambiguators, the canon's gender for a character, and a shared
// family name.

import type { CanonIndex } from './canon-types.ts';
import { GIVEN_NAME_GENDER } from './names.ts';
import type { CharacterProposal } from './types.ts';

const bare = (n: string) =>
  n
    .replace(/\s*\([^()]*\)$/, '')
    .trim()
    .toLowerCase();

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
