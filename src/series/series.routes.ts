// Thin handlers for a series: its page (the works in order, downloads of the whole series,
// subscribe and hide for signed-in readers) and its JSON twin.
import type { FastifyReply } from 'fastify';
import type { Database } from '../db/database.ts';
import { isHidden } from '../curation/hidden.service.ts';
import { isSubscribed } from '../curation/subscriptions.service.ts';
import { chrome } from '../web/auth.ts';
import { idParam, notFound } from '../app-error.ts';
import { blurbJson } from '../works/works.json.ts';
import * as pages from './series.html.ts';
import { getSeries } from './series.service.ts';
import { sendPage, type Req } from '../web/page.ts';

export function seriesRoutes(database: Database) {
  async function load(req: Req) {
    const id = idParam(req.params.id, 'series');
    const series = await getSeries(database, id, req.viewer);
    if (!series) throw notFound(`series ${id}`);
    return series;
  }
  return {
    async seriesPage(req: Req, reply: FastifyReply) {
      const s = await load(req);
      const viewer = req.viewer;
      const reader = viewer && {
        subscribed: await isSubscribed(database.db, viewer.id, { type: 'series', id: s.id }),
        hidden: await isHidden(database.db, viewer.id, { seriesId: s.id }),
        csrf: chrome(req).csrf,
        returnTo: req.url,
      };
      return sendPage(reply, { title: s.title, body: pages.seriesPage(s, reader, req.preferences) });
    },
    async seriesJson(req: Req) {
      const s = await load(req);
      return {
        id: s.id,
        url: `/api/v1/series/${s.id}`,
        title: s.title,
        summary: s.summary,
        creators: s.creators,
        words: s.words,
        complete: s.complete,
        updatedAt: s.lastChangeAt,
        works: s.works.map((w) => ({ position: w.position, ...blurbJson(w) })),
      };
    },
  };
}
