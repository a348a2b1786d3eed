// All SQL about fandoms' media: the fandom tags a viewer can find works in, and a wrangler's choice.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';

type Db = Kysely<Schema>;

export interface FandomCountRow {
  id: number;
  name: string;
  /** As a wrangler set it; null when none has. */
  media: string | null;
  count: number;
}

/**
 * Every fandom tag with works the viewer can find, and how many: guests count only unrestricted
 * works (`public_filter_count`), signed-in readers every findable one (`filter_count`), as the
 * search's totals do. Synonyms are left out: their works count under their canonical tag.
 */
export async function visibleFandoms(db: Db, guest: boolean): Promise<FandomCountRow[]> {
  const column = guest ? 'public_filter_count' : 'filter_count';
  const rows = await db
    .selectFrom('tags')
    .select(['id', 'name', 'media', `${column} as count`])
    .where('type', '=', 'fandom')
    .where('synonym_of', 'is', null)
    .where(column, '>', 0)
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, media: r.media, count: Number(r.count) }));
}

export async function tagMedia(db: Db, tagId: number): Promise<string | null> {
  const row = await db.selectFrom('tags').select('media').where('id', '=', tagId).executeTakeFirst();
  return row?.media ?? null;
}

export async function setTagMedia(db: Db, tagId: number, media: string | null): Promise<void> {
  await db.updateTable('tags').set({ media }).where('id', '=', tagId).execute();
}
