// AO3's closed tag vocabularies (ratings, archive warnings, categories) with the short forms
// readers type and other archives use, shared by the query parser and the importers.
import { CATEGORY_TAGS, RATING_TAGS, WARNING_TAGS, type TagType } from './tag-types.ts';

// Closed vocabularies. Aliases are compared after `vocabKey` (lower case, letters and digits
// only), so "F/M", "f/m" and "fm" are one key. AO3's canonical names are always accepted.

function vocabKey(s: string): string {
  let out = '';
  for (const ch of s.toLowerCase()) if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) out += ch;
  return out;
}

function vocabulary(canonical: readonly string[], aliases: Record<string, string[]>): Map<string, string> {
  const map = new Map<string, string>();
  for (const name of canonical) map.set(vocabKey(name), name);
  for (const [name, keys] of Object.entries(aliases)) for (const k of keys) map.set(vocabKey(k), name);
  return map;
}

const RATING_ALIASES = vocabulary(RATING_TAGS, {
  // K and K+ are FanFiction.Net's ratings for all ages and for older children.
  'General Audiences': ['general', 'g', 'gen', 'k', 'k+'],
  'Teen And Up Audiences': ['teen', 't', 'teen and up', 'teens'],
  Mature: ['m'],
  Explicit: ['e', 'ma', 'nc-17', 'nc17'],
  'Not Rated': ['notrated', 'nr', 'unrated'],
});
const WARNING_ALIASES = vocabulary(WARNING_TAGS, {
  'Creator Chose Not To Use Archive Warnings': [
    'choose not to warn',
    'chose not to warn',
    'cntw',
    'Choose Not To Use Archive Warnings',
    'unwarned',
  ],
  'Graphic Depictions Of Violence': ['violence', 'graphic violence'],
  'Major Character Death': ['mcd', 'character death', 'death'],
  'No Archive Warnings Apply': ['none', 'no warnings', 'no archive warnings'],
  'Rape/Non-Con': ['rape', 'noncon', 'non-con'],
  'Underage Sex': ['underage'],
});
const CATEGORY_ALIASES = vocabulary(CATEGORY_TAGS, { 'F/M': ['m/f'] });

/** What error messages suggest: the short forms readers type. */
export const VOCAB_HINTS: Partial<Record<TagType, string>> = {
  rating: 'general, teen, mature, explicit, notrated',
  warning: 'none, violence, "major character death", noncon, underage, "choose not to warn"',
  category: CATEGORY_TAGS.join(', '),
};

const VOCABULARIES: Partial<Record<TagType, Map<string, string>>> = {
  rating: RATING_ALIASES,
  warning: WARNING_ALIASES,
  category: CATEGORY_ALIASES,
};

/** A rating, warning or category by canonical name or alias; undefined when it is none of them. */
export function canonicalVocabName(type: TagType, text: string): string | undefined {
  const vocab = VOCABULARIES[type];
  return vocab ? vocab.get(vocabKey(text)) : text;
}
