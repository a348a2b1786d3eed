// A writer's statistics page: readers' activity over time as server-drawn bar charts (one per
// kind, readable without JavaScript, each beside the same figures as a table), then one row per
// posted work, sortable by any column, with the totals; both as CSV.
import { formatDate } from '../markup/dates.ts';
import { html, type SafeHtml } from '../markup/html.ts';
import type { ActivityBucket, WriterStats } from './stats.service.ts';
import { ACTIVITY, type Activity, STATS_PERIODS, type StatsSort } from './stats.ts';

const number = new Intl.NumberFormat('en');

const COLUMNS: [StatsSort, string][] = [
  ['title', 'Work'],
  ['posted', 'Posted'],
  ['words', 'Words'],
  ['hits', 'Hits'],
  ['kudos', 'Kudos'],
  ['comments', 'Comments'],
  ['bookmarks', 'Bookmarks'],
  ['subscriptions', 'Subscriptions'],
];

const LABELS: Record<Activity, string> = {
  hits: 'Hits',
  kudos: 'Kudos',
  comments: 'Comments',
  bookmarks: 'Bookmarks',
  subscriptions: 'Subscriptions',
};

/** The page's own URL with some parameters changed. */
function statsHref(
  s: WriterStats,
  change: { sort?: string; days?: number; work?: number | null },
  suffix = '',
): string {
  const p = new URLSearchParams();
  const sort = change.sort ?? s.sort;
  if (sort !== 'hits') p.set('sort', sort);
  const days = change.days ?? s.period;
  if (days !== STATS_PERIODS[0]) p.set('days', String(days));
  const work = change.work === undefined ? s.work?.id : change.work;
  if (work) p.set('work', String(work));
  const q = p.toString();
  return `/users/${encodeURIComponent(s.username)}/stats${suffix}${q ? `?${q}` : ''}`;
}

/** One activity's bars, drawn in the text colour so that light and dark themes both show it. */
function chart(s: WriterStats, activity: Activity): SafeHtml {
  const W = 600;
  const H = 120;
  const values = s.series.map((b) => b[activity]);
  const peak = Math.max(0, ...values);
  // Bars are drawn against the peak; an empty period draws none.
  const scale = Math.max(1, peak);
  const total = values.reduce((a, b) => a + b, 0);
  const step = W / values.length;
  const id = `chart-${activity}`;
  const first = s.series[0]?.start ?? '';
  const last = s.series.at(-1)?.start ?? '';
  const unit = s.bucketDays === 1 ? 'day' : 'week';
  return html`<figure class="stats-chart">
  <svg viewBox="0 0 ${W} ${H + 20}" role="img" aria-labelledby="${id}-title ${id}-desc">
    <title id="${id}-title">${LABELS[activity]} per ${unit}</title>
    <desc id="${id}-desc">${number.format(total)} in the last ${s.period} days, at most ${number.format(peak)} in one ${unit}, from ${first} to ${last}.</desc>
    <line x1="0" y1="${H}" x2="${W}" y2="${H}" class="axis"></line>
    ${values.map((v, i) => {
      const h = Math.round((v / scale) * (H - 4));
      return v
        ? html`<rect x="${(i * step + step * 0.1).toFixed(1)}" y="${H - h}" width="${(step * 0.8).toFixed(1)}" height="${h}"><title>${s.series[i]!.start}: ${number.format(v)}</title></rect>`
        : '';
    })}
    <text x="0" y="${H + 16}" class="tick">${first}</text>
    <text x="${W}" y="${H + 16}" text-anchor="end" class="tick">${last}</text>
  </svg>
  <figcaption><strong>${LABELS[activity]}</strong>: ${number.format(total)} in the last ${s.period} days (most in one ${unit}: ${number.format(peak)})</figcaption>
</figure>`;
}

function activityTable(series: ActivityBucket[], bucketDays: number): SafeHtml {
  return html`<div class="table-scroll"><table class="stats-table">
<caption>${bucketDays === 1 ? 'Each day' : 'Each week, from the day shown'}</caption>
<thead><tr><th scope="col">${bucketDays === 1 ? 'Day' : 'Week from'}</th>${ACTIVITY.map((a) => html`<th scope="col">${LABELS[a]}</th>`)}</tr></thead>
<tbody>${series.map((b) => html`<tr><th scope="row">${b.start}</th>${ACTIVITY.map((a) => html`<td>${number.format(b[a])}</td>`)}</tr>`)}</tbody>
</table></div>`;
}

export function statsPage(s: WriterStats, timeZone: string): SafeHtml {
  const head = COLUMNS.map(([key, label]) =>
    key === s.sort
      ? html`<th scope="col" aria-sort="${key === 'title' ? 'ascending' : 'descending'}">${label}</th>`
      : html`<th scope="col"><a href="${statsHref(s, { sort: key })}">${label}</a></th>`,
  );
  const t = s.totals;
  const periods = STATS_PERIODS.map((d) =>
    d === s.period
      ? html`<strong aria-current="true">${d} days</strong>`
      : html`<a href="${statsHref(s, { days: d })}">${d} days</a>`,
  );
  return html`<h1>Statistics for ${s.username}</h1>
<p class="muted">Your posted works, under all your pseuds. Only you can see this page.</p>
${
  s.works.length
    ? html`<section aria-labelledby="over-time">
<h2 id="over-time">Over time${s.work ? html`: <a href="/works/${s.work.id}">${s.work.title}</a>` : ': all works'}</h2>
<p>Period: ${periods.map((p, i) => html`${i ? ' · ' : ''}${p}`)}${s.work ? html` · <a href="${statsHref(s, { work: null })}">All works</a>` : ''} · <a href="${statsHref(s, {}, '/activity.csv')}">Download CSV</a></p>
<div class="stats-charts">${ACTIVITY.map((a) => chart(s, a))}</div>
<details><summary>These figures as a table</summary>${activityTable(s.series, s.bucketDays)}</details>
</section>
<section aria-labelledby="per-work">
<h2 id="per-work">Per work</h2>
<p><a href="${statsHref(s, {}, '.csv')}">Download CSV</a></p>
<div class="table-scroll"><table class="stats-table">
<thead><tr>${head}</tr></thead>
<tbody>${s.works.map(
        (
          w,
        ) => html`<tr><th scope="row"><a href="/works/${w.id}">${w.title}</a> <a class="muted" href="${statsHref(s, { work: w.id })}" aria-label="${w.title} over time">over time</a></th><td>${formatDate(w.postedAt, timeZone)}</td>
  <td>${number.format(w.words)}</td><td>${number.format(w.hits)}</td><td>${number.format(w.kudos)}</td>
  <td>${number.format(w.comments)}</td><td>${number.format(w.bookmarks)}</td><td>${number.format(w.subscriptions)}</td></tr>`,
      )}</tbody>
<tfoot><tr><th scope="row">All ${number.format(t.works)} works</th><td></td><td>${number.format(t.words)}</td>
  <td>${number.format(t.hits)}</td><td>${number.format(t.kudos)}</td><td>${number.format(t.comments)}</td><td>${number.format(t.bookmarks)}</td><td>${number.format(t.subscriptions)}</td></tr></tfoot>
</table></div>
</section>`
    : html`<p>No posted works yet.</p>`
}`;
}
