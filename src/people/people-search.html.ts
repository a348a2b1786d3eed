// The people search page: a GET form and the pseuds found, each with what the reader may see of
// theirs.
import { html, type SafeHtml } from '../markup/html.ts';
import { groupDigits } from '../search/query.ts';
import { findersNav, numberedPager, resultsSection } from '../search/search.html.ts';
import type { PeopleResults } from './people-search.service.ts';

const plural = (n: number, one: string) => `${groupDigits(n)} ${one}${n === 1 ? '' : 's'}`;

export function peopleSearchPage(r: PeopleResults, params: URLSearchParams): SafeHtml {
  return html`<h1>Search people</h1>
${findersNav('people')}
<form class="search-form" method="get" action="/people/search" role="search" aria-label="Search people">
  <div class="field wide">
    <label for="f-q">Username or pseud</label>
    <input id="f-q" name="q" type="search" value="${r.query}" aria-describedby="h-q">
    <small id="h-q" class="muted">Any part of the name; capitals do not matter.</small>
  </div>
  <button class="button primary" type="submit">Search</button>
</form>
${resultsSection(
  r.query !== '',
  `${r.total === 1 ? '1 person' : `${groupDigits(r.total)} people`} found`,
  r.people.length
    ? html`<ol class="found">${r.people.map((p) => {
        const user = encodeURIComponent(p.username);
        return html`<li><a href="/users/${user}/pseuds/${encodeURIComponent(p.pseud)}">${p.pseud}</a>${p.pseud === p.username ? '' : html` (<a href="/users/${user}">${p.username}</a>)`}
    <span class="muted">· ${p.works.exact ? '' : 'about '}${plural(p.works.value, 'work')} · <a href="/users/${user}/bookmarks">${plural(p.bookmarks, 'bookmark')}</a></span></li>`;
      })}</ol>`
    : html`<p class="muted">Nobody matches.</p>`,
  numberedPager('/people/search', params, r.page, r.hasNext),
)}`;
}
