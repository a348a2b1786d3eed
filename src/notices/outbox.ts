// The outbox's one way in: a domain that causes a notice (a comment, a reply, a kudos, a posted
// work or chapter) queues it here inside its own transaction, so the event and its mail commit or
// roll back together and nothing is sent while a request waits. The outbox stays the record of
// what is owed to whom; the mail sender (mailer.ts) delivers it as a recurring job (`notices.deliver`,
// src/jobs/). This small interface is all the rest of the archive sees of it.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';
import * as repo from './outbox.repo.ts';

export type { NoticeEvent, NoticeKind, QueuedNotice } from './outbox.repo.ts';

const KIND_OF: Record<repo.NoticeEvent, repo.NoticeKind> = {
  comment: 'comments',
  reply: 'replies',
  new_work: 'subscriptions',
  new_chapter: 'subscriptions',
  series_work: 'subscriptions',
  kudos: 'kudos',
  // A gift is news of a work for the reader, as their subscriptions are: the same setting governs it.
  gift: 'subscriptions',
  // So is a work filling the reader's prompt.
  prompt_fill: 'subscriptions',
};

export interface Notice {
  event: repo.NoticeEvent;
  /** Whose doing it is; none of them is mailed, nor anyone who blocked or muted one of them. */
  actors: number[];
  actorId?: number | null;
  workId: number;
  chapterId?: number | null;
  seriesId?: number | null;
  commentId?: number | null;
  at?: Date | string;
}

/**
 * Queues one mail per recipient who wants this kind of notice and has an address; held for the
 * daily digest when they chose one (kudos always are). Returns how many were queued.
 */
export async function queueNotice(db: Kysely<Schema>, recipients: number[], notice: Notice): Promise<number> {
  const at = notice.at instanceof Date ? notice.at.toISOString() : (notice.at ?? new Date().toISOString());
  return repo.queueNotices(db, [...new Set(recipients)], {
    kind: KIND_OF[notice.event],
    event: notice.event,
    actors: notice.actors,
    actorId: notice.actorId ?? null,
    workId: notice.workId,
    chapterId: notice.chapterId ?? null,
    seriesId: notice.seriesId ?? null,
    commentId: notice.commentId ?? null,
    at,
  });
}
