// The download links a work page shows beside its reading controls (and a series page, when
// there is one). PDF is offered only where this server can make one.
import { html, type SafeHtml } from '../markup/html.ts';
import { availableFormats, downloadPath, FORMATS } from './formats.ts';

const TITLES: Record<string, string> = {
  epub: 'EPUB e-book, for e-readers and reading apps',
  html: 'One web page, readable offline',
  txt: 'Plain text',
  pdf: 'PDF, A5 pages for printing',
};

function links(kind: 'work' | 'series', item: { id: number; title: string }, label: string): SafeHtml {
  return html`<nav class="downloads" aria-label="${label}"><ul class="reading-controls download-links">
  <li><span class="muted">Download:</span></li>
  ${availableFormats().map(
    (f) =>
      html`<li><a href="${downloadPath(kind, item.id, item.title, f)}" type="${FORMATS[f].mime.split(';')[0]!}" title="${TITLES[f] ?? ''}" download>${FORMATS[f].label}</a></li>`,
  )}
</ul></nav>`;
}

/** EPUB · HTML · Text · PDF links for a work; the lead places it under the work's reading controls. */
export function downloadLinks(work: { id: number; title: string }): SafeHtml {
  return links('work', work, 'Download this work');
}

/** The same for a whole series, as one book. */
export function seriesDownloadLinks(series: { id: number; title: string }): SafeHtml {
  return links('series', series, 'Download this series as one book');
}
