// Thin handlers for gifts: a user's gifts page and the recipient's refusal.
import type { FastifyReply } from 'fastify';
import type { Database } from '../db/database.ts';
import { AppError, idParam } from '../app-error.ts';
import { chrome, requireViewer } from '../web/auth.ts';
import { sendPage, type Req } from '../web/page.ts';
import { creatorByUsername } from '../accounts/accounts.service.ts';
import { getWorkBlurbs, workAccessMany } from '../works/works.service.ts';
import { giftsPage } from './gifts.html.ts';
import * as gifts from './gifts.service.ts';

export function giftsRoutes(database: Database) {
  return {
    async page(req: Req, reply: FastifyReply) {
      const user = await creatorByUsername(database, req.params.username ?? '');
      if (!user) throw new AppError('not_found', `user '${req.params.username ?? ''}' was not found`);
      const list = await gifts.giftsForUser(database, user.id);
      // Only works this reader may open: an unrevealed or restricted gift is not named to others.
      const access = await workAccessMany(
        database,
        list.map((g) => g.workId),
        req.viewer,
      );
      const readable = list.filter((g) => access.get(g.workId) !== 'none');
      const blurbs = new Map(
        (
          await getWorkBlurbs(
            database,
            readable.map((g) => g.workId),
          )
        ).map((w) => [w.id, w]),
      );
      const items = readable.flatMap((gift) => {
        const work = blurbs.get(gift.workId);
        return work ? [{ gift, work }] : [];
      });
      const own = req.viewer?.id === user.id;
      return sendPage(reply, {
        title: `Gifts for ${user.username}`,
        body: giftsPage(user.username, items, {
          own,
          csrf: chrome(req).csrf,
          display: req.preferences,
          done: req.query.done,
        }),
      });
    },

    async refuse(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      await gifts.refuseGift(database, viewer, idParam(req.params.id, 'gift'));
      return reply.redirect(`/users/${encodeURIComponent(viewer.username)}/gifts?done=refused`, 303);
    },
  };
}
