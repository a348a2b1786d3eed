// The admins' page of the job queue: how many jobs wait, run or are scheduled, the age of the
// oldest waiting one, and the dead-letter list with a Retry button for each.
import { formatDateTime } from '../markup/dates.ts';
import { html, type SafeHtml } from '../markup/html.ts';
import { flash } from '../web/layout.ts';
import type { JobsOverview } from './jobs.service.ts';

/** A payload as one short line (it is the archive's own data: ids and names). */
function payloadLine(payload: Record<string, unknown>): string {
  const text = JSON.stringify(payload);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

export function jobsPage(
  overview: JobsOverview,
  opts: { csrf: SafeHtml; timeZone: string; msg?: { text: string; kind: 'error' | 'notice' } },
): SafeHtml {
  const { stats, dead } = overview;
  return html`<h1>Jobs</h1>
${opts.msg ? flash(opts.msg.text, opts.msg.kind) : ''}
<p class="muted">Background work (mail, re-analysis, downloads built ahead), run by <code>quire worker</code> and, unless <code>QUIRE_JOBS=off</code>, by <code>quire serve</code>. Queue: ${overview.backend === 'pg-boss' ? 'pg-boss on PostgreSQL' : 'the jobs table'}.</p>
<dl class="job-counts">
  <dt>Waiting</dt><dd>${String(stats.waiting)}</dd>
  <dt>Oldest waiting</dt><dd>${stats.waiting ? `${Math.round(stats.oldestWaitingSeconds)} s` : '–'}</dd>
  <dt>Running</dt><dd>${String(stats.running)}</dd>
  <dt>Scheduled</dt><dd>${String(stats.scheduled)}</dd>
  <dt>Dead</dt><dd>${String(stats.dead)}</dd>
</dl>
<h2>Dead letters</h2>
${
  dead.length
    ? html`<p class="muted">Jobs that failed every try. Retry gives one more.</p>
<ol class="dead-jobs">${dead.map(
        (j) => html`<li id="job-${j.id}">
  <p><strong>${j.kind}</strong> <code>${payloadLine(j.payload)}</code></p>
  <p class="muted">${String(j.attempts)} ${j.attempts === 1 ? 'try' : 'tries'}${j.diedAt ? html`, the last on <time datetime="${j.diedAt}">${formatDateTime(j.diedAt, opts.timeZone)}</time>` : ''}: ${j.lastError ?? 'no error recorded'}</p>
  <form method="post" action="/admin/jobs/${j.id}/retry" class="inline-form">${opts.csrf}<button type="submit" class="button">Retry</button></form>
</li>`,
      )}</ol>`
    : html`<p>No dead jobs.</p>`
}`;
}
