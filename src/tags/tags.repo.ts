// All SQL about tags and taggings.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Schema } from '../db/schema.ts';
import { containsText, matchRank } from '../db/like.ts';
import { cleanTagName, isBuiltInCanonical, tagKey, type TagType } from './tag-types.ts';

export interface TagRow {
  id: number;
  name: string;
  type: string;
  canonical: boolean;
  synonymOf: number | null;
}

export interface WorkTagRow extends TagRow {
  workId: number;
  origin: 'author' | 'analysis';
  status: 'applied' | 'suggested' | 'rejected';
  confidence: number | null;
  evidence: { quote: string; start: number; end: number }[];
  /** Whether a person has decided on it; an analysis tag applied on import is not yet reviewed. */
  reviewed: boolean;
}

type Db = Kysely<Schema>;

function toTag(r: { id: number; name: string; type: string; canonical: number; synonym_of: number | null }): TagRow {
  return { id: r.id, name: r.name, type: r.type, canonical: r.canonical === 1, synonymOf: r.synonym_of };
}

export async function findTagByName(db: Db, name: string): Promise<TagRow | undefined> {
  const row = await db.selectFrom('tags').selectAll().where('name_key', '=', tagKey(name)).executeTakeFirst();
  return row && toTag(row);
}

/**
 * The tag with this name and how many works it filters (its page's works; `publicCount` leaves
 * out restricted ones), in one read.
 */
export async function findTagWithCount(
  db: Db,
  name: string,
): Promise<(TagRow & { filterCount: number; publicCount: number }) | undefined> {
  const row = await db.selectFrom('tags').selectAll().where('name_key', '=', tagKey(name)).executeTakeFirst();
  return row && { ...toTag(row), filterCount: Number(row.filter_count), publicCount: Number(row.public_filter_count) };
}

export async function findTagById(db: Db, id: number): Promise<TagRow | undefined> {
  const row = await db.selectFrom('tags').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toTag(row);
}

/**
 * The tag with this name, created with `type` when new. Names are unique across types, as on AO3,
 * so an existing tag keeps its own type.
 */
export async function findOrCreateTag(db: Db, type: TagType, name: string, canonical = false): Promise<TagRow> {
  const key = tagKey(name);
  const existing = await db.selectFrom('tags').selectAll().where('name_key', '=', key).executeTakeFirst();
  if (existing) {
    if (canonical && existing.canonical === 0 && existing.synonym_of === null && existing.type === type) {
      await db.updateTable('tags').set({ canonical: 1 }).where('id', '=', existing.id).execute();
      existing.canonical = 1;
    }
    return toTag(existing);
  }
  const row = await db
    .insertInto('tags')
    .values({
      name: cleanTagName(name),
      name_key: key,
      type,
      canonical: canonical || isBuiltInCanonical(type, cleanTagName(name)) ? 1 : 0,
      synonym_of: null,
      created_at: new Date().toISOString(),
    })
    // Two posts naming a new tag at once: the second finds the first's row instead of failing.
    .onConflict((oc) => oc.column('name_key').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (row) return toTag(row);
  const raced = await db.selectFrom('tags').selectAll().where('name_key', '=', key).executeTakeFirstOrThrow();
  return toTag(raced);
}

export interface TaggingInput {
  workId: number;
  tagId: number;
  origin: 'author' | 'analysis';
  status: 'applied' | 'suggested' | 'rejected';
  confidence?: number | null;
  evidence?: { quote: string; start: number; end: number }[] | null;
  /** False for a tag the analysis applied on its own (an import): applied, but no one has reviewed it. */
  reviewed?: boolean;
}

/**
 * Attaches a tag to a work. A suggestion never overrides what a person decided: an applied or
 * rejected tagging stays as it is when the analysis proposes the same tag again.
 */
export async function upsertTagging(db: Db, t: TaggingInput): Promise<void> {
  const now = new Date().toISOString();
  const existing = await db
    .selectFrom('taggings')
    .select(['id', 'status', 'origin'])
    .where('work_id', '=', t.workId)
    .where('tag_id', '=', t.tagId)
    .executeTakeFirst();
  const evidence = t.evidence ? JSON.stringify(t.evidence) : null;
  if (!existing) {
    await db
      .insertInto('taggings')
      .values({
        work_id: t.workId,
        tag_id: t.tagId,
        origin: t.origin,
        status: t.status,
        confidence: t.confidence ?? null,
        evidence,
        created_at: now,
        decided_at: t.status === 'suggested' || t.reviewed === false ? null : now,
      })
      .execute();
    return;
  }
  if (t.status === 'suggested') {
    if (existing.status !== 'suggested') return;
    await db
      .updateTable('taggings')
      .set({ confidence: t.confidence ?? null, evidence })
      .where('id', '=', existing.id)
      .execute();
    return;
  }
  // The analysis applying a tag on its own changes only an open suggestion, never a decision.
  if (t.reviewed === false) {
    if (existing.status !== 'suggested') return;
    await db
      .updateTable('taggings')
      .set({ status: t.status, confidence: t.confidence ?? null, evidence, decided_at: null })
      .where('id', '=', existing.id)
      .execute();
    return;
  }
  await db
    .updateTable('taggings')
    .set({ status: t.status, decided_at: now, ...(existing.status === 'suggested' ? {} : { origin: t.origin }) })
    .where('id', '=', existing.id)
    .execute();
}

/** How many findable works (posted, not hidden) a tag filters to, as the filters last counted. */
/** A work's tagging of one tag: its status and whether a person has decided on it. */
export async function taggingState(
  db: Db,
  workId: number,
  tagId: number,
): Promise<{ status: WorkTagRow['status']; reviewed: boolean } | undefined> {
  const row = await db
    .selectFrom('taggings')
    .select(['status', 'decided_at'])
    .where('work_id', '=', workId)
    .where('tag_id', '=', tagId)
    .executeTakeFirst();
  return row && { status: row.status as WorkTagRow['status'], reviewed: row.decided_at !== null };
}

/** Removes the analysis' open suggestions on a work (before it is analysed again). */
export async function deleteSuggestions(db: Db, workId: number): Promise<void> {
  await db.deleteFrom('taggings').where('work_id', '=', workId).where('status', '=', 'suggested').execute();
}

export async function setTaggingStatus(
  db: Db,
  workId: number,
  tagId: number,
  status: 'applied' | 'rejected',
): Promise<boolean> {
  const result = await db
    .updateTable('taggings')
    .set({ status, decided_at: new Date().toISOString() })
    .where('work_id', '=', workId)
    .where('tag_id', '=', tagId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function tagsForWorks(db: Db, workIds: number[]): Promise<WorkTagRow[]> {
  if (workIds.length === 0) return [];
  const rows = await db
    .selectFrom('taggings')
    .innerJoin('tags', 'tags.id', 'taggings.tag_id')
    .select([
      'taggings.work_id',
      'taggings.origin',
      'taggings.status',
      'taggings.confidence',
      'taggings.evidence',
      'taggings.decided_at',
      'tags.id',
      'tags.name',
      'tags.type',
      'tags.canonical',
      'tags.synonym_of',
    ])
    .where('taggings.work_id', 'in', workIds)
    .orderBy('taggings.work_id')
    .orderBy('taggings.id')
    .execute();
  // Every property written out, not a spread of toTag(r): this runs for every tag of every listing.
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    type: r.type,
    canonical: r.canonical === 1,
    synonymOf: r.synonym_of,
    workId: r.work_id,
    origin: r.origin as WorkTagRow['origin'],
    status: r.status as WorkTagRow['status'],
    confidence: r.confidence,
    evidence: r.evidence ? (JSON.parse(r.evidence) as WorkTagRow['evidence']) : [],
    reviewed: r.decided_at !== null,
  }));
}

/** Removes a work's tagging of one tag (the creator took the tag off). */
export async function deleteTagging(db: Db, workId: number, tagId: number): Promise<void> {
  await db.deleteFrom('taggings').where('work_id', '=', workId).where('tag_id', '=', tagId).execute();
}

export interface OpenAnalysisTagging {
  workId: number;
  tagId: number;
  name: string;
  type: string;
  /** 'suggested': waiting; 'unreviewed': applied by an import, no one has kept or undone it. */
  state: 'suggested' | 'unreviewed';
  confidence: number;
}

/**
 * The analysis' taggings still waiting on a person across all works: open suggestions and tags an
 * import applied that no one has reviewed, within a confidence range, optionally only on works
 * carrying an applied fandom tag of that name.
 */
export async function openAnalysisTaggings(
  db: Db,
  filter: { min: number; max: number; fandom?: string },
): Promise<OpenAnalysisTagging[]> {
  let q = db
    .selectFrom('taggings as g')
    .innerJoin('tags as t', 't.id', 'g.tag_id')
    .select(['g.work_id', 'g.tag_id', 't.name', 't.type', 'g.status', 'g.confidence'])
    .where('g.origin', '=', 'analysis')
    .where((eb) =>
      eb.or([
        eb('g.status', '=', 'suggested'),
        eb.and([eb('g.status', '=', 'applied'), eb('g.decided_at', 'is', null)]),
      ]),
    )
    .where('g.confidence', '>=', filter.min)
    .where('g.confidence', '<=', filter.max);
  if (filter.fandom) {
    const key = tagKey(filter.fandom);
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('taggings as fg')
          .innerJoin('tags as ft', 'ft.id', 'fg.tag_id')
          .select('fg.work_id')
          .whereRef('fg.work_id', '=', 'g.work_id')
          .where('fg.status', '=', 'applied')
          .where('ft.type', '=', 'fandom')
          .where('ft.name_key', '=', key),
      ),
    );
  }
  const rows = await q.orderBy('t.name').orderBy('g.work_id').execute();
  return rows.map((r) => ({
    workId: r.work_id,
    tagId: r.tag_id,
    name: r.name,
    type: r.type,
    state: r.status === 'suggested' ? ('suggested' as const) : ('unreviewed' as const),
    confidence: r.confidence ?? 0,
  }));
}

/** A tag search: name text, type, canonical tags only, tags under one fandom. */
export interface TagSearchSpec {
  text: string;
  type?: string;
  canonicalOnly: boolean;
  /** The fandom tag (canonical) whose characters, relationships and other tags to list. */
  fandomId?: number;
  /** A guest's counts leave out restricted works. */
  guest: boolean;
}

export interface FoundTag extends TagRow {
  /** Findable works: the tag's own filter count, or its canonical tag's for a synonym. */
  works: number;
}

// Only tags with a page are found: canonical tags, synonyms, and tags a findable work carries
// (a tag only drafts carry is its writer's secret, as on the tag page).
function tagConditions(spec: TagSearchSpec): RawBuilder<unknown>[] {
  const out = [sql`(t.canonical = 1 OR t.synonym_of IS NOT NULL OR t.filter_count > 0)`];
  if (spec.text) out.push(containsText(sql.ref('t.name'), spec.text));
  if (spec.type) out.push(sql`t.type = ${spec.type}`);
  if (spec.canonicalOnly) out.push(sql`t.canonical = 1`);
  if (spec.fandomId !== undefined)
    out.push(
      sql`EXISTS (SELECT 1 FROM tag_parents tp WHERE tp.child_id = COALESCE(t.synonym_of, t.id) AND tp.parent_id = ${spec.fandomId})`,
    );
  return out;
}

/** One page of matching tags: whole names first, then names that begin with the text, then by name. */
export async function searchTags(
  db: Db,
  spec: TagSearchSpec,
  page: { offset: number; limit: number },
): Promise<FoundTag[]> {
  const count = sql.raw(spec.guest ? 'public_filter_count' : 'filter_count');
  const rows = await sql<{
    id: number;
    name: string;
    type: string;
    canonical: number;
    synonym_of: number | null;
    works: number | string | null;
  }>`
    SELECT t.id, t.name, t.type, t.canonical, t.synonym_of, COALESCE(c.${count}, t.${count}) AS works
    FROM tags t LEFT JOIN tags c ON c.id = t.synonym_of
    WHERE ${sql.join(tagConditions(spec), sql` AND `)}
    ORDER BY ${spec.text ? sql`${matchRank(sql.ref('t.name'), spec.text)}, ` : sql``}t.name_key, t.id
    LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db);
  return rows.rows.map((r) => ({ ...toTag({ ...r, canonical: Number(r.canonical) }), works: Number(r.works ?? 0) }));
}

export async function countTagSearch(db: Db, spec: TagSearchSpec): Promise<number> {
  const row = await sql<{ n: number | string }>`
    SELECT COUNT(*) AS n FROM tags t WHERE ${sql.join(tagConditions(spec), sql` AND `)}`.execute(db);
  return Number(row.rows[0]?.n ?? 0);
}
