// Thin handlers for kudos, comments, bookmarks and reports: decode the form, one service call,
// then a redirect back to where the reader was (303, so a reload does not post again) or the
// page again with the error beside what they wrote.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { safeReturnPath } from '../accounts/accounts.routes.ts';
import type { Database } from '../db/database.ts';
import { csrfField, formField, requireViewer } from '../web/auth.ts';
import { AppError, idParam } from '../app-error.ts';
import { getWorkBlurbs } from '../works/works.service.ts';
import { accessOrNotFound, type Actor } from './actor.ts';
import * as bookmarks from './bookmarks.service.ts';
import * as comments from './comments.service.ts';
import { CommunityError } from './community-error.ts';
import { bookmarkForm, commentForm, commentsSection, urlWith, type BookmarkFormValues } from './community.html.ts';
import * as pages from './community-pages.html.ts';
import * as kudos from './kudos.service.ts';
import * as reports from './reports.service.ts';
import { editableText } from './user-text.ts';
import { sendPage, type Req } from '../web/page.ts';

export function actorOf(req: FastifyRequest): Actor {
  return { user: req.viewer, address: req.ip };
}

/** Runs `fn`; an 'invalid' refusal goes to `onInvalid` (to show the form again), others go on to the server. */
async function attempt<T>(
  fn: () => Promise<T>,
  onInvalid: (e: CommunityError) => unknown,
): Promise<T | { invalid: unknown }> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof CommunityError && e.kind === 'invalid') return { invalid: await onInvalid(e) };
    throw e;
  }
}

function isInvalid<T>(r: T | { invalid: unknown }): r is { invalid: unknown } {
  return typeof r === 'object' && r !== null && 'invalid' in r;
}

/** Where the form came from, as a path on this archive, without a reply form left open. */
function backTo(req: Req, fallback: string): string {
  const raw = formField(req.body, 'return_to');
  return raw ? urlWith(safeReturnPath(raw), { reply_to: null }) : fallback;
}

function optionalId(raw: string | undefined, what: string): number | null {
  return raw ? idParam(raw, what) : null;
}

async function workTitle(database: Database, workId: number): Promise<{ id: number; title: string }> {
  const [work] = await getWorkBlurbs(database, [workId]);
  return { id: workId, title: work?.title ?? `Work ${workId}` };
}

export function communityRoutes(database: Database) {
  async function commentsPageBody(
    req: Req,
    workId: number,
    opts: { values?: { body?: string; guestName?: string }; msg?: pages.Message } = {},
  ) {
    const view = await comments.commentsView(database, actorOf(req), workId);
    const section = commentsSection(view, {
      viewer: req.viewer,
      csrf: csrfField(req),
      pageUrl: req.url.startsWith(`/works/${workId}/comments`) ? req.url : `/works/${workId}/comments`,
      chapterId: null,
      replyTo: Number(req.query.reply_to) || null,
      values: opts.values,
      timeZone: req.preferences.timeZone,
    });
    return pages.commentsPage(await workTitle(database, workId), section, opts.msg);
  }

  async function bookmarkPageBody(req: Req, workId: number, values?: BookmarkFormValues, msg?: pages.Message) {
    const user = requireViewer(req);
    const existing = await bookmarks.bookmarkOf(database, user, workId);
    const form = bookmarkForm({
      workId,
      bookmark: existing,
      viewer: user,
      csrf: csrfField(req),
      returnTo: backTo(req, `/works/${workId}`),
      open: true,
      values,
    });
    return pages.bookmarkPage(await workTitle(database, workId), form, msg);
  }

  return {
    // ---- kudos ----
    async leaveKudos(req: Req, reply: FastifyReply) {
      const workId = idParam(req.params.id, 'work');
      const back = backTo(req, `/works/${workId}`);
      const r = await attempt(
        () => kudos.leaveKudos(database, actorOf(req), workId),
        (e) =>
          sendPage(
            reply,
            {
              title: 'Kudos',
              body: pages.noticePage('Kudos', e.message, { href: `${back}#kudos`, label: 'Back to the work' }),
            },
            422,
          ),
      );
      if (isInvalid(r)) return reply;
      return reply.redirect(`${back}#kudos`, 303);
    },

    // ---- comments ----
    async commentsPage(req: Req, reply: FastifyReply) {
      const workId = idParam(req.params.id, 'work');
      const body = await commentsPageBody(req, workId);
      return sendPage(reply, { title: `Comments on ${(await workTitle(database, workId)).title}`, body });
    },

    async postComment(req: Req, reply: FastifyReply) {
      const workId = idParam(req.params.id, 'work');
      const body = req.body;
      const parentId = optionalId(formField(body, 'parent_id'), 'comment');
      const chapterId = optionalId(formField(body, 'chapter_id'), 'chapter');
      const back = backTo(req, `/works/${workId}/comments`);
      const r = await attempt(
        () =>
          comments.postComment(database, actorOf(req), {
            workId,
            chapterId,
            parentId,
            body: formField(body, 'body') ?? '',
            guestName: formField(body, 'guest_name'),
          }),
        async (e) => {
          const form = commentForm({
            workId,
            chapterId,
            parentId,
            signedIn: req.viewer !== null,
            csrf: csrfField(req),
            returnTo: back,
            formId: 'comment-form',
            values: { body: formField(body, 'body'), guestName: formField(body, 'guest_name') },
            cancelHref: back,
          });
          const title = await workTitle(database, workId);
          return sendPage(
            reply,
            { title: 'Post a comment', body: pages.commentsPage(title, form, { text: e.message, kind: 'error' }) },
            422,
          );
        },
      );
      if (isInvalid(r)) return reply;
      return reply.redirect(`${back}#comment-${r.id}`, 303);
    },

    async setCommentPolicy(req: Req, reply: FastifyReply) {
      const user = requireViewer(req);
      const workId = idParam(req.params.id, 'work');
      await comments.setCommentPolicy(database, user, workId, formField(req.body, 'policy') ?? '');
      return reply.redirect(`${backTo(req, `/works/${workId}`)}#comments`, 303);
    },

    async commentPermalink(req: Req, reply: FastifyReply) {
      const id = idParam(req.params.id, 'comment');
      const comment = await comments.locateComment(database, req.viewer, id);
      return reply.redirect(`/works/${comment.workId}/comments#comment-${id}`, 303);
    },

    async editCommentForm(req: Req, reply: FastifyReply) {
      const user = requireViewer(req);
      const id = idParam(req.params.id, 'comment');
      const comment = await comments.commentForEdit(database, user, id);
      const returnTo = req.query.return_to ? safeReturnPath(req.query.return_to) : `/works/${comment.workId}/comments`;
      const { title } = await workTitle(database, comment.workId);
      return sendPage(reply, {
        title: 'Edit your comment',
        body: pages.editCommentPage({
          commentId: id,
          workTitle: title,
          body: editableText(comment.html),
          csrf: csrfField(req),
          returnTo,
        }),
      });
    },

    async editComment(req: Req, reply: FastifyReply) {
      const user = requireViewer(req);
      const id = idParam(req.params.id, 'comment');
      const text = formField(req.body, 'body') ?? '';
      const r = await attempt(
        () => comments.editComment(database, user, id, text),
        async (e) => {
          const comment = await comments.commentForEdit(database, user, id);
          const { title } = await workTitle(database, comment.workId);
          const returnTo = backTo(req, `/works/${comment.workId}/comments`);
          return sendPage(
            reply,
            {
              title: 'Edit your comment',
              body: pages.editCommentPage({
                commentId: id,
                workTitle: title,
                body: text,
                csrf: csrfField(req),
                returnTo,
                error: e.message,
              }),
            },
            422,
          );
        },
      );
      if (isInvalid(r)) return reply;
      return reply.redirect(`${backTo(req, `/works/${r.workId}/comments`)}#comment-${id}`, 303);
    },

    async deleteComment(req: Req, reply: FastifyReply) {
      const user = requireViewer(req);
      const id = idParam(req.params.id, 'comment');
      const comment = await comments.deleteComment(database, user, id);
      return reply.redirect(`${backTo(req, `/works/${comment.workId}/comments`)}#comments`, 303);
    },

    async moderateComment(req: Req, reply: FastifyReply) {
      const user = requireViewer(req);
      const id = idParam(req.params.id, 'comment');
      const action = formField(req.body, 'action');
      if (action !== 'approve' && action !== 'spam')
        throw new AppError('bad_request', `unknown moderation action '${action ?? ''}'`);
      const comment = await comments.moderateComment(database, user, id, action);
      const back = backTo(req, `/works/${comment.workId}/comments`);
      return reply.redirect(action === 'approve' ? `${back}#comment-${id}` : `${back}#comments`, 303);
    },

    async freezeThread(req: Req, reply: FastifyReply) {
      const user = requireViewer(req);
      const id = idParam(req.params.id, 'comment');
      const action = formField(req.body, 'action');
      if (action !== 'freeze' && action !== 'unfreeze')
        throw new AppError('bad_request', `unknown thread action '${action ?? ''}'`);
      const comment = await comments.freezeThread(database, user, id, action === 'freeze');
      return reply.redirect(`${backTo(req, `/works/${comment.workId}/comments`)}#comment-${id}`, 303);
    },

    // ---- bookmarks ----
    async bookmarkPage(req: Req, reply: FastifyReply) {
      const workId = idParam(req.params.id, 'work');
      requireViewer(req);
      await accessOrNotFound(database, workId, req.viewer);
      return sendPage(reply, { title: 'Bookmark', body: await bookmarkPageBody(req, workId) });
    },

    async saveBookmark(req: Req, reply: FastifyReply) {
      const user = requireViewer(req);
      const workId = idParam(req.params.id, 'work');
      const b = req.body;
      const input = {
        notes: formField(b, 'notes') ?? '',
        tags: formField(b, 'tags') ?? '',
        private: formField(b, 'private') === '1',
        rec: formField(b, 'rec') === '1',
      };
      const r = await attempt(
        () => bookmarks.saveBookmark(database, user, workId, input),
        async (e) =>
          sendPage(
            reply,
            { title: 'Bookmark', body: await bookmarkPageBody(req, workId, input, { text: e.message, kind: 'error' }) },
            422,
          ),
      );
      if (isInvalid(r)) return reply;
      return reply.redirect(`${backTo(req, `/works/${workId}`)}#bookmark`, 303);
    },

    async deleteBookmark(req: Req, reply: FastifyReply) {
      const user = requireViewer(req);
      const id = idParam(req.params.id, 'bookmark');
      await bookmarks.deleteBookmark(database, user, id);
      return reply.redirect(backTo(req, '/bookmarks'), 303);
    },

    async myBookmarks(req: Req, reply: FastifyReply) {
      const user = requireViewer(req);
      const listing = await bookmarks.bookmarkListing(database, user, null, {
        before: optionalId(req.query.before, 'page') ?? undefined,
        tag: req.query.tag,
      });
      return sendPage(reply, {
        title: 'My bookmarks',
        body: pages.bookmarksPage(listing, {
          csrf: csrfField(req),
          mine: true,
          returnTo: req.url,
          display: req.preferences,
        }),
      });
    },

    async userBookmarks(req: Req, reply: FastifyReply) {
      const username = req.params.username ?? '';
      const listing = await bookmarks.bookmarkListing(database, req.viewer, username, {
        before: optionalId(req.query.before, 'page') ?? undefined,
        tag: req.query.tag,
      });
      return sendPage(reply, {
        title: `Bookmarks by ${listing.owner.username}`,
        body: pages.bookmarksPage(listing, {
          csrf: csrfField(req),
          mine: false,
          returnTo: req.url,
          display: req.preferences,
        }),
      });
    },

    // ---- reports ----
    async reportForm(req: Req, reply: FastifyReply) {
      requireViewer(req);
      const type = req.query.comment_id ? 'comment' : 'work';
      const id = idParam(req.query.comment_id ?? req.query.work_id, type);
      const target = await reports.reportTarget(database, req.viewer, type, id);
      return sendPage(reply, { title: 'Report', body: pages.reportFormPage(target, { csrf: csrfField(req) }) });
    },

    async fileReport(req: Req, reply: FastifyReply) {
      requireViewer(req);
      const type = formField(req.body, 'target_type');
      if (!reports.isTargetType(type)) throw new AppError('bad_request', 'a report is about a work or a comment');
      const id = idParam(formField(req.body, 'target_id'), type);
      const reason = formField(req.body, 'reason') ?? '';
      const r = await attempt(
        () => reports.fileReport(database, req.viewer, { type, id, reason }),
        async (e) => {
          const target = await reports.reportTarget(database, req.viewer, type, id);
          return sendPage(
            reply,
            { title: 'Report', body: pages.reportFormPage(target, { csrf: csrfField(req), reason, error: e.message }) },
            422,
          );
        },
      );
      if (isInvalid(r)) return reply;
      const target = await reports.reportTarget(database, req.viewer, type, id);
      const back = type === 'work' ? `/works/${target.workId}` : `/comments/${id}`;
      return sendPage(reply, {
        title: 'Report sent',
        body: pages.noticePage(
          'Report sent',
          'Thank you. An admin will look at it.',
          { href: back, label: 'Back to what you reported' },
          'notice',
        ),
      });
    },

    async adminReports(req: Req, reply: FastifyReply) {
      const user = requireViewer(req);
      const open = await reports.openReports(database, user);
      const msg = req.query.done ? { text: req.query.done, kind: 'notice' as const } : undefined;
      return sendPage(reply, {
        title: 'Open reports',
        body: pages.adminReportsPage(open, {
          csrf: csrfField(req),
          viewer: user,
          timeZone: req.preferences.timeZone,
          msg,
        }),
      });
    },

    async adminReportAction(req: Req, reply: FastifyReply) {
      const user = requireViewer(req);
      const id = idParam(req.params.id, 'report');
      const r = await attempt(
        () => reports.actOnReport(database, user, id, formField(req.body, 'action') ?? ''),
        async (e) =>
          sendPage(
            reply,
            {
              title: 'Open reports',
              body: pages.adminReportsPage(await reports.openReports(database, user), {
                csrf: csrfField(req),
                viewer: user,
                timeZone: req.preferences.timeZone,
                msg: { text: e.message, kind: 'error' },
              }),
            },
            422,
          ),
      );
      if (isInvalid(r)) return reply;
      return reply.redirect(`/admin/reports?done=${encodeURIComponent(r)}`, 303);
    },
  };
}
