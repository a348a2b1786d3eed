// Browsing fandoms by media, as AO3's Fandoms menu does: each fandom tag's media is what a
// wrangler set, else what the bundled canon says of that fandom, else Uncategorized Fandoms;
// counts are of the works the viewer can find.
import { loadCanon } from '../analysis/canon.ts';
import type { Database } from '../db/database.ts';
import { byName, MEDIA, mediaNamed, UNCATEGORIZED, type FandomCount, type Media } from './media.ts';
import { visibleFandoms } from './media.repo.ts';
import { tagKey } from './tag-types.ts';

let canonMedia: Map<string, Media> | undefined;

/** The canon's media by fandom name, then by alias (a name wins over another fandom's alias). */
function canonMediaByKey(): Map<string, Media> {
  if (canonMedia) return canonMedia;
  const map = new Map<string, Media>();
  const fandoms = loadCanon().fandoms;
  for (const f of fandoms) map.set(tagKey(f.name), f.media as Media);
  for (const f of fandoms)
    for (const alias of f.aliases) if (!map.has(tagKey(alias))) map.set(tagKey(alias), f.media as Media);
  canonMedia = map;
  return map;
}

export type MediaSource = 'wrangler' | 'canon' | 'none';

/** Where a fandom tag is filed and why. */
export function fandomMedia(tag: { name: string; media: string | null }): { media: Media; source: MediaSource } {
  const set = tag.media === null ? undefined : mediaNamed(tag.media);
  if (set) return { media: set, source: 'wrangler' };
  const canon = canonMediaByKey().get(tagKey(tag.name));
  return canon ? { media: canon, source: 'canon' } : { media: UNCATEGORIZED, source: 'none' };
}

async function fandomsByMedia(database: Database, viewerId: number | null): Promise<Map<Media, FandomCount[]>> {
  const groups = new Map<Media, FandomCount[]>(MEDIA.map((m) => [m, []]));
  for (const row of await visibleFandoms(database.db, viewerId === null)) {
    groups.get(fandomMedia(row).media)!.push({ name: row.name, count: row.count });
  }
  return groups;
}

export interface MediaSummary {
  media: Media;
  /** How many fandoms have works the viewer can find. */
  fandoms: number;
  /** The fandoms with the most such works, most first. */
  top: FandomCount[];
}

/** Every media category in AO3's order, each with its top fandoms. */
export async function mediaOverview(database: Database, viewerId: number | null, top = 5): Promise<MediaSummary[]> {
  const groups = await fandomsByMedia(database, viewerId);
  return MEDIA.map((media) => {
    const all = groups.get(media)!;
    const ranked = [...all].sort((a, b) => b.count - a.count || byName(a, b));
    return { media, fandoms: all.length, top: ranked.slice(0, top) };
  });
}

/** Every fandom of one media with works the viewer can find, in AO3's alphabetical order. */
export async function fandomsOfMedia(
  database: Database,
  media: Media,
  viewerId: number | null,
): Promise<FandomCount[]> {
  const groups = await fandomsByMedia(database, viewerId);
  return groups.get(media)!.sort(byName);
}
