// The search page: a GET form (so every search is a URL), the results, and AO3's sidebar of the
// result set's top tags, each a link that narrows or excludes.
import { html, type SafeHtml } from '../markup/html.ts';
import { type Display, pager, workList } from '../works/works.html.ts';
import { RATING_TAGS, TAG_TYPE_LABELS, TAG_TYPES, type TagType } from '../tags/tag-types.ts';
import { groupDigits, SORT_FIELDS, type QueryError, type WorkQuery } from './query.ts';
import type { SearchResult } from './search.service.ts';
import { option, SORT_LABELS } from './filters.html.ts';

function one(params: URLSearchParams, name: string): string {
  return params.get(name) ?? params.get(`${name}[]`) ?? '';
}

function searchForm(params: URLSearchParams): SafeHtml {
  const input = (name: string, label: string, hint?: string) => html`<div class="field">
      <label for="f-${name}">${label}</label>
      <input id="f-${name}" name="${name}" value="${one(params, name)}"${hint ? html` aria-describedby="h-${name}"` : ''}>
      ${hint ? html`<small id="h-${name}" class="muted">${hint}</small>` : ''}
    </div>`;
  const sort = one(params, 'sort');
  return html`<form class="search-form" method="get" action="/works/search" role="search" aria-label="Search works">
  <div class="field wide">
    <label for="f-q">Search works</label>
    <input id="f-q" name="q" type="search" value="${one(params, 'q')}" aria-describedby="h-q">
    <small id="h-q" class="muted">Words, "exact phrases", -exclusions, and shortcuts such as words&gt;1000, kudos&gt;10, fandom:(Naruto | Bleach), -tag:Angst, sort:kudos.</small>
  </div>
  <details class="more-filters"${[...params.keys()].some((k) => k !== 'q' && k !== 'after') ? html` open` : ''}>
    <summary>More filters</summary>
    <div class="grid">
      <div class="field"><label for="f-rating">Rating</label>
        <select id="f-rating" name="rating">${option('', 'Any rating', one(params, 'rating'))}${RATING_TAGS.map((r) => option(r, r, one(params, 'rating')))}</select></div>
      ${input('fandom', 'Fandom')}
      ${input('character', 'Character')}
      ${input('relationship', 'Relationship')}
      ${input('freeform', 'Other tags to include')}
      ${input('exclude[]', 'Tags to exclude')}
      ${input('any[]', 'Any of these tags', 'Separate tags with |')}
      ${input('words_from', 'Words from')}
      ${input('words_to', 'Words to')}
      ${input('updated_from', 'Updated from', 'YYYY-MM-DD')}
      ${input('language', 'Language', 'e.g. en, es, Spanish')}
      <div class="field"><label for="f-complete">Completion</label>
        <select id="f-complete" name="complete">${option('', 'All works', one(params, 'complete'))}${option('true', 'Complete works only', one(params, 'complete'))}${option('false', 'Works in progress only', one(params, 'complete'))}</select></div>
      <div class="field"><label for="f-crossover">Crossovers</label>
        <select id="f-crossover" name="crossover">${option('', 'Include crossovers', one(params, 'crossover'))}${option('exclude', 'Exclude crossovers', one(params, 'crossover'))}${option('only', 'Only crossovers', one(params, 'crossover'))}</select></div>
      <div class="field"><label for="f-sort">Sort by</label>
        <select id="f-sort" name="sort">${option('', 'Default', sort)}${SORT_FIELDS.map((f) => option(f, SORT_LABELS[f], sort))}</select></div>
    </div>
  </details>
  <button class="button primary" type="submit">Search</button>
</form>`;
}

function withParam(params: URLSearchParams, name: string, value: string): string {
  const p = new URLSearchParams(params);
  p.delete('after');
  p.append(name, value);
  return `/works/search?${p.toString()}`;
}

function facetsSidebar(result: SearchResult, params: URLSearchParams): SafeHtml {
  const groups = TAG_TYPES.filter((t) => result.facets.byType[t]?.length);
  if (groups.length === 0) return html``;
  return html`<aside class="facets" aria-labelledby="facets-title">
  <h2 id="facets-title">Top tags in these results</h2>
  ${result.facets.approximate ? html`<p class="muted">Counts estimated from the newest works in the results.</p>` : ''}
  ${groups.map(
    (
      type: TagType,
    ) => html`<section aria-label="${TAG_TYPE_LABELS[type].many}"><h3>${TAG_TYPE_LABELS[type].many}</h3><ul>
    ${result.facets.byType[type]!.map(
      (f) => html`<li>
      <a href="${withParam(params, type, f.name)}">${f.name}</a> <span class="muted">(${result.facets.approximate ? '≈' : ''}${groupDigits(f.count)})</span>
      <a class="exclude" href="${withParam(params, 'exclude[]', f.name)}" aria-label="Exclude ${f.name}" title="Exclude">−</a>
    </li>`,
    )}
  </ul></section>`,
  )}
</aside>`;
}

export function queryMessages(list: QueryError[]): SafeHtml {
  if (list.length === 0) return html``;
  return html`<div class="query-messages" role="status"><ul>${list.map((e) => html`<li class="${e.severity}">${e.param ? html`<code>${e.param}</code>: ` : ''}${e.message}</li>`)}</ul></div>`;
}

export function searchPage(
  params: URLSearchParams,
  description: string,
  result: SearchResult | null,
  problems: QueryError[],
  nextHref: string | null,
  query: WorkQuery | null,
  display: Display,
  saveForm?: SafeHtml,
): SafeHtml {
  const total = result ? `${result.total.exact ? '' : 'about '}${groupDigits(result.total.value)}` : '';
  return html`<h1>Search works</h1>
${findersNav('works')}
${searchForm(params)}
${queryMessages(problems)}
${
  result && query
    ? html`<div class="search-results">
  <section class="results" aria-labelledby="results-title">
    <h2 id="results-title">${total} work${result.total.value === 1 && result.total.exact ? '' : 's'}: ${description}</h2>
    ${saveForm ?? ''}
    ${workList(result.works, 'No works match this search.', display)}
    ${pager(nextHref)}
  </section>
  ${facetsSidebar(result, params)}
</div>`
    : ''
}`;
}

const FINDERS = [
  ['works', '/works/search', 'Works'],
  ['people', '/people/search', 'People'],
  ['bookmarks', '/bookmarks/search', 'Bookmarks'],
  ['tags', '/tags/search', 'Tags'],
] as const;

/** The archive's searches, side by side at the top of each: the current one is not a link. */
export function findersNav(current: (typeof FINDERS)[number][0]): SafeHtml {
  return html`<nav class="finders" aria-label="Searches"><ul>${FINDERS.map(([key, href, label]) =>
    key === current
      ? html`<li><span aria-current="page">${label}</span></li>`
      : html`<li><a href="${href}">${label}</a></li>`,
  )}</ul></nav>`;
}

/** Previous and next page links for a search paged by number; `params` keep the search itself. */
export function numberedPager(path: string, params: URLSearchParams, page: number, hasNext: boolean): SafeHtml {
  const at = (n: number) => {
    const p = new URLSearchParams(params);
    p.delete('page');
    if (n > 1) p.set('page', String(n));
    const q = p.toString();
    return q ? `${path}?${q}` : path;
  };
  if (page <= 1 && !hasNext) return html``;
  return html`<nav class="pager" aria-label="Pages">${page > 1 ? html`<a class="button" href="${at(page - 1)}" rel="prev">← Previous</a>` : ''}${hasNext ? html`<a class="button" href="${at(page + 1)}" rel="next">Next →</a>` : ''}</nav>`;
}

/** Warnings about what was searched for (a name the archive does not have). */
export function notices(list: string[]): SafeHtml {
  return list.length
    ? html`<div class="query-messages" role="status"><ul>${list.map((n) => html`<li class="warning">${n}</li>`)}</ul></div>`
    : html``;
}

/** A tick box for a search form (recs only, canonical only), ticked when the URL says `1`. */
export function checkboxField(name: string, label: string, params: URLSearchParams): SafeHtml {
  return html`<div class="field checkbox"><input id="f-${name}" name="${name}" type="checkbox" value="1"${params.get(name) === '1' ? html` checked` : ''}><label for="f-${name}">${label}</label></div>`;
}

/** A search's results under a heading such as "3 tags found", with its page links; nothing before a search. */
export function resultsSection(asked: boolean, heading: string, list: SafeHtml, pages: SafeHtml): SafeHtml {
  return asked
    ? html`<section aria-labelledby="results-title">
  <h2 id="results-title">${heading}</h2>
  ${list}
  ${pages}
</section>`
    : html``;
}
