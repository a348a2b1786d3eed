// Thin handlers for searching works: parse the URL into a WorkQuery, search, render.
import type { FastifyReply } from 'fastify';
import type { Database } from '../db/database.ts';
import { chrome } from '../web/auth.ts';
import { sendPage, type Req } from '../web/page.ts';
import { AppError } from '../app-error.ts';
import { blurbJson } from '../works/works.json.ts';
import { describeQuery } from './query.ts';
import { queryFromParams } from './query-url.ts';
import { searchWorks } from './search.service.ts';
import { searchPage } from './search.html.ts';
import { saveSearchForm } from '../curation/curation.html.ts';
import { FEED_PATHS } from '../feeds/feeds.routes.ts';

/** The request's query string as the search reads it (repeated names kept in order). */
export function paramsOf(req: Req): URLSearchParams {
  const i = req.url.indexOf('?');
  return new URLSearchParams(i === -1 ? '' : req.url.slice(i + 1));
}

/** The next page of a keyset-paged search: the same parameters, and `after` the cursor. */
export function nextUrl(path: string, params: URLSearchParams, next: string | null): string | null {
  if (!next) return null;
  const p = new URLSearchParams(params);
  p.set('after', next);
  return `${path}?${p.toString()}`;
}

export function searchRoutes(database: Database) {
  return {
    async searchPage(req: Req, reply: FastifyReply) {
      const params = paramsOf(req);
      const empty = [...params.keys()].length === 0;
      const { query, errors } = queryFromParams(params);
      const result = empty ? null : await searchWorks(database, query, { viewerId: req.viewer?.id ?? null });
      const save = req.viewer && !empty ? saveSearchForm(params, chrome(req).csrf) : undefined;
      const body = searchPage(
        params,
        describeQuery(query),
        result,
        [...errors, ...(result?.notices ?? [])],
        nextUrl('/works/search', params, result?.next ?? null),
        empty ? null : query,
        req.preferences,
        save,
      );
      const feedParams = new URLSearchParams([...params].filter(([k]) => k !== 'after'));
      const feeds = empty ? [] : [{ title: `${describeQuery(query)} (Atom)`, href: FEED_PATHS.search(feedParams) }];
      return sendPage(reply, {
        title: empty ? 'Search works' : `Search: ${describeQuery(query)}`,
        body,
        feeds,
      });
    },

    async searchJson(req: Req) {
      const params = paramsOf(req);
      const { query, errors } = queryFromParams(params);
      const bad = errors.filter((e) => e.severity === 'error');
      if (bad.length) throw new AppError('bad_request', bad.map((e) => e.message).join('; '));
      // Facets cost a sample of the results; API clients ask for them (facets=true), pages always show them.
      const result = await searchWorks(database, query, {
        viewerId: req.viewer?.id ?? null,
        facets: params.get('facets') === 'true',
      });
      return {
        query: describeQuery(query),
        total: result.total,
        works: result.works.map(blurbJson),
        facets: result.facets,
        next: nextUrl('/api/v1/works/search', params, result.next),
        warnings: [...errors, ...result.notices].map((e) => e.message),
      };
    },
  };
}
