// The tag search page: a GET form and the tags found, each with its type, whether it is
// canonical, and the works it filters to.
import { html, type SafeHtml } from '../markup/html.ts';
import { groupDigits } from '../search/query.ts';
import { checkboxField, findersNav, notices, numberedPager, resultsSection } from '../search/search.html.ts';
import { TAG_TYPE_LABELS, TAG_TYPES } from './tag-types.ts';
import { tagToPath } from './tag-url.ts';
import type { TagResults } from './tag-search.service.ts';

export function tagSearchPage(r: TagResults, params: URLSearchParams): SafeHtml {
  const value = (name: string) => params.get(name) ?? '';
  const type = value('type');
  return html`<h1>Search tags</h1>
${findersNav('tags')}
<form class="search-form" method="get" action="/tags/search" role="search" aria-label="Search tags">
  <div class="grid">
    <div class="field"><label for="f-q">Name</label><input id="f-q" name="q" type="search" value="${value('q')}"></div>
    <div class="field"><label for="f-type">Type</label>
      <select id="f-type" name="type"><option value="">Any type</option>${TAG_TYPES.map((t) => html`<option value="${t}"${type === t ? html` selected` : ''}>${TAG_TYPE_LABELS[t].one}</option>`)}</select></div>
    <div class="field"><label for="f-fandom">Fandom</label><input id="f-fandom" name="fandom" value="${value('fandom')}" aria-describedby="h-fandom">
      <small id="h-fandom" class="muted">Its characters, relationships and other tags.</small></div>
  </div>
  ${checkboxField('canonical', 'Canonical tags only', params)}
  <button class="button primary" type="submit">Search</button>
</form>
${notices(r.notices)}
${resultsSection(
  r.asked,
  `${groupDigits(r.total)} tag${r.total === 1 ? '' : 's'} found`,
  r.tags.length
    ? html`<ol class="found">${r.tags.map(
        (t) => html`<li><a href="/tags/${tagToPath(t.name)}">${t.name}</a>
    <span class="muted">· ${TAG_TYPE_LABELS[t.type as keyof typeof TAG_TYPE_LABELS]?.one ?? t.type}${t.canonical ? ' · canonical' : t.synonymOf !== null ? ' · synonym' : ''} · ${groupDigits(t.works)} work${t.works === 1 ? '' : 's'}</span></li>`,
      )}</ol>`
    : html`<p class="muted">No tags match.</p>`,
  numberedPager('/tags/search', params, r.page, r.hasNext),
)}`;
}
