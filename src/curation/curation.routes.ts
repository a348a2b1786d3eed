// Thin handlers for the reader's own pages: decode the form, one service call, then a redirect
// (with a fixed message code, never echoed text) or the page again with the error at 422. Every
// handler starts with requireViewer: guests get 401, and each service call is scoped to the viewer,
// so one reader can neither see nor change another's lists.
import type { FastifyReply } from 'fastify';
import { safeReturnPath } from '../accounts/accounts.routes.ts';
import type { Database } from '../db/database.ts';
import { tagById } from '../tags/tags.service.ts';
import { chrome, formField, formFields, requireViewer } from '../web/auth.ts';
import { AppError, idParam } from '../app-error.ts';
import * as blocks from './blocks.service.ts';
import { CurationError } from './curation-error.ts';
import * as pages from './curation.html.ts';
import * as hidden from './hidden.service.ts';
import * as history from './history.service.ts';
import * as saved from './saved-searches.service.ts';
import * as subs from './subscriptions.service.ts';
import * as blocklist from './tag-blocklist.service.ts';
import { myInvitations } from '../works/creatorships.service.ts';
import { myInvitations as collectionInvitationsFor } from '../collections/collections.service.ts';
import { sendPage, type Req } from '../web/page.ts';

/** A positive 32-bit id, or undefined. */
function intOf(raw: string | undefined): number | undefined {
  return raw && /^[1-9]\d{0,9}$/.test(raw) && Number(raw) <= 2 ** 31 - 1 ? Number(raw) : undefined;
}

/** The message a redirect's `done` code stands for on each page. Fixed text: nothing from the URL is echoed. */
const DONE: Record<string, Record<string, string>> = {
  inbox: { read: 'Marked read.', all: 'Everything is marked read.', deleted: 'Read updates deleted.' },
  subscriptions: { subscribed: 'Subscribed. Updates will come to your inbox.', unsubscribed: 'Unsubscribed.' },
  history: {
    cleared: 'Your history is cleared. Works marked for later are still marked.',
    later: 'Marked for later.',
    unmarked: 'No longer marked for later.',
  },
  blocked: {
    block: 'Blocked. They can no longer comment on your works or reply to your comments. They are not told.',
    mute: 'Muted. Their works and comments no longer appear for you anywhere. They are not told.',
    unblock: 'Unblocked.',
    unmute: 'Unmuted.',
  },
  searches: { saved: 'Search saved.', renamed: 'Search renamed.', deleted: 'Search deleted.' },
  blocklist: { removed: 'Tag removed from your blocklist.' },
  hidden: {
    hidden: 'Hidden from your listings and searches.',
    unhidden: 'Unhidden: it appears in your listings again.',
  },
};

function done(page: keyof typeof DONE, code: string | undefined): pages.Message | undefined {
  const text = code ? DONE[page]?.[code] : undefined;
  return text ? { text, kind: 'notice' } : undefined;
}

/** A 404 from a service goes to the error page; anything else a reader can fix comes back as text. */
function failure(e: unknown): pages.Message {
  if (e instanceof CurationError && e.kind !== 'not_found') return { text: e.message, kind: 'error' };
  throw e;
}

export function curationRoutes(database: Database) {
  const csrf = (req: Req) => chrome(req).csrf;

  // ---- inbox and subscriptions --------------------------------------------------------------

  async function subscriptionsPage(req: Req, reply: FastifyReply, msg?: pages.Message, status = 200) {
    const viewer = requireViewer(req);
    return sendPage(
      reply,
      {
        title: 'Subscriptions',
        body: pages.subscriptionsPage(csrf(req), await subs.subscriptionsOf(database, viewer), msg),
      },
      status,
    );
  }

  /** Form fields to a target; a creator may be named by username instead of id. */
  async function targetOf(body: unknown): Promise<subs.Target> {
    const type = formField(body, 'type');
    const username = formField(body, 'username');
    if (type === 'creator' && !formField(body, 'id') && username) {
      return subs.creatorTarget(database, username.trim());
    }
    return subs.parseTarget(type, formField(body, 'id'));
  }

  async function changeSubscription(req: Req, reply: FastifyReply, on: boolean) {
    const viewer = requireViewer(req);
    try {
      const target = await targetOf(req.body);
      if (on) await subs.subscribe(database, viewer, target);
      else await subs.unsubscribe(database, viewer, target);
      const back = formField(req.body, 'return_to');
      return reply.redirect(
        back ? safeReturnPath(back) : `/subscriptions?done=${on ? 'subscribed' : 'unsubscribed'}`,
        303,
      );
    } catch (e) {
      return subscriptionsPage(req, reply, failure(e), 422);
    }
  }

  // ---- history ------------------------------------------------------------------------------

  async function historyPage(req: Req, reply: FastifyReply, msg?: pages.Message, status = 200) {
    const viewer = requireViewer(req);
    const later = req.query.later === '1';
    const page = await history.history(database, viewer, { later, after: req.query.after });
    return sendPage(
      reply,
      {
        title: later ? 'Marked for Later' : 'History',
        body: pages.historyPage(csrf(req), page, later, req.preferences, msg ?? done('history', req.query.done)),
      },
      status,
    );
  }

  // ---- blocked and muted users --------------------------------------------------------------

  async function blockedPage(
    req: Req,
    reply: FastifyReply,
    msg?: pages.Message,
    status = 200,
    values?: { username?: string; kind?: string },
  ) {
    const viewer = requireViewer(req);
    return sendPage(
      reply,
      {
        title: 'Blocked and muted users',
        body: pages.blockedPage(
          csrf(req),
          await blocks.blocksOf(database, viewer),
          req.preferences.timeZone,
          msg,
          values,
        ),
      },
      status,
    );
  }

  // ---- saved searches, blocklist, hidden ----------------------------------------------------

  async function searchesPage(req: Req, reply: FastifyReply, msg?: pages.Message, status = 200) {
    const viewer = requireViewer(req);
    return sendPage(
      reply,
      {
        title: 'Saved searches',
        body: pages.savedSearchesPage(
          csrf(req),
          await saved.savedSearchesOf(database, viewer),
          req.preferences.timeZone,
          msg,
        ),
      },
      status,
    );
  }

  async function blocklistPage(req: Req, reply: FastifyReply, msg?: pages.Message, status = 200, value?: string) {
    const viewer = requireViewer(req);
    const tags = await blocklist.blockedTagsOf(database, viewer);
    if (!msg && req.query.done === 'added') msg = await addedMessage(tags, intOf(req.query.tag), intOf(req.query.via));
    return sendPage(
      reply,
      {
        title: 'Tag blocklist',
        body: pages.blocklistPage(csrf(req), tags, msg ?? done('blocklist', req.query.done), value),
      },
      status,
    );
  }

  /** Names the tag just blocked, and the synonym typed for it, from ids: tag names are the archive's, not the URL's. */
  async function addedMessage(
    tags: blocklist.BlockedTag[],
    tagId: number | undefined,
    viaId: number | undefined,
  ): Promise<pages.Message> {
    const added = tags.find((t) => t.id === tagId);
    if (!added) return { text: 'Added to your blocklist.', kind: 'notice' };
    const via = viaId === undefined ? undefined : await tagById(database, viaId);
    const text =
      via && via.synonymOf === added.id
        ? `'${via.name}' is a synonym of '${added.name}', so '${added.name}' is on your blocklist, and with it every synonym of it.`
        : `'${added.name}' is on your blocklist.`;
    return { text, kind: 'notice' };
  }

  async function hiddenPage(req: Req, reply: FastifyReply, msg?: pages.Message, status = 200) {
    const viewer = requireViewer(req);
    return sendPage(
      reply,
      {
        title: 'Hidden works and series',
        body: pages.hiddenPage(
          csrf(req),
          await hidden.hiddenOf(database, viewer),
          req.preferences.timeZone,
          msg ?? done('hidden', req.query.done),
        ),
      },
      status,
    );
  }

  function hiddenTarget(body: unknown): hidden.HiddenTarget {
    const workId = intOf(formField(body, 'work'));
    if (workId !== undefined) return { workId };
    const seriesId = intOf(formField(body, 'series'));
    if (seriesId !== undefined) return { seriesId };
    throw new CurationError('say which work or series to hide', 422);
  }

  async function changeHidden(req: Req, reply: FastifyReply, hide: boolean) {
    const viewer = requireViewer(req);
    try {
      const target = hiddenTarget(req.body);
      if (hide) await hidden.hide(database, viewer, target);
      else await hidden.unhide(database, viewer, target);
      const back = formField(req.body, 'return_to');
      return reply.redirect(back ? safeReturnPath(back) : `/account/hidden?done=${hide ? 'hidden' : 'unhidden'}`, 303);
    } catch (e) {
      return hiddenPage(req, reply, failure(e), 422);
    }
  }

  return {
    async inbox(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const unreadOnly = req.query.unread === '1';
      const [page, invitations, collectionInvites] = await Promise.all([
        subs.inbox(database, viewer, { before: intOf(req.query.before), unreadOnly }),
        myInvitations(database, viewer),
        collectionInvitationsFor(database, viewer),
      ]);
      const msg =
        req.query.done === 'none'
          ? { text: 'Select the updates to mark read first.', kind: 'error' as const }
          : done('inbox', req.query.done);
      return sendPage(reply, {
        title: page.unread ? `Inbox (${page.unread})` : 'Inbox',
        body: pages.inboxPage(
          csrf(req),
          page,
          { unreadOnly, timeZone: req.preferences.timeZone },
          msg,
          invitations,
          collectionInvites,
        ),
      });
    },
    async inboxRead(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const action = formField(req.body, 'action');
      if (action === 'all') {
        await subs.markAllRead(database, viewer);
        return reply.redirect('/inbox?done=all', 303);
      }
      if (action === 'delete_read') {
        await subs.deleteReadItems(database, viewer);
        return reply.redirect('/inbox?done=deleted', 303);
      }
      const ids = formFields(req.body, 'item')
        .map(intOf)
        .filter((n): n is number => n !== undefined);
      if (ids.length === 0) return reply.redirect('/inbox?done=none', 303);
      await subs.markRead(database, viewer, ids);
      return reply.redirect('/inbox?done=read', 303);
    },

    async subscriptions(req: Req, reply: FastifyReply) {
      return subscriptionsPage(req, reply, done('subscriptions', req.query.done));
    },
    async subscribe(req: Req, reply: FastifyReply) {
      return changeSubscription(req, reply, true);
    },
    async unsubscribe(req: Req, reply: FastifyReply) {
      return changeSubscription(req, reply, false);
    },

    async history(req: Req, reply: FastifyReply) {
      return historyPage(req, reply);
    },
    async markForLater(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const workId = intOf(formField(req.body, 'work'));
      if (workId === undefined)
        throw new AppError('not_found', `work '${formField(req.body, 'work') ?? ''}' was not found`);
      const marked = formField(req.body, 'later') !== '0';
      try {
        await history.markForLater(database, viewer, workId, marked);
      } catch (e) {
        return historyPage(req, reply, failure(e), 422);
      }
      const back = formField(req.body, 'return_to');
      return reply.redirect(
        back ? safeReturnPath(back) : `/history?later=1&done=${marked ? 'later' : 'unmarked'}`,
        303,
      );
    },
    async clearHistory(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const raw = formField(req.body, 'work');
      if (raw !== undefined) {
        const workId = intOf(raw);
        if (workId === undefined) throw new AppError('not_found', `work '${raw}' was not found`);
        await history.clearHistory(database, viewer, workId);
      } else if (formField(req.body, 'all') === '1') {
        await history.clearHistory(database, viewer);
      } else {
        return historyPage(
          req,
          reply,
          { text: 'say which work to delete from your history, or clear all of it', kind: 'error' },
          422,
        );
      }
      const back = formField(req.body, 'return_to');
      return reply.redirect(back ? safeReturnPath(back) : '/history?done=cleared', 303);
    },

    async blocked(req: Req, reply: FastifyReply) {
      return blockedPage(req, reply, done('blocked', req.query.done));
    },
    async block(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const username = formField(req.body, 'username') ?? '';
      const kindRaw = formField(req.body, 'kind');
      try {
        const kind = blocks.parseKind(kindRaw);
        await blocks.addBlock(database, viewer, username, kind);
        return reply.redirect(`/account/blocked?done=${kind}`, 303);
      } catch (e) {
        return blockedPage(req, reply, failure(e), 422, { username, kind: kindRaw });
      }
    },
    async unblock(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      try {
        const kind = blocks.parseKind(formField(req.body, 'kind'));
        await blocks.removeBlock(database, viewer, formField(req.body, 'username') ?? '', kind);
        return reply.redirect(`/account/blocked?done=un${kind}`, 303);
      } catch (e) {
        return blockedPage(req, reply, failure(e), 422);
      }
    },

    async searches(req: Req, reply: FastifyReply) {
      return searchesPage(req, reply, done('searches', req.query.done));
    },
    async saveSearch(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      try {
        await saved.saveSearch(database, viewer, {
          name: formField(req.body, 'name'),
          params: formField(req.body, 'params') ?? '',
        });
        return reply.redirect('/searches?done=saved', 303);
      } catch (e) {
        return searchesPage(req, reply, failure(e), 422);
      }
    },
    async renameSearch(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const id = idParam(req.params.id, 'saved search');
      try {
        await saved.renameSearch(database, viewer, id, formField(req.body, 'name'));
        return reply.redirect('/searches?done=renamed', 303);
      } catch (e) {
        return searchesPage(req, reply, failure(e), 422);
      }
    },
    async deleteSearch(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      try {
        await saved.deleteSearch(database, viewer, idParam(req.params.id, 'saved search'));
        return reply.redirect('/searches?done=deleted', 303);
      } catch (e) {
        return searchesPage(req, reply, failure(e), 422);
      }
    },

    async blocklist(req: Req, reply: FastifyReply) {
      return blocklistPage(req, reply);
    },
    async blockTag(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const name = formField(req.body, 'tag');
      try {
        const r = await blocklist.blockTag(database, viewer, name);
        return reply.redirect(
          `/account/blocklist?done=added&tag=${r.tag.id}${r.synonym ? `&via=${r.synonym.id}` : ''}`,
          303,
        );
      } catch (e) {
        return blocklistPage(req, reply, failure(e), 422, name);
      }
    },
    async unblockTag(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const tagId = intOf(formField(req.body, 'tag_id'));
      if (tagId !== undefined) await blocklist.unblockTag(database, viewer, tagId);
      return reply.redirect('/account/blocklist?done=removed', 303);
    },

    async hidden(req: Req, reply: FastifyReply) {
      return hiddenPage(req, reply);
    },
    async hide(req: Req, reply: FastifyReply) {
      return changeHidden(req, reply, true);
    },
    async unhide(req: Req, reply: FastifyReply) {
      return changeHidden(req, reply, false);
    },
  };
}
