// A writer's statistics page: one row per posted work, sortable by any column, and the totals.
import { html, type SafeHtml } from '../markup/html.ts';
import type { StatsSort, WriterStats } from './stats.service.ts';

const number = new Intl.NumberFormat('en');

const COLUMNS: [StatsSort, string][] = [
  ['title', 'Work'],
  ['posted', 'Posted'],
  ['words', 'Words'],
  ['hits', 'Hits'],
  ['kudos', 'Kudos'],
  ['comments', 'Comments'],
  ['bookmarks', 'Bookmarks'],
];

export function statsPage(s: WriterStats): SafeHtml {
  const user = encodeURIComponent(s.username);
  const head = COLUMNS.map(([key, label]) =>
    key === s.sort
      ? html`<th scope="col" aria-sort="${key === 'title' ? 'ascending' : 'descending'}">${label}</th>`
      : html`<th scope="col"><a href="/users/${user}/stats?sort=${key}">${label}</a></th>`,
  );
  const t = s.totals;
  return html`<h1>Statistics for ${s.username}</h1>
<p class="muted">Your posted works, under all your pseuds. Only you can see this page.</p>
${
  s.works.length
    ? html`<div class="table-scroll"><table class="stats-table">
<thead><tr>${head}</tr></thead>
<tbody>${s.works.map(
        (w) => html`<tr><th scope="row"><a href="/works/${w.id}">${w.title}</a></th><td>${w.postedAt.slice(0, 10)}</td>
  <td>${number.format(w.words)}</td><td>${number.format(w.hits)}</td><td>${number.format(w.kudos)}</td>
  <td>${number.format(w.comments)}</td><td>${number.format(w.bookmarks)}</td></tr>`,
      )}</tbody>
<tfoot><tr><th scope="row">All ${number.format(t.works)} works</th><td></td><td>${number.format(t.words)}</td>
  <td>${number.format(t.hits)}</td><td>${number.format(t.kudos)}</td><td>${number.format(t.comments)}</td><td>${number.format(t.bookmarks)}</td></tr></tfoot>
</table></div>`
    : html`<p>No posted works yet.</p>`
}`;
}
