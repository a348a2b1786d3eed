// /users/:username, a creator's page (AO3's user dashboard, reading side), and the writer's own
// statistics at /users/:username/stats.
import type { FastifyReply } from 'fastify';
import type { Database } from '../db/database.ts';
import { sendPage, type Req } from '../web/page.ts';
import { creatorPageHtml } from './people.html.ts';
import { creatorPage } from './people.service.ts';
import { statsPage } from './stats.html.ts';
import { writerStats } from './stats.service.ts';

export function peopleRoutes(database: Database) {
  return {
    async creator(req: Req, reply: FastifyReply) {
      const username = req.params.username ?? '';
      const after = typeof req.query.after === 'string' ? req.query.after : undefined;
      const page = await creatorPage(database, req.viewer, username, after);
      const next = page.works.next
        ? `/users/${encodeURIComponent(page.username)}?after=${encodeURIComponent(page.works.next)}`
        : null;
      return sendPage(reply, {
        title: `${page.username}'s works`,
        body: creatorPageHtml(page, next, req.preferences, req.viewer?.username === page.username),
      });
    },

    async pseud(req: Req, reply: FastifyReply) {
      const after = typeof req.query.after === 'string' ? req.query.after : undefined;
      const page = await creatorPage(database, req.viewer, req.params.username ?? '', after, req.params.pseud ?? '');
      const here = `/users/${encodeURIComponent(page.username)}/pseuds/${encodeURIComponent(page.pseud ?? '')}`;
      const next = page.works.next ? `${here}?after=${encodeURIComponent(page.works.next)}` : null;
      return sendPage(reply, {
        title: `${page.pseud}'s works`,
        body: creatorPageHtml(page, next, req.preferences, req.viewer?.username === page.username),
      });
    },

    async stats(req: Req, reply: FastifyReply) {
      const stats = await writerStats(database, req.viewer, req.params.username ?? '', req.query.sort);
      return sendPage(reply, { title: `Statistics for ${stats.username}`, body: statsPage(stats) });
    },
  };
}
