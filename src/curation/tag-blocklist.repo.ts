// All SQL about a reader's tag blocklist. Works whose search filters (src/tags/filters.repo.ts)
// include a blocked tag are left out of every listing the reader opens (src/search/search.repo.ts).
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';

type Db = Kysely<Schema>;

export interface BlockedTag {
  id: number;
  name: string;
  type: string;
  /**
   * The canonical tag's name when this tag was made a synonym after it was blocked: filters name
   * canonical tags only, so such an entry hides nothing until the reader blocks the canonical one.
   */
  synonymOf: string | null;
}

export async function insertBlockedTag(db: Db, userId: number, tagId: number): Promise<boolean> {
  const r = await db
    .insertInto('tag_blocklist')
    .values({ user_id: userId, tag_id: tagId })
    .onConflict((oc) => oc.columns(['user_id', 'tag_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function deleteBlockedTag(db: Db, userId: number, tagId: number): Promise<boolean> {
  const r = await db
    .deleteFrom('tag_blocklist')
    .where('user_id', '=', userId)
    .where('tag_id', '=', tagId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function countBlockedTags(db: Db, userId: number): Promise<number> {
  const r = await db
    .selectFrom('tag_blocklist')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function listBlockedTags(db: Db, userId: number): Promise<BlockedTag[]> {
  return db
    .selectFrom('tag_blocklist')
    .innerJoin('tags', 'tags.id', 'tag_blocklist.tag_id')
    .leftJoin('tags as canonical', 'canonical.id', 'tags.synonym_of')
    .select(['tags.id', 'tags.name', 'tags.type', 'canonical.name as synonymOf'])
    .where('tag_blocklist.user_id', '=', userId)
    .orderBy('tags.type')
    .orderBy('tags.name_key')
    .execute();
}
