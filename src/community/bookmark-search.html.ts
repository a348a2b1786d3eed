// The bookmark search page: a GET form (so every search is a URL) and the public bookmarks found,
// each with its work, who bookmarked it and when, their tags and notes.
import { html, sanitizedHtml, type SafeHtml } from '../markup/html.ts';
import { groupDigits } from '../search/query.ts';
import { checkboxField, findersNav, notices, resultsSection } from '../search/search.html.ts';
import { formatDate } from '../markup/dates.ts';
import { blurb, type Display } from '../works/works.html.ts';
import type { BookmarkResults, FoundBookmark } from './bookmark-search.service.ts';

function searchHref(params: Record<string, string>): string {
  return `/bookmarks/search?${new URLSearchParams(params).toString()}`;
}

/** One bookmark with its work, as the bookmark search and a collection's bookmarks list it. */
export function foundBookmark({ bookmark: b, work }: FoundBookmark, display: Display): SafeHtml {
  const who = b.pseud && b.pseud !== b.username ? `${b.pseud} (${b.username})` : b.username;
  return html`<li class="bookmark-item">
  <ol class="works">${blurb(work, display)}</ol>
  <div class="bookmarker">
    <p class="muted">Bookmarked by <a href="/users/${encodeURIComponent(b.username)}/bookmarks">${who}</a> on <time datetime="${b.createdAt}">${formatDate(b.createdAt, display.timeZone)}</time>${b.rec ? html` · <strong>Rec</strong>` : ''}</p>
    ${b.tags.length ? html`<ul class="tags bookmark-tags" aria-label="Bookmarker's tags">${b.tags.map((t) => html`<li><a href="${searchHref({ bookmark_tags: t })}">${t}</a></li>`)}</ul>` : ''}
    ${b.notesHtml ? html`<blockquote class="userstuff bookmark-notes">${sanitizedHtml(b.notesHtml)}</blockquote>` : ''}
  </div>
</li>`;
}

export function bookmarkSearchPage(
  r: BookmarkResults,
  params: URLSearchParams,
  nextHref: string | null,
  display: Display,
): SafeHtml {
  const value = (name: string) => params.get(name) ?? '';
  const input = (name: string, label: string, hint: string) => html`<div class="field">
      <label for="f-${name}">${label}</label>
      <input id="f-${name}" name="${name}" value="${value(name)}" aria-describedby="h-${name}">
      <small id="h-${name}" class="muted">${hint}</small>
    </div>`;
  return html`<h1>Search bookmarks</h1>
${findersNav('bookmarks')}
<form class="search-form" method="get" action="/bookmarks/search" role="search" aria-label="Search bookmarks">
  <div class="grid">
    ${input('work_tags', "Work's tags", 'Separate tags with commas; the work carries every one.')}
    ${input('bookmark_tags', "Bookmarker's tags", 'Separate tags with commas.')}
    ${input('notes', 'Notes', 'Words in the bookmarker’s notes.')}
    ${input('bookmarker', 'Bookmarker', 'A username or pseud.')}
  </div>
  ${checkboxField('rec', 'Recs only', params)}
  <button class="button primary" type="submit">Search</button>
</form>
${notices(r.notices)}
${resultsSection(
  r.asked,
  `${groupDigits(r.total)} bookmark${r.total === 1 ? '' : 's'} found`,
  r.items.length
    ? html`<ol class="bookmarks">${r.items.map((f) => foundBookmark(f, display))}</ol>`
    : html`<p class="muted">No public bookmarks match.</p>`,
  nextHref
    ? html`<nav class="pager" aria-label="Pages"><a class="button" href="${nextHref}" rel="next">Older bookmarks →</a></nav>`
    : html``,
)}`;
}
