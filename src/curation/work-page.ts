// What the work page shows of the reader's own curation, in one call for its handler: subscribe
// to the work and to its creators, Mark for Later, hide the work or a series it is part of. Guests
// get nothing (each of these needs an account). Visits are recorded separately (recordReading).
import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import { csrfField } from '../web/auth.ts';
import { html, type SafeHtml } from '../markup/html.ts';
import { hideSeriesForm, hideWorkForm, markForLaterForm, subscribeForm } from './curation.html.ts';
import { workFacts, type WorkFacts } from '../works/works.service.ts';
import { hiddenStateOfWork } from './hidden.service.ts';
import { getReading, type ReadingRow } from './history.repo.ts';
import { followsAmong } from './subscriptions.service.ts';

/**
 * The curation buttons for a work the viewer may read (call it after the access check).
 * `returnTo` is the page to come back to, usually the request's own path and query. `facts` is
 * the request's memo of the work and `reading` the visit just recorded, when the page has them.
 */
export async function workPageCuration(
  database: Database,
  req: FastifyRequest,
  opts: { workId: number; returnTo?: string; hideCreators?: boolean; facts?: WorkFacts; reading?: ReadingRow },
): Promise<SafeHtml> {
  const viewer = req.viewer;
  if (!viewer) return html``;
  const { workId } = opts;
  const returnTo = opts.returnTo ?? req.url;
  const facts = opts.facts ?? workFacts(database, workId);
  const [{ creators, others, follows }, reading, hidden] = await Promise.all([
    followed(database, viewer.id, facts, opts.hideCreators === true),
    opts.reading ?? getReading(database.db, viewer.id, workId),
    hiddenStateOfWork(database, viewer.id, workId),
  ]);
  const own = creators.some((c) => c.id === viewer.id);
  const csrf = csrfField(req);
  return html`<div class="curation-tools" aria-label="Your reading tools">
  ${own ? '' : subscribeForm({ type: 'work', id: workId }, follows[0]!, csrf, returnTo)}
  ${others.map((c, i) => subscribeForm({ type: 'creator', id: c.id, name: c.username }, follows[i + 1]!, csrf, returnTo))}
  ${markForLaterForm(workId, reading?.markedForLater ?? false, csrf, returnTo)}
  ${own ? '' : hideWorkForm(workId, hidden.work, csrf)}
  ${own ? '' : hidden.series.map((s) => hideSeriesForm(s, s.hidden, csrf, returnTo))}
</div>`;
}

/**
 * The work's creators, those of them the viewer may follow from here, and whether the viewer
 * follows the work and each of those: one statement after the creators, however many.
 */
async function followed(database: Database, viewerId: number, facts: WorkFacts, hideCreators: boolean) {
  const creators = await facts.creatorAccounts();
  const others = hideCreators ? [] : creators.filter((c) => c.id !== viewerId);
  const follows = await followsAmong(database.db, viewerId, [
    { type: 'work', id: facts.workId },
    ...others.map((c) => ({ type: 'creator' as const, id: c.id })),
  ]);
  return { creators, others, follows };
}
