// Thin handlers for wrangling pages; wranglers and admins only.
import type { FastifyReply } from 'fastify';
import { ConfigError, parseConfidence } from '../config-values.ts';
import { canWrangle } from '../accounts/accounts.service.ts';
import type { Database } from '../db/database.ts';
import { chrome, formField, requireViewer } from '../web/auth.ts';
import { AppError, notFound } from '../app-error.ts';
import { tagFromPath, tagToPath } from './tag-url.ts';
import { wranglePage } from './wrangling.html.ts';
import * as wrangling from './wrangling.service.ts';
import { decideInBulk, reviewQueue, type ReviewFilter } from './tags.service.ts';
import { reviewQueuePage } from './review.html.ts';
import { sendPage, type Req } from '../web/page.ts';

export function wranglingRoutes(database: Database) {
  function wrangler(req: Req) {
    const viewer = requireViewer(req);
    if (!canWrangle(viewer)) throw new AppError('forbidden', 'only tag wranglers and admins can wrangle tags');
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
  function done(reply: FastifyReply, name: string, result: wrangling.WrangleResult) {
    return reply.redirect(`/admin/tags/${tagToPath(name)}?done=${encodeURIComponent(result.message)}`, 303);
  }
  /** A wrangling the rules refuse comes back on the tag's page with the reason. */
  async function refused(req: Req, reply: FastifyReply, name: string, e: unknown) {
    if (!(e instanceof wrangling.WranglingError)) throw e;
    const d = await details(name);
    return sendPage(
      reply,
      { title: `Wrangle ${d.tag.name}`, body: wranglePage(d, chrome(req).csrf, { text: e.message, kind: 'error' }) },
      422,
    );
  }
  /** The queue's filter from a query or a form: a bad confidence is the sender's mistake. */
  function reviewFilter(query: Record<string, unknown>): ReviewFilter {
    // A repeated parameter arrives as a list: its first value counts.
    const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);
    const q = Object.fromEntries(
      ['fandom', 'min', 'max'].map((k) => [
        k,
        typeof one(query[k]) === 'string' ? (one(query[k]) as string) : undefined,
      ]),
    );
    const conf = (raw: string | undefined, what: string) => {
      try {
        return parseConfidence(raw, what);
      } catch (e) {
        throw e instanceof ConfigError ? new AppError('bad_request', e.message) : e;
      }
    };
    return { fandom: q.fandom?.trim() || undefined, min: conf(q.min, 'from'), max: conf(q.max, 'to') };
  }
  return {
    async reviewQueue(req: Req, reply: FastifyReply) {
      wrangler(req);
      const filter = reviewFilter(req.query);
      const groups = await reviewQueue(database, filter);
      const body = reviewQueuePage(groups, filter, chrome(req).csrf, req.query.done);
      return sendPage(reply, { title: 'Suggestions to review', body });
    },
    async reviewDecide(req: Req, reply: FastifyReply) {
      wrangler(req);
      const b = Object.fromEntries(
        ['fandom', 'min', 'max', 'state', 'decision', 'tag'].map((k) => [k, formField(req.body, k)]),
      );
      const filter = reviewFilter(b);
      const state = b.state === 'unreviewed' ? 'unreviewed' : b.state === 'suggested' ? 'suggested' : null;
      const decision = b.decision === 'accept' || b.decision === 'reject' ? b.decision : null;
      if (!state || !decision || !b.tag) throw new AppError('bad_request', 'say which tag, its state and the decision');
      const n = await decideInBulk(database, { name: b.tag, state }, decision, filter);
      const verb =
        state === 'suggested'
          ? decision === 'accept'
            ? 'accepted'
            : 'rejected'
          : decision === 'accept'
            ? 'kept'
            : 'undid';
      const query = new URLSearchParams({
        ...(filter.fandom ? { fandom: filter.fandom } : {}),
        ...(filter.min !== undefined ? { min: String(filter.min) } : {}),
        ...(filter.max !== undefined ? { max: String(filter.max) } : {}),
        done: `${verb} '${b.tag}' on ${n} work${n === 1 ? '' : 's'}`,
      });
      return reply.redirect(`/admin/suggestions?${query}`, 303);
    },
    async page(req: Req, reply: FastifyReply) {
      wrangler(req);
      const d = await details(tagFromPath(req.params.tag ?? ''));
      const message = req.query.done ? { text: req.query.done, kind: 'notice' as const } : undefined;
      return sendPage(reply, {
        title: `Wrangle ${d.tag.name}`,
        body: wranglePage(d, chrome(req).csrf, message),
      });
    },
    async change(req: Req, reply: FastifyReply) {
      wrangler(req);
      const name = tagFromPath(req.params.tag ?? '');
      const other = formField(req.body, 'other')?.trim() ?? '';
      try {
        let result: wrangling.WrangleResult;
        switch (formField(req.body, 'action')) {
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
            throw new AppError('bad_request', `unknown wrangling action '${formField(req.body, 'action') ?? ''}'`);
        }
        return done(reply, name, result);
      } catch (e) {
        return refused(req, reply, name, e);
      }
    },
    async setMedia(req: Req, reply: FastifyReply) {
      wrangler(req);
      const name = tagFromPath(req.params.tag ?? '');
      try {
        return done(reply, name, await wrangling.setFandomMedia(database, name, formField(req.body, 'media') ?? ''));
      } catch (e) {
        return refused(req, reply, name, e);
      }
    },
  };
}
