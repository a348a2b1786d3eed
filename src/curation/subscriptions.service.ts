// Subscriptions and the inbox. A reader follows a work (new chapters), a creator (their new works
// and chapters) or a series (works added to it, and new chapters of its works), as on AO3. The
// posting code calls notifySubscribers inside the transaction that posts, so an update and its
// notifications commit or roll back together.
import type { Kysely } from 'kysely';
import type { SignedIn } from '../accounts/accounts.service.ts';
import type { Database, Dialect } from '../db/database.ts';
import type { Schema } from '../db/schema.ts';
import { workAccess } from '../works/works.service.ts';
import { CurationError } from './curation-error.ts';
import * as repo from './subscriptions.repo.ts';
import { creatorAccounts, userById, userByUsername } from './users.repo.ts';
import { queueNotice } from '../notices/outbox.ts';

export type { TargetType, SubscriptionRow, InboxRow } from './subscriptions.repo.ts';
export { TARGET_TYPES } from './subscriptions.repo.ts';

/** A database handle or an open transaction on one. */
export interface Store {
  db: Kysely<Schema>;
  dialect: Dialect;
}

export type UpdateEvent =
  | { kind: 'new_work'; workId: number }
  | { kind: 'new_chapter'; workId: number; chapterId: number }
  | { kind: 'series_work'; seriesId: number; workId: number };

/** A subscription list is a reader's own; the cap keeps one account from filling the table. */
export const MAX_SUBSCRIPTIONS = 2_000;
export const INBOX_PAGE = 50;

/**
 * Puts an unread item in the inbox of every reader subscribed to what the event touches. Never
 * the work's own creators, never a reader who muted one of them, and nothing for a draft or a
 * work an admin hid (the caller should only call for posted things; this is the second wall).
 * Calling twice for one event notifies nobody twice. Returns how many readers were notified.
 */
export async function notifySubscribers(store: Store, event: UpdateEvent, at: Date = new Date()): Promise<number> {
  const when = at.toISOString();
  const readers =
    event.kind === 'new_work'
      ? await repo.deliverNewWork(store.db, event.workId, when)
      : event.kind === 'new_chapter'
        ? await repo.deliverNewChapter(store.db, event.workId, event.chapterId, when)
        : await repo.deliverSeriesWork(store.db, event.seriesId, event.workId, when);
  // The same update by e-mail, to those who want it: queued in this transaction, sent later.
  const creators = (await creatorAccounts(store.db, event.workId)).map((u) => u.id);
  await queueNotice(store.db, readers, {
    event: event.kind,
    actors: creators,
    workId: event.workId,
    chapterId: event.kind === 'new_chapter' ? event.chapterId : null,
    seriesId: event.kind === 'series_work' ? event.seriesId : null,
    at,
  });
  return readers.length;
}

export interface Target {
  type: repo.TargetType;
  id: number;
}

/** A target from form fields, or a 404 naming what was asked for. */
export function parseTarget(type: string | undefined, id: string | undefined): Target {
  if (!repo.TARGET_TYPES.includes(type as repo.TargetType))
    throw new CurationError(`'${type ?? ''}' is not something to subscribe to (a work, a creator or a series)`);
  if (!id || !/^[1-9]\d{0,9}$/.test(id) || Number(id) > 2 ** 31 - 1)
    throw new CurationError(`${type} '${id ?? ''}' was not found`, 404);
  return { type: type as repo.TargetType, id: Number(id) };
}

/** A creator to follow, named by username (never by e-mail address). */
export async function creatorTarget(database: Database, username: string): Promise<Target> {
  const user = await userByUsername(database.db, username);
  if (!user) throw new CurationError(`there is no account named '${username}'`);
  return { type: 'creator', id: user.id };
}

/** What the target is called, after checking the reader may follow it. */
async function followable(database: Database, viewer: SignedIn, target: Target): Promise<string> {
  if (target.type === 'work') {
    if ((await workAccess(database, target.id, viewer)) === 'none')
      throw new CurationError(`work ${target.id} was not found`, 404);
    const title = await repo.workTitle(database.db, target.id);
    if (title === undefined) throw new CurationError(`work ${target.id} was not found`, 404);
    return title;
  }
  if (target.type === 'series') {
    const title = await repo.seriesExists(database.db, target.id);
    if (title === undefined) throw new CurationError(`series ${target.id} was not found`, 404);
    return title;
  }
  const user = await userById(database.db, target.id);
  if (!user || user.role === 'system') throw new CurationError(`there is no creator with id ${target.id}`, 404);
  if (user.id === viewer.id) throw new CurationError('you cannot subscribe to yourself');
  return user.username;
}

export async function subscribe(
  database: Database,
  viewer: SignedIn,
  target: Target,
): Promise<{ label: string; created: boolean }> {
  const label = await followable(database, viewer, target);
  if ((await repo.countSubscriptions(database.db, viewer.id)) >= MAX_SUBSCRIPTIONS) {
    throw new CurationError(
      `you have ${MAX_SUBSCRIPTIONS} subscriptions, the most an account can have; unsubscribe from some first`,
    );
  }
  const created = await repo.insertSubscription(
    database.db,
    viewer.id,
    target.type,
    target.id,
    new Date().toISOString(),
  );
  return { label, created };
}

/** Removing a subscription the reader does not have changes nothing and is not an error. */
export async function unsubscribe(database: Database, viewer: SignedIn, target: Target): Promise<boolean> {
  return repo.deleteSubscription(database.db, viewer.id, target.type, target.id);
}

export async function isSubscribed(db: Kysely<Schema>, userId: number, target: Target): Promise<boolean> {
  return repo.hasSubscription(db, userId, target.type, target.id);
}

/** Which of these targets the user follows, each answered in the order asked, in one statement. */
export async function followsAmong(db: Kysely<Schema>, userId: number, targets: readonly Target[]): Promise<boolean[]> {
  const followed = await repo.followedAmong(db, userId, targets);
  return targets.map((t) => followed.has(`${t.type}:${t.id}`));
}

export async function subscriptionsOf(database: Database, viewer: SignedIn): Promise<repo.SubscriptionRow[]> {
  return repo.listSubscriptions(database.db, viewer.id);
}

// ---- the inbox ------------------------------------------------------------------------------

export interface InboxPage {
  items: repo.InboxRow[];
  unread: number;
  /** The `before` value for the next (older) page, or null on the last one. */
  next: number | null;
}

export async function inbox(
  database: Database,
  viewer: SignedIn,
  opts: { before?: number; unreadOnly?: boolean } = {},
): Promise<InboxPage> {
  const rows = await repo.listInbox(database.db, viewer.id, {
    limit: INBOX_PAGE + 1,
    before: opts.before,
    unreadOnly: opts.unreadOnly,
  });
  const items = rows.slice(0, INBOX_PAGE);
  const next = rows.length > INBOX_PAGE ? items.at(-1)!.id : null;
  return { items, unread: await repo.countUnread(database.db, viewer.id), next };
}

/** Unread items the inbox would show: for the page header's "Inbox (3)". */
export async function unreadCount(db: Kysely<Schema>, userId: number): Promise<number> {
  return repo.countUnread(db, userId);
}

export async function markRead(database: Database, viewer: SignedIn, itemIds: number[]): Promise<number> {
  return repo.markRead(database.db, viewer.id, itemIds.slice(0, 500), new Date().toISOString());
}

export async function markAllRead(database: Database, viewer: SignedIn): Promise<number> {
  return repo.markAllRead(database.db, viewer.id, new Date().toISOString());
}

export async function deleteReadItems(database: Database, viewer: SignedIn): Promise<number> {
  return repo.deleteRead(database.db, viewer.id);
}
