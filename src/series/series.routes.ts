// Thin handlers for a series: its page (the works in order, downloads of the whole series,
// subscribe and hide for signed-in readers) and its JSON twin.
import type { FastifyReply } from 'fastify';
import type { Database } from '../db/database.ts';
import { hideSeriesForm, subscribeForm } from '../curation/curation.html.ts';
import { isHidden } from '../curation/hidden.service.ts';
import { isSubscribed } from '../curation/subscriptions.service.ts';
import { seriesDownloadLinks } from '../downloads/downloads.html.ts';
import { chrome } from '../web/auth.ts';
import { html } from '../web/html.ts';
import { idParam, notFound } from '../app-error.ts';
import { workList } from '../works/works.html.ts';
import { blurbJson } from '../works/works.json.ts';
import { getSeries } from './series.service.ts';
import { sendPage, type Req } from '../web/page.ts';

export function seriesRoutes(database: Database) {
  async function load(req: Req) {
    const id = idParam(req.params.id, 'series');
    const series = await getSeries(database, id, req.viewer);
    if (!series) throw notFound(`series ${id}`);
    return series;
  }
  return {
    async seriesPage(req: Req, reply: FastifyReply) {
      const s = await load(req);
      const c = chrome(req);
      const viewer = req.viewer;
      const actions = viewer
        ? html`${subscribeForm({ type: 'series', id: s.id }, await isSubscribed(database.db, viewer.id, { type: 'series', id: s.id }), c.csrf, req.url)}
           ${hideSeriesForm({ id: s.id, title: s.title }, await isHidden(database.db, viewer.id, { seriesId: s.id }), c.csrf, req.url)}`
        : html``;
      const body = html`<h1>${s.title}</h1>
<p class="byline">by ${s.creators.join(', ') || 'Anonymous'}</p>
${s.summary ? html`<blockquote class="summary">${s.summary}</blockquote>` : ''}
<dl class="stats"><div><dt>Works</dt><dd>${s.works.length}</dd></div><div><dt>Words</dt><dd>${s.words.toLocaleString('en')}</dd></div>
  <div><dt>Complete</dt><dd>${s.complete ? 'Yes' : 'No'}</dd></div><div><dt>Updated</dt><dd>${s.lastChangeAt.slice(0, 10)}</dd></div></dl>
${seriesDownloadLinks({ id: s.id, title: s.title })}
<div class="work-actions">${actions}</div>
${workList(s.works, 'No works in this series that you can see.')}`;
      return sendPage(reply, { title: s.title, body });
    },
    async seriesJson(req: Req) {
      const s = await load(req);
      return {
        id: s.id,
        url: `/api/v1/series/${s.id}`,
        title: s.title,
        summary: s.summary,
        creators: s.creators,
        words: s.words,
        complete: s.complete,
        updatedAt: s.lastChangeAt,
        works: s.works.map((w) => ({ position: w.position, ...blurbJson(w) })),
      };
    },
  };
}
