// All SQL about subscriptions and the inbox they fill. A subscription names a work, a creator (a
// user) or a series; an inbox item is one update delivered to one reader. Comment and reply items
// (kinds 'comment', 'reply') are written by src/community/ and only listed here.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Schema } from '../db/schema.ts';

type Db = Kysely<Schema>;

export const TARGET_TYPES = ['work', 'creator', 'series'] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

export interface SubscriptionRow {
  id: number;
  targetType: TargetType;
  targetId: number;
  createdAt: string;
  /** The work's or series' title, or the creator's username; null if the target is gone. */
  label: string | null;
}

export async function insertSubscription(
  db: Db,
  userId: number,
  type: TargetType,
  targetId: number,
  at: string,
): Promise<boolean> {
  const r = await db
    .insertInto('subscriptions')
    .values({ user_id: userId, target_type: type, target_id: targetId, created_at: at })
    .onConflict((oc) => oc.columns(['user_id', 'target_type', 'target_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function deleteSubscription(db: Db, userId: number, type: TargetType, targetId: number): Promise<boolean> {
  const r = await db
    .deleteFrom('subscriptions')
    .where('user_id', '=', userId)
    .where('target_type', '=', type)
    .where('target_id', '=', targetId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function hasSubscription(db: Db, userId: number, type: TargetType, targetId: number): Promise<boolean> {
  const r = await db
    .selectFrom('subscriptions')
    .select('id')
    .where('user_id', '=', userId)
    .where('target_type', '=', type)
    .where('target_id', '=', targetId)
    .executeTakeFirst();
  return r !== undefined;
}

/** Of these targets, those the user follows, as `type:id` keys: one statement however many. */
export async function followedAmong(
  db: Db,
  userId: number,
  targets: readonly { type: TargetType; id: number }[],
): Promise<Set<string>> {
  if (targets.length === 0) return new Set();
  const rows = await db
    .selectFrom('subscriptions')
    .select(['target_type', 'target_id'])
    .where('user_id', '=', userId)
    .where((eb) =>
      eb.or(
        TARGET_TYPES.flatMap((type) => {
          const ids = targets.filter((t) => t.type === type).map((t) => t.id);
          return ids.length ? [eb.and([eb('target_type', '=', type), eb('target_id', 'in', ids)])] : [];
        }),
      ),
    )
    .execute();
  return new Set(rows.map((r) => `${r.target_type}:${r.target_id}`));
}

export async function countSubscriptions(db: Db, userId: number): Promise<number> {
  const r = await db
    .selectFrom('subscriptions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** A reader's subscriptions, newest first, each with what it points at named. */
export async function listSubscriptions(db: Db, userId: number): Promise<SubscriptionRow[]> {
  const rows = await sql<{
    id: number;
    target_type: TargetType;
    target_id: number;
    created_at: string;
    label: string | null;
  }>`
    SELECT s.id, s.target_type, s.target_id, s.created_at,
           CASE s.target_type
             WHEN 'work' THEN (SELECT w.title FROM works w WHERE w.id = s.target_id)
             WHEN 'series' THEN (SELECT r.title FROM series r WHERE r.id = s.target_id)
             WHEN 'creator' THEN (SELECT u.username FROM users u WHERE u.id = s.target_id)
           END AS label
      FROM subscriptions s
     WHERE s.user_id = ${userId}
     ORDER BY s.id DESC`.execute(db);
  return rows.rows.map((r) => ({
    id: r.id,
    targetType: r.target_type,
    targetId: r.target_id,
    createdAt: r.created_at,
    label: r.label,
  }));
}

// ---- delivering updates ---------------------------------------------------------------------

/** The work is one readers may find: posted, not hidden by an admin, not waiting for a reveal. */
const POSTED = (workId: number) =>
  sql`EXISTS (SELECT 1 FROM works w WHERE w.id = ${workId} AND w.draft = 0 AND w.hidden_by_admin = 0 AND w.unrevealed = 0)`;

/** Readers to leave out: the work's own creators, and whoever muted one of them. */
function notCreatorOrMuter(workId: number) {
  return sql`NOT EXISTS (SELECT 1 FROM work_creators wc JOIN pseuds p ON p.id = wc.pseud_id
                          WHERE wc.work_id = ${workId} AND p.user_id = s.user_id)
         AND NOT EXISTS (SELECT 1 FROM work_creators wc JOIN pseuds p ON p.id = wc.pseud_id
                           JOIN user_blocks b ON b.other_id = p.user_id AND b.user_id = s.user_id AND b.kind = 'mute'
                          WHERE wc.work_id = ${workId})`;
}

/** Subscribers to any creator of the work; none while the work is anonymous (that would name them). */
const CREATOR_SUBSCRIBERS = (workId: number) => sql`(s.target_type = 'creator' AND s.target_id IN (
  SELECT p.user_id FROM work_creators wc JOIN pseuds p ON p.id = wc.pseud_id JOIN works aw ON aw.id = wc.work_id
   WHERE wc.work_id = ${workId} AND aw.anonymous = 0))`;

/** Subscribers to any series the work is part of. */
const SERIES_SUBSCRIBERS = (workId: number) => sql`(s.target_type = 'series' AND s.target_id IN (
  SELECT sw.series_id FROM series_works sw WHERE sw.work_id = ${workId}))`;

/**
 * Inserts one unread item per distinct reader the `who` condition (on `subscriptions s`) selects,
 * and returns those readers.
 * The constants are cast, and DISTINCT sits in a subquery, so PostgreSQL knows their column types.
 */
async function deliver(
  db: Db,
  who: RawBuilder<unknown>,
  item: { kind: string; workId: number; chapterId?: number; seriesId?: number; at: string },
): Promise<number[]> {
  const r = await sql<{ user_id: number }>`
    INSERT INTO inbox_items (user_id, kind, work_id, chapter_id, series_id, created_at)
    SELECT u.user_id, CAST(${item.kind} AS TEXT), CAST(${item.workId} AS INTEGER), CAST(${item.chapterId ?? null} AS INTEGER),
           CAST(${item.seriesId ?? null} AS INTEGER), CAST(${item.at} AS TEXT)
      FROM (SELECT DISTINCT s.user_id FROM subscriptions s WHERE ${who}) u
    RETURNING user_id`.execute(db);
  return r.rows.map((row) => row.user_id);
}

/**
 * One inbox item per subscriber who should hear of a new work (its creators' subscribers). A
 * reader who already has an item for this work hears nothing twice, so a repeated call is harmless.
 */
export async function deliverNewWork(db: Db, workId: number, at: string): Promise<number[]> {
  return deliver(
    db,
    sql`${CREATOR_SUBSCRIBERS(workId)} AND ${POSTED(workId)} AND ${notCreatorOrMuter(workId)}
    AND NOT EXISTS (SELECT 1 FROM inbox_items i WHERE i.user_id = s.user_id AND i.work_id = ${workId} AND i.kind IN ('new_work', 'series_work'))`,
    { kind: 'new_work', workId, at },
  );
}

/** A new chapter reaches the work's, its creators' and its series' subscribers, once each. */
export async function deliverNewChapter(db: Db, workId: number, chapterId: number, at: string): Promise<number[]> {
  return deliver(
    db,
    sql`((s.target_type = 'work' AND s.target_id = ${workId}) OR ${CREATOR_SUBSCRIBERS(workId)} OR ${SERIES_SUBSCRIBERS(workId)})
    AND EXISTS (SELECT 1 FROM chapters c WHERE c.id = ${chapterId} AND c.work_id = ${workId})
    AND ${POSTED(workId)} AND ${notCreatorOrMuter(workId)}
    AND NOT EXISTS (SELECT 1 FROM inbox_items i WHERE i.user_id = s.user_id AND i.chapter_id = ${chapterId} AND i.kind = 'new_chapter')`,
    { kind: 'new_chapter', workId, chapterId, at },
  );
}

/**
 * A work joining a series reaches the series' subscribers. Whoever already heard of this work
 * (as a new work from a creator they follow, or from this series before) is not told again.
 */
export async function deliverSeriesWork(db: Db, seriesId: number, workId: number, at: string): Promise<number[]> {
  return deliver(
    db,
    sql`s.target_type = 'series' AND s.target_id = ${seriesId}
    AND EXISTS (SELECT 1 FROM series_works sw WHERE sw.series_id = ${seriesId} AND sw.work_id = ${workId})
    AND ${POSTED(workId)} AND ${notCreatorOrMuter(workId)}
    AND NOT EXISTS (SELECT 1 FROM inbox_items i WHERE i.user_id = s.user_id AND i.work_id = ${workId} AND i.kind IN ('new_work', 'series_work'))`,
    { kind: 'series_work', workId, seriesId, at },
  );
}

// ---- reading the inbox ----------------------------------------------------------------------

export interface InboxRow {
  id: number;
  kind: string;
  workId: number | null;
  workTitle: string | null;
  chapterId: number | null;
  chapterPosition: number | null;
  chapterTitle: string | null;
  seriesId: number | null;
  seriesTitle: string | null;
  commentId: number | null;
  /** Who wrote the comment (a pseud, or a guest's name) and what, for comment and reply items. */
  commenter: string | null;
  commentHtml: string | null;
  commentStatus: string | null;
  createdAt: string;
  readAt: string | null;
}

/**
 * What the inbox shows of a reader's items: not those about works that went back to draft or that
 * an admin hid, nor those about works (or comments) by someone the reader has since muted.
 * Must stay in sync between the list and the unread count.
 */
function visibleItem(userId: number) {
  return sql`i.user_id = ${userId}
    AND (i.work_id IS NULL OR EXISTS (SELECT 1 FROM works w WHERE w.id = i.work_id AND w.draft = 0 AND w.hidden_by_admin = 0 AND w.unrevealed = 0))
    AND (i.work_id IS NULL OR i.kind IN ('comment', 'reply') OR NOT EXISTS (
          SELECT 1 FROM work_creators wc JOIN pseuds p ON p.id = wc.pseud_id
            JOIN user_blocks b ON b.other_id = p.user_id AND b.user_id = ${userId} AND b.kind = 'mute'
           WHERE wc.work_id = i.work_id))
    AND (i.comment_id IS NULL OR NOT EXISTS (
          SELECT 1 FROM comments c JOIN user_blocks b ON b.other_id = c.user_id AND b.user_id = ${userId} AND b.kind = 'mute'
           WHERE c.id = i.comment_id))`;
}

/** Newest first (ids grow in the order items arrive); `before` pages on to older items. */
export async function listInbox(
  db: Db,
  userId: number,
  opts: { limit: number; before?: number; unreadOnly?: boolean },
): Promise<InboxRow[]> {
  const rows = await sql<{
    id: number;
    kind: string;
    work_id: number | null;
    work_title: string | null;
    chapter_id: number | null;
    chapter_position: number | null;
    chapter_title: string | null;
    series_id: number | null;
    series_title: string | null;
    comment_id: number | null;
    commenter: string | null;
    comment_html: string | null;
    comment_status: string | null;
    created_at: string;
    read_at: string | null;
  }>`
    SELECT i.id, i.kind, i.work_id, w.title AS work_title, i.chapter_id, c.position AS chapter_position, c.title AS chapter_title,
           i.series_id, r.title AS series_title, i.comment_id, CASE WHEN w.anonymous = 1 AND EXISTS (SELECT 1 FROM work_creators mwc JOIN pseuds mp ON mp.id = mwc.pseud_id
             WHERE mwc.work_id = w.id AND mp.user_id = cm.user_id) THEN 'Anonymous Creator'
             ELSE COALESCE(cp.name, cm.guest_name) END AS commenter,
           cm.html AS comment_html, cm.status AS comment_status, i.created_at, i.read_at
      FROM inbox_items i
      LEFT JOIN works w ON w.id = i.work_id
      LEFT JOIN chapters c ON c.id = i.chapter_id
      LEFT JOIN series r ON r.id = i.series_id
      LEFT JOIN comments cm ON cm.id = i.comment_id
      LEFT JOIN pseuds cp ON cp.id = cm.pseud_id
     WHERE ${visibleItem(userId)}
       ${opts.before !== undefined ? sql`AND i.id < ${opts.before}` : sql``}
       ${opts.unreadOnly ? sql`AND i.read_at IS NULL` : sql``}
     ORDER BY i.id DESC
     LIMIT ${opts.limit}`.execute(db);
  return rows.rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    workId: r.work_id,
    workTitle: r.work_title,
    chapterId: r.chapter_id,
    chapterPosition: r.chapter_position,
    chapterTitle: r.chapter_title,
    seriesId: r.series_id,
    seriesTitle: r.series_title,
    commentId: r.comment_id,
    commenter: r.commenter,
    commentHtml: r.comment_html,
    commentStatus: r.comment_status,
    createdAt: r.created_at,
    readAt: r.read_at,
  }));
}

/** What the header's "Inbox (N)" counts: unread items, and co-creator requests waiting for an answer. */
export async function countUnread(db: Db, userId: number): Promise<number> {
  const r = await sql<{ n: number; waiting: number }>`SELECT
      (SELECT COUNT(*) FROM inbox_items i WHERE ${visibleItem(userId)} AND i.read_at IS NULL) AS n,
      (SELECT COUNT(*) FROM creator_invitations ci JOIN pseuds p ON p.id = ci.pseud_id WHERE p.user_id = ${userId}) AS waiting`.execute(
    db,
  );
  return Number(r.rows[0]?.n ?? 0) + Number(r.rows[0]?.waiting ?? 0);
}

/** Marks the reader's own items read; ids of other readers' items change nothing. */
export async function markRead(db: Db, userId: number, ids: number[], at: string): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db
    .updateTable('inbox_items')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('id', 'in', ids)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function markAllRead(db: Db, userId: number, at: string): Promise<number> {
  const r = await db
    .updateTable('inbox_items')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function deleteRead(db: Db, userId: number): Promise<number> {
  const r = await db
    .deleteFrom('inbox_items')
    .where('user_id', '=', userId)
    .where('read_at', 'is not', null)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

// ---- targets --------------------------------------------------------------------------------

export async function workTitle(db: Db, workId: number): Promise<string | undefined> {
  const r = await db.selectFrom('works').select('title').where('id', '=', workId).executeTakeFirst();
  return r?.title;
}

export async function seriesExists(db: Db, seriesId: number): Promise<string | undefined> {
  const r = await db.selectFrom('series').select('title').where('id', '=', seriesId).executeTakeFirst();
  return r?.title;
}
