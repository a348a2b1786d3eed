// Thin handlers for the Atom feeds (a tag, a search, a creator, a series) and the OPDS catalog:
// decode the URL, one service call, write the document. Every feed answers If-None-Match with a
// 304, so a reader polling every few minutes costs a query and no bytes.
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { Database } from '../db/database.ts';
import { requestOrigin } from '../web/public-origin.ts';
import { describeQuery } from '../search/query.ts';
import { queryFromParams } from '../search/query-url.ts';
import { tagFromPath, tagToPath } from '../tags/tag-url.ts';
import { AppError, idParam, notFound } from '../app-error.ts';
import { ARCHIVE_NAME } from '../web/layout.ts';
import { absolute, ATOM_TYPE, creatorUri, renderFeed, workEntry, type FeedContext, type Link } from './atom.ts';
import * as service from './feeds.service.ts';
import {
  OPDS_ACQUISITION,
  OPDS_NAVIGATION,
  OPDS_PATHS,
  OPENSEARCH_TYPE,
  openSearchDescription,
  rootCatalog,
  tagsCatalog,
  worksCatalog,
} from './opds.ts';
import type { Req } from '../web/page.ts';

/** Where the Atom feeds live, for the pages that link them; keep in step with the route table. */
export const FEED_PATHS = {
  tag: (name: string) => `/tags/${tagToPath(name)}/feed.atom`,
  search: (params: URLSearchParams) => `/works/search/feed.atom${params.size ? `?${params}` : ''}`,
  creator: (pseud: string) => `/users/${encodeURIComponent(pseud)}/works/feed.atom`,
  series: (id: number) => `/series/${id}/feed.atom`,
  collection: (name: string) => `/collections/${encodeURIComponent(name)}/feed.atom`,
} as const;

function paramsOf(req: Req): URLSearchParams {
  const i = req.url.indexOf('?');
  return new URLSearchParams(i === -1 ? '' : req.url.slice(i + 1));
}

function withAfter(path: string, next: string | null, params: URLSearchParams = new URLSearchParams()): string | null {
  if (!next) return null;
  const p = new URLSearchParams(params);
  p.set('after', next);
  return `${path}?${p}`;
}

/** Sends an XML document with a validator: If-None-Match gets a 304. */
function sendXml(req: Req, reply: FastifyReply, type: string, body: string) {
  const etag = `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  reply.header('etag', etag).header('cache-control', 'public, max-age=300');
  const asked = req.headers['if-none-match'];
  if (asked?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag.slice(2))) return reply.code(304).send();
  return reply.type(type).send(body);
}

export function feedsRoutes(database: Database) {
  const context = (req: Req): FeedContext => ({ origin: requestOrigin(req), archiveName: ARCHIVE_NAME });

  /** An Atom feed of works, with its own address and the page it mirrors. */
  function worksFeed(
    req: Req,
    reply: FastifyReply,
    opts: { path: string; title: string; alternate?: string; works: service.WorksPage['works'] },
  ) {
    const ctx = context(req);
    const links: Link[] = [{ rel: 'self', href: absolute(ctx, opts.path), type: 'application/atom+xml' }];
    if (opts.alternate) links.push({ rel: 'alternate', href: absolute(ctx, opts.alternate), type: 'text/html' });
    const body = renderFeed({
      id: absolute(ctx, opts.path),
      title: `${opts.title} | ${ARCHIVE_NAME}`,
      links,
      authors: [{ name: ARCHIVE_NAME }],
      entries: opts.works.map((w) => workEntry(w, ctx)),
    });
    return sendXml(req, reply, ATOM_TYPE, body);
  }

  return {
    // ---- Atom -------------------------------------------------------------------------------

    async tagFeed(req: Req, reply: FastifyReply) {
      const name = tagFromPath(req.params.tag ?? '');
      const listing = await service.tagWorks(database, name, { limit: service.FEED_SIZE });
      if (!listing) throw notFound(`tag '${name}'`);
      if (listing.kind === 'redirect') return reply.redirect(FEED_PATHS.tag(listing.to.name));
      const { tag, works } = listing;
      return worksFeed(req, reply, {
        path: FEED_PATHS.tag(tag.name),
        title: tag.name,
        alternate: `/tags/${tagToPath(tag.name)}`,
        works,
      });
    },

    async searchFeed(req: Req, reply: FastifyReply) {
      const params = paramsOf(req);
      params.delete('after');
      const { query, errors } = queryFromParams(params);
      const bad = errors.filter((e) => e.severity === 'error');
      if (bad.length) throw new AppError('bad_request', bad.map((e) => e.message).join('; '));
      if (!params.has('limit')) query.limit = service.FEED_SIZE;
      const { works } = await service.searchFeedWorks(database, query);
      const title = params.size ? `Search: ${describeQuery(query)}` : 'Recent works';
      return worksFeed(req, reply, {
        path: FEED_PATHS.search(params),
        title,
        alternate: `/works/search${params.size ? `?${params}` : ''}`,
        works,
      });
    },

    async creatorFeed(req: Req, reply: FastifyReply) {
      const found = await service.creatorWorks(database, req.params.pseud ?? '', { limit: service.FEED_SIZE });
      if (!found) throw notFound(`creator '${req.params.pseud ?? ''}'`);
      return worksFeed(req, reply, {
        path: FEED_PATHS.creator(found.name),
        title: `Works by ${found.name}`,
        alternate: creatorUri({ archiveName: ARCHIVE_NAME }, found.name),
        works: found.works,
      });
    },

    async seriesFeed(req: Req, reply: FastifyReply) {
      const id = idParam(req.params.id, 'series');
      const series = await service.seriesForFeed(database, id);
      if (!series) throw notFound(`series ${id}`);
      const works = [...series.works].sort((a, b) =>
        a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : b.id - a.id,
      );
      return worksFeed(req, reply, { path: FEED_PATHS.series(id), title: series.title, works });
    },

    async collectionFeed(req: Req, reply: FastifyReply) {
      const found = await service.collectionWorks(database, req.params.name ?? '', { limit: service.FEED_SIZE });
      if (!found) throw notFound(`collection '${req.params.name ?? ''}'`);
      return worksFeed(req, reply, {
        path: FEED_PATHS.collection(found.name),
        title: found.title,
        alternate: `/collections/${encodeURIComponent(found.name)}`,
        works: found.works,
      });
    },

    // ---- OPDS -------------------------------------------------------------------------------

    async opdsCollection(req: Req, reply: FastifyReply) {
      const found = await service.collectionWorks(database, req.params.name ?? '', {
        limit: service.CATALOG_PAGE,
        after: req.query.after,
      });
      if (!found) throw notFound(`collection '${req.params.name ?? ''}'`);
      return shelf(req, reply, { path: OPDS_PATHS.collection(found.name), ...found });
    },

    async opdsRoot(req: Req, reply: FastifyReply) {
      return sendXml(req, reply, OPDS_NAVIGATION, rootCatalog(context(req), await service.lastUpdate(database)));
    },

    async opdsRecent(req: Req, reply: FastifyReply) {
      const { works, next } = await service.recentWorks(database, {
        limit: service.CATALOG_PAGE,
        after: req.query.after,
      });
      const self = withAfter(OPDS_PATHS.recent, req.query.after ?? null) ?? OPDS_PATHS.recent;
      return sendXml(
        req,
        reply,
        OPDS_ACQUISITION,
        worksCatalog(context(req), {
          self,
          id: OPDS_PATHS.recent,
          title: 'Recent works',
          works,
          next: withAfter(OPDS_PATHS.recent, next),
        }),
      );
    },

    async opdsFandoms(req: Req, reply: FastifyReply) {
      return tagNavigation(req, reply, 'fandoms', OPDS_PATHS.fandoms);
    },

    async opdsTags(req: Req, reply: FastifyReply) {
      return tagNavigation(req, reply, 'tags', OPDS_PATHS.tags);
    },

    async opdsTag(req: Req, reply: FastifyReply) {
      const name = tagFromPath(req.params.tag ?? '');
      const listing = await service.tagWorks(database, name, { limit: service.CATALOG_PAGE, after: req.query.after });
      if (!listing) throw notFound(`tag '${name}'`);
      if (listing.kind === 'redirect') return reply.redirect(OPDS_PATHS.tag(listing.to.name));
      const up = listing.tag.type === 'fandom' ? OPDS_PATHS.fandoms : OPDS_PATHS.tags;
      return shelf(req, reply, { path: OPDS_PATHS.tag(listing.tag.name), title: listing.tag.name, ...listing, up });
    },

    async opdsSearch(req: Req, reply: FastifyReply) {
      const params = paramsOf(req);
      const q = params.get('q') ?? '';
      const base = new URLSearchParams(q ? { q } : {});
      // Reading apps cannot show a query's problems: what was understood is searched.
      const { query } = queryFromParams(params);
      query.limit = service.CATALOG_PAGE;
      const { works, next } = await service.searchFeedWorks(database, query);
      const path = `${OPDS_PATHS.search}${base.size ? `?${base}` : ''}`;
      const self = withAfter(OPDS_PATHS.search, params.get('after'), base) ?? path;
      const title = q ? `Search: ${describeQuery(query)}` : 'All works';
      return sendXml(
        req,
        reply,
        OPDS_ACQUISITION,
        worksCatalog(context(req), { self, id: path, title, works, next: withAfter(OPDS_PATHS.search, next, base) }),
      );
    },

    async openSearch(req: Req, reply: FastifyReply) {
      return sendXml(req, reply, OPENSEARCH_TYPE, openSearchDescription(context(req)));
    },
  };

  /** One page of an acquisition feed at `path` (a tag's or a collection's works), paged by `after`. */
  function shelf(
    req: Req,
    reply: FastifyReply,
    o: { path: string; title: string; works: service.WorksPage['works']; next: string | null; up?: string },
  ) {
    const self = withAfter(o.path, req.query.after ?? null) ?? o.path;
    const page = { self, id: o.path, title: o.title, works: o.works, next: withAfter(o.path, o.next) };
    return sendXml(req, reply, OPDS_ACQUISITION, worksCatalog(context(req), o.up ? { ...page, up: o.up } : page));
  }

  async function tagNavigation(req: Req, reply: FastifyReply, kind: keyof typeof service.TAG_KINDS, path: string) {
    const { tags, next } = await service.popularTags(database, kind, {
      limit: service.CATALOG_PAGE,
      after: req.query.after,
    });
    const self = withAfter(path, req.query.after ?? null) ?? path;
    return sendXml(
      req,
      reply,
      OPDS_NAVIGATION,
      tagsCatalog(context(req), {
        self,
        title: service.TAG_KINDS[kind].title,
        tags,
        next: withAfter(path, next),
        updated: await service.lastUpdate(database),
      }),
    );
  }
}
