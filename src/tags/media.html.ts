// The Fandoms menu's pages: every media with its top fandoms, and one media's fandoms A to Z.
import { html, type SafeHtml } from '../markup/html.ts';
import { groupDigits } from '../search/query.ts';
import { tagLink } from '../works/works.html.ts';
import { byLetter, mediaPath, type FandomCount, type Media } from './media.ts';
import type { MediaSummary } from './media.service.ts';

function fandomItem(f: FandomCount): SafeHtml {
  return html`<li>${tagLink(f)} <span class="muted">(${groupDigits(f.count)})</span></li>`;
}

export function mediaIndexPage(summaries: MediaSummary[]): SafeHtml {
  return html`<h1>Fandoms</h1>
<p class="muted">Fandoms by media, each with the ones that have the most works.</p>
<ul class="media-index">
${summaries.map(
  (s) => html`<li class="media-box"><section aria-labelledby="media-${s.media.replace(/\W+/g, '-')}">
  <h2 id="media-${s.media.replace(/\W+/g, '-')}"><a href="${mediaPath(s.media)}">${s.media}</a></h2>
  ${s.top.length ? html`<ol class="fandom-list">${s.top.map(fandomItem)}</ol>` : html`<p class="muted">No fandoms with works yet.</p>`}
  <p><a href="${mediaPath(s.media)}">All ${s.media} (${groupDigits(s.fandoms)} fandom${s.fandoms === 1 ? '' : 's'})</a></p>
</section></li>`,
)}
</ul>`;
}

export function mediaFandomsPage(media: Media, fandoms: FandomCount[]): SafeHtml {
  const groups = byLetter(fandoms);
  return html`<p class="muted"><a href="/media">Fandoms</a> ›</p>
<h1>${media}</h1>
<p class="muted">${groupDigits(fandoms.length)} fandom${fandoms.length === 1 ? '' : 's'} with works, A to Z; the number is how many works.</p>
${
  groups.length
    ? html`<nav aria-label="Letters"><ul class="letter-index">${groups.map((g) => html`<li><a href="#letter-${g.letter === '#' ? 'other' : g.letter}">${g.letter}</a></li>`)}</ul></nav>
${groups.map(
  (g) => html`<section aria-labelledby="letter-${g.letter === '#' ? 'other' : g.letter}">
  <h2 id="letter-${g.letter === '#' ? 'other' : g.letter}" class="letter">${g.letter}</h2>
  <ul class="fandom-list">${g.fandoms.map(fandomItem)}</ul>
</section>`,
)}`
    : html`<p>No fandoms in ${media} have works yet.</p>`
}`;
}
