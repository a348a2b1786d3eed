// All SQL about bookmarks and the bookmarker's own tags. works.bookmarks_count counts public
// bookmarks; it moves only with a change that really happened (an insert that went in, a privacy
// flip that flipped, a delete that deleted), so concurrent requests cannot skew it.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Flag, Schema } from '../db/schema.ts';
import { containsText } from '../db/like.ts';
import type { SanitizedHtml } from '../markup/html.ts';
import { has, scopeConditions, type ViewerScope } from '../search/search.repo.ts';

type Db = Kysely<Schema>;

async function adjustCount(db: Db, workId: number, delta: number): Promise<void> {
  await db
    .updateTable('works')
    .set({ bookmarks_count: sql`bookmarks_count + ${delta}` })
    .where('id', '=', workId)
    .execute();
}

export interface BookmarkRow {
  id: number;
  userId: number;
  workId: number;
  notesHtml: SanitizedHtml | null;
  private: boolean;
  rec: boolean;
  createdAt: string;
  updatedAt: string;
  tags: string[];
}

type RawBookmark = {
  id: number;
  user_id: number;
  work_id: number | null;
  notes_html: SanitizedHtml | null;
  private: Flag;
  rec: Flag;
  created_at: string;
  updated_at: string;
};

function toRow(r: RawBookmark, tags: string[]): BookmarkRow {
  return {
    id: r.id,
    userId: r.user_id,
    workId: r.work_id!,
    notesHtml: r.notes_html,
    private: r.private === 1,
    rec: r.rec === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    tags,
  };
}

const COLUMNS = [
  'b.id',
  'b.user_id',
  'b.work_id',
  'b.notes_html',
  'b.private',
  'b.rec',
  'b.created_at',
  'b.updated_at',
] as const;

/** Each bookmark's tags, by name (bookmark_tags keeps no order of its own). */
export async function tagsOf(db: Db, bookmarkIds: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (bookmarkIds.length === 0) return out;
  const rows = await db
    .selectFrom('bookmark_tags')
    .select(['bookmark_id', 'name'])
    .where('bookmark_id', 'in', bookmarkIds)
    .orderBy('bookmark_id')
    .orderBy('name')
    .execute();
  for (const r of rows) out.set(r.bookmark_id, [...(out.get(r.bookmark_id) ?? []), r.name]);
  return out;
}

export async function findBookmark(
  db: Db,
  where: { id: number } | { userId: number; workId: number },
): Promise<BookmarkRow | undefined> {
  let q = db.selectFrom('bookmarks as b').select(COLUMNS).where('b.work_id', 'is not', null);
  q =
    'id' in where
      ? q.where('b.id', '=', where.id)
      : q.where('b.user_id', '=', where.userId).where('b.work_id', '=', where.workId);
  const r = await q.executeTakeFirst();
  if (!r) return undefined;
  return toRow(r, (await tagsOf(db, [r.id])).get(r.id) ?? []);
}

export interface BookmarkValues {
  notesHtml: string | null;
  private: boolean;
  rec: boolean;
  tags: string[];
}

async function setTags(db: Db, bookmarkId: number, tags: string[]): Promise<void> {
  await db.deleteFrom('bookmark_tags').where('bookmark_id', '=', bookmarkId).execute();
  if (tags.length)
    await db
      .insertInto('bookmark_tags')
      .values(tags.map((name) => ({ bookmark_id: bookmarkId, name })))
      .execute();
}

/** Creates the user's bookmark of the work, or updates the one they have; says which. */
export async function saveBookmark(
  db: Db,
  b: { userId: number; pseudId: number | null; workId: number; at: string } & BookmarkValues,
): Promise<{ id: number; created: boolean }> {
  const inserted = await db
    .insertInto('bookmarks')
    .values({
      user_id: b.userId,
      pseud_id: b.pseudId,
      work_id: b.workId,
      series_id: null,
      notes_html: b.notesHtml,
      private: b.private ? 1 : 0,
      rec: b.rec ? 1 : 0,
      created_at: b.at,
      updated_at: b.at,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) {
    if (!b.private) await adjustCount(db, b.workId, 1);
    await setTags(db, inserted.id, b.tags);
    return { id: inserted.id, created: true };
  }
  const current = await db
    .selectFrom('bookmarks')
    .select('id')
    .where('user_id', '=', b.userId)
    .where('work_id', '=', b.workId)
    .executeTakeFirstOrThrow();
  const flag: Flag = b.private ? 1 : 0;
  const flipped = await db
    .updateTable('bookmarks')
    .set({ private: flag })
    .where('id', '=', current.id)
    .where('private', '<>', flag)
    .executeTakeFirst();
  if (Number(flipped.numUpdatedRows) > 0) await adjustCount(db, b.workId, b.private ? -1 : 1);
  await db
    .updateTable('bookmarks')
    .set({ notes_html: b.notesHtml, rec: b.rec ? 1 : 0, updated_at: b.at })
    .where('id', '=', current.id)
    .execute();
  await setTags(db, current.id, b.tags);
  return { id: current.id, created: false };
}

export async function deleteBookmark(db: Db, id: number): Promise<boolean> {
  const row = await db
    .deleteFrom('bookmarks')
    .where('id', '=', id)
    .returning(['work_id', 'private'])
    .executeTakeFirst();
  if (!row) return false;
  if (row.work_id !== null && row.private === 0) await adjustCount(db, row.work_id, -1);
  return true;
}

export async function userByUsername(
  db: Db,
  username: string,
): Promise<{ id: number; username: string; role: string } | undefined> {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'role'])
    .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
    .executeTakeFirst();
}

/**
 * One page of a user's work bookmarks, newest first, keyset-paged on id. Works the viewer may not
 * read (drafts, admin-hidden, restricted for guests) are left out; so are private bookmarks unless
 * the owner is looking.
 */
export async function listBookmarks(
  db: Db,
  opts: {
    ownerId: number;
    includePrivate: boolean;
    viewerSignedIn: boolean;
    tag?: string;
    before?: number;
    limit: number;
  },
): Promise<BookmarkRow[]> {
  let q = db
    .selectFrom('bookmarks as b')
    .innerJoin('works as w', 'w.id', 'b.work_id')
    .select(COLUMNS)
    .where('b.user_id', '=', opts.ownerId)
    .where('w.draft', '=', 0)
    .where('w.hidden_by_admin', '=', 0)
    .where('w.unrevealed', '=', 0);
  if (!opts.includePrivate) q = q.where('b.private', '=', 0);
  if (!opts.viewerSignedIn) q = q.where('w.restricted', '=', 0);
  if (opts.before !== undefined) q = q.where('b.id', '<', opts.before);
  if (opts.tag) {
    const tag = opts.tag.toLowerCase();
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('bookmark_tags as t')
          .select('t.bookmark_id')
          .whereRef('t.bookmark_id', '=', 'b.id')
          .where((eb) => eb(eb.fn('lower', ['t.name']), '=', tag)),
      ),
    );
  }
  const rows = await q.orderBy('b.id', 'desc').limit(opts.limit).execute();
  const tags = await tagsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toRow(r, tags.get(r.id) ?? []));
}

/**
 * Public bookmarks `b` the reader may see, of works `w`: the work as every listing shows it
 * (drafts, admin hiding, restricted works for guests, and the reader's mutes, tag blocklist and
 * hidden works), and nothing bookmarked by someone the reader mutes.
 */
function visibleBookmarks(scope: ViewerScope): RawBuilder<unknown>[] {
  const out = [sql`b.private = 0`, ...scopeConditions(scope)];
  if (scope.userId !== null && scope.hasMutes)
    out.push(
      sql`NOT EXISTS (SELECT 1 FROM user_blocks m WHERE m.user_id = ${scope.userId} AND m.other_id = b.user_id AND m.kind = 'mute')`,
    );
  return out;
}

/** Per pseud, how many public bookmarks the reader may see. */
export async function visibleBookmarkCounts(
  db: Db,
  scope: ViewerScope,
  pseudIds: number[],
): Promise<Map<number, number>> {
  if (pseudIds.length === 0) return new Map();
  const rows = await sql<{ pseud_id: number; n: number | string }>`
    SELECT b.pseud_id, COUNT(*) AS n FROM bookmarks b JOIN works w ON w.id = b.work_id
    WHERE b.pseud_id IN (${sql.join(pseudIds)}) AND ${sql.join(visibleBookmarks(scope), sql` AND `)}
    GROUP BY b.pseud_id`.execute(db);
  return new Map(rows.rows.map((r) => [r.pseud_id, Number(r.n)]));
}

/** A bookmark search, names already resolved: every condition given must hold. */
export interface BookmarkSearchSpec {
  scope: ViewerScope;
  /** Each group: the bookmarked work carries at least one of these filter tags. */
  workTags: number[][];
  /** The bookmarker's own tags, each required (compared case-blind). */
  bookmarkTags: string[];
  recOnly: boolean;
  /** Text the notes hold. */
  notes?: string;
  /** Bookmarked under one of these pseuds, or by this user. */
  bookmarker?: { pseudIds: number[]; userId: number | null };
  /** In one of these collections, approved by both sides. */
  collectionIds?: number[];
}

export interface FoundBookmark extends BookmarkRow {
  pseud: string | null;
  username: string;
}

function searchConditions(spec: BookmarkSearchSpec): RawBuilder<unknown>[] {
  const out = visibleBookmarks(spec.scope);
  for (const group of spec.workTags) out.push(has(group));
  for (const tag of spec.bookmarkTags)
    out.push(
      sql`EXISTS (SELECT 1 FROM bookmark_tags bt WHERE bt.bookmark_id = b.id AND lower(bt.name) = ${tag.toLowerCase()})`,
    );
  if (spec.recOnly) out.push(sql`b.rec = 1`);
  if (spec.collectionIds) {
    out.push(
      spec.collectionIds.length
        ? sql`EXISTS (SELECT 1 FROM collection_items ci WHERE ci.bookmark_id = b.id AND ci.collection_id IN (${sql.join(spec.collectionIds)})
            AND ci.creator_approved = 1 AND ci.collection_approved = 1)`
        : sql`1 = 0`,
    );
  }
  if (spec.notes) out.push(containsText(sql.ref('b.notes_html'), spec.notes));
  if (spec.bookmarker) {
    const { pseudIds, userId } = spec.bookmarker;
    const byPseud = pseudIds.length ? sql`b.pseud_id IN (${sql.join(pseudIds)})` : sql`1 = 0`;
    out.push(userId === null ? byPseud : sql`(${byPseud} OR b.user_id = ${userId})`);
  }
  return out;
}

/** One page of matching bookmarks, latest bookmarked first, keyset-paged on (created_at, id). */
export async function searchBookmarks(
  db: Db,
  spec: BookmarkSearchSpec,
  page: { before?: { at: string; id: number }; limit: number },
): Promise<FoundBookmark[]> {
  const parts = searchConditions(spec);
  if (page.before) {
    const { at, id } = page.before;
    parts.push(sql`(b.created_at < ${at} OR (b.created_at = ${at} AND b.id < ${id}))`);
  }
  const rows = await sql<RawBookmark & { pseud: string | null; username: string }>`
    SELECT b.id, b.user_id, b.work_id, b.notes_html, b.private, b.rec, b.created_at, b.updated_at,
      p.name AS pseud, u.username
    FROM bookmarks b JOIN works w ON w.id = b.work_id JOIN users u ON u.id = b.user_id
    LEFT JOIN pseuds p ON p.id = b.pseud_id
    WHERE ${sql.join(parts, sql` AND `)}
    ORDER BY b.created_at DESC, b.id DESC LIMIT ${page.limit}`.execute(db);
  const tags = await tagsOf(
    db,
    rows.rows.map((r) => r.id),
  );
  return rows.rows.map((r) => ({
    ...toRow({ ...r, private: Number(r.private) as Flag, rec: Number(r.rec) as Flag }, tags.get(r.id) ?? []),
    pseud: r.pseud,
    username: r.username,
  }));
}

export async function countBookmarkSearch(db: Db, spec: BookmarkSearchSpec): Promise<number> {
  const row = await sql<{ n: number | string }>`
    SELECT COUNT(*) AS n FROM bookmarks b JOIN works w ON w.id = b.work_id
    WHERE ${sql.join(searchConditions(spec), sql` AND `)}`.execute(db);
  return Number(row.rows[0]?.n ?? 0);
}
