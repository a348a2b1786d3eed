// Thin handlers for co-creator invitations: the invited user's list, their answer, and a creator
// taking themselves off a work. Each checks who is asking; the service checks whose it is.
import type { FastifyReply } from 'fastify';
import type { Database } from '../db/database.ts';
import { AppError, idParam } from '../app-error.ts';
import { chrome, formField, requireViewer } from '../web/auth.ts';
import { sendPage, type Req } from '../web/page.ts';
import * as creatorships from './creatorships.service.ts';
import { invitationsPage } from './creatorships.html.ts';

export function creatorshipsRoutes(database: Database) {
  return {
    async list(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      if ((req.params.username ?? '').toLowerCase() !== viewer.username.toLowerCase())
        throw new AppError('forbidden', 'only you can see the co-creator requests made to you');
      const rows = await creatorships.myInvitations(database, viewer);
      return sendPage(reply, {
        title: 'Co-creator requests',
        body: invitationsPage(chrome(req).csrf, rows, req.preferences.timeZone, req.query.done),
      });
    },
    async answer(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const id = idParam(req.params.id, 'co-creator invitation');
      const action = formField(req.body, 'action');
      if (action !== 'accept' && action !== 'decline')
        throw new AppError('bad_request', 'accept or decline the invitation');
      const { workId } = await creatorships.answerInvitation(database, viewer, id, action);
      return action === 'accept'
        ? reply.redirect(`/works/${workId}`, 303)
        : reply.redirect(`/users/${encodeURIComponent(viewer.username)}/creatorships?done=declined`, 303);
    },
    async leave(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const id = idParam(req.params.id, 'work');
      await creatorships.leaveWork(database, viewer, id);
      return reply.redirect(`/users/${encodeURIComponent(viewer.username)}`, 303);
    },
  };
}
