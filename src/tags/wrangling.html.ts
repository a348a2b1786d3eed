// The wrangling page of one tag, for wranglers and admins: its place among synonyms and parents,
// and forms to change it.
import { html, type SafeHtml } from '../markup/html.ts';
import { tagLink } from '../works/works.html.ts';
import { tagToPath } from './tag-url.ts';
import type { TagDetails } from './wrangling.service.ts';
import { MEDIA, mediaPath } from './media.ts';

const MEDIA_SOURCE = { wrangler: 'set by a wrangler', canon: "the bundled canon's", none: 'no media known' };

function mediaForm(d: TagDetails, csrf: SafeHtml): SafeHtml {
  if (!d.media) return html``;
  const set = d.media.source === 'wrangler' ? d.media.media : '';
  return html`<h2>Media</h2>
<p>Filed under <a href="${mediaPath(d.media.media)}">${d.media.media}</a> <span class="muted">(${MEDIA_SOURCE[d.media.source]})</span>.</p>
<form method="post" action="/admin/tags/${tagToPath(d.tag.name)}/media">${csrf}
  <div class="field"><label for="f-media">Media</label><select id="f-media" name="media">
    <option value=""${set === '' ? html` selected` : ''}>Default: the canon's, else Uncategorized</option>
    ${MEDIA.map((m) => html`<option${set === m ? html` selected` : ''}>${m}</option>`)}
  </select></div>
  <button class="button" type="submit">Set media</button></form>`;
}

function list(items: { name: string; type?: string }[], empty: string): SafeHtml {
  return items.length
    ? html`<ul>${items.map((t) => html`<li>${tagLink(t)}${t.type ? html` <span class="muted">(${t.type})</span>` : ''}</li>`)}</ul>`
    : html`<p class="muted">${empty}</p>`;
}

export function wranglePage(
  d: TagDetails,
  csrf: SafeHtml,
  message?: { text: string; kind: 'error' | 'notice' },
): SafeHtml {
  const action = `/admin/tags/${tagToPath(d.tag.name)}`;
  return html`<div class="form-page">
<h1>Wrangle: ${d.tag.name}</h1>
${message ? html`<p class="flash ${message.kind}" role="${message.kind === 'error' ? 'alert' : 'status'}">${message.text}</p>` : ''}
<p>${d.tag.type} tag · ${d.tag.canonical ? 'canonical' : 'not canonical'} · ${d.filterCount} works · <a href="/tags/${tagToPath(d.tag.name)}">works page</a></p>
${d.synonymOf ? html`<p>Synonym of ${tagLink({ name: d.synonymOf })}.</p>` : ''}
${mediaForm(d, csrf)}
<h2>Synonyms</h2>${list(
    d.synonyms.map((name) => ({ name })),
    'None.',
  )}
<h2>Parents</h2>${list(d.parents, 'None.')}
<h2>Children</h2>${list(d.children, 'None.')}
<h2>Change</h2>
<form method="post" action="${action}">${csrf}<input type="hidden" name="action" value="${d.tag.canonical ? 'uncanonical' : 'canonical'}">
  <button class="button" type="submit">${d.tag.canonical ? 'Make not canonical' : 'Make canonical'}</button></form>
<form method="post" action="${action}">${csrf}<input type="hidden" name="action" value="merge">
  <div class="field"><label for="f-into">Make this a synonym of (a canonical tag)</label><input id="f-into" name="other" required></div>
  <button class="button" type="submit">Make synonym</button></form>
<form method="post" action="${action}">${csrf}<input type="hidden" name="action" value="parent">
  <div class="field"><label for="f-parent">Add a parent (a meta tag of the same type, or a fandom)</label><input id="f-parent" name="other" required></div>
  <button class="button" type="submit">Add parent</button></form>
${
  d.parents.length
    ? html`<form method="post" action="${action}">${csrf}<input type="hidden" name="action" value="unparent">
  <div class="field"><label for="f-unparent">Remove a parent</label><select id="f-unparent" name="other">${d.parents.map((p) => html`<option>${p.name}</option>`)}</select></div>
  <button class="button" type="submit">Remove parent</button></form>`
    : ''
}
</div>`;
}
