// AO3's "Sort and filter" sidebar for a listing within one tag: sort, include and exclude boxes
// from the listing's top tags, more options, and text within the results. A GET form whose
// fields are the search page's URL parameters (query-url.ts), so the listing is a bookmarkable
// search scoped to the tag; parameters it has no field for ride along hidden.
import { html, type SafeHtml } from '../markup/html.ts';
import { TAG_TYPE_LABELS, TAG_TYPES, type TagType } from '../tags/tag-types.ts';
import { PARAMS } from './query-url.ts';
import { groupDigits, hasTextSearch, type SortField, type WorkQuery } from './query.ts';
import type { SearchResult } from './search.service.ts';

export const SORT_LABELS: Record<SortField, string> = {
  updated: 'Date updated',
  posted: 'Date posted',
  title: 'Title',
  creator: 'Creator',
  words: 'Word count',
  hits: 'Hits',
  kudos: 'Kudos',
  comments: 'Comments',
  bookmarks: 'Bookmarks',
  best_match: 'Best match',
};

export function option(value: string, label: string, current: string): SafeHtml {
  return html`<option value="${value}"${current === value ? html` selected` : ''}>${label}</option>`;
}

/** The parameters this form has a field for; any other travels as a hidden field. */
const OWNED: string[] = [
  PARAMS.q,
  PARAMS.exclude,
  PARAMS.sort,
  PARAMS.crossover,
  PARAMS.complete,
  PARAMS.wordsFrom,
  PARAMS.wordsTo,
  PARAMS.updatedFrom,
  PARAMS.updatedTo,
  PARAMS.language,
  ...TAG_TYPES,
];
const owned = (key: string) =>
  OWNED.includes(key) || OWNED.includes(key.replace(/\[\]$/, '')) || OWNED.includes(`${key}[]`);

interface Box {
  name: string;
  count?: number;
  checked: boolean;
}

const key = (name: string) => name.trim().toLowerCase();

/** The top tags, then any the reader chose that are not among them, each once. */
function boxes(top: { name: string; count: number }[], chosen: string[], skip: string): Box[] {
  const picked = new Set(chosen.map(key));
  const out: Box[] = top
    .filter((f) => key(f.name) !== key(skip))
    .map((f) => ({ ...f, checked: picked.has(key(f.name)) }));
  const shown = new Set(out.map((b) => key(b.name)));
  for (const name of chosen) {
    if (shown.has(key(name))) continue;
    out.push({ name, checked: true });
    shown.add(key(name));
  }
  return out;
}

function boxGroup(legend: string, param: string, id: string, list: Box[], approximate: boolean): SafeHtml {
  if (list.length === 0) return html``;
  return html`<fieldset class="tag-group"><legend>${legend}</legend><ul>${list.map(
    (
      b,
      i,
    ) => html`<li><input type="checkbox" id="${id}-${i}" name="${param}" value="${b.name}"${b.checked ? html` checked` : ''}>
      <label for="${id}-${i}">${b.name}${b.count === undefined ? '' : html` <span class="muted">(${approximate ? '≈' : ''}${groupDigits(b.count)})</span>`}</label></li>`,
  )}</ul></fieldset>`;
}

/** On a phone the sidebar follows the works; this link at their top leads to it. */
export const FILTERS_JUMP = html`<p class="filters-jump"><a href="#filters">Sort and filter</a></p>`;

/**
 * The sidebar for `action` (the tag page's path), given the reader's parameters, the query they
 * make (without the tag itself) and the listing's facets.
 */
export function filterSidebar(
  action: string,
  params: URLSearchParams,
  query: WorkQuery,
  facets: SearchResult['facets'],
  scope: string,
): SafeHtml {
  const one = (name: string) => params.get(name) ?? params.get(`${name}[]`) ?? '';
  const input = (name: string, label: string, type = 'text') => html`<div class="field">
      <label for="t-${name}">${label}</label><input id="t-${name}" name="${name}" type="${type}" value="${one(name)}"></div>`;
  const text = hasTextSearch(query);
  const sorts = (Object.keys(SORT_LABELS) as SortField[]).filter((f) => f !== 'best_match' || text);
  const included = (type: TagType) => query.includeTags.filter((t) => t.type === type).map((t) => t.name);
  const excluded = query.excludeTags.map((t) => t.name);
  const excludedShown = new Set<string>();
  const excludeGroups = TAG_TYPES.map((type) => {
    const top = facets.byType[type] ?? [];
    const list = boxes(
      top,
      excluded.filter((n) => top.some((f) => key(f.name) === key(n))),
      scope,
    );
    for (const b of list) excludedShown.add(key(b.name));
    return boxGroup(TAG_TYPE_LABELS[type].many, PARAMS.exclude, `exc-${type}`, list, facets.approximate);
  });
  const otherExcluded = boxes(
    [],
    excluded.filter((n) => !excludedShown.has(key(n))),
    scope,
  );
  const hidden = [...params].filter(([k]) => !owned(k) && k !== PARAMS.after);
  return html`<aside class="filters" id="filters" aria-labelledby="filters-title">
<div class="filter-box">
<h2 id="filters-title">Sort and filter</h2>
<form method="get" action="${action}" role="search" aria-label="Sort and filter these works">
  <div class="field"><label for="t-sort">Sort by</label>
    <select id="t-sort" name="sort">${sorts.map((f) => option(f, SORT_LABELS[f], query.sort.field))}</select></div>
  <fieldset><legend>Include</legend>
    ${TAG_TYPES.map((type) => boxGroup(TAG_TYPE_LABELS[type].many, type, `inc-${type}`, boxes(facets.byType[type] ?? [], included(type), scope), facets.approximate))}
  </fieldset>
  <fieldset><legend>Exclude</legend>
    ${excludeGroups}
    ${boxGroup('Other tags', PARAMS.exclude, 'exc-other', otherExcluded, false)}
  </fieldset>
  <fieldset><legend>More options</legend>
    <div class="field"><label for="t-crossover">Crossovers</label>
      <select id="t-crossover" name="crossover">${option('', 'Include crossovers', one('crossover'))}${option('exclude', 'Exclude crossovers', one('crossover'))}${option('only', 'Only crossovers', one('crossover'))}</select></div>
    <div class="field"><label for="t-complete">Completion status</label>
      <select id="t-complete" name="complete">${option('', 'All works', one('complete'))}${option('true', 'Complete works only', one('complete'))}${option('false', 'Works in progress only', one('complete'))}</select></div>
    ${input(PARAMS.wordsFrom, 'Words from', 'number')}
    ${input(PARAMS.wordsTo, 'Words to', 'number')}
    ${input(PARAMS.updatedFrom, 'Updated from', 'date')}
    ${input(PARAMS.updatedTo, 'Updated to', 'date')}
    ${input(PARAMS.language, 'Language')}
  </fieldset>
  ${input(PARAMS.q, 'Search within results', 'search')}
  ${hidden.map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
  <button class="button primary" type="submit">Sort and filter</button>
  <a class="clear-filters" href="${action}">Clear filters</a>
</form>
</div>
</aside>`;
}
