// A series' page: its works in reading order, its totals, downloads of the whole series, and for
// a signed-in reader the subscribe and hide buttons.
import { hideSeriesForm, subscribeForm } from '../curation/curation.html.ts';
import { seriesDownloadLinks } from '../downloads/downloads.html.ts';
import { html, type SafeHtml } from '../markup/html.ts';
import { type Display, workList } from '../works/works.html.ts';
import { formatDate } from '../markup/dates.ts';
import type { SeriesView } from './series.service.ts';

/** What a signed-in reader can do here, with where the forms return to. */
export interface SeriesReader {
  subscribed: boolean;
  hidden: boolean;
  csrf: SafeHtml;
  returnTo: string;
}

export function seriesPage(s: SeriesView, reader: SeriesReader | null, display: Display): SafeHtml {
  const actions = reader
    ? html`${subscribeForm({ type: 'series', id: s.id }, reader.subscribed, reader.csrf, reader.returnTo)}
           ${hideSeriesForm({ id: s.id, title: s.title }, reader.hidden, reader.csrf, reader.returnTo)}`
    : html``;
  return html`<h1>${s.title}</h1>
<p class="byline">by ${s.creators.join(', ') || 'Anonymous'}</p>
${s.summary ? html`<blockquote class="summary">${s.summary}</blockquote>` : ''}
<dl class="stats"><div><dt>Works</dt><dd>${s.works.length}</dd></div><div><dt>Words</dt><dd>${s.words.toLocaleString('en')}</dd></div>
  <div><dt>Complete</dt><dd>${s.complete ? 'Yes' : 'No'}</dd></div><div><dt>Updated</dt><dd>${formatDate(s.lastChangeAt, display.timeZone)}</dd></div></dl>
${seriesDownloadLinks({ id: s.id, title: s.title })}
<div class="work-actions">${actions}</div>
${workList(s.works, 'No works in this series that you can see.', display)}`;
}
