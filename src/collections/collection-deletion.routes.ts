// Thin handlers for deleting a collection: the owners' confirmation page and the deletion.
import type { FastifyReply } from 'fastify';
import type { Database } from '../db/database.ts';
import { AppError } from '../app-error.ts';
import { chrome, formField, requireViewer } from '../web/auth.ts';
import { sendPage, type Req } from '../web/page.ts';
import { deleteCollection, deletionSummary } from './collection-deletion.service.ts';
import { deleteCollectionPage } from './collection-deletion.html.ts';

export function collectionDeletionRoutes(database: Database) {
  async function confirmPage(req: Req, reply: FastifyReply, error?: string) {
    const summary = await deletionSummary(database, requireViewer(req), req.params.name ?? '');
    const body = deleteCollectionPage(chrome(req).csrf, summary, error);
    return sendPage(reply, { title: `Delete ${summary.collection.title}?`, body }, error ? 422 : 200);
  }

  return {
    async confirm(req: Req, reply: FastifyReply) {
      return confirmPage(req, reply);
    },

    async remove(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      try {
        await deleteCollection(database, viewer, req.params.name ?? '', formField(req.body, 'confirm') ?? '');
        return reply.redirect('/collections', 303);
      } catch (e) {
        if (!(e instanceof AppError) || e.kind !== 'invalid') throw e;
        return confirmPage(req, reply, e.message);
      }
    },
  };
}
