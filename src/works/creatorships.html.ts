// Co-creator invitations: the invited user's list with Accept and Decline (also shown in their
// inbox), and what a work's edit form says about the invitations it is waiting on.
import { html, type SafeHtml } from '../markup/html.ts';
import { flash } from '../web/layout.ts';
import type { UserInvitationRow, WorkInvitationRow } from './creatorships.service.ts';
import { formatDate } from '../markup/dates.ts';

/** Each invitation with its two answers; `csrf` is the form field every POST carries. */
export function invitationList(csrf: SafeHtml, rows: UserInvitationRow[], timeZone: string): SafeHtml {
  return html`<ul class="invitations">${rows.map(
    (
      r,
    ) => html`<li id="invitation-${r.id}">${r.invitedBy ?? 'A creator'} invited your pseud <strong>${r.pseud}</strong> to be a co-creator of ${r.draft ? html`${r.title} <span class="muted">(a draft)</span>` : html`<a href="/works/${r.workId}">${r.title}</a>`} <span class="muted">· <time datetime="${r.createdAt}">${formatDate(r.createdAt, timeZone)}</time></span>
  <form method="post" action="/creatorships/${r.id}" class="inline-form">${csrf}<button class="button primary" type="submit" name="action" value="accept">Accept</button> <button class="button" type="submit" name="action" value="decline">Decline</button></form></li>`,
  )}</ul>`;
}

const DONE: Record<string, string> = {
  declined: 'Invitation declined. Your pseud is not on that work.',
};

export function invitationsPage(csrf: SafeHtml, rows: UserInvitationRow[], timeZone: string, done?: string): SafeHtml {
  return html`<h1>Co-creator requests</h1>
${flash(done ? DONE[done] : undefined, 'notice')}
<p class="muted">Another creator has asked to credit one of your pseuds on their work. Nothing shows under your name until you accept; declining removes the request.</p>
${rows.length ? invitationList(csrf, rows, timeZone) : html`<p class="muted">No requests are waiting.</p>`}`;
}

/** For the edit form: who was invited and has not answered yet. */
export function pendingInvitations(rows: WorkInvitationRow[]): SafeHtml {
  if (!rows.length) return html``;
  return html`<div class="field"><p>Invited as co-creators, not yet credited until they accept:</p>
<ul class="pending-invitations">${rows.map((r) => html`<li>${r.pseud === r.username ? r.pseud : `${r.pseud} (${r.username})`}</li>`)}</ul></div>`;
}

/** The form by which a creator takes themselves off a work that another creator keeps. */
export function leaveForm(workId: number, csrf: SafeHtml): SafeHtml {
  return html`<form method="post" action="/works/${workId}/leave" class="inline-form">${csrf}<button class="button" type="submit">Remove me as a co-creator</button></form>
<p class="muted">Your pseud comes off the byline; the other creators keep the work.</p>`;
}
