// /users/:username, a creator's page (AO3's user dashboard, reading side), the profile its
// creator writes (/users/:username/profile), the writer's own statistics at
// /users/:username/stats, and the people search (/people/search) with its JSON twin.
import type { FastifyReply } from 'fastify';
import type { Database } from '../db/database.ts';
import { AppError } from '../app-error.ts';
import { PROFILE_MAX_CHARS, editableText } from '../community/user-text.ts';
import { chrome, formField, requireViewer } from '../web/auth.ts';
import { pageParam, queryText, sendPage, type Req } from '../web/page.ts';
import { creatorPageHtml } from './people.html.ts';
import { creatorPage, profileOf, updateProfile } from './people.service.ts';
import { peopleSearchPage } from './people-search.html.ts';
import { searchPeople } from './people-search.service.ts';
import { profileForm } from './profile.html.ts';
import { statsPage } from './stats.html.ts';
import { activityCsv, writerStats, worksCsv } from './stats.service.ts';

export function peopleRoutes(database: Database) {
  function statsOf(req: Req) {
    return writerStats(database, req.viewer, req.params.username ?? '', {
      sort: queryText(req, 'sort'),
      days: queryText(req, 'days'),
      work: queryText(req, 'work') || undefined,
    });
  }

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

    async profileForm(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const username = req.params.username ?? '';
      if (viewer.username.toLowerCase() !== username.toLowerCase())
        throw new AppError('forbidden', 'only its creator may change a profile');
      const current = await profileOf(database, viewer.id);
      return sendPage(reply, {
        title: 'Your profile',
        body: profileForm(chrome(req).csrf, viewer.username, current ? editableText(current) : '', PROFILE_MAX_CHARS),
      });
    },

    async saveProfile(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const text = formField(req.body, 'profile') ?? '';
      try {
        await updateProfile(database, viewer, req.params.username ?? '', text);
      } catch (e) {
        if (!(e instanceof AppError) || e.kind !== 'invalid') throw e;
        return sendPage(
          reply,
          {
            title: 'Your profile',
            body: profileForm(chrome(req).csrf, viewer.username, text, PROFILE_MAX_CHARS, e.message),
          },
          422,
        );
      }
      return reply.redirect(`/users/${encodeURIComponent(viewer.username)}`, 303);
    },

    async peopleSearch(req: Req, reply: FastifyReply) {
      const result = await searchPeople(database, req.viewer, queryText(req, 'q'), pageParam(req));
      const params = new URLSearchParams({ q: result.query });
      return sendPage(reply, {
        title: result.query ? `People: ${result.query}` : 'Search people',
        body: peopleSearchPage(result, params),
      });
    },

    async peopleSearchJson(req: Req) {
      const page = pageParam(req);
      const result = await searchPeople(database, req.viewer, queryText(req, 'q'), page);
      const params = new URLSearchParams({ q: result.query, page: String(page + 1) });
      return {
        query: result.query,
        total: result.total,
        people: result.people.map((p) => ({
          pseud: p.pseud,
          username: p.username,
          url: `/api/v1/users/${encodeURIComponent(p.username)}`,
          works: p.works,
          bookmarks: p.bookmarks,
        })),
        next: result.hasNext ? `/api/v1/people/search?${params.toString()}` : null,
      };
    },

    async stats(req: Req, reply: FastifyReply) {
      const stats = await statsOf(req);
      return sendPage(reply, {
        title: `Statistics for ${stats.username}`,
        body: statsPage(stats, req.preferences.timeZone),
      });
    },

    async statsCsv(req: Req, reply: FastifyReply) {
      return sendCsv(reply, `${req.params.username}-works.csv`, worksCsv(await statsOf(req)));
    },

    async activityCsv(req: Req, reply: FastifyReply) {
      return sendCsv(reply, `${req.params.username}-activity.csv`, activityCsv(await statsOf(req)));
    },
  };
}

/** A CSV download; the name is made safe for the header whatever the username holds. */
function sendCsv(reply: FastifyReply, name: string, body: string) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`)
    .header('cache-control', 'private, no-store')
    .send(body);
}
