// Thin handlers for tag pages, the tag search (/tags/search), and their JSON twins. A tag's page is
// a search within the tag: the search page's URL parameters narrow and sort it, through the one
// search service.
import type { FastifyReply } from 'fastify';
import type { Database } from '../db/database.ts';
import { html } from '../markup/html.ts';
import { notFound } from '../app-error.ts';
import { pager, workList } from '../works/works.html.ts';
import { blurbJson } from '../works/works.json.ts';
import { PAGE_SIZE } from '../works/works.routes.ts';
import { TAG_TYPE_LABELS, type TagType } from './tag-types.ts';
import { tagFromPath, tagToPath } from './tag-url.ts';
import { tagListing } from './tags.service.ts';
import { FEED_PATHS } from '../feeds/feeds.routes.ts';
import { describeQuery, groupDigits } from '../search/query.ts';
import { queryFromParams } from '../search/query-url.ts';
import { FILTERS_JUMP, filterSidebar } from '../search/filters.html.ts';
import { queryMessages } from '../search/search.html.ts';
import { nextUrl, paramsOf } from '../search/search.routes.ts';
import { pageParam, queryText, sendPage, type Req } from '../web/page.ts';
import { tagSearchPage } from './tag-search.html.ts';
import { searchTags, type TagSearchInput } from './tag-search.service.ts';

export function totalText(total: { value: number; exact: boolean }): string {
  return `${total.exact ? '' : 'about '}${groupDigits(total.value)} work${total.value === 1 && total.exact ? '' : 's'}`;
}

export function tagsRoutes(database: Database) {
  /** The search as typed (the form's values and every page link's base) and the service's input. */
  function tagSearch(req: Req): { params: URLSearchParams; input: TagSearchInput } {
    const params = new URLSearchParams();
    for (const name of ['q', 'type', 'fandom', 'canonical']) {
      const v = queryText(req, name).trim();
      if (v) params.set(name, v);
    }
    const input = {
      text: params.get('q') ?? '',
      type: params.get('type') ?? undefined,
      canonicalOnly: ['1', 'true', 'on'].includes(params.get('canonical') ?? ''),
      fandom: params.get('fandom') ?? '',
      page: pageParam(req),
    };
    return { params, input };
  }

  return {
    async tagSearchPage(req: Req, reply: FastifyReply) {
      const { params, input } = tagSearch(req);
      const result = await searchTags(database, req.viewer, input);
      return sendPage(reply, { title: 'Search tags', body: tagSearchPage(result, params) });
    },

    async tagSearchJson(req: Req) {
      const { params, input } = tagSearch(req);
      const result = await searchTags(database, req.viewer, input);
      params.set('page', String(result.page + 1));
      return {
        total: result.total,
        tags: result.tags.map((t) => ({
          name: t.name,
          type: t.type,
          canonical: t.canonical,
          works: t.works,
          url: `/api/v1/tags/${tagToPath(t.name)}`,
        })),
        next: result.hasNext ? `/api/v1/tags/search?${params.toString()}` : null,
        warnings: result.notices,
      };
    },

    async tagPage(req: Req, reply: FastifyReply) {
      const name = tagFromPath(req.params.tag ?? '');
      const params = paramsOf(req);
      const { query, errors } = queryFromParams(params);
      if (!params.has('limit')) query.limit = PAGE_SIZE;
      const listing = await tagListing(database, name, { query, viewerId: req.viewer?.id ?? null, facets: true });
      if (!listing) throw notFound(`tag '${name}'`);
      const keep = params.toString();
      if (listing.kind === 'redirect')
        return reply.redirect(`/tags/${tagToPath(listing.to.name)}${keep ? `?${keep}` : ''}`);
      const { tag, total, works, next } = listing;
      const path = `/tags/${tagToPath(tag.name)}`;
      const filtered = [...params].some(([k, v]) => k !== 'after' && v.trim() !== '');
      const body = html`<h1>${tag.name}</h1>
<p class="muted">${TAG_TYPE_LABELS[tag.type as TagType]?.one ?? tag.type} tag${tag.canonical ? ' (canonical)' : ''}</p>
<div class="browse">
  <section class="results" aria-labelledby="results-title">
    <h2 id="results-title">${totalText(total)}${filtered ? `: ${describeQuery(query)}` : ''}</h2>
    ${FILTERS_JUMP}
    ${queryMessages([...errors, ...listing.notices])}
    ${workList(works, filtered ? 'No works in this tag match these filters.' : 'No works carry this tag yet.', req.preferences)}
    ${pager(nextUrl(path, params, next))}
  </section>
  ${filterSidebar(path, params, query, listing.facets, tag.name)}
</div>`;
      const feeds = [{ title: `${tag.name} (Atom)`, href: FEED_PATHS.tag(tag.name) }];
      return sendPage(reply, { title: tag.name, body, feeds });
    },

    async tagJson(req: Req, reply: FastifyReply) {
      const name = tagFromPath(req.params.tag ?? '');
      const listing = await tagListing(database, name, {
        limit: PAGE_SIZE,
        after: req.query.after,
        viewerId: req.viewer?.id ?? null,
      });
      if (!listing) throw notFound(`tag '${name}'`);
      if (listing.kind === 'redirect') return reply.redirect(`/api/v1/tags/${tagToPath(listing.to.name)}`);
      const { tag, total, works, next } = listing;
      return {
        name: tag.name,
        type: tag.type,
        canonical: tag.canonical,
        total,
        works: works.map(blurbJson),
        next: next ? `/api/v1/tags/${tagToPath(tag.name)}?after=${next}` : null,
      };
    },
  };
}
