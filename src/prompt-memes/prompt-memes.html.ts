// Prompt meme pages: the moderators' settings, a collection's prompts (filters, newest first),
// the prompt form, a prompt's page with its claims and fills, and a reader's claims. An
// anonymous prompt's prompter arrives here already withheld (null) by the service.
import { html, type SafeHtml } from '../markup/html.ts';
import { formatDateTime } from '../markup/dates.ts';
import { textParagraphs } from '../markup/paragraphs.ts';
import { flash } from '../web/layout.ts';
import { pager, workList, type Display } from '../works/works.html.ts';
import type { MemeRow, PromptShown, PromptStatus } from './prompt-memes.service.ts';
import { PROMPT_LIMITS, PROMPT_TAG_LABELS, PROMPT_TAG_TYPES, type PromptFields } from './prompt-rules.ts';

const collectionPath = (name: string) => `/collections/${encodeURIComponent(name)}`;
const checked = (on: boolean) => (on ? html` checked` : '');

export function memeSettingsForm(
  csrf: SafeHtml,
  c: { name: string; title: string },
  meme: MemeRow | undefined,
  error?: string,
): SafeHtml {
  const m = meme ?? {
    promptsOpen: true,
    anonymousAllowed: true,
    promptsPerMember: 5,
    tagTypes: ['fandom', 'character', 'relationship', 'freeform'],
    fandoms: [],
  };
  const box = (name: string, label: string, on: boolean) =>
    html`<div class="field checkbox"><label><input type="checkbox" name="${name}" value="1"${checked(on)}> ${label}</label></div>`;
  return html`<h1>Prompt meme: ${c.title}</h1>
${flash(error, 'error')}
<p>${meme ? 'This collection is a prompt meme.' : 'This collection is not a prompt meme yet: saving these settings makes it one.'}</p>
<form method="post" action="${collectionPath(c.name)}/prompt_meme" class="collection-form">${csrf}
  ${box('prompts_open', 'Open for prompts', m.promptsOpen)}
  ${box('anonymous_allowed', 'Anonymous prompts allowed', m.anonymousAllowed)}
  <div class="field"><label for="m-per">Prompts per member</label><input id="m-per" name="prompts_per_member" inputmode="numeric" required value="${String(m.promptsPerMember)}"></div>
  <fieldset><legend>Tags a prompt carries</legend>
  ${PROMPT_TAG_TYPES.map((t) => html`<label><input type="checkbox" name="tag_types" value="${t}"${checked(m.tagTypes.includes(t))}> ${PROMPT_TAG_LABELS[t]}</label> `)}
  </fieldset>
  <div class="field"><label for="m-fandoms">Only these fandoms (separated by commas)</label><input id="m-fandoms" name="fandoms" value="${m.fandoms.join(', ')}" aria-describedby="m-fandoms-hint"><small id="m-fandoms-hint" class="muted">Empty: any fandom.</small></div>
  <button class="button primary" type="submit">Save prompt meme</button>
</form>
${meme ? html`<form method="post" action="${collectionPath(c.name)}/prompt_meme" class="inline-form">${csrf}<button class="button" type="submit" name="off" value="1">Switch the prompt meme off</button> <small class="muted">Its prompts stay, unseen, until it is switched on again.</small></form>` : ''}`;
}

function prompterLine(p: PromptShown): SafeHtml {
  const who = p.prompter
    ? html`<a href="/users/${encodeURIComponent(p.prompter)}">${p.prompter}</a>${p.anonymous ? ' (anonymous to readers)' : ''}`
    : html`Anonymous`;
  return html`by ${who}${p.mine ? html` <span class="muted">(your prompt)</span>` : ''}`;
}

function tagLine(p: PromptShown): SafeHtml {
  if (!p.tags.length) return html``;
  return html`<ul class="tags commas">${p.tags.map(
    (t) =>
      html`<li><a href="${collectionPath(p.collection)}/prompts?${new URLSearchParams(t.type === 'fandom' ? { fandom: t.name } : { tag: t.name }).toString()}">${t.name}</a></li>`,
  )}</ul>`;
}

function claimLine(p: PromptShown): SafeHtml {
  const n = p.claims.count;
  const names = p.claims.names?.length ? html`: ${p.claims.names.join(', ')}` : '';
  return html`${n} ${n === 1 ? 'claim' : 'claims'}${names}${p.claims.mine ? ' (you claimed it)' : ''} · ${p.fills.length} ${p.fills.length === 1 ? 'fill' : 'fills'}`;
}

/** One prompt in a list. */
export function promptBlurb(p: PromptShown, timeZone: string): SafeHtml {
  return html`<li class="prompt" id="prompt-${p.id}">
  <h3><a href="/prompts/${p.id}">${p.title}</a> <span class="muted">${prompterLine(p)}</span></h3>
  ${tagLine(p)}
  <p class="muted">${claimLine(p)} · <time datetime="${p.createdAt}">${formatDateTime(p.createdAt, timeZone)}</time></p>
</li>`;
}

export interface ListFilter {
  fandom: string;
  tag: string;
  status: PromptStatus | '';
}

export function promptListPage(
  header: SafeHtml,
  c: { name: string; promptsOpen: boolean },
  prompts: PromptShown[],
  filter: ListFilter,
  nextHref: string | null,
  signedIn: boolean,
  timeZone: string,
): SafeHtml {
  const opt = (v: string, label: string) =>
    html`<option value="${v}"${filter.status === v ? html` selected` : ''}>${label}</option>`;
  return html`${header}
<h2>Prompts</h2>
${signedIn && c.promptsOpen ? html`<p><a class="button" href="${collectionPath(c.name)}/prompts/new">Post a prompt</a></p>` : ''}
${c.promptsOpen ? '' : html`<p class="muted">This prompt meme takes no new prompts now.</p>`}
<form class="search-form" method="get" action="${collectionPath(c.name)}/prompts" aria-label="Filter prompts">
  <div class="field"><label for="f-fandom">Fandom</label><input id="f-fandom" name="fandom" value="${filter.fandom}"></div>
  <div class="field"><label for="f-tag">Tag</label><input id="f-tag" name="tag" value="${filter.tag}"></div>
  <div class="field"><label for="f-status">Status</label><select id="f-status" name="status">${opt('', 'Any')}${opt('unclaimed', 'Unclaimed')}${opt('claimed', 'Claimed, not filled')}${opt('filled', 'Filled')}</select></div>
  <button class="button" type="submit">Filter</button>
</form>
${prompts.length ? html`<ol class="prompts">${prompts.map((p) => promptBlurb(p, timeZone))}</ol>` : html`<p class="muted">No prompts match.</p>`}
${pager(nextHref)}`;
}

export function promptForm(csrf: SafeHtml, action: string, meme: MemeRow, v: PromptFields, error?: string): SafeHtml {
  return html`<h1>${action.endsWith('/edit') ? 'Edit prompt' : 'Post a prompt'}</h1>
${flash(error, 'error')}
<form method="post" action="${action}" class="collection-form">${csrf}
  <div class="field"><label for="p-title">Title</label><input id="p-title" name="title" required maxlength="${String(PROMPT_LIMITS.title)}" value="${v.title}"></div>
  <div class="field"><label for="p-description">Prompt</label><textarea id="p-description" name="description" rows="6" maxlength="${String(PROMPT_LIMITS.description)}">${v.description}</textarea></div>
  ${PROMPT_TAG_TYPES.filter((t) => meme.tagTypes.includes(t)).map(
    (t) =>
      html`<div class="field"><label for="p-${t}">${PROMPT_TAG_LABELS[t]} (separated by commas)</label><input id="p-${t}" name="${t}" value="${v.tags[t] ?? ''}"></div>`,
  )}
  ${meme.fandoms.length ? html`<p class="muted">Fandoms here: ${meme.fandoms.join(', ')}.</p>` : ''}
  ${meme.anonymousAllowed ? html`<div class="field checkbox"><label><input type="checkbox" name="anonymous" value="1"${checked(v.anonymous)}> Post anonymously</label> <small class="muted">Nobody but the moderators will see that the prompt is yours.</small></div>` : ''}
  <button class="button primary" type="submit">${action.endsWith('/edit') ? 'Save prompt' : 'Post prompt'}</button>
</form>`;
}

export function promptPage(
  header: SafeHtml,
  p: PromptShown,
  csrf: SafeHtml | null,
  myWorks: { id: number; title: string }[],
  display: Display,
): SafeHtml {
  const post = (path: string, label: string, primary = false) =>
    csrf
      ? html`<form method="post" action="/prompts/${p.id}/${path}" class="inline-form">${csrf}<button class="button${primary ? ' primary' : ''}" type="submit">${label}</button></form>`
      : '';
  const fillForm =
    csrf && myWorks.length
      ? html`<form method="post" action="/prompts/${p.id}/fill" class="inline-form">${csrf}
  <label for="fill-work">Fill with your work</label> <select id="fill-work" name="work_id">${myWorks.map((w) => html`<option value="${String(w.id)}">${w.title}</option>`)}</select>
  <button class="button primary" type="submit">Fill</button></form>`
      : '';
  return html`${header}
<article class="prompt-page">
<h2>${p.title}</h2>
<p class="muted">${prompterLine(p)} · <time datetime="${p.createdAt}">${formatDateTime(p.createdAt, display.timeZone)}</time></p>
${tagLine(p)}
${p.description ? html`<div class="prompt-description">${textParagraphs(p.description)}</div>` : ''}
<p>${claimLine(p)}</p>
<div class="actions">${csrf ? (p.claims.mine ? post('unclaim', 'Drop claim') : post('claim', 'Claim', true)) : html`<a href="/login">Sign in</a> to claim or fill this prompt.`}
${p.may.edit ? html`<a class="button" href="/prompts/${p.id}/edit">Edit</a>` : ''}
${p.may.remove ? post('delete', p.mine ? 'Delete' : 'Remove') : ''}</div>
${fillForm}
${csrf ? html`<p><a class="button" href="/works/new?prompt=${String(p.id)}">Post a new work for this prompt</a></p>` : ''}
</article>
<section aria-labelledby="fills-title"><h2 id="fills-title">Fills</h2>
${workList(p.fills, 'No fills yet.', display)}</section>`;
}

export function myClaimsPage(
  claims: PromptShown[],
  prompts: { id: number; title: string; collection: string; anonymous: boolean }[],
  timeZone: string,
): SafeHtml {
  return html`<h1>My claims</h1>
${claims.length ? html`<ol class="prompts">${claims.map((p) => promptBlurb(p, timeZone))}</ol>` : html`<p class="muted">You have claimed no prompts.</p>`}
<h2>My prompts</h2>
${
  prompts.length
    ? html`<ul class="prompts">${prompts.map((p) => html`<li><a href="/prompts/${p.id}">${p.title}</a> <span class="muted">in ${p.collection}${p.anonymous ? ' · anonymous' : ''}</span></li>`)}</ul>`
    : html`<p class="muted">You have posted no prompts.</p>`
}`;
}

/** "In response to a prompt by alice in Lamp Meme" under a work's title; nothing when it fills none. */
export function promptLine(
  rows: { id: number; title: string; prompter: string | null; collection: string; collectionTitle: string }[],
): SafeHtml {
  if (!rows.length) return html``;
  return html`<p class="work-prompts">In response to ${rows.map(
    (r, i) =>
      html`${i ? '; ' : ''}a prompt (<a href="/prompts/${String(r.id)}">${r.title}</a>) by ${r.prompter ? html`<a href="/users/${encodeURIComponent(r.prompter)}">${r.prompter}</a>` : 'Anonymous'} in <a href="${collectionPath(r.collection)}">${r.collectionTitle}</a>`,
  )}</p>`;
}
