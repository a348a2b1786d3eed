// AO3's tag vocabulary. Ratings, archive warnings and categories are a closed, canonical set;
// fandom, relationship, character and freeform tags are open and wrangled into canonical ones.

export const TAG_TYPES = ['rating', 'warning', 'category', 'fandom', 'relationship', 'character', 'freeform'] as const;
export type TagType = (typeof TAG_TYPES)[number];

/** Display order on a work's blurb, and the headings AO3 uses for each group. */
export const TAG_TYPE_LABELS: Record<TagType, { one: string; many: string }> = {
  rating: { one: 'Rating', many: 'Ratings' },
  warning: { one: 'Archive Warning', many: 'Archive Warnings' },
  category: { one: 'Category', many: 'Categories' },
  fandom: { one: 'Fandom', many: 'Fandoms' },
  relationship: { one: 'Relationship', many: 'Relationships' },
  character: { one: 'Character', many: 'Characters' },
  freeform: { one: 'Additional Tag', many: 'Additional Tags' },
};

export const RATING_TAGS = ['General Audiences', 'Teen And Up Audiences', 'Mature', 'Explicit', 'Not Rated'] as const;
export const WARNING_TAGS = [
  'Creator Chose Not To Use Archive Warnings',
  'Graphic Depictions Of Violence',
  'Major Character Death',
  'No Archive Warnings Apply',
  'Rape/Non-Con',
  'Underage Sex',
] as const;
export const CATEGORY_TAGS = ['F/F', 'F/M', 'Gen', 'M/M', 'Multi', 'Other'] as const;

/** Ratings behind which AO3 shows an adult-content notice first. */
export const ADULT_RATINGS = new Set<string>(['Mature', 'Explicit', 'Not Rated']);

export function isTagType(value: string): value is TagType {
  return (TAG_TYPES as readonly string[]).includes(value);
}

/** The closed vocabularies are canonical from birth; everything else starts unwrangled. */
export function isBuiltInCanonical(type: TagType, name: string): boolean {
  const list: readonly string[] | undefined =
    type === 'rating'
      ? RATING_TAGS
      : type === 'warning'
        ? WARNING_TAGS
        : type === 'category'
          ? CATEGORY_TAGS
          : undefined;
  return list?.includes(name) ?? false;
}

/** AO3 treats tag names case-insensitively and folds runs of whitespace. */
export function tagKey(name: string): string {
  return cleanTagName(name).toLowerCase();
}

/** Control characters go (PostgreSQL cannot even store NUL); runs of whitespace become one space. */
export function cleanTagName(name: string): string {
  return name
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

/** AO3's tag name limit; longer names are refused with this message. */
export const MAX_TAG_LENGTH = 150;
