// All SQL about collections: the collections, who runs them, the works and bookmarks in them, and
// the flags (works.anonymous, works.unrevealed) that those items and the reveal keep on works.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { CollectionsTable, Schema } from '../db/schema.ts';
import { containsText } from '../db/like.ts';
import { isCreatorOf, MYSTERY_TITLE } from '../works/works.repo.ts';

type Db = Kysely<Schema>;
export type CollectionRow = Selectable<CollectionsTable>;
export type Role = 'owner' | 'moderator' | 'member';

export interface CollectionValues {
  title: string;
  description: string;
  parent_id: number | null;
  open: 0 | 1;
  moderated: 0 | 1;
  unrevealed: 0 | 1;
  anonymous: 0 | 1;
  reveal_at: string | null;
}

export async function insertCollection(db: Db, name: string, values: CollectionValues, at: string): Promise<number> {
  const row = await db
    .insertInto('collections')
    .values({ ...values, name, name_key: name.toLowerCase(), created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateCollection(db: Db, id: number, values: CollectionValues, at: string): Promise<void> {
  await db
    .updateTable('collections')
    .set({ ...values, updated_at: at })
    .where('id', '=', id)
    .execute();
}

export async function collectionByName(db: Db, name: string): Promise<CollectionRow | undefined> {
  return db.selectFrom('collections').selectAll().where('name_key', '=', name.toLowerCase()).executeTakeFirst();
}

export async function collectionById(db: Db, id: number): Promise<CollectionRow | undefined> {
  return db.selectFrom('collections').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function subcollections(db: Db, parentId: number): Promise<CollectionRow[]> {
  return db.selectFrom('collections').selectAll().where('parent_id', '=', parentId).orderBy('name_key').execute();
}

/** Collections by name or title, alphabetically; `after` is the last name key of the page before. */
export async function listCollections(
  db: Db,
  opts: { query?: string; after?: string; limit: number },
): Promise<CollectionRow[]> {
  let q = db.selectFrom('collections').selectAll();
  if (opts.query) {
    const needle = opts.query;
    q = q.where(sql<boolean>`(${containsText(sql`name`, needle)} OR ${containsText(sql`title`, needle)})`);
  }
  if (opts.after) q = q.where('name_key', '>', opts.after);
  return q.orderBy('name_key').limit(opts.limit).execute();
}

// ---- participants ---------------------------------------------------------------------------

export async function setRole(db: Db, collectionId: number, userId: number, role: Role, at: string): Promise<void> {
  await db
    .insertInto('collection_participants')
    .values({ collection_id: collectionId, user_id: userId, role, created_at: at })
    .onConflict((oc) => oc.columns(['collection_id', 'user_id']).doUpdateSet({ role }))
    .execute();
}

export async function removeParticipant(db: Db, collectionId: number, userId: number): Promise<void> {
  await db
    .deleteFrom('collection_participants')
    .where('collection_id', '=', collectionId)
    .where('user_id', '=', userId)
    .execute();
}

export async function roleOf(db: Db, collectionId: number, userId: number): Promise<Role | undefined> {
  const row = await db
    .selectFrom('collection_participants')
    .select('role')
    .where('collection_id', '=', collectionId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.role as Role | undefined;
}

export interface ParticipantRow {
  userId: number;
  username: string;
  role: Role;
}

export async function participants(db: Db, collectionId: number): Promise<ParticipantRow[]> {
  const rows = await db
    .selectFrom('collection_participants as cp')
    .innerJoin('users as u', 'u.id', 'cp.user_id')
    .select(['cp.user_id', 'u.username', 'cp.role'])
    .where('cp.collection_id', '=', collectionId)
    .orderBy('cp.role')
    .orderBy('u.username')
    .execute();
  return rows.map((r) => ({ userId: r.user_id, username: r.username, role: r.role as Role }));
}

/**
 * Whether the user owns or moderates a collection the work's creator put it forward to (an
 * invitation the creator has not accepted counts for nothing: inviting must not open a work).
 */
export async function moderatesCollectionOf(db: Db, workId: number, userId: number): Promise<boolean> {
  return (await worksModeratedBy(db, [workId], userId)).has(workId);
}

/** Of these works, those in a collection this user owns or moderates. */
export async function worksModeratedBy(db: Db, workIds: number[], userId: number): Promise<Set<number>> {
  if (workIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('collection_items as i')
    .innerJoin('collection_participants as cp', 'cp.collection_id', 'i.collection_id')
    .select('i.work_id')
    .distinct()
    .where('i.work_id', 'in', workIds)
    .where('i.creator_approved', '=', 1)
    .where('cp.user_id', '=', userId)
    .where('cp.role', 'in', ['owner', 'moderator'])
    .execute();
  return new Set(rows.flatMap((r) => (r.work_id === null ? [] : [r.work_id])));
}

// ---- items ----------------------------------------------------------------------------------

export interface ItemRow {
  id: number;
  collectionId: number;
  workId: number | null;
  bookmarkId: number | null;
  creatorApproved: boolean;
  collectionApproved: boolean;
  createdAt: string;
}

const toItem = (r: {
  id: number;
  collection_id: number;
  work_id: number | null;
  bookmark_id: number | null;
  creator_approved: number;
  collection_approved: number;
  created_at: string;
}): ItemRow => ({
  id: r.id,
  collectionId: r.collection_id,
  workId: r.work_id,
  bookmarkId: r.bookmark_id,
  creatorApproved: r.creator_approved === 1,
  collectionApproved: r.collection_approved === 1,
  createdAt: r.created_at,
});

/** Adds the item, or returns the one there already (adding twice changes nothing). */
export async function insertItem(
  db: Db,
  i: {
    collectionId: number;
    workId?: number;
    bookmarkId?: number;
    creatorApproved: boolean;
    collectionApproved: boolean;
    addedBy: number;
    at: string;
  },
): Promise<void> {
  await db
    .insertInto('collection_items')
    .values({
      collection_id: i.collectionId,
      work_id: i.workId ?? null,
      bookmark_id: i.bookmarkId ?? null,
      creator_approved: i.creatorApproved ? 1 : 0,
      collection_approved: i.collectionApproved ? 1 : 0,
      added_by: i.addedBy,
      created_at: i.at,
    })
    .onConflict((oc) =>
      oc.columns(i.workId ? ['collection_id', 'work_id'] : ['collection_id', 'bookmark_id']).doNothing(),
    )
    .execute();
}

export async function findItem(
  db: Db,
  collectionId: number,
  what: { workId: number } | { bookmarkId: number },
): Promise<ItemRow | undefined> {
  let q = db.selectFrom('collection_items').selectAll().where('collection_id', '=', collectionId);
  q = 'workId' in what ? q.where('work_id', '=', what.workId) : q.where('bookmark_id', '=', what.bookmarkId);
  const r = await q.executeTakeFirst();
  return r && toItem(r);
}

export async function getItem(db: Db, id: number): Promise<ItemRow | undefined> {
  const r = await db.selectFrom('collection_items').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toItem(r);
}

export async function approveItem(db: Db, id: number, side: 'creator' | 'collection'): Promise<void> {
  await db
    .updateTable('collection_items')
    .set(side === 'creator' ? { creator_approved: 1 } : { collection_approved: 1 })
    .where('id', '=', id)
    .execute();
}

export async function deleteItem(db: Db, id: number): Promise<void> {
  await db.deleteFrom('collection_items').where('id', '=', id).execute();
}

/** The collection's items awaiting one side's approval, oldest first, with what they are. */
export interface PendingRow extends ItemRow {
  title: string;
  /** For a bookmark: its reader's name. */
  bookmarker: string | null;
}

export async function itemsOfCollection(
  db: Db,
  collectionId: number,
  which: 'awaiting_collection' | 'awaiting_creator' | 'approved',
): Promise<PendingRow[]> {
  let q = db
    .selectFrom('collection_items as i')
    .leftJoin('bookmarks as b', 'b.id', 'i.bookmark_id')
    .leftJoin('users as bu', 'bu.id', 'b.user_id')
    .leftJoin('works as w', (j) => j.on(sql<boolean>`w.id = COALESCE(i.work_id, b.work_id)`))
    .select([
      'i.id',
      'i.collection_id',
      'i.work_id',
      'i.bookmark_id',
      'i.creator_approved',
      'i.collection_approved',
      'i.created_at',
      // Moderators see what was put forward to them; a work they invited that is hidden
      // elsewhere (or a bookmark of one) shows no title until its creator accepts.
      sql<string>`CASE WHEN w.unrevealed = 1 AND i.creator_approved = 0 THEN ${MYSTERY_TITLE} ELSE w.title END`.as(
        'title',
      ),
      'bu.username',
    ])
    .where('i.collection_id', '=', collectionId);
  if (which === 'awaiting_collection') q = q.where('i.collection_approved', '=', 0).where('i.creator_approved', '=', 1);
  else if (which === 'awaiting_creator') q = q.where('i.creator_approved', '=', 0);
  else q = q.where('i.collection_approved', '=', 1).where('i.creator_approved', '=', 1);
  const rows = await q.orderBy('i.id').limit(500).execute();
  return rows.map((r) => ({ ...toItem(r), title: r.title ?? '', bookmarker: r.username }));
}

/** A work's collections (approved on both sides), with the title shown on its page. */
export async function collectionsOfWork(
  db: Db,
  workId: number,
): Promise<{ id: number; name: string; title: string; itemId: number; approved: boolean; creatorApproved: boolean }[]> {
  const rows = await db
    .selectFrom('collection_items as i')
    .innerJoin('collections as c', 'c.id', 'i.collection_id')
    .select(['c.id', 'c.name', 'c.title', 'i.id as item_id', 'i.creator_approved', 'i.collection_approved'])
    .where('i.work_id', '=', workId)
    .orderBy('c.name_key')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    title: r.title,
    itemId: r.item_id,
    approved: r.creator_approved === 1 && r.collection_approved === 1,
    creatorApproved: r.creator_approved === 1,
  }));
}

/** Invitations from moderators waiting for this user's consent, as a creator or a bookmarker. */
export async function invitationsForUser(
  db: Db,
  userId: number,
): Promise<{ itemId: number; collection: string; collectionTitle: string; title: string; createdAt: string }[]> {
  const rows = await sql<{ id: number; name: string; ctitle: string; title: string; created_at: string }>`
    SELECT i.id, c.name, c.title AS ctitle, w.title, i.created_at
      FROM collection_items i JOIN collections c ON c.id = i.collection_id
      LEFT JOIN bookmarks b ON b.id = i.bookmark_id
      JOIN works w ON w.id = COALESCE(i.work_id, b.work_id)
     WHERE i.creator_approved = 0
       AND ((i.work_id IS NOT NULL AND EXISTS (SELECT 1 FROM work_creators wc JOIN pseuds p ON p.id = wc.pseud_id
              WHERE wc.work_id = i.work_id AND p.user_id = ${userId}))
         OR b.user_id = ${userId})
     ORDER BY i.id DESC LIMIT 200`.execute(db);
  return rows.rows.map((r) => ({
    itemId: r.id,
    collection: r.name,
    collectionTitle: r.ctitle,
    title: r.title,
    createdAt: r.created_at,
  }));
}

/** The user who answers for an item on its creator's side: a creator of the work, or the bookmark's reader. */
export async function answersForItem(db: Db, item: ItemRow, userId: number): Promise<boolean> {
  if (item.workId !== null) return isCreatorOf(db, item.workId, userId);
  const b = await db
    .selectFrom('bookmarks')
    .select('user_id')
    .where('id', '=', item.bookmarkId ?? 0)
    .executeTakeFirst();
  return b?.user_id === userId;
}

// ---- anonymous and unrevealed ---------------------------------------------------------------

/**
 * Recomputes works.anonymous and works.unrevealed for these works from the collections they are
 * in (with their creator's consent; the moderators' approval is not waited for, so a work is
 * hidden from the moment its creator puts it forward) that are not yet revealed. Only rows whose
 * flags change are written, so the search change log and content version move only then.
 */
export async function syncWorkFlags(db: Db, workIds: number[]): Promise<number[]> {
  if (workIds.length === 0) return [];
  const flag = (column: 'anonymous' | 'unrevealed') =>
    sql`CASE WHEN EXISTS (SELECT 1 FROM collection_items i JOIN collections c ON c.id = i.collection_id
      WHERE i.work_id = works.id AND i.creator_approved = 1 AND c.${sql.ref(column)} = 1 AND c.revealed_at IS NULL)
      THEN 1 ELSE 0 END`;
  const changed = await sql<{ id: number }>`
    UPDATE works SET anonymous = ${flag('anonymous')}, unrevealed = ${flag('unrevealed')}
     WHERE id IN (${sql.join(workIds)})
       AND (anonymous <> ${flag('anonymous')} OR unrevealed <> ${flag('unrevealed')})
    RETURNING id`.execute(db);
  const changedRows = changed.rows;
  return changedRows.map((r) => r.id);
}

export async function workIdsOfCollection(db: Db, collectionId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('collection_items')
    .select('work_id')
    .where('collection_id', '=', collectionId)
    .where('work_id', 'is not', null)
    .execute();
  return rows.map((r) => r.work_id!);
}

/**
 * Deletes the collection; its items, participants and prompt meme (prompts, claims, fills) go by
 * their foreign keys' cascades, and its subcollections become top-level ones (SET NULL).
 */
export async function deleteCollection(db: Db, id: number): Promise<void> {
  await db.deleteFrom('collections').where('id', '=', id).execute();
}

/** Collections whose reveal time has come and that are not revealed yet. */
export async function dueReveals(db: Db, now: string): Promise<number[]> {
  const rows = await db
    .selectFrom('collections')
    .select('id')
    .where('revealed_at', 'is', null)
    .where('reveal_at', 'is not', null)
    .where('reveal_at', '<=', now)
    .execute();
  return rows.map((r) => r.id);
}

/** Marks the collection revealed (or not yet, with null); false when another process did it first. */
export async function setRevealed(db: Db, id: number, at: string | null): Promise<boolean> {
  const r = await db
    .updateTable('collections')
    .set({ revealed_at: at })
    .where('id', '=', id)
    .where('revealed_at', at === null ? 'is not' : 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

// ---- bookmarks ------------------------------------------------------------------------------

export async function bookmarkIsPublic(db: Db, bookmarkId: number): Promise<boolean> {
  const b = await db
    .selectFrom('bookmarks')
    .select('id')
    .where('id', '=', bookmarkId)
    .where('private', '=', 0)
    .executeTakeFirst();
  return b !== undefined;
}

/** Public bookmarks approved in the collections, newest first. */
export async function bookmarkIdsOfCollections(db: Db, collectionIds: number[]): Promise<number[]> {
  if (collectionIds.length === 0) return [];
  const rows = await db
    .selectFrom('collection_items as i')
    .innerJoin('bookmarks as b', 'b.id', 'i.bookmark_id')
    .select('b.id')
    .distinct()
    .where('i.collection_id', 'in', collectionIds)
    .where('i.creator_approved', '=', 1)
    .where('i.collection_approved', '=', 1)
    .where('b.private', '=', 0)
    .orderBy('b.id', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => r.id);
}
