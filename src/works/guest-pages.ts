// Guests' work and chapter pages, rendered once per content version and served from memory
// (web/page-cache.ts) to every guest who asks for the same URL. A guest's page depends only on the
// archive's content, which two versions follow (the archive's, migration 17, and the work's own,
// migration 21), on the URL, and on three things of the guest's own, none of which is rendered
// into the kept page: their CSRF token and the work's hit count are holes filled per request, and
// whether they left kudos picks one of two pages. Signed-in readers' pages (their token, mutes,
// blocks, preferences, history, inbox) are never kept: `answer` renders them as it always has.
// The versions, the hits and the kudos come from one indexed read per request, so a change
// through any process is seen by the next request here.
import { randomBytes, randomInt } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { readSetting } from '../config.ts';
import type { Database } from '../db/database.ts';
import { idParam } from '../app-error.ts';
import { flushHits, recordGuestHit } from '../community/hits.service.ts';
import { guestPageTag, notModified, sendNotModified, withValidator } from '../web/conditional-get.ts';
import { acceptsGzip, gzipPageBody, PageCache, pageBody, pageTemplate, type PageTemplate } from '../web/page-cache.ts';
import { type Page, pageHtml, type Req, sendPage } from '../web/page.ts';
import { formatCount } from './works.html.ts';
import { readGuestPageFacts } from './guest-facts.ts';

/**
 * A rendering of the page, as a handler makes it. `hitsShownAs`, when given, is the hit count to
 * show instead of the work's (a stand-in that marks where the real count goes).
 */
export type RenderPage = (hitsShownAs?: number) => Promise<Page>;

/** The query parameters these pages read; a URL with any other is rendered for its request alone. */
const PAGE_PARAMETERS = new Set(['view_full_work', 'view_adult', 'notes', 'reply_to']);

export function guestPages(database: Database) {
  const budget = readSetting('pageCacheMb') * 1024 * 1024;
  const cache = budget > 0 ? new PageCache<{ template: PageTemplate; workVersion: number }>(budget) : null;
  // Stand-ins no content can hold: drawn at random for each server.
  const csrfMark = randomBytes(24).toString('base64url');
  const hitsStandIn = 9e14 + randomInt(2 ** 47);
  const hitsMark = formatCount(hitsStandIn);

  function cacheable(req: Req): boolean {
    const query = req.url.indexOf('?');
    if (query === -1) return true;
    return [...new URLSearchParams(req.url.slice(query + 1)).keys()].every((k) => PAGE_PARAMETERS.has(k));
  }

  /** The guest's page rendered with its holes marked; the token on the request is left as it was. */
  async function renderTemplate(req: Req, render: RenderPage): Promise<PageTemplate> {
    const token = req.csrfToken;
    req.csrfToken = csrfMark;
    try {
      return pageTemplate(pageHtml(req, await render(hitsStandIn)), { csrf: csrfMark, hits: hitsMark });
    } finally {
      req.csrfToken = token;
    }
  }

  return {
    /** The cache, for the tests and the metrics; null when the setting turns it off. */
    cache,

    /** Writes the views still waiting to be counted (the server calls it as it closes). */
    flushHits: () => flushHits(database),

    /**
     * Answers a work or chapter page: signed-in readers with a fresh rendering; guests with a 304
     * when they hold the page, else from the cache (filling it on a miss).
     */
    async answer(req: Req, reply: FastifyReply, render: RenderPage): Promise<FastifyReply> {
      if (req.viewer) return sendPage(reply, await render());
      const workId = idParam(req.params.id, 'work');
      const facts = await readGuestPageFacts(database, workId, req.ip);
      const tag = guestPageTag(req, facts ? `${facts.version}.${facts.workVersion}` : null);
      // Only a page that was sent in full carries a tag, so the work is there and this guest may read it.
      if (tag !== null && notModified(req, tag)) {
        recordGuestHit(database, req.ip, workId);
        return sendNotModified(reply, tag);
      }
      if (!cache || !facts || !cacheable(req)) return sendPage(withValidator(reply, tag), await render());
      const key = `${facts.kudosGiven ? 'k' : '-'}${req.url}`;
      // Kept by the archive's version; the work's is checked here, so a page kept at an older
      // one is replaced rather than left to age out.
      const kept = cache.get(facts.version, key);
      let template: PageTemplate;
      if (kept && kept.workVersion === facts.workVersion) {
        template = kept.template;
        recordGuestHit(database, req.ip, workId);
      } else {
        // The rendering counts the hit, and throws for a work the guest may not read.
        template = await renderTemplate(req, render);
        cache.set(facts.version, key, { template, workVersion: facts.workVersion }, template.bytes);
      }
      const values = { csrf: req.csrfToken, hits: formatCount(facts.hits ?? 0) };
      withValidator(reply, tag).code(200).type('text/html; charset=utf-8').header('vary', 'Cookie, Accept-Encoding');
      if (acceptsGzip(req.headers['accept-encoding']))
        return reply.header('content-encoding', 'gzip').send(gzipPageBody(template, values));
      return reply.send(pageBody(template, values));
    },
  };
}
