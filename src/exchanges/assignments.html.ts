// Assignment pages: the moderators' matching review (drafts or sent assignments, who is left
// without one, pinch-hit candidates, and the forms that act on them) and a writer's "My
// assignments" with each recipient's requests and the link that posts the gift.
import type { PinchHitter } from '../challenges/reassignment.ts';
import type { CollectionRow } from '../collections/collections.repo.ts';
import { formatDateTime } from '../markup/dates.ts';
import { html, type SafeHtml } from '../markup/html.ts';
import { flash } from '../web/layout.ts';
import { type Prompt, promptLines } from './exchange-form.ts';
import type { AssignmentRow, ExchangeRow } from './exchanges.repo.ts';
import { exchangePath } from './exchanges.html.ts';

function status(a: AssignmentRow): string {
  if (a.fulfilledAt) return 'fulfilled';
  if (a.defaultedAt) return 'defaulted';
  if (a.giverId === null) return a.sentAt ? 'needs a pinch hitter' : 'no match';
  if (!a.sentAt) return 'draft';
  return a.pinchHit ? 'pinch hit, open' : 'open';
}

export interface ReviewData {
  collection: CollectionRow;
  row: ExchangeRow;
  assignments: AssignmentRow[];
  unmatchedWriters: { username: string; pseud: string }[];
  candidates: Map<number, (PinchHitter & { username: string })[]>;
  csrf: SafeHtml;
  done?: string;
}

function actions(d: ReviewData, a: AssignmentRow): SafeHtml {
  if (!a.sentAt) return html``;
  const base = `${exchangePath(d.collection)}/assignments/${a.id}`;
  const button = (action: string, text: string) =>
    html`<form method="post" action="${base}/${action}" class="inline-form">${d.csrf}<button class="button" type="submit">${text}</button></form>`;
  const open = !a.fulfilledAt && (a.giverId === null || a.defaultedAt);
  const suggestions = d.candidates.get(a.id) ?? [];
  return html`${!a.fulfilledAt && a.giverId !== null && !a.defaultedAt ? button('default', 'Mark defaulted') : ''}
${a.fulfilledAt ? '' : button('fulfil', 'Mark fulfilled')}
${button('purge', 'Purge')}
${
  open
    ? html`<form method="post" action="${base}/pinch_hit" class="inline-form">${d.csrf}
<label for="ph-${a.id}">Pinch hitter for ${a.recipient}</label> <input id="ph-${a.id}" name="username" required list="phl-${a.id}">
<datalist id="phl-${a.id}">${suggestions.map((c) => html`<option value="${c.username}">`)}</datalist>
<button class="button" type="submit">Assign pinch hitter</button></form>
${suggestions.length ? html`<p class="muted">Could write it: ${suggestions.map((c, i) => html`${i ? ', ' : ''}${c.username}${c.free ? ' (free)' : ''}`)}</p>` : ''}`
    : ''
}`;
}

/** The moderators' review of matching: drafts until sent, then the assignments' states. */
export function reviewPage(header: SafeHtml, d: ReviewData, timeZone: string): SafeHtml {
  const p = exchangePath(d.collection);
  const r = d.row;
  const sent = r.sent_at !== null;
  const state =
    r.matching === 'queued'
      ? 'Matching is running: this page shows its result once it is done.'
      : r.matching === 'done'
        ? sent
          ? html`Assignments sent <time datetime="${r.sent_at}">${formatDateTime(r.sent_at ?? '', timeZone)}</time>.`
          : 'Matching is done: review the assignments, regenerate them, or send them.'
        : 'Matching has not run.';
  const controls = sent
    ? ''
    : html`<form method="post" action="${p}/matching" class="inline-form">${d.csrf}<button class="button" type="submit">${r.matching === 'none' ? 'Start matching' : 'Regenerate assignments'}</button></form>
${r.matching === 'done' ? html`<form method="post" action="${p}/assignments/send" class="inline-form">${d.csrf}<button class="button primary" type="submit">Send assignments</button></form>` : ''}`;
  const defaulted = d.assignments.filter((a) => a.defaultedAt && !a.fulfilledAt).length;
  return html`${header}
${flash(d.done, 'notice')}
<section aria-labelledby="m-title"><h2 id="m-title">Matching and assignments</h2>
<p class="matching-state">${state}</p>
${controls}
${sent ? html`<p>Defaulted: ${defaulted}</p>` : ''}
<div class="table-scroll"><table class="exchange-assignments"><caption>Assignments (${d.assignments.length})</caption>
<thead><tr><th scope="col">Writer</th><th scope="col">Recipient</th><th scope="col">Status</th><th scope="col">Work</th><th scope="col">Actions</th></tr></thead>
<tbody>${d.assignments.map(
    (
      a,
    ) => html`<tr class="assignment-${status(a).replace(/[^a-z]+/g, '-')}"><td>${a.giver ?? '—'}</td><td>${a.recipient}</td><td>${status(a)}</td>
<td>${a.workId ? html`<a href="/works/${a.workId}">Work ${a.workId}</a>` : ''}</td><td>${actions(d, a)}</td></tr>`,
  )}</tbody></table></div>
${d.unmatchedWriters.length ? html`<h3>Without anyone to write for (${d.unmatchedWriters.length})</h3><ul class="unmatched">${d.unmatchedWriters.map((s) => html`<li>${s.pseud}</li>`)}</ul>` : ''}
</section>`;
}

export interface MineData {
  assignment: AssignmentRow;
  collection: CollectionRow;
  dueAt: string | null;
  requests: Prompt[];
}

/** A writer's assignments: each recipient's requests, and the form that posts the gift. */
export function myAssignmentsPage(rows: MineData[], csrf: SafeHtml, timeZone: string): SafeHtml {
  const one = (m: MineData) => {
    const a = m.assignment;
    const base = `${exchangePath(m.collection)}/assignments/${a.id}`;
    const state = a.fulfilledAt
      ? html`Fulfilled${a.workId ? html` by <a href="/works/${a.workId}">your work</a>` : ''}.`
      : a.defaultedAt
        ? 'You defaulted on this assignment.'
        : html`<a class="button primary" href="/works/new?assignment=${a.id}">Post to fulfil</a>
<form method="post" action="${base}/default" class="inline-form">${csrf}<button class="button" type="submit">Default</button></form>`;
    return html`<li class="assignment"><h2><a href="${exchangePath(m.collection)}">${m.collection.title}</a>: for ${a.recipient}${a.pinchHit ? ' (pinch hit)' : ''}</h2>
${m.dueAt ? html`<p>Due <time datetime="${m.dueAt}">${formatDateTime(m.dueAt, timeZone)}</time></p>` : ''}
${m.requests.map((p, i) => html`<section class="request"><h3>Request ${i + 1}</h3><ul>${promptLines(p).map((l) => html`<li>${l}</li>`)}</ul></section>`)}
<div class="assignment-actions">${state}</div></li>`;
  };
  return html`<h1>My assignments</h1>
${rows.length ? html`<ul class="assignments">${rows.map(one)}</ul>` : html`<p class="muted">You have no gift-exchange assignments.</p>`}`;
}
