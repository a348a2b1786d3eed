// Pages of notices by e-mail: a reader's settings, and the unsubscribe confirmation a mailed link
// opens (its button posts back to the same link, which needs no session).
import { html, type SafeHtml } from '../markup/html.ts';
import { flash } from '../web/layout.ts';
import type { EmailSettingsRow } from './outbox.repo.ts';

export interface SettingsView {
  username: string;
  hasEmail: boolean;
  settings: EmailSettingsRow;
}

function checkbox(name: string, label: string, checked: boolean, hint?: string): SafeHtml {
  return html`<div class="field checkbox"><input type="checkbox" id="f-${name}" name="${name}" value="1"${checked ? html` checked` : ''}> <label for="f-${name}">${label}</label>${hint ? html` <small class="muted">${hint}</small>` : ''}</div>`;
}

export function emailSettingsPage(csrf: SafeHtml, view: SettingsView, saved: boolean): SafeHtml {
  const s = view.settings;
  const action = `/users/${encodeURIComponent(view.username)}/preferences/email`;
  return html`<div class="form-page"><h1>E-mail notices</h1>
${saved ? flash('Your e-mail settings are saved.', 'notice') : ''}
${view.hasEmail ? '' : flash('Your account has no e-mail address, so nothing is mailed whatever these say.', 'notice')}
<p class="muted">Everything here also arrives in your <a href="/inbox">inbox</a>. Each mail has a link that turns its kind off in one click.</p>
<form method="post" action="${action}">${csrf}
  <fieldset><legend>Comments on your works</legend>
    ${checkbox('comments', 'Mail me about comments on my works', s.comments)}
    ${checkbox('comments_digest', 'One daily digest instead of a mail for each', s.commentsDigest)}
  </fieldset>
  <fieldset><legend>Replies</legend>
    ${checkbox('replies', 'Mail me when someone replies to my comment', s.replies)}
  </fieldset>
  <fieldset><legend>Subscriptions</legend>
    ${checkbox('subscriptions', 'Mail me about new works and chapters I subscribed to', s.subscriptions)}
    ${checkbox('subscriptions_digest', 'One daily digest instead of a mail for each', s.subscriptionsDigest)}
  </fieldset>
  <fieldset><legend>Kudos</legend>
    ${checkbox('kudos', 'Mail me a daily digest of kudos on my works', s.kudos, '(“3 people left kudos on …”)')}
  </fieldset>
  <button class="button primary" type="submit">Save</button>
</form></div>`;
}

export function unsubscribeConfirmPage(token: string, label: string, username: string): SafeHtml {
  return html`<div class="form-page"><h1>Unsubscribe</h1>
<p>Stop mailing <strong>${username}</strong> about ${label}?</p>
<form method="post" action="/unsubscribe/${token}">
  <button class="button primary" type="submit">Unsubscribe</button>
</form></div>`;
}

export function unsubscribedPage(label: string, username: string): SafeHtml {
  return html`<div class="form-page"><h1>Unsubscribed</h1>
${flash(`No more mail about ${label}.`, 'notice')}
<p>You can turn it back on in <a href="/users/${encodeURIComponent(username)}/preferences/email">your e-mail settings</a>.</p></div>`;
}
