// AO3's media categories as readers browse them: names, their URL form, and a fandom list
// grouped by first letter. Pure; the database and the canon are media.service's business.
import { MEDIA } from '../analysis/canon.ts';
import { tagFromPath, tagToPath } from './tag-url.ts';

export type Media = (typeof MEDIA)[number];
export { MEDIA };
export const UNCATEGORIZED: Media = 'Uncategorized Fandoms';

/** The media named exactly so, or undefined. */
export function mediaNamed(name: string): Media | undefined {
  return (MEDIA as readonly string[]).includes(name) ? (name as Media) : undefined;
}

/** AO3 escapes media names as it does tags: "Cartoons *a* Comics *a* Graphic Novels". */
export function mediaPath(media: Media): string {
  return `/media/${tagToPath(media)}/fandoms`;
}

export function mediaFromPath(segment: string): Media | undefined {
  return mediaNamed(tagFromPath(segment));
}

export interface FandomCount {
  name: string;
  count: number;
}

/** AO3 files "The Witcher" under W: a leading article does not count in a fandom's order. */
export function sortKey(name: string): string {
  return name
    .replace(/^(the|an?)\s+(?=\S)/i, '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
}

export function byName(a: FandomCount, b: FandomCount): number {
  const ka = sortKey(a.name);
  const kb = sortKey(b.name);
  return ka < kb ? -1 : ka > kb ? 1 : a.name.localeCompare(b.name);
}

/** A..Z, and '#' for a name that starts with anything else; fandoms already in order. */
export function byLetter(fandoms: FandomCount[]): { letter: string; fandoms: FandomCount[] }[] {
  const groups: { letter: string; fandoms: FandomCount[] }[] = [];
  for (const f of fandoms) {
    const first = sortKey(f.name).charAt(0).toUpperCase();
    const letter = /^[A-Z]$/.test(first) ? first : '#';
    let group = groups.find((g) => g.letter === letter);
    if (!group) {
      group = { letter, fandoms: [] };
      groups.push(group);
    }
    group.fandoms.push(f);
  }
  return groups.sort((a, b) => (a.letter === '#' ? -1 : b.letter === '#' ? 1 : a.letter.localeCompare(b.letter)));
}
