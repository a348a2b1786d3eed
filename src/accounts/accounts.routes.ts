// Thin handlers for accounts: decode the form, one service call, a page or a redirect.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import { chrome, clearSessionCookie, formField, requireViewer, setSessionCookie } from '../web/auth.ts';
import { idParam } from '../app-error.ts';
import { mailOrigin } from '../web/public-origin.ts';
import type { MailSender } from './mail.ts';
import * as accounts from './accounts.service.ts';
import * as pages from './accounts.html.ts';
import { sendPage, type Req } from '../web/page.ts';

/** Only a path on this archive: `//evil.example` and `https://...` are not places to send a reader. */
export function safeReturnPath(raw: string | undefined): string {
  return raw && /^\/(?![/\\])[^\s]*$/.test(raw) ? raw : '/';
}

function clientOf(req: FastifyRequest): string {
  return req.ip;
}

export function accountsRoutes(database: Database, mail: MailSender) {
  const fail = (e: unknown) => {
    if (e instanceof accounts.AccountError) return e.message;
    throw e;
  };
  /** The account page again with the refused change's reason, as 422. */
  const accountPageWithError = async (req: Req, reply: FastifyReply, user: accounts.SignedIn, e: unknown) =>
    sendPage(
      reply,
      {
        title: user.username,
        body: pages.accountPage(chrome(req).csrf, user, await accounts.pseudsOf(database, user), {
          text: fail(e),
          kind: 'error',
        }),
      },
      422,
    );

  return {
    async signUpForm(req: Req, reply: FastifyReply) {
      return sendPage(reply, { title: 'Create an account', body: pages.signUpPage(chrome(req).csrf, {}) });
    },
    async signUp(req: Req, reply: FastifyReply) {
      const [username, email, password] = ['username', 'email', 'password'].map(
        (k) => formField(req.body, k) ?? '',
      ) as [string, string, string];
      try {
        const user = await accounts.signUp(database, { username, email, password });
        setSessionCookie(req, reply, await accounts.startSession(database, user.id));
        return reply.redirect('/account', 303);
      } catch (e) {
        return sendPage(
          reply,
          { title: 'Create an account', body: pages.signUpPage(chrome(req).csrf, { username, email }, fail(e)) },
          422,
        );
      }
    },
    async signInForm(req: Req, reply: FastifyReply) {
      return sendPage(reply, {
        title: 'Sign in',
        body: pages.signInPage(
          chrome(req).csrf,
          { returnTo: safeReturnPath(req.query.return_to) },
          undefined,
          req.query.reset === 'done' ? 'Your password is changed; sign in with it.' : undefined,
        ),
      });
    },
    async signIn(req: Req, reply: FastifyReply) {
      const [login, password] = ['login', 'password'].map((k) => formField(req.body, k) ?? '') as [string, string];
      const return_to = formField(req.body, 'return_to');
      try {
        const { token } = await accounts.signIn(database, login, password, clientOf(req));
        setSessionCookie(req, reply, token);
        return reply.redirect(safeReturnPath(return_to), 303);
      } catch (e) {
        return sendPage(
          reply,
          {
            title: 'Sign in',
            body: pages.signInPage(chrome(req).csrf, { login, returnTo: safeReturnPath(return_to) }, fail(e)),
          },
          422,
        );
      }
    },
    async signOut(req: Req, reply: FastifyReply) {
      await accounts.signOut(database, req.cookies.quire_session);
      clearSessionCookie(req, reply);
      return reply.redirect('/', 303);
    },
    async accountPage(req: Req, reply: FastifyReply) {
      const user = requireViewer(req);
      const message = req.query.done
        ? {
            text: req.query.done === 'password' ? 'Your password is changed.' : 'Pseud added.',
            kind: 'notice' as const,
          }
        : undefined;
      return sendPage(reply, {
        title: user.username,
        body: pages.accountPage(chrome(req).csrf, user, await accounts.pseudsOf(database, user), message),
      });
    },
    async changePassword(req: Req, reply: FastifyReply) {
      const user = requireViewer(req);
      try {
        await accounts.changePassword(
          database,
          user,
          formField(req.body, 'current') ?? '',
          formField(req.body, 'password') ?? '',
          req.cookies.quire_session,
        );
        return reply.redirect('/account?done=password', 303);
      } catch (e) {
        return accountPageWithError(req, reply, user, e);
      }
    },
    async addPseud(req: Req, reply: FastifyReply) {
      const user = requireViewer(req);
      try {
        await accounts.addPseud(database, user, formField(req.body, 'name') ?? '');
        return reply.redirect('/account?done=pseud', 303);
      } catch (e) {
        return accountPageWithError(req, reply, user, e);
      }
    },
    async tokensPage(req: Req, reply: FastifyReply) {
      const user = requireViewer(req);
      return sendPage(reply, {
        title: 'API tokens',
        body: pages.tokensPage(
          chrome(req).csrf,
          await accounts.listApiTokens(database, user),
          req.preferences.timeZone,
        ),
      });
    },
    async createToken(req: Req, reply: FastifyReply) {
      const user = requireViewer(req);
      const name = formField(req.body, 'name') ?? '';
      try {
        const token = await accounts.createApiToken(database, user, name);
        // Shown once, on this response only; never stored in the clear.
        reply.header('cache-control', 'no-store');
        return sendPage(
          reply,
          {
            title: 'API tokens',
            body: pages.tokensPage(
              chrome(req).csrf,
              await accounts.listApiTokens(database, user),
              req.preferences.timeZone,
              {
                name: name.trim(),
                token,
              },
            ),
          },
          201,
        );
      } catch (e) {
        return sendPage(
          reply,
          {
            title: 'API tokens',
            body: pages.tokensPage(
              chrome(req).csrf,
              await accounts.listApiTokens(database, user),
              req.preferences.timeZone,
              undefined,
              fail(e),
            ),
          },
          422,
        );
      }
    },
    async revokeToken(req: Req, reply: FastifyReply) {
      const user = requireViewer(req);
      try {
        await accounts.revokeApiToken(database, user, idParam(req.params.id, 'API token'));
      } catch (e) {
        return sendPage(
          reply,
          {
            title: 'API tokens',
            body: pages.tokensPage(
              chrome(req).csrf,
              await accounts.listApiTokens(database, user),
              req.preferences.timeZone,
              undefined,
              fail(e),
            ),
          },
          404,
        );
      }
      return reply.redirect('/account/tokens', 303);
    },
    async resetRequestForm(req: Req, reply: FastifyReply) {
      return sendPage(reply, { title: 'Reset your password', body: pages.resetRequestPage(chrome(req).csrf) });
    },
    async resetRequest(req: Req, reply: FastifyReply) {
      // A Host header is the client's to choose: the mailed link names only a configured or allowed host.
      const origin = mailOrigin(req);
      if (!origin) {
        req.log.warn(
          { host: req.host },
          'password reset refused: set QUIRE_PUBLIC_URL (or QUIRE_ALLOWED_HOSTS) so that reset links name this archive',
        );
        return sendPage(
          reply,
          { title: 'Reset your password', body: pages.resetRequestPage(chrome(req).csrf, 'unavailable') },
          421,
        );
      }
      await accounts.requestPasswordReset(database, formField(req.body, 'login') ?? '', mail, origin);
      return sendPage(reply, { title: 'Reset your password', body: pages.resetRequestPage(chrome(req).csrf, 'sent') });
    },
    async resetForm(req: Req, reply: FastifyReply) {
      return sendPage(reply, {
        title: 'Choose a new password',
        body: pages.resetPage(chrome(req).csrf, req.params.token ?? ''),
      });
    },
    async reset(req: Req, reply: FastifyReply) {
      try {
        await accounts.resetPassword(database, req.params.token ?? '', formField(req.body, 'password') ?? '');
        return reply.redirect('/login?reset=done', 303);
      } catch (e) {
        return sendPage(
          reply,
          { title: 'Choose a new password', body: pages.resetPage(chrome(req).csrf, req.params.token ?? '', fail(e)) },
          422,
        );
      }
    },
  };
}
