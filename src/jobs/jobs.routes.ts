// The admins' job queue page and its one action, Retry (a form POST: CSRF checked by web/auth.ts,
// the admin role by the service).
import type { FastifyReply } from 'fastify';
import type { Database } from '../db/database.ts';
import { csrfField } from '../web/auth.ts';
import { sendPage, type Req } from '../web/page.ts';
import { jobsPage } from './jobs.html.ts';
import { jobsOverview, retryDeadJob } from './jobs.service.ts';

export function jobsRoutes(database: Database) {
  return {
    async page(req: Req, reply: FastifyReply) {
      const overview = await jobsOverview(database, req.viewer ?? null);
      return sendPage(reply, {
        title: 'Jobs',
        body: jobsPage(overview, {
          csrf: csrfField(req),
          timeZone: req.preferences.timeZone,
          msg: req.query.retried ? { text: 'The job will be tried once more.', kind: 'notice' } : undefined,
        }),
      });
    },

    async retry(req: Req, reply: FastifyReply) {
      // The service checks the role first; an id that names no dead job is then a 404.
      await retryDeadJob(database, req.viewer ?? null, req.params.id ?? '');
      return reply.redirect('/admin/jobs?retried=1', 303);
    },
  };
}
