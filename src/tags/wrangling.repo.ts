// All SQL for wrangling: synonyms, the canonical flag, parent links.
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';
import type { TagRow } from './tags.repo.ts';

type Db = Kysely<Schema>;

/** The synonym, and every tag that pointed at it, now point at the canonical tag. */
export async function pointSynonyms(db: Db, synonymId: number, canonicalId: number): Promise<void> {
  await db.updateTable('tags').set({ synonym_of: canonicalId }).where('synonym_of', '=', synonymId).execute();
  await db.updateTable('tags').set({ synonym_of: canonicalId, canonical: 0 }).where('id', '=', synonymId).execute();
  // A synonym has no place in the tree: its links move to the canonical tag.
  await sql`INSERT INTO tag_parents (parent_id, child_id)
            SELECT parent_id, ${canonicalId} FROM tag_parents WHERE child_id = ${synonymId} AND parent_id <> ${canonicalId}
            ON CONFLICT DO NOTHING`.execute(db);
  await sql`INSERT INTO tag_parents (parent_id, child_id)
            SELECT ${canonicalId}, child_id FROM tag_parents WHERE parent_id = ${synonymId} AND child_id <> ${canonicalId}
            ON CONFLICT DO NOTHING`.execute(db);
  await db
    .deleteFrom('tag_parents')
    .where((eb) => eb.or([eb('child_id', '=', synonymId), eb('parent_id', '=', synonymId)]))
    .execute();
}

export async function synonymCount(db: Db, tagId: number): Promise<number> {
  const row = await db
    .selectFrom('tags')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('synonym_of', '=', tagId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function setCanonicalFlag(db: Db, tagId: number, canonical: boolean): Promise<void> {
  await db
    .updateTable('tags')
    .set({ canonical: canonical ? 1 : 0 })
    .where('id', '=', tagId)
    .execute();
}

export async function addParent(db: Db, parentId: number, childId: number): Promise<void> {
  await db
    .insertInto('tag_parents')
    .values({ parent_id: parentId, child_id: childId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function removeParent(db: Db, parentId: number, childId: number): Promise<void> {
  await db.deleteFrom('tag_parents').where('parent_id', '=', parentId).where('child_id', '=', childId).execute();
}

/** Whether `ancestorId` is `tagId` or above it through parent links. */
export async function isAncestor(db: Db, ancestorId: number, tagId: number): Promise<boolean> {
  const row = await sql<{ found: number }>`
    WITH RECURSIVE up(id) AS (
      SELECT CAST(${tagId} AS INTEGER)
      UNION SELECT p.parent_id FROM tag_parents p JOIN up ON p.child_id = up.id
    )
    SELECT COUNT(*) AS found FROM up WHERE id = ${ancestorId}`.execute(db);
  return Number(row.rows[0]?.found ?? 0) > 0;
}

export async function relations(db: Db, tag: TagRow) {
  const [synonymOf, synonyms, parents, children, count] = await Promise.all([
    tag.synonymOf === null
      ? undefined
      : db.selectFrom('tags').select('name').where('id', '=', tag.synonymOf).executeTakeFirst(),
    db.selectFrom('tags').select('name').where('synonym_of', '=', tag.id).orderBy('name').execute(),
    db
      .selectFrom('tag_parents')
      .innerJoin('tags', 'tags.id', 'tag_parents.parent_id')
      .select(['tags.name', 'tags.type'])
      .where('tag_parents.child_id', '=', tag.id)
      .orderBy('tags.name')
      .execute(),
    db
      .selectFrom('tag_parents')
      .innerJoin('tags', 'tags.id', 'tag_parents.child_id')
      .select(['tags.name', 'tags.type'])
      .where('tag_parents.parent_id', '=', tag.id)
      .orderBy('tags.name')
      .execute(),
    db.selectFrom('tags').select('filter_count').where('id', '=', tag.id).executeTakeFirst(),
  ]);
  return {
    synonymOf: synonymOf?.name ?? null,
    synonyms: synonyms.map((s) => s.name),
    parents,
    children,
    filterCount: count?.filter_count ?? 0,
  };
}

export interface WrangledChild {
  fandom: string;
  name: string;
  type: 'character' | 'relationship';
  /** Names of the tag's synonyms: how writers have tagged the same person or pairing. */
  synonyms: string[];
}

/**
 * Canonical characters and relationships that wranglers have placed under canonical fandoms, with
 * their synonyms: what the archive itself knows about its fandoms.
 */
export async function wrangledChildren(db: Db): Promise<WrangledChild[]> {
  const rows = await db
    .selectFrom('tag_parents as p')
    .innerJoin('tags as f', 'f.id', 'p.parent_id')
    .innerJoin('tags as c', 'c.id', 'p.child_id')
    .leftJoin('tags as s', 's.synonym_of', 'c.id')
    .select(['f.name as fandom', 'c.name as name', 'c.type as type', 's.name as synonym'])
    .where('f.type', '=', 'fandom')
    .where('f.canonical', '=', 1)
    .where('c.canonical', '=', 1)
    .where('c.type', 'in', ['character', 'relationship'])
    .orderBy('f.name')
    .orderBy('c.name')
    .execute();
  const out = new Map<string, WrangledChild>();
  for (const r of rows) {
    const key = `${r.fandom}\u0000${r.name}`;
    let child = out.get(key);
    if (!child) {
      child = { fandom: r.fandom, name: r.name, type: r.type as WrangledChild['type'], synonyms: [] };
      out.set(key, child);
    }
    if (r.synonym) child.synonyms.push(r.synonym);
  }
  return [...out.values()];
}
