// All SQL that materialises search filters. A work's filters are the tags it matches in searches:
// for each applied tag, the tag itself or, for a synonym, its canonical tag; then every meta tag
// above those, transitively. Meta links are tag_parents rows between tags of the same type
// (Marvel Cinematic Universe -> Marvel); a parent of another type (a character's fandom) is
// AO3's "common tagging" and does not make the work match the parent.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db/database.ts';
import type { Schema } from '../db/schema.ts';

type Db = Kysely<Schema>;

// Drafts, works an admin hid and unrevealed works are in no listing or search, so they have no filters at all:
// tags' filter counts then count only what readers can find.
const FINDABLE = sql`w.draft = 0 AND w.hidden_by_admin = 0 AND w.unrevealed = 0`;

/** Which works' filters a change to these tags can move: works tagged with them or their synonyms. */
export async function worksTouchedByTags(db: Db, tagIds: number[]): Promise<number[]> {
  if (tagIds.length === 0) return [];
  const rows = await db
    .selectFrom('taggings')
    .innerJoin('tags', 'tags.id', 'taggings.tag_id')
    .select('taggings.work_id')
    .distinct()
    .where((eb) => eb.or([eb('tags.id', 'in', tagIds), eb('tags.synonym_of', 'in', tagIds)]))
    .execute();
  const direct = rows.map((r) => r.work_id);
  // Works that match a tag only through a meta tag below it are found by their filters.
  const viaFilters = await db
    .selectFrom('work_filters')
    .select('work_id')
    .distinct()
    .where('tag_id', 'in', tagIds)
    .execute();
  return [...new Set([...direct, ...viaFilters.map((r) => r.work_id)])];
}

/** Recomputes the filters of these works, their crossover count and the tags' filter counts. */
export async function rebuildWorkFilters(db: Db, workIds: number[]): Promise<void> {
  for (let i = 0; i < workIds.length; i += 500) await rebuildBatch(db, workIds.slice(i, i + 500));
}

async function rebuildBatch(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const before = await db.selectFrom('work_filters').select('tag_id').distinct().where('work_id', 'in', ids).execute();
  await db.deleteFrom('work_filters').where('work_id', 'in', ids).execute();
  const idList = sql.join(ids);
  await sql`
    INSERT INTO work_filters (tag_id, work_id)
    WITH RECURSIVE matched(tag_id, work_id) AS (
      SELECT DISTINCT COALESCE(t.synonym_of, t.id), g.work_id
        FROM taggings g JOIN tags t ON t.id = g.tag_id JOIN works w ON w.id = g.work_id
       WHERE g.status = 'applied' AND g.work_id IN (${idList}) AND ${FINDABLE}
      UNION
      SELECT p.parent_id, m.work_id
        FROM matched m
        JOIN tag_parents p ON p.child_id = m.tag_id
        JOIN tags child ON child.id = m.tag_id
        JOIN tags parent ON parent.id = p.parent_id
       WHERE parent.type = child.type
    )
    SELECT DISTINCT tag_id, work_id FROM matched`.execute(db);
  // Setting fandom_count also logs each work to search_changes (a trigger, migration 7): that is
  // how in-memory filter indexes learn that these works' filters moved, and (reindexWorks calls
  // this after writing the full text) that their text lengths did.
  await updateFandomCounts(db, sql`id IN (${idList})`);
  const after = await db.selectFrom('work_filters').select('tag_id').distinct().where('work_id', 'in', ids).execute();
  await refreshFilterCounts(db, [...new Set([...before, ...after].map((r) => r.tag_id))]);
}

/**
 * A work's fandom count, for crossovers: its fandom filters that are not a meta tag of another of
 * its fandom filters (a work in Marvel Cinematic Universe also matches Marvel; that is one fandom).
 */
async function updateFandomCounts(db: Db, worksWhere: ReturnType<typeof sql>): Promise<void> {
  await sql`
    UPDATE works SET fandom_count = (
      SELECT COUNT(*) FROM work_filters f JOIN tags t ON t.id = f.tag_id
       WHERE f.work_id = works.id AND t.type = 'fandom'
         AND NOT EXISTS (
           SELECT 1 FROM work_filters f2 JOIN tag_parents p ON p.child_id = f2.tag_id
            WHERE f2.work_id = f.work_id AND p.parent_id = f.tag_id)
    ) WHERE ${worksWhere}`.execute(db);
}

export async function refreshFilterCounts(db: Db, tagIds: number[]): Promise<void> {
  for (let i = 0; i < tagIds.length; i += 500) {
    const batch = tagIds.slice(i, i + 500);
    await sql`
      UPDATE tags SET filter_count = (SELECT COUNT(*) FROM work_filters f WHERE f.tag_id = tags.id),
        public_filter_count = (SELECT COUNT(*) FROM work_filters f JOIN works w ON w.id = f.work_id WHERE f.tag_id = tags.id AND w.restricted = 0)
       WHERE id IN (${sql.join(batch)})`.execute(db);
  }
}

/** Meta tag levels above any tag; wrangling refuses loops, this only bounds a broken database. */
const MAX_META_DEPTH = 100;

/**
 * Every work's filters from scratch, in set operations: for bulk loads and after big wrangles.
 * The same filters as rebuildWorkFilters, built level by level instead of by one recursive CTE:
 * the applied tags (synonyms resolved) in one INSERT ... SELECT DISTINCT, then each level of meta
 * tags above what is there. The meta links are a handful of rows, materialised first, so each
 * level reads only the postings of tags that have a same-type parent. (With the recursive CTE,
 * SQLite kept a UNION set of every row and, without statistics, walked every tag of the child's
 * type for each row, which grows with works times tags.)
 */
export async function rebuildAllFilters(db: Db, dialect: Dialect): Promise<void> {
  // PostgreSQL plans each level from statistics; taken before this insert, they say work_filters
  // is nearly empty, and the anti-join below then probes a fresh index row by row, far too slow at
  // a million works (docs/benchmarks.md). Re-analysed after each insert, it hashes instead.
  const analyse = () => (dialect === 'postgres' ? sql`ANALYZE work_filters`.execute(db) : Promise.resolve());
  await sql`DELETE FROM work_filters`.execute(db);
  // Ordered by the primary key, so the B-tree is appended to rather than split at random.
  await sql`
    INSERT INTO work_filters (tag_id, work_id)
    SELECT DISTINCT COALESCE(t.synonym_of, t.id) AS tag_id, g.work_id
      FROM taggings g JOIN tags t ON t.id = g.tag_id JOIN works w ON w.id = g.work_id
     WHERE g.status = 'applied' AND ${FINDABLE}
     ORDER BY 1, 2`.execute(db);
  await analyse();
  for (let level = 0; level < MAX_META_DEPTH; level++) {
    const added = await sql`
      INSERT INTO work_filters (tag_id, work_id)
      WITH meta AS MATERIALIZED (
        SELECT p.parent_id, p.child_id
          FROM tag_parents p
          JOIN tags child ON child.id = p.child_id
          JOIN tags parent ON parent.id = p.parent_id
         WHERE parent.type = child.type
      )
      SELECT DISTINCT m.parent_id, f.work_id
        FROM meta m JOIN work_filters f ON f.tag_id = m.child_id
       WHERE NOT EXISTS (SELECT 1 FROM work_filters x WHERE x.tag_id = m.parent_id AND x.work_id = f.work_id)`.execute(
      db,
    );
    if (Number(added.numAffectedRows ?? 0) === 0) break;
    await analyse();
  }
  await updateFandomCounts(db, sql`1 = 1`);
  await sql`UPDATE tags SET filter_count = COALESCE((SELECT COUNT(*) FROM work_filters f WHERE f.tag_id = tags.id), 0)`.execute(
    db,
  );
  // Restricted works are few: start from all, then take off what each tag has of those.
  await sql`UPDATE tags SET public_filter_count = filter_count`.execute(db);
  await sql`
    UPDATE tags SET public_filter_count = filter_count - (
      SELECT COUNT(*) FROM works w JOIN work_filters f ON f.work_id = w.id WHERE w.restricted = 1 AND f.tag_id = tags.id)
     WHERE id IN (SELECT DISTINCT f.tag_id FROM works w JOIN work_filters f ON f.work_id = w.id WHERE w.restricted = 1)`.execute(
    db,
  );
  // Every work changed: one "reload everything" row instead of a row per work.
  await sql`DELETE FROM search_changes`.execute(db);
  await sql`INSERT INTO search_changes (work_id) VALUES (NULL)`.execute(db);
}

export async function filterTagIds(db: Db, workId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('work_filters')
    .select('tag_id')
    .where('work_id', '=', workId)
    .orderBy('tag_id')
    .execute();
  return rows.map((r) => r.tag_id);
}
