// Thin handlers for tag pages and their JSON twins.
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
import { groupDigits } from '../search/query.ts';
import { sendPage, type Req } from '../web/page.ts';

export function totalText(total: { value: number; exact: boolean }): string {
  return `${total.exact ? '' : 'about '}${groupDigits(total.value)} work${total.value === 1 && total.exact ? '' : 's'}`;
}

export function tagsRoutes(database: Database) {
  async function load(req: Req) {
    const name = tagFromPath(req.params.tag ?? '');
    const listing = await tagListing(database, name, {
      limit: PAGE_SIZE,
      after: req.query.after,
      viewerId: req.viewer?.id ?? null,
    });
    if (!listing) throw notFound(`tag '${name}'`);
    return listing;
  }

  return {
    async tagPage(req: Req, reply: FastifyReply) {
      const listing = await load(req);
      if (listing.kind === 'redirect') return reply.redirect(`/tags/${tagToPath(listing.to.name)}`);
      const { tag, total, works, next } = listing;
      const body = html`<h1>${tag.name}</h1>
<p class="muted">${TAG_TYPE_LABELS[tag.type as TagType]?.one ?? tag.type} tag${tag.canonical ? ' (canonical)' : ''} · ${totalText(total)}</p>
${workList(works, 'No works carry this tag yet.', req.preferences)}
${pager(next ? `/tags/${tagToPath(tag.name)}?after=${next}` : null)}`;
      const feeds = [{ title: `${tag.name} (Atom)`, href: FEED_PATHS.tag(tag.name) }];
      return sendPage(reply, { title: tag.name, body, feeds });
    },

    async tagJson(req: Req, reply: FastifyReply) {
      const listing = await load(req);
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
