// Thin handlers for wrangling pages; wranglers and admins only.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { canWrangle } from '../accounts/accounts.service.ts';
import type { Database } from '../db/database.ts';
import { chrome, requireViewer } from '../web/auth.ts';
import { HttpError, notFound } from '../web/http-error.ts';
import { layout } from '../web/layout.ts';
import { tagFromPath, tagToPath } from './tag-url.ts';
import { wranglePage } from './wrangling.html.ts';
import * as wrangling from './wrangling.service.ts';

type Req = FastifyRequest<{
  Params: Record<string, string>;
  Body: Record<string, string | undefined>;
  Querystring: Record<string, string | undefined>;
}>;

export function wranglingRoutes(database: Database) {
  function wrangler(req: Req) {
    const viewer = requireViewer(req);
    if (!canWrangle(viewer)) throw new HttpError(403, 'only tag wranglers and admins can wrangle tags');
    return viewer;
  }
  async function details(name: string) {
    try {
      return await wrangling.tagDetails(database, name);
    } catch (e) {
      if (e instanceof wrangling.WranglingError) throw notFound(`tag '${name}'`);
      throw e;
    }
  }
  return {
    async page(req: Req, reply: FastifyReply) {
      wrangler(req);
      const d = await details(tagFromPath(req.params.tag ?? ''));
      const message = req.query.done ? { text: req.query.done, kind: 'notice' as const } : undefined;
      return reply.type('text/html; charset=utf-8').send(
        layout({
          chrome: chrome(req),
          title: `Wrangle ${d.tag.name}`,
          body: wranglePage(d, chrome(req).csrf, message),
        }),
      );
    },
    async change(req: Req, reply: FastifyReply) {
      wrangler(req);
      const name = tagFromPath(req.params.tag ?? '');
      const other = req.body?.other?.trim() ?? '';
      try {
        let result: wrangling.WrangleResult;
        switch (req.body?.action) {
          case 'canonical':
            result = await wrangling.setCanonical(database, name, true);
            break;
          case 'uncanonical':
            result = await wrangling.setCanonical(database, name, false);
            break;
          case 'merge':
            result = await wrangling.makeSynonym(database, name, other);
            break;
          case 'parent':
            result = await wrangling.setParent(database, name, other, true);
            break;
          case 'unparent':
            result = await wrangling.setParent(database, name, other, false);
            break;
          default:
            throw new HttpError(400, `unknown wrangling action '${req.body?.action ?? ''}'`);
        }
        return reply.redirect(`/admin/tags/${tagToPath(name)}?done=${encodeURIComponent(result.message)}`, 303);
      } catch (e) {
        if (!(e instanceof wrangling.WranglingError)) throw e;
        const d = await details(name);
        return reply
          .code(422)
          .type('text/html; charset=utf-8')
          .send(
            layout({
              chrome: chrome(req),
              title: `Wrangle ${d.tag.name}`,
              body: wranglePage(d, chrome(req).csrf, { text: e.message, kind: 'error' }),
            }),
          );
      }
    },
  };
}
