// Thin handlers for a reader's preferences: the page and form at /users/:username/preferences
// and their JSON twin in the API. Only the account's own reader gets past ownPreferencesOf.
import type { FastifyReply } from 'fastify';
import type { Database } from '../db/database.ts';
import { AppError } from '../app-error.ts';
import { chrome, formField, requireViewer } from '../web/auth.ts';
import { sendPage, type Req } from '../web/page.ts';
import { FLAG_PREFERENCES, type Preferences } from './preferences.ts';
import { ownPreferencesOf, preferencesFor, updatePreferences } from './preferences.service.ts';
import { FLAG_FIELDS, preferencesPage, TIME_ZONE_FIELD } from './preferences.html.ts';

/** The whole form: a box left unticked is sent as nothing, so it means off. */
function fromForm(body: unknown): Partial<Preferences> {
  const changes: Partial<Preferences> = { timeZone: formField(body, TIME_ZONE_FIELD) ?? '' };
  for (const key of FLAG_PREFERENCES) changes[key] = formField(body, FLAG_FIELDS[key]) === '1';
  return changes;
}

export function preferencesRoutes(database: Database) {
  return {
    async page(req: Req, reply: FastifyReply) {
      const user = ownPreferencesOf(requireViewer(req), req.params.username);
      const saved =
        req.query.done === 'saved' ? { text: 'Your preferences are saved.', kind: 'notice' as const } : undefined;
      return sendPage(reply, {
        title: 'Preferences',
        body: preferencesPage(chrome(req).csrf, user.username, await preferencesFor(database, user), saved),
      });
    },

    async save(req: Req, reply: FastifyReply) {
      const user = ownPreferencesOf(requireViewer(req), req.params.username);
      try {
        await updatePreferences(database, user, fromForm(req.body));
      } catch (e) {
        if (!(e instanceof AppError && e.kind === 'invalid')) throw e;
        // Shown back in the form, with what is stored, so the reader sees which field to fix.
        const body = preferencesPage(chrome(req).csrf, user.username, await preferencesFor(database, user), {
          text: e.message,
          kind: 'error',
        });
        return sendPage(reply, { title: 'Preferences', body }, 422);
      }
      return reply.redirect(`/users/${encodeURIComponent(user.username)}/preferences?done=saved`, 303);
    },

    async getJson(req: Req) {
      return preferencesFor(database, ownPreferencesOf(requireViewer(req), req.params.username));
    },

    async patchJson(req: Req) {
      const user = ownPreferencesOf(requireViewer(req), req.params.username);
      return updatePreferences(database, user, (req.body ?? {}) as Partial<Preferences>);
    },
  };
}
