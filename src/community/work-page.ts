// What the work page shows of the community, in one call for its handler: the kudos, comments,
// bookmark and report fragments for the work (or the chapter) on screen, and the hit it counts.
import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import { csrfField } from '../web/auth.ts';
import type { SafeHtml } from '../markup/html.ts';
import { bookmarkOf } from './bookmarks.service.ts';
import { commentsView } from './comments.service.ts';
import { bookmarkForm, commentsSection, kudosSection, reportLink, urlWith } from './community.html.ts';
import { recordHit } from './hits.service.ts';
import { kudosView } from './kudos.service.ts';
import { actorOf } from './community.routes.ts';
import type { WorkFacts } from '../works/works.service.ts';

export interface WorkPageCommunity {
  /** After the text: the kudos button and who left kudos. */
  kudos: SafeHtml;
  /** After the kudos: comment threads, the comment form, and (for creators) moderation. */
  comments: SafeHtml;
  /** Near the work's actions: the reader's bookmark form (a sign-in link for guests). */
  bookmark: SafeHtml;
  /** Beside the bookmark: "Report" for signed-in readers. */
  report: SafeHtml;
}

/**
 * The fragments for a work the viewer may read (call it after the access check). `chapterId` is
 * the chapter shown on a chapter-by-chapter page of a multi-chapter work — its comments are
 * listed and new ones attach to it; null on the entire-work view and for one-shots, which list
 * every comment on the work. A `?reply_to=ID` in the URL opens a reply form under that comment.
 * `facts` is the request's memo of the work, when it has one.
 */
export async function workPageCommunity(
  database: Database,
  req: FastifyRequest,
  opts: { workId: number; chapterId: number | null; facts?: WorkFacts },
): Promise<WorkPageCommunity> {
  const actor = actorOf(req);
  const { facts } = opts;
  const [kudos, comments, bookmark] = await Promise.all([
    kudosView(database, actor, opts.workId, facts),
    commentsView(
      database,
      actor,
      opts.workId,
      opts.chapterId === null ? { facts } : { chapterId: opts.chapterId, facts },
    ),
    actor.user ? bookmarkOf(database, actor.user, opts.workId) : Promise.resolve(null),
  ]);
  const csrf = csrfField(req);
  const returnTo = urlWith(req.url, { reply_to: null });
  const replyTo = Number((req.query as Record<string, string | undefined>).reply_to) || null;
  return {
    kudos: kudosSection(kudos, { csrf, returnTo }),
    comments: commentsSection(comments, {
      viewer: actor.user,
      csrf,
      pageUrl: req.url,
      chapterId: opts.chapterId,
      replyTo,
      timeZone: req.preferences.timeZone,
    }),
    bookmark: bookmarkForm({ workId: opts.workId, bookmark, viewer: actor.user, csrf, returnTo }),
    report: reportLink({ type: 'work', id: opts.workId }, actor.user),
  };
}

/** Counts the view for the work's hits (once per visitor, work and day; see hits.service). */
export async function countWorkHit(
  database: Database,
  req: FastifyRequest,
  workId: number,
  facts?: WorkFacts,
): Promise<void> {
  await recordHit(database, actorOf(req), workId, new Date(), facts);
}
