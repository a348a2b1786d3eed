// A gift exchange's pages: its overview (dates, the reader's sign-up, the moderators' links) and
// the moderators' settings form (sign-up form, matching rules, dates).
import type { MatchRules } from '../challenges/exchange.ts';
import type { CollectionRow } from '../collections/collections.repo.ts';
import { formatDateTime } from '../markup/dates.ts';
import { html, type SafeHtml } from '../markup/html.ts';
import { flash } from '../web/layout.ts';
import { kindLabel, label, PROMPT_TAG_TYPES, type PromptKind, type SignupForm } from './exchange-form.ts';
import type { ExchangeRow } from './exchanges.repo.ts';

export const exchangePath = (c: { name: string }) => `/collections/${encodeURIComponent(c.name)}`;

const when = (iso: string | null, timeZone: string, none: string) =>
  iso ? html`<time datetime="${iso}">${formatDateTime(iso, timeZone)}</time>` : none;

export interface OverviewData {
  collection: CollectionRow;
  row: ExchangeRow;
  open: boolean;
  /** The signed-in reader's username, or null for a guest. */
  viewer: string | null;
  signedUp: boolean;
  moderates: boolean;
  signups: number;
  csrf: SafeHtml;
  done?: string;
}

/** The exchange's page: dates and state, the reader's sign-up, the moderators' steps. */
export function overviewPage(header: SafeHtml, d: OverviewData, timeZone: string): SafeHtml {
  const p = exchangePath(d.collection);
  const r = d.row;
  const state = d.open
    ? 'Sign-ups are open.'
    : r.sent_at
      ? 'Assignments have been sent.'
      : r.signups_closed_at
        ? 'Sign-ups are closed.'
        : 'Sign-ups are not open.';
  const reader = !d.viewer
    ? html`<p><a href="/login">Sign in</a> to sign up.</p>`
    : d.open
      ? html`<p><a class="button primary" href="${p}/signups/new">${d.signedUp ? 'Edit your sign-up' : 'Sign up'}</a></p>
${d.signedUp ? html`<form method="post" action="${p}/signups/withdraw" class="inline-form">${d.csrf}<button class="button" type="submit">Withdraw your sign-up</button></form>` : ''}`
      : d.signedUp
        ? html`<p>You signed up. ${r.sent_at ? html`See <a href="/users/${encodeURIComponent(d.viewer ?? '')}/assignments">your assignments</a>.` : ''}</p>`
        : '';
  const mod = d.moderates
    ? html`<section aria-labelledby="mod-title"><h2 id="mod-title">For moderators</h2>
<ul>
  <li><a href="${p}/exchange/edit">Sign-up form, matching and dates</a></li>
  <li><a href="${p}/signups">Sign-ups (${d.signups})</a></li>
  <li><a href="${p}/assignments">Matching and assignments</a></li>
</ul></section>`
    : '';
  return html`${header}
${flash(d.done, 'notice')}
<section class="exchange" aria-labelledby="x-title"><h2 id="x-title">Gift exchange</h2>
<p class="exchange-state">${state}</p>
<dl class="exchange-dates">
  <dt>Sign-ups close</dt><dd>${when(r.signups_close_at, timeZone, 'when the moderators close them')}</dd>
  <dt>Assignments due</dt><dd>${when(r.assignments_due_at, timeZone, 'not set')}</dd>
  <dt>Works revealed</dt><dd>${when(d.collection.reveal_at, timeZone, 'when the moderators set a date')}</dd>
</dl>
${reader}
</section>
${mod}`;
}

function numberField(name: string, labelText: string, value: number, id = name): SafeHtml {
  return html`<div class="field"><label for="x-${id}">${labelText}</label><input id="x-${id}" name="${name}" type="number" min="0" max="20" value="${value}"></div>`;
}

function requirementField(kind: PromptKind, field: 'description' | 'url', value: string): SafeHtml {
  const opt = (v: string, text: string) =>
    html`<option value="${v}"${v === value ? html` selected` : ''}>${text}</option>`;
  const id = `x-${kind}-${field}`;
  return html`<div class="field"><label for="${id}">${field === 'description' ? 'Description' : 'URL'}</label>
<select id="${id}" name="${kind}_${field}">${opt('none', 'Not asked')}${opt('optional', 'Optional')}${opt('required', 'Required')}</select></div>`;
}

function promptFieldset(kind: PromptKind, form: SignupForm): SafeHtml {
  const r = form[kind];
  const k = kindLabel(kind);
  return html`<fieldset class="exchange-prompt-rules"><legend>${k}s</legend>
${numberField(`${kind}_min`, `${k}s: at least`, r.min)}
${numberField(`${kind}_max`, `${k}s: at most`, r.max)}
<div class="table-scroll"><table class="exchange-tag-rules"><caption>Tags in each ${kind}</caption>
<thead><tr><th scope="col">Tag type</th><th scope="col">At least</th><th scope="col">At most</th><th scope="col">"Any" allowed</th></tr></thead>
<tbody>${PROMPT_TAG_TYPES.map((type) => {
    const t = r.tags[type];
    const n = `${kind}_${type}`;
    return html`<tr><th scope="row">${label(type)}</th>
<td><input aria-label="${k}s: ${label(type)}: at least" name="${n}_min" type="number" min="0" max="20" value="${t.min}"></td>
<td><input aria-label="${k}s: ${label(type)}: at most" name="${n}_max" type="number" min="0" max="20" value="${t.max}"></td>
<td><input aria-label="${k}s: ${label(type)}: Any allowed" name="${n}_any" type="checkbox" value="1"${t.any ? html` checked` : ''}></td></tr>`;
  })}</tbody></table></div>
${requirementField(kind, 'description', r.description)}
${requirementField(kind, 'url', r.url)}
</fieldset>`;
}

const timeValue = (iso: string | null | undefined) => (iso ? iso.slice(0, 16) : '');

/** The moderators' form: sign-up form, matching rules, whether sign-ups are open, the dates. */
export function settingsPage(
  c: CollectionRow,
  row: ExchangeRow | undefined,
  form: SignupForm,
  rules: MatchRules,
  csrf: SafeHtml,
  error?: string,
): SafeHtml {
  const p = exchangePath(c);
  const match = (type: (typeof PROMPT_TAG_TYPES)[number]) => String(rules.matchNumber[type] ?? 0);
  return html`<div class="form-page wide-form"><h1>${row ? 'Gift exchange settings' : 'Make this a gift exchange'}: ${c.title}</h1>
${flash(error, 'error')}
<form method="post" action="${p}/exchange" class="exchange-form">${csrf}
<fieldset><legend>Sign-ups and dates (UTC)</legend>
  <div class="field checkbox"><label><input type="checkbox" name="signups_open" value="1"${row?.signups_open ? html` checked` : ''}> Sign-ups open</label></div>
  <div class="field"><label for="x-close">Sign-ups close</label><input id="x-close" name="signups_close_at" type="datetime-local" value="${timeValue(row?.signups_close_at)}"></div>
  <div class="field"><label for="x-due">Assignments due</label><input id="x-due" name="assignments_due_at" type="datetime-local" value="${timeValue(row?.assignments_due_at)}"></div>
  <div class="field"><label for="x-reveal">Works revealed</label><input id="x-reveal" name="reveal_at" type="datetime-local" value="${timeValue(c.reveal_at)}" aria-describedby="x-reveal-hint"><small id="x-reveal-hint" class="muted">Until then the collection is unrevealed and anonymous.</small></div>
</fieldset>
${promptFieldset('request', form)}
${promptFieldset('offer', form)}
<div class="field"><label for="x-fandoms">Eligible fandoms</label><textarea id="x-fandoms" name="eligible_fandoms" rows="4" aria-describedby="x-fandoms-hint">${form.eligibleFandoms.join('\n')}</textarea><small id="x-fandoms-hint" class="muted">One per line or separated by commas. Empty: any fandom.</small></div>
<fieldset><legend>Matching</legend>
<p class="muted">For each tag type, how many tags a request and an offer must share (0: need not match, "all": every one).</p>
${PROMPT_TAG_TYPES.map((type) => html`<div class="field"><label for="x-match-${type}">Match: ${label(type)}</label><input id="x-match-${type}" name="match_${type}" value="${match(type)}" size="4"></div>`)}
<div class="field"><label for="x-rtm">Requests that must match</label><input id="x-rtm" name="requests_to_match" value="${String(rules.requestsToMatch ?? 1)}" size="4"></div>
</fieldset>
<button class="button primary" type="submit">Save exchange</button>
</form></div>`;
}
