// Loads the canon data (`canon/fandoms/*.json`, described in canon/README.md) and builds the
// lookup tables the analysis uses. loadCanon is the only function in src/analysis that touches
// the file system: everything else takes the loaded Canon or CanonIndex as an argument.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Canon, CanonCharacter, CanonFandom, CanonIndex } from './canon-types.ts';

const DEFAULT_DIR = new URL('../../canon/fandoms/', import.meta.url);

/** AO3's media categories (the "Fandoms" menu on archiveofourown.org/media). */
export const MEDIA = [
  'Anime & Manga',
  'Books & Literature',
  'Cartoons & Comics & Graphic Novels',
  'Celebrities & Real People',
  'Movies',
  'Music & Bands',
  'Other Media',
  'Theater',
  'TV Shows',
  'Video Games',
  'Uncategorized Fandoms',
] as const;

const GENDERS: readonly CanonCharacter['gender'][] = ['female', 'male', 'nonbinary', 'unknown'];

export class CanonError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${file}: ${field ? `field "${field}" ` : ''}${problem}`);
    this.name = 'CanonError';
  }
}

/** Reads and validates every `*.json` in dir (default: the repo's canon/fandoms/), in name order. */
export function loadCanon(dir: string | URL = DEFAULT_DIR): Canon {
  const path = typeof dir === 'string' ? dir : fileURLToPath(dir);
  const files = readdirSync(path)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const fandoms: CanonFandom[] = [];
  const seen = new Map<string, string>();
  for (const name of files) {
    const file = join(path, name);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new CanonError(file, '', `is not valid JSON: ${(err as Error).message}`);
    }
    const fandom = validateFandom(raw, file);
    const key = fandom.name.toLowerCase();
    const other = seen.get(key);
    if (other) throw new CanonError(file, 'name', `"${fandom.name}" is already defined in ${other}`);
    seen.set(key, file);
    fandoms.push(fandom);
  }
  return { fandoms };
}

const FANDOM_FIELDS = ['name', 'aliases', 'media', 'related', 'characters', 'terms', 'relationships'];
const OPTIONAL_FANDOM_FIELDS = ['parent', 'familyNameFirst'];
const CHARACTER_FIELDS = ['name', 'aliases', 'gender'];

/** Checks one parsed file against CanonFandom; throws a CanonError naming the file and field. */
export function validateFandom(raw: unknown, file: string): CanonFandom {
  const obj = record(raw, file, '');
  onlyFields(obj, FANDOM_FIELDS, file, '', OPTIONAL_FANDOM_FIELDS);
  const name = text(obj.name, file, 'name');
  const media = text(obj.media, file, 'media');
  if (!(MEDIA as readonly string[]).includes(media)) {
    throw new CanonError(file, 'media', `must be one of AO3's media categories (${MEDIA.join(', ')}), got "${media}"`);
  }
  if (!Array.isArray(obj.characters)) throw new CanonError(file, 'characters', 'must be an array');
  const characters = obj.characters.map((c: unknown, i: number): CanonCharacter => {
    const at = `characters[${i}]`;
    const ch = record(c, file, at);
    onlyFields(ch, CHARACTER_FIELDS, file, at);
    const gender = text(ch.gender, file, `${at}.gender`);
    if (!(GENDERS as readonly string[]).includes(gender)) {
      throw new CanonError(file, `${at}.gender`, `must be one of ${GENDERS.join(', ')}, got "${gender}"`);
    }
    return {
      name: text(ch.name, file, `${at}.name`),
      aliases: texts(ch.aliases, file, `${at}.aliases`),
      gender: gender as CanonCharacter['gender'],
    };
  });
  return {
    name,
    aliases: texts(obj.aliases, file, 'aliases'),
    media,
    related: texts(obj.related, file, 'related'),
    characters,
    terms: texts(obj.terms, file, 'terms'),
    relationships: texts(obj.relationships, file, 'relationships'),
    ...(obj.parent === undefined ? {} : { parent: text(obj.parent, file, 'parent') }),
    ...(obj.familyNameFirst === undefined
      ? {}
      : { familyNameFirst: flag(obj.familyNameFirst, file, 'familyNameFirst') }),
  };
}

function record(v: unknown, file: string, field: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new CanonError(file, field, 'must be an object');
  return v as Record<string, unknown>;
}

function onlyFields(
  obj: Record<string, unknown>,
  allowed: string[],
  file: string,
  at: string,
  optional: string[] = [],
): void {
  for (const key of Object.keys(obj)) {
    // An unknown key is almost always a typo ("alias", "charaters") that would silently drop data.
    if (!allowed.includes(key) && !optional.includes(key))
      throw new CanonError(
        file,
        at ? `${at}.${key}` : key,
        `is not part of the canon shape (allowed: ${allowed.join(', ')})`,
      );
  }
  for (const key of allowed) {
    if (!(key in obj)) throw new CanonError(file, at ? `${at}.${key}` : key, 'is missing');
  }
}

function text(v: unknown, file: string, field: string): string {
  if (typeof v !== 'string' || v.trim() === '') throw new CanonError(file, field, 'must be a non-empty string');
  if (v !== v.trim()) throw new CanonError(file, field, `has leading or trailing spaces: "${v}"`);
  return v;
}

function flag(v: unknown, file: string, field: string): boolean {
  if (typeof v !== 'boolean') throw new CanonError(file, field, 'must be true or false');
  return v;
}

function texts(v: unknown, file: string, field: string): string[] {
  if (!Array.isArray(v)) throw new CanonError(file, field, 'must be an array of strings');
  return v.map((item: unknown, i: number) => text(item, file, `${field}[${i}]`));
}

/**
 * Builds the lookup maps. Keys are lower-cased. A character is reachable by its full tag, by the tag
 * without its "(Fandom)" disambiguator, by each " | "-separated form of the tag, by every alias, and
 * by each part of its name of 3+ letters that is not a common English word ("Salvatore" yes,
 * "Will" no: a writer's "will" is rarely Will Graham; curated aliases still add "Will" on purpose).
 */
export function indexCanon(canon: Canon): CanonIndex {
  const fandomsByName = new Map<string, CanonFandom>();
  const charactersByAlias: CanonIndex['charactersByAlias'] = new Map();
  const fandomsByTerm = new Map<string, CanonFandom[]>();

  for (const fandom of canon.fandoms) {
    for (const key of [...tagForms(fandom.name), ...fandom.aliases]) {
      const k = key.toLowerCase();
      if (!fandomsByName.has(k)) fandomsByName.set(k, fandom);
    }
    for (const term of fandom.terms) {
      addUnique(fandomsByTerm, term.toLowerCase(), fandom, (a, b) => a === b);
    }
    for (const character of fandom.characters) {
      const keys = new Set<string>([...tagForms(character.name), ...character.aliases]);
      for (const form of personNames(character.name)) {
        for (const part of nameParts(form)) keys.add(part);
      }
      for (const key of keys) {
        addUnique(charactersByAlias, key.toLowerCase(), { fandom, character }, (a, b) => a.character === b.character);
      }
    }
  }
  return { canon, fandomsByName, charactersByAlias, fandomsByTerm };
}

/**
 * Every form a tag can be written in, the tag first: AO3 writes "Tartaglia | Childe (Genshin Impact)"
 * for one character known by two names and appends "(Fandom)" to tell same-named characters apart,
 * so that tag also stands for "Tartaglia | Childe", "Tartaglia" and "Childe".
 */
export function tagForms(tag: string): string[] {
  return [...new Set([tag, stripDisambiguator(tag), ...personNames(tag)])];
}

/** The separate names in a tag: "Kim Taehyung | V (BTS)" -> ["Kim Taehyung", "V"]. */
export function personNames(tag: string): string[] {
  return stripDisambiguator(tag)
    .split(' | ')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** "Castiel (Supernatural)" -> "Castiel"; a tag without a trailing parenthesis is returned as is. */
export function stripDisambiguator(tag: string): string {
  return tag.replace(/\s*\([^()]*\)$/, '').trim();
}

function nameParts(name: string): string[] {
  return name
    .split(/\s+/)
    .map((p) => p.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ''))
    .filter((p) => (p.match(/\p{L}/gu)?.length ?? 0) >= 3 && !COMMON_WORDS.has(p.toLowerCase()));
}

function addUnique<T>(map: Map<string, T[]>, key: string, value: T, same: (a: T, b: T) => boolean): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.some((v) => same(v, value))) list.push(value);
}

// Words that occur as parts of canon names (found by listing every derived part of the data in
// canon/fandoms) but are ordinary English: titles, ordinals, colours, nature words, virtues,
// particles. Keep this in sync with the data when a new fandom brings new name parts.
const COMMON_WORDS = new Set(
  `the and for with from into upon van von der den del des dos das aep var ben bin ibn
  mr mrs miss lord lady sir dame madam king queen prince princess duke earl count baron emperor empress
  captain commander general major colonel admiral agent officer detective doctor professor father mother
  brother sister uncle aunt grandma grandpa saint holy high grand old young little big great elder junior senior
  first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth
  one two three four five six seven eight nine ten eleven twelve zero
  black white brown green grey gray red blue gold golden silver pink rose violet scarlet amber
  snow rain storm wind cloud sky sun moon star stars dawn day night river stone rock wood hill field lake sea
  bell banner hunter swan hook lance hunk jack mark frank price rich may will hope grace faith joy
  angel spike willow summers spring summer autumn winter fall
  strange stark long short king young baker cook smith mason turner fisher carter porter page
  north south east west ancient empire roman turkey china chile
  man woman boy girl kid child lost ghost dust husk crow raven hawk fox wolf bear lion tiger dog cat bird
  iron steel glass paper blade sword shield arrow bow
  love lucky happy sunny honey sugar candy cherry apple
  master servant knight soldier guard ranger
  all might bull castle chase crane dare data dent fell flint forge fury guy lane max min park paris mills moody
  noble stoner hopper holly pierce pike pond potter present rex ruby sally singer solo song swift sunday warden wren
  nick chapel crusher shogun robin hudson midnight rook
  noise doorman serial designation road soul spirit main palace luck
  reader original character characters male female`
    .split(/\s+/)
    .filter(Boolean),
);
