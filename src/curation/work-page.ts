// What the work page shows of the reader's own curation, in one call for its handler: subscribe
// to the work and to its creators, Mark for Later, hide the work or a series it is part of. Guests
// get nothing (each of these needs an account). Visits are recorded separately (recordReading).
import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import { csrfField } from '../web/auth.ts';
import { html, type SafeHtml } from '../markup/html.ts';
import { hideSeriesForm, hideWorkForm, markForLaterForm, subscribeForm } from './curation.html.ts';
import { hiddenStateOfWork } from './hidden.service.ts';
import { getReading } from './history.repo.ts';
import { isSubscribed } from './subscriptions.service.ts';
import { creatorAccounts } from './users.repo.ts';

/**
 * The curation buttons for a work the viewer may read (call it after the access check).
 * `returnTo` is the page to come back to, usually the request's own path and query.
 */
export async function workPageCuration(
  database: Database,
  req: FastifyRequest,
  opts: { workId: number; returnTo?: string; hideCreators?: boolean },
): Promise<SafeHtml> {
  const viewer = req.viewer;
  if (!viewer) return html``;
  const { workId } = opts;
  const returnTo = opts.returnTo ?? req.url;
  const creators = await creatorAccounts(database.db, workId);
  const own = creators.some((c) => c.id === viewer.id);
  const others = opts.hideCreators ? [] : creators.filter((c) => c.id !== viewer.id);
  const [workSub, creatorSubs, reading, hidden] = await Promise.all([
    isSubscribed(database.db, viewer.id, { type: 'work', id: workId }),
    Promise.all(others.map((c) => isSubscribed(database.db, viewer.id, { type: 'creator', id: c.id }))),
    getReading(database.db, viewer.id, workId),
    hiddenStateOfWork(database, viewer.id, workId),
  ]);
  const csrf = csrfField(req);
  return html`<div class="curation-tools" aria-label="Your reading tools">
  ${own ? '' : subscribeForm({ type: 'work', id: workId }, workSub, csrf, returnTo)}
  ${others.map((c, i) => subscribeForm({ type: 'creator', id: c.id, name: c.username }, creatorSubs[i]!, csrf, returnTo))}
  ${markForLaterForm(workId, reading?.markedForLater ?? false, csrf, returnTo)}
  ${own ? '' : hideWorkForm(workId, hidden.work, csrf)}
  ${own ? '' : hidden.series.map((s) => hideSeriesForm(s, s.hidden, csrf, returnTo))}
</div>`;
}
