// Thin handlers for gift exchanges: the exchange's page and settings, sign-ups, matching and
// assignments under /collections/:name, and a writer's /users/:username/assignments.
import type { SignedIn } from '../accounts/accounts.service.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError, idParam, optionalId } from '../app-error.ts';
import { collectionHeader, type CollectionHeader } from '../collections/collections.html.ts';
import { collectionView, moderates } from '../collections/collections.service.ts';
import type { Database } from '../db/database.ts';
import { chrome, formField, requireViewer } from '../web/auth.ts';
import { sendPage, type Req } from '../web/page.ts';
import * as assignments from './assignments.service.ts';
import { DEFAULT_FORM, DEFAULT_RULES } from './exchange-form.ts';
import * as service from './exchanges.service.ts';
import { exchangePath, overviewPage, settingsPage } from './exchanges.html.ts';
import { myAssignmentsPage, reviewPage } from './assignments.html.ts';
import { signupPage, summaryPage, valuesOf } from './signups.html.ts';

const DONE: Record<string, string> = {
  settings: 'Saved.',
  signup: 'You are signed up.',
  withdrawn: 'Your sign-up is withdrawn.',
  removed: 'The sign-up is removed; run matching again.',
  matching: 'Matching has started.',
  sent: 'Assignments sent.',
  default: 'Marked defaulted.',
  pinch_hit: 'Pinch hitter assigned.',
  fulfil: 'Marked fulfilled.',
  purge: 'Purged.',
};

export function exchangesRoutes(database: Database) {
  const getter = (body: unknown) => (name: string) => formField(body, name);

  async function header(req: Req, current: 'exchange' = 'exchange') {
    const view = await collectionView(database, req.params.name ?? '', req.viewer);
    const h: CollectionHeader = { ...view, moderates: moderates(view), exchange: true };
    return { view, h, html: collectionHeader(h, current, req.preferences.timeZone) };
  }

  const done = (req: Req) => DONE[req.query.done ?? ''];
  const back = (reply: FastifyReply, name: string, page: string, what: string) =>
    reply.redirect(`${exchangePath({ name })}/${page}?done=${what}`, 303);
  /** A signed-in reader's step on the named exchange (the service checks what they may do), then back to `page`. */
  const step =
    (run: (viewer: SignedIn, name: string) => Promise<unknown>, page: string, what: string) =>
    async (req: Req, reply: FastifyReply) => {
      const name = req.params.name ?? '';
      await run(requireViewer(req), name);
      return back(reply, name, page, what);
    };

  return {
    async overview(req: Req, reply: FastifyReply) {
      const name = req.params.name ?? '';
      const x = await service.findExchange(database.db, name);
      const { view, h, html } = await header(req);
      if (!x) {
        if (!h.moderates) throw new AppError('not_found', `the collection '${name}' is not a gift exchange`);
        return reply.redirect(`${exchangePath({ name })}/exchange/edit`, 303);
      }
      const mine = req.viewer ? await service.mySignup(database, req.viewer, x) : undefined;
      const count = h.moderates ? await service.signupCount(database, req.viewer!, x) : 0;
      const body = overviewPage(
        html,
        {
          collection: view.collection,
          row: x.row,
          open: service.signupsOpen(x),
          viewer: req.viewer?.username ?? null,
          signedUp: mine !== undefined,
          moderates: h.moderates,
          signups: count,
          csrf: chrome(req).csrf,
          done: done(req),
        },
        req.preferences.timeZone,
      );
      return sendPage(reply, { title: `${view.collection.title}: gift exchange`, body });
    },

    async settingsForm(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const c = await service.collectionNamed(database.db, req.params.name ?? '');
      await service.mustRun(database.db, c.id, viewer);
      const x = await service.findExchange(database.db, c.name);
      const body = settingsPage(c, x?.row, x?.form ?? DEFAULT_FORM, x?.rules ?? DEFAULT_RULES, chrome(req).csrf);
      return sendPage(reply, { title: `Gift exchange settings: ${c.title}`, body });
    },

    async saveSettings(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const name = req.params.name ?? '';
      try {
        await service.saveExchange(database, viewer, name, getter(req.body));
      } catch (e) {
        if (!(e instanceof AppError) || e.kind !== 'invalid') throw e;
        const c = await service.collectionNamed(database.db, name);
        const x = await service.findExchange(database.db, name);
        const body = settingsPage(
          c,
          x?.row,
          x?.form ?? DEFAULT_FORM,
          x?.rules ?? DEFAULT_RULES,
          chrome(req).csrf,
          e.message,
        );
        return sendPage(reply, { title: `Gift exchange settings: ${c.title}`, body }, 422);
      }
      return back(reply, name, 'exchange', 'settings');
    },

    async signupForm(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const x = await service.mustFindExchange(database.db, req.params.name ?? '');
      if (!service.signupsOpen(x)) throw new AppError('invalid', 'sign-ups for this exchange are closed');
      const mine = await service.mySignup(database, viewer, x);
      const values = valuesOf({ request: mine?.requests ?? [], offer: mine?.offers ?? [] });
      const body = signupPage(x.collection, x.form, values, chrome(req).csrf, mine !== undefined);
      return sendPage(reply, { title: `Sign up for ${x.collection.title}`, body });
    },

    async saveSignup(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const name = req.params.name ?? '';
      try {
        await service.saveSignup(database, viewer, name, getter(req.body));
      } catch (e) {
        if (!(e instanceof service.SignupError)) throw e;
        const x = await service.mustFindExchange(database.db, name);
        const values = (field: string) => formField(req.body, field) ?? '';
        const editing = (await service.mySignup(database, viewer, x)) !== undefined;
        const body = signupPage(x.collection, x.form, values, chrome(req).csrf, editing, e.problems);
        return sendPage(reply, { title: `Sign up for ${x.collection.title}`, body }, 422);
      }
      return back(reply, name, 'exchange', 'signup');
    },

    withdraw: step((viewer, name) => service.withdrawSignup(database, viewer, name), 'exchange', 'withdrawn'),

    async removeSignup(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const name = req.params.name ?? '';
      await service.removeSignup(database, viewer, name, idParam(req.params.id, 'sign-up'));
      return back(reply, name, 'signups', 'removed');
    },

    async summary(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const data = await service.signupSummary(database, viewer, req.params.name ?? '', optionalId(req.query.after));
      const { html } = await header(req);
      const removable = !data.exchange.row.sent_at;
      const body = summaryPage(
        html,
        { collection: data.exchange.collection, ...data },
        removable ? chrome(req).csrf : null,
      );
      return sendPage(reply, { title: `Sign-ups: ${data.exchange.collection.title}`, body });
    },

    startMatching: step((viewer, name) => assignments.startMatching(database, viewer, name), 'assignments', 'matching'),

    async review(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const v = await assignments.matchingView(database, viewer, req.params.name ?? '');
      const { html } = await header(req);
      const body = reviewPage(
        html,
        {
          collection: v.exchange.collection,
          row: v.exchange.row,
          assignments: v.assignments,
          unmatchedWriters: v.unmatchedWriters,
          candidates: v.candidates,
          csrf: chrome(req).csrf,
          done: done(req),
        },
        req.preferences.timeZone,
      );
      return sendPage(reply, { title: `Assignments: ${v.exchange.collection.title}`, body });
    },

    send: step((viewer, name) => assignments.sendAssignments(database, viewer, name), 'assignments', 'sent'),

    async act(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const name = req.params.name ?? '';
      const id = idParam(req.params.id, 'assignment');
      const action = req.params.action ?? '';
      if (action === 'default') {
        await assignments.defaultAssignment(database, viewer, name, id);
        // The writer goes back to their own list; a moderator to the review.
        const runsIt = await service.runs(database.db, (await service.collectionNamed(database.db, name)).id, viewer);
        if (!runsIt) return reply.redirect(`/users/${encodeURIComponent(viewer.username)}/assignments`, 303);
      } else if (action === 'pinch_hit')
        await assignments.pinchHit(database, viewer, name, id, formField(req.body, 'username') ?? '');
      else if (action === 'fulfil' || action === 'purge')
        await assignments.moderateAssignment(database, viewer, name, id, action);
      else throw new AppError('not_found', `there is no assignment action '${action}'`);
      return back(reply, name, 'assignments', action);
    },

    /** The inbox's link: the signed-in writer's own assignments. */
    async myRedirect(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      return reply.redirect(`/users/${encodeURIComponent(viewer.username)}/assignments`, 303);
    },

    async mine(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      if (viewer.username.toLowerCase() !== (req.params.username ?? '').toLowerCase())
        throw new AppError('forbidden', 'only its writer sees their assignments');
      const rows = await assignments.myAssignments(database, viewer);
      const body = myAssignmentsPage(rows, chrome(req).csrf, req.preferences.timeZone);
      return sendPage(reply, { title: 'My assignments', body });
    },
  };
}

/** Registers every gift-exchange route (kept here so that the route table gains one line). */
export function registerExchangeRoutes(app: FastifyInstance, database: Database): void {
  const r = exchangesRoutes(database);
  const base = '/collections/:name';
  app.get(`${base}/exchange`, r.overview);
  app.get(`${base}/exchange/edit`, r.settingsForm);
  app.post(`${base}/exchange`, r.saveSettings);
  app.get(`${base}/signups`, r.summary);
  app.get(`${base}/signups/new`, r.signupForm);
  app.post(`${base}/signups`, r.saveSignup);
  app.post(`${base}/signups/withdraw`, r.withdraw);
  app.post(`${base}/signups/:id/remove`, r.removeSignup);
  app.post(`${base}/matching`, r.startMatching);
  app.get(`${base}/assignments`, r.review);
  app.post(`${base}/assignments/send`, r.send);
  app.post(`${base}/assignments/:id/:action`, r.act);
  app.get('/users/:username/assignments', r.mine);
  app.get('/assignments', r.myRedirect);
}
