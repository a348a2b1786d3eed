// Thin handlers for browsing fandoms by media, and their JSON twins.
import type { FastifyReply } from 'fastify';
import type { Database } from '../db/database.ts';
import { notFound } from '../app-error.ts';
import { sendPage, type Req } from '../web/page.ts';
import { mediaFromPath, mediaPath, type FandomCount, type Media } from './media.ts';
import { fandomsOfMedia, mediaOverview } from './media.service.ts';
import { mediaFandomsPage, mediaIndexPage } from './media.html.ts';
import { tagToPath } from './tag-url.ts';

function fandomJson(f: FandomCount) {
  return { name: f.name, count: f.count, url: `/api/v1/tags/${tagToPath(f.name)}` };
}

const apiPath = (media: Media) => `/api/v1${mediaPath(media)}`;

export function mediaRoutes(database: Database) {
  function media(req: Req): Media {
    const m = mediaFromPath(req.params.media ?? '');
    if (!m) throw notFound(`media '${req.params.media ?? ''}'`);
    return m;
  }
  return {
    async mediaPage(req: Req, reply: FastifyReply) {
      const summaries = await mediaOverview(database, req.viewer?.id ?? null);
      return sendPage(reply, { title: 'Fandoms', body: mediaIndexPage(summaries) });
    },
    async fandomsPage(req: Req, reply: FastifyReply) {
      const m = media(req);
      const fandoms = await fandomsOfMedia(database, m, req.viewer?.id ?? null);
      return sendPage(reply, { title: `${m} fandoms`, body: mediaFandomsPage(m, fandoms) });
    },
    async mediaJson(req: Req) {
      const summaries = await mediaOverview(database, req.viewer?.id ?? null);
      return {
        media: summaries.map((s) => ({
          name: s.media,
          fandoms: s.fandoms,
          top: s.top.map(fandomJson),
          url: apiPath(s.media),
        })),
      };
    },
    async fandomsJson(req: Req) {
      const m = media(req);
      const fandoms = await fandomsOfMedia(database, m, req.viewer?.id ?? null);
      return { media: m, fandoms: fandoms.map(fandomJson) };
    },
  };
}
