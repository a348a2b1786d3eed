// /users/:username/preferences/email (a reader's e-mail settings, theirs alone) and
// /unsubscribe/:token (the one-click link every notice mail carries; web/auth.ts lets its POST
// through without a session or CSRF token, because the token in the URL is its authentication).
import type { FastifyReply } from 'fastify';
import type { Database } from '../db/database.ts';
import { chrome, formField } from '../web/auth.ts';
import { sendPage, type Req } from '../web/page.ts';
import { emailSettingsPage, unsubscribeConfirmPage, unsubscribedPage } from './notices.html.ts';
import * as notices from './notices.service.ts';

const on = (body: unknown, name: string) => formField(body, name) === '1';

export function noticesRoutes(database: Database) {
  return {
    async settings(req: Req, reply: FastifyReply) {
      const view = await notices.emailSettingsPage(database, req.viewer, req.params.username ?? '');
      return sendPage(reply, {
        title: 'E-mail notices',
        body: emailSettingsPage(chrome(req).csrf, view, req.query.saved === '1'),
      });
    },

    async saveSettings(req: Req, reply: FastifyReply) {
      const username = req.params.username ?? '';
      await notices.saveEmailSettings(database, req.viewer, username, {
        comments: on(req.body, 'comments'),
        commentsDigest: on(req.body, 'comments_digest'),
        replies: on(req.body, 'replies'),
        subscriptions: on(req.body, 'subscriptions'),
        subscriptionsDigest: on(req.body, 'subscriptions_digest'),
        kudos: on(req.body, 'kudos'),
      });
      return reply.redirect(`/users/${encodeURIComponent(username)}/preferences/email?saved=1`, 303);
    },

    async unsubscribeForm(req: Req, reply: FastifyReply) {
      const token = req.params.token ?? '';
      const found = await notices.readUnsubscribeToken(database, token);
      return sendPage(reply, {
        title: 'Unsubscribe',
        body: unsubscribeConfirmPage(token, found.label, found.username),
      });
    },

    async unsubscribe(req: Req, reply: FastifyReply) {
      const done = await notices.unsubscribe(database, req.params.token ?? '');
      return sendPage(reply, { title: 'Unsubscribed', body: unsubscribedPage(done.label, done.username) });
    },
  };
}
