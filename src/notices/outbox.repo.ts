// All SQL about notices by e-mail: each reader's choices (email_settings) and the outbox
// (mail_outbox) that the sender loop delivers from.
import { sql, type Kysely } from 'kysely';
import type { Flag, Schema } from '../db/schema.ts';

type Db = Kysely<Schema>;

export const NOTICE_KINDS = ['comments', 'replies', 'subscriptions', 'kudos'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export type NoticeEvent =
  | 'comment'
  | 'reply'
  | 'new_work'
  | 'new_chapter'
  | 'series_work'
  | 'kudos'
  | 'gift'
  | 'prompt_fill';

export interface EmailSettingsRow {
  comments: boolean;
  commentsDigest: boolean;
  replies: boolean;
  subscriptions: boolean;
  subscriptionsDigest: boolean;
  kudos: boolean;
}

export const DEFAULT_SETTINGS: EmailSettingsRow = {
  comments: true,
  commentsDigest: false,
  replies: true,
  subscriptions: true,
  subscriptionsDigest: false,
  kudos: true,
};

const flag = (b: boolean): Flag => (b ? 1 : 0);

/** A reader's choices and unsubscribe key; undefined when they never saved any. */
export async function emailSettings(
  db: Db,
  userId: number,
): Promise<{ settings: EmailSettingsRow; key: string } | undefined> {
  const r = await db.selectFrom('email_settings').selectAll().where('user_id', '=', userId).executeTakeFirst();
  if (!r) return undefined;
  return {
    key: r.unsubscribe_key,
    settings: {
      comments: r.comments === 1,
      commentsDigest: r.comments_digest === 1,
      replies: r.replies === 1,
      subscriptions: r.subscriptions === 1,
      subscriptionsDigest: r.subscriptions_digest === 1,
      kudos: r.kudos === 1,
    },
  };
}

/** Gives a reader a settings row with the defaults and this key, unless they have one. */
export async function ensureEmailSettings(db: Db, userId: number, key: string, at: string): Promise<void> {
  await db
    .insertInto('email_settings')
    .values({
      user_id: userId,
      comments: 1,
      comments_digest: 0,
      replies: 1,
      subscriptions: 1,
      subscriptions_digest: 0,
      kudos: 1,
      unsubscribe_key: key,
      updated_at: at,
    })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
}

export async function saveEmailSettings(db: Db, userId: number, s: EmailSettingsRow, at: string): Promise<void> {
  await db
    .updateTable('email_settings')
    .set({
      comments: flag(s.comments),
      comments_digest: flag(s.commentsDigest),
      replies: flag(s.replies),
      subscriptions: flag(s.subscriptions),
      subscriptions_digest: flag(s.subscriptionsDigest),
      kudos: flag(s.kudos),
      updated_at: at,
    })
    .where('user_id', '=', userId)
    .execute();
}

/** Turns one kind off; true when it was on. */
export async function turnOff(db: Db, userId: number, kind: NoticeKind, at: string): Promise<boolean> {
  const r = await db
    .updateTable('email_settings')
    .set({ [kind]: 0, updated_at: at })
    .where('user_id', '=', userId)
    .where(kind, '=', 1)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The setting that says whether a kind is held for the digest; kudos always are, replies never. */
function heldExpression(kind: NoticeKind) {
  switch (kind) {
    case 'comments':
      return sql`CASE WHEN COALESCE(e.comments_digest, 0) = 1 THEN 'held' ELSE 'pending' END`;
    case 'subscriptions':
      return sql`CASE WHEN COALESCE(e.subscriptions_digest, 0) = 1 THEN 'held' ELSE 'pending' END`;
    case 'kudos':
      return sql`CAST('held' AS TEXT)`;
    case 'replies':
      return sql`CAST('pending' AS TEXT)`;
  }
}

export interface QueuedNotice {
  kind: NoticeKind;
  event: NoticeEvent;
  /** Who caused it: a reader's own doings never mail them, nor reach who blocked or muted them. */
  actors: number[];
  /** The one account to name as its cause (null for a guest, or for several creators). */
  actorId: number | null;
  workId: number;
  chapterId?: number | null;
  seriesId?: number | null;
  commentId?: number | null;
  at: string;
}

/**
 * One outbox row per recipient who has an e-mail address, has this kind on, and is neither one of
 * the actors nor someone who blocked or muted one; held for the digest when they asked for it.
 * Returns how many were queued.
 */
export async function queueNotices(db: Db, recipients: number[], n: QueuedNotice): Promise<number> {
  if (recipients.length === 0) return 0;
  const actors = n.actors.length > 0 ? n.actors : [0];
  const r = await sql`
    INSERT INTO mail_outbox (user_id, kind, event, actor_id, work_id, chapter_id, series_id, comment_id, status, attempts, next_attempt_at, created_at)
    SELECT u.id, CAST(${n.kind} AS TEXT), CAST(${n.event} AS TEXT), CAST(${n.actorId} AS INTEGER), CAST(${n.workId} AS INTEGER),
           CAST(${n.chapterId ?? null} AS INTEGER), CAST(${n.seriesId ?? null} AS INTEGER), CAST(${n.commentId ?? null} AS INTEGER),
           ${heldExpression(n.kind)}, 0, CAST(${n.at} AS TEXT), CAST(${n.at} AS TEXT)
      FROM users u LEFT JOIN email_settings e ON e.user_id = u.id
     WHERE u.id IN (${sql.join(recipients)})
       AND u.email IS NOT NULL AND u.email <> '' AND u.role <> 'system'
       AND COALESCE(${sql.ref(`e.${n.kind}`)}, 1) = 1
       AND u.id NOT IN (${sql.join(actors)})
       AND NOT EXISTS (SELECT 1 FROM user_blocks b WHERE b.user_id = u.id AND b.other_id IN (${sql.join(actors)}))`.execute(
    db,
  );
  return Number(r.numAffectedRows ?? 0);
}

// ---- the sender loop's side -------------------------------------------------------------------

/** Readers and kinds whose oldest held notice is at or before `cutoff`: their digest is due. */
export async function dueDigests(db: Db, cutoff: string): Promise<{ userId: number; kind: NoticeKind }[]> {
  const rows = await db
    .selectFrom('mail_outbox')
    .select(['user_id', 'kind'])
    .where('status', '=', 'held')
    .groupBy(['user_id', 'kind'])
    .having((eb) => eb.fn.min('created_at'), '<=', cutoff)
    .execute();
  return rows.map((r) => ({ userId: r.user_id, kind: r.kind as NoticeKind }));
}

/**
 * Bundles a reader's held notices of one kind into a new pending digest row; null when another
 * process bundled them first (the caller's transaction is then rolled back by the thrown error).
 */
export async function bundleDigest(db: Db, userId: number, kind: NoticeKind, at: string): Promise<number | null> {
  const digest = await db
    .insertInto('mail_outbox')
    .values({
      user_id: userId,
      kind,
      event: 'digest',
      actor_id: null,
      work_id: null,
      chapter_id: null,
      series_id: null,
      comment_id: null,
      status: 'pending',
      digest_id: null,
      next_attempt_at: at,
      last_error: null,
      created_at: at,
      sent_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const r = await db
    .updateTable('mail_outbox')
    .set({ status: 'bundled', digest_id: digest.id })
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .where('status', '=', 'held')
    .where('created_at', '<=', at)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0 ? digest.id : null;
}

export interface OutboxRow {
  id: number;
  userId: number;
  kind: NoticeKind;
  event: NoticeEvent | 'digest';
  attempts: number;
  nextAttemptAt: string;
}

/** Pending rows whose time has come, oldest first. */
export async function duePending(db: Db, now: string, limit: number): Promise<OutboxRow[]> {
  const rows = await db
    .selectFrom('mail_outbox')
    .select(['id', 'user_id', 'kind', 'event', 'attempts', 'next_attempt_at'])
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    kind: r.kind as NoticeKind,
    event: r.event as OutboxRow['event'],
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
  }));
}

/** Takes a row for this process until `until`; false when another process took it first. */
export async function claim(db: Db, row: OutboxRow, until: string): Promise<boolean> {
  const r = await db
    .updateTable('mail_outbox')
    .set({ next_attempt_at: until })
    .where('id', '=', row.id)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '=', row.nextAttemptAt)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function markSent(db: Db, id: number, at: string): Promise<void> {
  await db.updateTable('mail_outbox').set({ status: 'sent', sent_at: at }).where('id', '=', id).execute();
}

export async function markDropped(db: Db, id: number, reason: string): Promise<void> {
  await db.updateTable('mail_outbox').set({ status: 'dropped', last_error: reason }).where('id', '=', id).execute();
}

/** A failed attempt: try again at `retryAt`, or give up (`retryAt` null). */
export async function markAttemptFailed(db: Db, id: number, error: string, retryAt: string | null): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_error: error.slice(0, 500),
      ...(retryAt ? { next_attempt_at: retryAt } : { status: 'failed' }),
    }))
    .where('id', '=', id)
    .execute();
}

export interface Recipient {
  email: string;
  username: string;
}

export async function recipient(db: Db, userId: number): Promise<Recipient | undefined> {
  const r = await db.selectFrom('users').select(['email', 'username']).where('id', '=', userId).executeTakeFirst();
  return r?.email ? { email: r.email, username: r.username } : undefined;
}

/** What a notice tells, read when it is sent: the work, chapter, series and comment as they are now. */
export interface NoticeDetail {
  id: number;
  event: NoticeEvent;
  workId: number;
  workTitle: string | null;
  /** The work is posted and not hidden by an admin. */
  workVisible: boolean;
  chapterId: number | null;
  chapterPosition: number | null;
  chapterTitle: string | null;
  seriesId: number | null;
  seriesTitle: string | null;
  commentId: number | null;
  commentHtml: string | null;
  commentStatus: string | null;
  /** A comment's pseud or guest name. */
  commenter: string | null;
  /** The account that caused it (a kudos giver), null for a guest. */
  actorId: number | null;
  actorName: string | null;
  createdAt: string;
}

/** The notice row itself, or the rows a digest bundles, with what they tell. */
export async function noticeDetails(db: Db, id: number, digest: boolean): Promise<NoticeDetail[]> {
  const rows = await sql<{
    id: number;
    event: NoticeEvent;
    work_id: number;
    work_title: string | null;
    work_visible: number | null;
    chapter_id: number | null;
    chapter_position: number | null;
    chapter_title: string | null;
    series_id: number | null;
    series_title: string | null;
    comment_id: number | null;
    comment_html: string | null;
    comment_status: string | null;
    commenter: string | null;
    actor_id: number | null;
    actor_name: string | null;
    created_at: string;
  }>`
    SELECT o.id, o.event, o.work_id, w.title AS work_title,
           CASE WHEN w.draft = 0 AND w.hidden_by_admin = 0 AND w.unrevealed = 0 THEN 1 ELSE 0 END AS work_visible,
           o.chapter_id, c.position AS chapter_position, c.title AS chapter_title,
           o.series_id, r.title AS series_title, o.comment_id, cm.html AS comment_html, cm.status AS comment_status,
           CASE WHEN w.anonymous = 1 AND EXISTS (SELECT 1 FROM work_creators mwc JOIN pseuds mp ON mp.id = mwc.pseud_id
             WHERE mwc.work_id = w.id AND mp.user_id = cm.user_id) THEN 'Anonymous Creator'
             ELSE COALESCE(cp.name, cm.guest_name) END AS commenter, o.actor_id, au.username AS actor_name, o.created_at
      FROM mail_outbox o
      LEFT JOIN works w ON w.id = o.work_id
      LEFT JOIN chapters c ON c.id = o.chapter_id
      LEFT JOIN series r ON r.id = o.series_id
      LEFT JOIN comments cm ON cm.id = o.comment_id
      LEFT JOIN pseuds cp ON cp.id = cm.pseud_id
      LEFT JOIN users au ON au.id = o.actor_id
     WHERE ${digest ? sql`o.digest_id = ${id}` : sql`o.id = ${id}`}
     ORDER BY o.id`.execute(db);
  return rows.rows.map((r) => ({
    id: r.id,
    event: r.event,
    workId: r.work_id,
    workTitle: r.work_title,
    workVisible: Number(r.work_visible) === 1,
    chapterId: r.chapter_id,
    chapterPosition: r.chapter_position,
    chapterTitle: r.chapter_title,
    seriesId: r.series_id,
    seriesTitle: r.series_title,
    commentId: r.comment_id,
    commentHtml: r.comment_html,
    commentStatus: r.comment_status,
    commenter: r.commenter,
    actorId: r.actor_id,
    actorName: r.actor_name,
    createdAt: r.created_at,
  }));
}
