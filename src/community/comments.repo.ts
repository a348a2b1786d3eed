// All SQL about comments. works.comments_count counts 'visible' comments and moves only with a
// status change that really happened (each change is conditional on the status it leaves), so
// two moderators clicking at once cannot count one comment twice.
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';
import { NO_HTML, type SanitizedHtml } from '../markup/html.ts';

type Db = Kysely<Schema>;

export type CommentStatus = 'visible' | 'pending' | 'deleted' | 'spam';

export interface NewComment {
  workId: number;
  chapterId: number | null;
  parentId: number | null;
  userId: number | null;
  pseudId: number | null;
  guestName: string | null;
  guestKey: string | null;
  html: string;
  status: 'visible' | 'pending';
  at: string;
}

async function adjustCount(db: Db, workId: number, delta: number): Promise<void> {
  await db
    .updateTable('works')
    .set({ comments_count: sql`comments_count + ${delta}` })
    .where('id', '=', workId)
    .execute();
}

export async function insertComment(db: Db, c: NewComment): Promise<number> {
  const row = await db
    .insertInto('comments')
    .values({
      work_id: c.workId,
      chapter_id: c.chapterId,
      parent_id: c.parentId,
      user_id: c.userId,
      pseud_id: c.pseudId,
      guest_name: c.guestName,
      guest_key: c.guestKey,
      html: c.html,
      status: c.status,
      created_at: c.at,
      edited_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (c.status === 'visible') await adjustCount(db, c.workId, 1);
  return row.id;
}

export interface CommentRow {
  id: number;
  workId: number;
  chapterId: number | null;
  parentId: number | null;
  userId: number | null;
  status: CommentStatus;
  html: SanitizedHtml;
  createdAt: string;
  /** Set on a thread's top-level comment: the thread takes no replies. */
  frozen: boolean;
}

export async function getComment(db: Db, id: number): Promise<CommentRow | undefined> {
  const r = await db
    .selectFrom('comments')
    .select(['id', 'work_id', 'chapter_id', 'parent_id', 'user_id', 'status', 'html', 'created_at', 'frozen'])
    .where('id', '=', id)
    .executeTakeFirst();
  return (
    r && {
      id: r.id,
      workId: r.work_id,
      chapterId: r.chapter_id,
      parentId: r.parent_id,
      userId: r.user_id,
      status: r.status as CommentStatus,
      html: r.html,
      createdAt: r.created_at,
      frozen: r.frozen === 1,
    }
  );
}

/** Freezes or thaws a thread (its top-level comment carries the flag). */
export async function setFrozen(db: Db, id: number, frozen: boolean): Promise<void> {
  await db
    .updateTable('comments')
    .set({ frozen: frozen ? 1 : 0 })
    .where('id', '=', id)
    .execute();
}

export interface ListedComment extends CommentRow {
  chapterPosition: number | null;
  pseud: string | null;
  username: string | null;
  guestName: string | null;
  editedAt: string | null;
  /** The viewer muted its author: the service shows it as hidden. */
  muted: boolean;
}

/**
 * Every comment of a work (or of one chapter), oldest first, whatever its status: the service
 * decides what the viewer sees. A muted author's text never leaves the database for that viewer.
 */
export async function listComments(
  db: Db,
  workId: number,
  opts: { chapterId?: number; viewerId: number | null },
): Promise<ListedComment[]> {
  const viewer = opts.viewerId;
  let q = db
    .selectFrom('comments as c')
    .leftJoin('pseuds as p', 'p.id', 'c.pseud_id')
    .leftJoin('users as u', 'u.id', 'c.user_id')
    .leftJoin('chapters as ch', 'ch.id', 'c.chapter_id')
    .select([
      'c.id',
      'c.work_id',
      'c.chapter_id',
      'c.parent_id',
      'c.user_id',
      'c.status',
      'c.html',
      'c.created_at',
      'c.frozen',
      'c.edited_at',
      'c.guest_name',
      'p.name as pseud',
      'u.username',
      'ch.position as chapter_position',
    ])
    .select(
      viewer === null
        ? sql<number>`0`.as('muted')
        : sql<number>`CASE WHEN EXISTS (SELECT 1 FROM user_blocks b WHERE b.user_id = ${viewer} AND b.other_id = c.user_id AND b.kind = 'mute') THEN 1 ELSE 0 END`.as(
            'muted',
          ),
    )
    .where('c.work_id', '=', workId);
  if (opts.chapterId !== undefined) q = q.where('c.chapter_id', '=', opts.chapterId);
  const rows = await q.orderBy('c.created_at').orderBy('c.id').execute();
  return rows.map((r) => {
    const muted = Number(r.muted) === 1;
    return {
      id: r.id,
      workId: r.work_id,
      chapterId: r.chapter_id,
      parentId: r.parent_id,
      userId: r.user_id,
      status: r.status as CommentStatus,
      html: muted ? NO_HTML : r.html,
      createdAt: r.created_at,
      frozen: Number(r.frozen) === 1,
      editedAt: r.edited_at,
      guestName: r.guest_name,
      pseud: r.pseud,
      username: r.username,
      chapterPosition: r.chapter_position,
      muted,
    };
  });
}

/**
 * Moves a comment from one status to another, only if it still has the first; adjusts the count.
 * `clearText` empties the body (a deleted comment kept as a placeholder keeps no words).
 */
export async function changeStatus(
  db: Db,
  id: number,
  from: CommentStatus,
  to: CommentStatus,
  clearText = false,
): Promise<boolean> {
  const row = await db
    .updateTable('comments')
    .set(clearText ? { status: to, html: '' } : { status: to })
    .where('id', '=', id)
    .where('status', '=', from)
    .returning('work_id')
    .executeTakeFirst();
  if (!row) return false;
  const delta = (to === 'visible' ? 1 : 0) - (from === 'visible' ? 1 : 0);
  if (delta) await adjustCount(db, row.work_id, delta);
  return true;
}

export async function hasReplies(db: Db, id: number): Promise<boolean> {
  return (
    (await db.selectFrom('comments').select('id').where('parent_id', '=', id).limit(1).executeTakeFirst()) !== undefined
  );
}

/** Removes a comment that has no replies; returns its status and parent, or undefined if gone. */
export async function deleteLeaf(
  db: Db,
  id: number,
): Promise<{ status: CommentStatus; parentId: number | null } | undefined> {
  const row = await db
    .deleteFrom('comments')
    .where('id', '=', id)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('comments as r').select('r.id').where('r.parent_id', '=', id))))
    .returning(['status', 'parent_id', 'work_id'])
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.status === 'visible') await adjustCount(db, row.work_id, -1);
  return { status: row.status as CommentStatus, parentId: row.parent_id };
}

export async function updateText(db: Db, id: number, html: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable('comments')
    .set({ html, edited_at: at })
    .where('id', '=', id)
    .where('status', 'in', ['visible', 'pending'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function setCommentPolicy(db: Db, workId: number, policy: string): Promise<void> {
  await db.updateTable('works').set({ comment_policy: policy }).where('id', '=', workId).execute();
}

/** Whether any of `blockers` has blocked `userId` (user_blocks kind 'block'). */
export async function isBlockedByAny(db: Db, blockers: number[], userId: number): Promise<boolean> {
  if (blockers.length === 0) return false;
  const row = await db
    .selectFrom('user_blocks')
    .select('user_id')
    .where('user_id', 'in', blockers)
    .where('other_id', '=', userId)
    .where('kind', '=', 'block')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Everyone who has blocked `userId`. */
export async function blockersOf(db: Db, userId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('user_blocks')
    .select('user_id')
    .where('other_id', '=', userId)
    .where('kind', '=', 'block')
    .execute();
  return rows.map((r) => r.user_id);
}

export async function defaultPseudId(db: Db, userId: number): Promise<number | null> {
  const row = await db
    .selectFrom('pseuds')
    .select('id')
    .where('user_id', '=', userId)
    .orderBy('is_default', 'desc')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function chapterOfWork(
  db: Db,
  workId: number,
  chapterId: number,
): Promise<{ id: number; position: number } | undefined> {
  return db
    .selectFrom('chapters')
    .select(['id', 'position'])
    .where('id', '=', chapterId)
    .where('work_id', '=', workId)
    .executeTakeFirst();
}

/**
 * Puts a 'comment' or 'reply' item in these readers' inboxes (src/curation/ lists them and links
 * to /works/:id/comments#comment-ID). The system account that owns imported works gets none.
 */
export async function notify(
  db: Db,
  userIds: number[],
  item: { kind: 'comment' | 'reply'; workId: number; chapterId: number | null; commentId: number; at: string },
): Promise<void> {
  if (userIds.length === 0) return;
  const readers = await db
    .selectFrom('users')
    .select('id')
    .where('id', 'in', userIds)
    .where('role', '<>', 'system')
    .execute();
  if (readers.length === 0) return;
  await db
    .insertInto('inbox_items')
    .values(
      readers.map((r) => ({
        user_id: r.id,
        kind: item.kind,
        work_id: item.workId,
        chapter_id: item.chapterId,
        series_id: null,
        comment_id: item.commentId,
        created_at: item.at,
        read_at: null,
      })),
    )
    .execute();
}
