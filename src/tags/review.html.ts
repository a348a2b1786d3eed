// The review queue page (/admin/suggestions): the analysis' open suggestions and the tags an
// import applied that no one has reviewed, grouped by tag, with one decision for each group.
import { html, type SafeHtml } from '../markup/html.ts';
import { TAG_TYPE_LABELS, type TagType } from './tag-types.ts';
import type { ReviewFilter, ReviewGroup } from './tags.service.ts';

function filterFields(filter: ReviewFilter): SafeHtml {
  return html`<input type="hidden" name="fandom" value="${filter.fandom ?? ''}">
<input type="hidden" name="min" value="${filter.min ?? ''}"><input type="hidden" name="max" value="${filter.max ?? ''}">`;
}

function groupRow(g: ReviewGroup, filter: ReviewFilter, csrf: SafeHtml): SafeHtml {
  const form = (decision: 'accept' | 'reject', label: string) =>
    html`<form method="post" action="/admin/suggestions" class="inline-form">${csrf}${filterFields(filter)}
<input type="hidden" name="tag" value="${g.name}"><input type="hidden" name="state" value="${g.state}">
<input type="hidden" name="decision" value="${decision}"><button class="button" type="submit" aria-label="${label}: ${g.name}">${label}</button></form>`;
  const label = TAG_TYPE_LABELS[g.type as TagType]?.one ?? g.type;
  const works = g.works.slice(0, 10).map((id) => html`<a href="/works/${id}">${id}</a>`);
  return html`<tr>
  <td><span class="type">${label}:</span> ${g.name}</td>
  <td>${g.works.length}</td><td>${Math.round(g.confidence * 100)}%</td>
  <td>${g.state === 'suggested' ? 'suggested' : 'applied, not yet reviewed'}</td>
  <td>${works.map((a, i) => html`${i ? ', ' : ''}${a}`)}${g.works.length > 10 ? ' …' : ''}</td>
  <td>${g.state === 'suggested' ? html`${form('accept', 'Accept all')} ${form('reject', 'Reject all')}` : html`${form('accept', 'Keep all')} ${form('reject', 'Undo all')}`}</td>
</tr>`;
}

export function reviewQueuePage(groups: ReviewGroup[], filter: ReviewFilter, csrf: SafeHtml, done?: string): SafeHtml {
  return html`<h1>Suggestions to review</h1>
${done ? html`<p class="flash notice" role="status">${done}</p>` : ''}
<p>What the analysis proposed, and what imports applied because it was sure, across every work: decide a tag for all its works at once, or open a work to decide there.</p>
<form method="get" action="/admin/suggestions" class="inline-form">
  <label>Fandom <input name="fandom" value="${filter.fandom ?? ''}"></label>
  <label>From <input name="min" value="${filter.min ?? ''}" size="4" inputmode="decimal"></label>
  <label>to <input name="max" value="${filter.max ?? ''}" size="4" inputmode="decimal"></label>
  <button class="button" type="submit">Filter</button>
</form>
${
  groups.length
    ? html`<div class="table-scroll"><table><thead><tr><th>Tag</th><th>Works</th><th>Sure (mean)</th><th>State</th><th>Works</th><th>Decide</th></tr></thead>
<tbody>${groups.map((g) => groupRow(g, filter, csrf))}</tbody></table></div>`
    : html`<p>Nothing waits for review.</p>`
}`;
}
