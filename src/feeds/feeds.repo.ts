// The SQL feeds need beyond what the works, tags and search services already answer.
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';

type Db = Kysely<Schema>;

export interface TagCountRow {
  id: number;
  name: string;
  type: string;
  count: number;
}

/**
 * Tags of these types by how many works they filter to, most first (ties by id), skipping
 * synonyms (their works count under their canonical tag) and tags no work carries; keyset-paged.
 */
export async function tagsByWorkCount(
  db: Db,
  types: readonly string[],
  opts: { limit: number; after?: { count: number; id: number } },
): Promise<TagCountRow[]> {
  let q = db
    .selectFrom('tags')
    .select(['id', 'name', 'type', 'filter_count'])
    .where('type', 'in', [...types])
    .where('synonym_of', 'is', null)
    .where('filter_count', '>', 0);
  if (opts.after) {
    const { count, id } = opts.after;
    q = q.where((eb) =>
      eb.or([eb('filter_count', '<', count), eb.and([eb('filter_count', '=', count), eb('id', '>', id)])]),
    );
  }
  const rows = await q.orderBy('filter_count', 'desc').orderBy('id', 'asc').limit(opts.limit).execute();
  return rows.map((r) => ({ id: r.id, name: r.name, type: r.type, count: r.filter_count }));
}

/** A pseud's name as its owner wrote it, found whatever the case (as the search's creator: does). */
export async function pseudName(db: Db, name: string): Promise<string | undefined> {
  const r = await sql<{
    name: string;
  }>`SELECT name FROM pseuds WHERE lower(name) = lower(${name}) ORDER BY id LIMIT 1`.execute(db);
  return r.rows[0]?.name;
}
