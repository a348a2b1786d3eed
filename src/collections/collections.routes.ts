// Thin handlers for collections: the list, a collection's works (a search scoped to it) and
// bookmarks, the forms of its owners and moderators, creators' answers to invitations, and the
// JSON twins of the list and a collection.
import type { FastifyReply } from 'fastify';
import type { Database } from '../db/database.ts';
import { AppError, idParam } from '../app-error.ts';
import { html } from '../markup/html.ts';
import { chrome, formField, requireViewer } from '../web/auth.ts';
import { queryText, sendPage, type Req } from '../web/page.ts';
import { pager } from '../works/works.html.ts';
import { blurbJson } from '../works/works.json.ts';
import { PAGE_SIZE } from '../works/works.routes.ts';
import { describeQuery } from '../search/query.ts';
import { queryFromParams } from '../search/query-url.ts';
import { FILTERS_JUMP, filterSidebar } from '../search/filters.html.ts';
import { queryMessages } from '../search/search.html.ts';
import { nextUrl, paramsOf } from '../search/search.routes.ts';
import { searchWorks } from '../search/search.service.ts';
import { totalText } from '../tags/tags.routes.ts';
import { foundBookmark } from '../community/bookmark-search.html.ts';
import { searchBookmarks } from '../community/bookmark-search.service.ts';
import type { CollectionFields } from './collection-rules.ts';
import * as service from './collections.service.ts';
import { isExchange } from '../exchanges/exchanges.service.ts';
import * as pages from './collections.html.ts';
import { isPromptMeme } from '../prompt-memes/prompt-memes.service.ts';

const flag = (body: unknown, name: string) => ['1', 'on', 'true'].includes(formField(body, name) ?? '');

function fieldsOf(body: unknown): CollectionFields {
  const text = (name: string) => formField(body, name) ?? '';
  return {
    name: text('name').trim(),
    title: text('title'),
    description: text('description'),
    parent: text('parent').trim(),
    open: flag(body, 'open'),
    moderated: flag(body, 'moderated'),
    unrevealed: flag(body, 'unrevealed'),
    anonymous: flag(body, 'anonymous'),
    revealAt: text('reveal_at'),
  };
}

const collectionPath = (name: string) => `/collections/${encodeURIComponent(name)}`;

/** A collection as the API shows it. */
export function collectionJson(c: service.CollectionRow, hiding: { unrevealed: boolean; anonymous: boolean }) {
  return {
    name: c.name,
    title: c.title,
    description: c.description,
    open: c.open === 1,
    moderated: c.moderated === 1,
    unrevealed: hiding.unrevealed,
    anonymous: hiding.anonymous,
    revealAt: c.reveal_at,
    url: `/api/v1/collections/${encodeURIComponent(c.name)}`,
  };
}

export function collectionsRoutes(database: Database) {
  async function header(req: Req) {
    const view = await service.collectionView(database, req.params.name ?? '', req.viewer);
    const [promptMeme, exchange] = await Promise.all([
      isPromptMeme(database, view.collection.id),
      isExchange(database, view.collection.id),
    ]);
    const h: pages.CollectionHeader = { ...view, moderates: service.moderates(view), promptMeme, exchange };
    return { view, h };
  }

  async function works(req: Req, limit: number) {
    const { view, h } = await header(req);
    const params = paramsOf(req);
    const { query, errors } = queryFromParams(params);
    query.limit = limit;
    const result = await searchWorks(database, query, {
      viewerId: req.viewer?.id ?? null,
      collectionIds: service.searchScope(view),
    });
    return { view, h, params, query, errors, result };
  }

  return {
    async list(req: Req, reply: FastifyReply) {
      const q = queryText(req, 'q').trim().slice(0, 100);
      const { collections, next } = await service.listCollections(database, { query: q, after: req.query.after });
      const nextHref = next ? `/collections?${new URLSearchParams({ ...(q ? { q } : {}), after: next })}` : null;
      return sendPage(reply, {
        title: 'Collections',
        body: pages.collectionListPage(collections, q, nextHref, req.viewer !== null),
      });
    },

    async listJson(req: Req) {
      const q = queryText(req, 'q').trim().slice(0, 100);
      const { collections, next } = await service.listCollections(database, { query: q, after: req.query.after });
      return {
        collections: collections.map((c) =>
          collectionJson(c, {
            unrevealed: c.unrevealed === 1 && !c.revealed_at,
            anonymous: c.anonymous === 1 && !c.revealed_at,
          }),
        ),
        next: next ? `/api/v1/collections?${new URLSearchParams({ ...(q ? { q } : {}), after: next })}` : null,
      };
    },

    async page(req: Req, reply: FastifyReply) {
      const { view, h, params, query, errors, result } = await works(req, PAGE_SIZE);
      const path = collectionPath(view.collection.name);
      const filtered = [...params].some(([k, v]) => k !== 'after' && v.trim() !== '');
      const body = html`${pages.collectionHeader(h, 'works', req.preferences.timeZone)}
${pages.hiddenNote(h)}
${req.viewer ? pages.addItemForm(h, chrome(req).csrf) : ''}
<div class="browse">
  <section class="results" aria-labelledby="results-title">
    <h2 id="results-title">${totalText(result.total)}${filtered ? `: ${describeQuery(query)}` : ''}</h2>
    ${FILTERS_JUMP}
    ${queryMessages([...errors, ...result.notices])}
    ${pages.worksSection(result.works, filtered, req.preferences)}
    ${pager(nextUrl(path, params, result.next))}
  </section>
  ${filterSidebar(path, params, query, result.facets, '')}
</div>`;
      const feeds = [
        { title: `${view.collection.title} (Atom)`, href: `${path}/feed.atom` },
        {
          title: `${view.collection.title} (OPDS)`,
          href: `/opds/collections/${encodeURIComponent(view.collection.name)}`,
          type: 'application/atom+xml;profile=opds-catalog;kind=acquisition',
        },
      ];
      return sendPage(reply, { title: view.collection.title, body, feeds });
    },

    async json(req: Req) {
      const { view, params, result } = await works(req, PAGE_SIZE);
      return {
        ...collectionJson(view.collection, view.hiding),
        parent: view.parent ? view.parent.name : null,
        subcollections: view.children.map((c) => c.name),
        total: result.total,
        works: result.works.map(blurbJson),
        next: nextUrl(`/api/v1/collections/${encodeURIComponent(view.collection.name)}`, params, result.next),
      };
    },

    async bookmarks(req: Req, reply: FastifyReply) {
      const { view, h } = await header(req);
      const found = await searchBookmarks(database, req.viewer, {
        collectionIds: service.searchScope(view),
        after: req.query.after,
      });
      const list = html`${found.items.map((f) => foundBookmark(f, req.preferences))}`;
      const next = found.next
        ? `${collectionPath(view.collection.name)}/bookmarks?after=${encodeURIComponent(found.next)}`
        : null;
      return sendPage(reply, {
        title: `${view.collection.title}: bookmarks`,
        body: html`${pages.collectionHeader(h, 'bookmarks', req.preferences.timeZone)}
${pages.bookmarksSection(list, found.items.length === 0)}${pager(next)}`,
      });
    },

    async newForm(req: Req, reply: FastifyReply) {
      requireViewer(req);
      return sendPage(reply, { title: 'New collection', body: pages.collectionForm(chrome(req).csrf, null, '') });
    },

    async create(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      try {
        const name = await service.createCollection(database, viewer, fieldsOf(req.body));
        return reply.redirect(collectionPath(name), 303);
      } catch (e) {
        if (!(e instanceof AppError) || (e.kind !== 'invalid' && e.kind !== 'conflict')) throw e;
        const body = pages.collectionForm(chrome(req).csrf, null, '', e.message);
        return sendPage(reply, { title: 'New collection', body }, 422);
      }
    },

    async settingsForm(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const { view } = await header(req);
      if (view.viewerRole !== 'owner' && viewer.role !== 'admin')
        throw new AppError('forbidden', 'only the collection’s owners can change its settings');
      const body = pages.collectionForm(chrome(req).csrf, view.collection, view.parent?.name ?? '');
      return sendPage(reply, { title: `Settings of ${view.collection.title}`, body });
    },

    async saveSettings(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const name = req.params.name ?? '';
      await service.updateSettings(database, viewer, name, fieldsOf(req.body));
      return reply.redirect(`${collectionPath(name)}/manage?done=settings`, 303);
    },

    async manage(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const { view, h } = await header(req);
      const data = await service.manageView(database, viewer, view.collection.name);
      const done = req.query.done ? 'Saved.' : undefined;
      const body = pages.managePage(
        pages.collectionHeader(h, 'manage', req.preferences.timeZone),
        view.collection,
        chrome(req).csrf,
        { ...data, participants: view.participants },
        view.viewerRole === 'owner',
        done,
      );
      return sendPage(reply, { title: `Manage ${view.collection.title}`, body });
    },

    async participants(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const name = req.params.name ?? '';
      const role = formField(req.body, 'role');
      if (role !== 'owner' && role !== 'moderator' && role !== 'member' && role !== 'remove')
        throw new AppError('bad_request', 'choose a role: owner, moderator, member or remove');
      await service.setParticipant(database, viewer, name, formField(req.body, 'username') ?? '', role);
      return reply.redirect(`${collectionPath(name)}/manage?done=people`, 303);
    },

    async invite(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const name = req.params.name ?? '';
      const workId = idParam(formField(req.body, 'work_id')?.trim(), 'work');
      await service.invite(database, viewer, name, { workId });
      return reply.redirect(`${collectionPath(name)}/manage?done=invited`, 303);
    },

    async addItem(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const name = req.params.name ?? '';
      const bookmark = formField(req.body, 'bookmark_id');
      const what = bookmark
        ? { bookmarkId: idParam(bookmark.trim(), 'bookmark') }
        : { workId: idParam(formField(req.body, 'work_id')?.trim(), 'work') };
      await service.addItem(database, viewer, name, what);
      return reply.redirect(collectionPath(name), 303);
    },

    async moderate(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const id = idParam(req.params.id, 'collection item');
      const action = formField(req.body, 'action');
      if (action !== 'approve' && action !== 'reject') throw new AppError('bad_request', 'approve or reject the item');
      const name = await service.moderateItem(database, viewer, id, action);
      return reply.redirect(`${collectionPath(name)}/manage?done=${action}`, 303);
    },

    async answer(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const id = idParam(req.params.id, 'collection invitation');
      const action = formField(req.body, 'action');
      if (action !== 'accept' && action !== 'decline')
        throw new AppError('bad_request', 'accept or decline the invitation');
      await service.answerInvitation(database, viewer, id, action);
      return reply.redirect('/inbox', 303);
    },
  };
}
