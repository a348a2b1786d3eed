// Sign-up pages: the reader's form (requests and offers as the exchange's form asks for them, each
// problem shown by its prompt and field) and the moderators' summary (counts per fandom, every
// sign-up's fandoms).
import type { CollectionRow } from '../collections/collections.repo.ts';
import { html, type SafeHtml } from '../markup/html.ts';
import {
  kindLabel,
  label,
  type Problem,
  PROMPT_TAG_TYPES,
  type Prompt,
  type PromptKind,
  promptLines,
  type SignupForm,
} from './exchange-form.ts';
import { exchangePath } from './exchanges.html.ts';

/** Values to show again: the stored prompts, or what was just posted (`get`). */
export type Values = (name: string) => string;

export function valuesOf(prompts: { request: Prompt[]; offer: Prompt[] }): Values {
  return (name) => {
    const m = /^(request|offer)_(\d+)_(\w+?)(_any)?$/.exec(name);
    if (!m) return '';
    const p = prompts[m[1] as PromptKind][Number(m[2]) - 1];
    if (!p) return '';
    const field = m[3]!;
    if (field === 'description') return p.description;
    if (field === 'url') return p.url;
    if (m[4]) return p.any[field as keyof Prompt['any']] ? '1' : '';
    return (p.tags[field as keyof Prompt['tags']] ?? []).join(', ');
  };
}

function promptFields(kind: PromptKind, n: number, form: SignupForm, v: Values, problems: Problem[]): SafeHtml {
  const rule = form[kind];
  const k = `${kindLabel(kind)} ${n}`;
  const invalid = (field: string) => (problems.some((p) => p.field === field) ? html` aria-invalid="true"` : '');
  const fields = PROMPT_TAG_TYPES.filter((type) => rule.tags[type].max > 0).map((type) => {
    const t = rule.tags[type];
    const name = `${kind}_${n}_${type}`;
    const hint = `${t.min ? `at least ${t.min}, ` : ''}at most ${t.max}, separated by commas${type === 'fandom' && form.eligibleFandoms.length ? `; one of: ${form.eligibleFandoms.join(', ')}` : ''}`;
    return html`<div class="field"><label for="${name}">${k}: ${label(type)}</label>
<input id="${name}" name="${name}" value="${v(name)}" aria-describedby="${name}-hint"${invalid(name)}>
<small id="${name}-hint" class="muted">${hint}</small>
${t.any ? html`<label class="checkbox"><input type="checkbox" name="${name}_any" value="1"${v(`${name}_any`) ? html` checked` : ''}> ${k}: any ${label(type).toLowerCase()}</label>` : ''}</div>`;
  });
  const text = (field: 'description' | 'url') => {
    const req = rule[field];
    if (req === 'none') return '';
    const name = `${kind}_${n}_${field}`;
    const title = `${k}: ${field === 'description' ? 'Description' : 'URL'}${req === 'required' ? ' (required)' : ''}`;
    return field === 'description'
      ? html`<div class="field"><label for="${name}">${title}</label><textarea id="${name}" name="${name}" rows="3"${invalid(name)}>${v(name)}</textarea></div>`
      : html`<div class="field"><label for="${name}">${title}</label><input id="${name}" name="${name}" type="url" value="${v(name)}"${invalid(name)}></div>`;
  };
  return html`<fieldset class="exchange-prompt"><legend>${k}${n > rule.min ? ' (optional)' : ''}</legend>
${fields}${text('description')}${text('url')}</fieldset>`;
}

export function signupPage(
  c: CollectionRow,
  form: SignupForm,
  v: Values,
  csrf: SafeHtml,
  editing: boolean,
  problems: Problem[] = [],
): SafeHtml {
  const section = (kind: PromptKind) =>
    html`<section aria-labelledby="${kind}-title"><h2 id="${kind}-title">${kindLabel(kind)}s</h2>
${Array.from({ length: form[kind].max }, (_, i) => promptFields(kind, i + 1, form, v, problems))}</section>`;
  return html`<div class="form-page wide-form"><h1>Sign up for ${c.title}</h1>
${problems.length ? html`<div class="flash error" role="alert"><p>Please fix:</p><ul>${problems.map((p) => html`<li><a href="#${p.field}">${p.message}</a></li>`)}</ul></div>` : ''}
<form method="post" action="${exchangePath(c)}/signups" class="signup-form">${csrf}
${section('request')}
${section('offer')}
<button class="button primary" type="submit">${editing ? 'Update sign-up' : 'Sign up'}</button>
</form></div>`;
}

export interface SummaryData {
  collection: CollectionRow;
  /** Every sign-up, counted. */
  total: number;
  /** One page of them. */
  signups: { id: number; username: string; pseud: string; requests: Prompt[]; offers: Prompt[] }[];
  /** The last id of this page when more follow. */
  next: number | null;
  fandoms: { fandom: string; requested: number; offered: number }[];
}

const fandomsOf = (prompts: Prompt[]) => [...new Set(prompts.flatMap((p) => p.tags.fandom ?? []))].join(', ');

/**
 * The moderators' table of sign-ups: counts per fandom, then who requests and offers what. With
 * `csrf` (before the assignments go out) each sign-up has a Remove button.
 */
export function summaryPage(header: SafeHtml, d: SummaryData, csrf: SafeHtml | null = null): SafeHtml {
  return html`${header}
<section aria-labelledby="fandoms-title"><h2 id="fandoms-title">Sign-ups: ${d.total}</h2>
<div class="table-scroll"><table class="exchange-summary"><caption>Fandoms requested and offered</caption>
<thead><tr><th scope="col">Fandom</th><th scope="col">Requested by</th><th scope="col">Offered by</th></tr></thead>
<tbody>${d.fandoms.map((f) => html`<tr><th scope="row">${f.fandom}</th><td>${f.requested}</td><td>${f.offered}</td></tr>`)}</tbody></table></div>
</section>
<section aria-labelledby="signups-title"><h2 id="signups-title">Every sign-up</h2>
<div class="table-scroll"><table class="exchange-signups"><caption>Who requests and offers which fandoms</caption>
<thead><tr><th scope="col">Participant</th><th scope="col">Requests</th><th scope="col">Offers</th>${csrf ? html`<th scope="col"><span class="visually-hidden">Remove</span></th>` : ''}</tr></thead>
<tbody>${d.signups.map(
    (s) => html`<tr><th scope="row"><a href="/users/${encodeURIComponent(s.username)}">${s.pseud}</a></th>
<td>${fandomsOf(s.requests)}<details><summary>Details</summary>${s.requests.map((p) => html`<p>${promptLines(p).join(' · ')}</p>`)}</details></td>
<td>${fandomsOf(s.offers)}</td>${
      csrf
        ? html`<td><form method="post" action="${exchangePath(d.collection)}/signups/${String(s.id)}/remove">${csrf}<button class="button" type="submit">Remove</button></form></td>`
        : ''
    }</tr>`,
  )}</tbody></table></div>
${
  d.next !== null
    ? html`<nav class="pager" aria-label="Pages"><a class="button" href="${exchangePath(d.collection)}/signups?after=${String(d.next)}" rel="next">Next sign-ups →</a></nav>`
    : ''
}
</section>
<p><a href="${exchangePath(d.collection)}/exchange">Back to the exchange</a></p>`;
}
