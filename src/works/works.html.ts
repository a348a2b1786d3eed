// The pages about works: listings of blurbs, the work page, chapter and entire-work reading.
import { html, type SafeHtml, type SanitizedHtml, sanitizedHtml } from '../markup/html.ts';
import { tagToPath } from '../tags/tag-url.ts';
import { TAG_TYPE_LABELS, type TagType } from '../tags/tag-types.ts';
import { downloadLinks } from '../downloads/downloads.html.ts';
import { withPrefs, type ReaderPrefs } from './reader-prefs.ts';
import type { TagView, WorkBlurb, WorkPage } from './works.service.ts';
import { formatDate } from '../markup/dates.ts';
import type { Preferences } from '../accounts/preferences.ts';

/** What a reader's preferences change in how works are shown (a guest's are the defaults). */
export type Display = Pick<Preferences, 'timeZone' | 'hideWarnings' | 'hideFreeforms'>;

const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language' });

export function languageName(code: string): string {
  try {
    return LANGUAGE_NAMES.of(code) ?? code;
  } catch {
    return code;
  }
}

const number = new Intl.NumberFormat('en');

/** A count as the pages show it (1,234). */
export const formatCount = (n: number): string => number.format(n);

function chaptersLabel(w: { chapterCount: number; expectedChapters: number | null }): string {
  return `${w.chapterCount}/${w.expectedChapters ?? '?'}`;
}

/** Each creator, linked to their page; the archive's own account (imports, orphans) has none. */
function byline(w: WorkBlurb): SafeHtml {
  if (!w.creators.length) return html`by Anonymous`;
  const one = (c: WorkBlurb['creators'][number]) => {
    // The archive's own accounts have no page: an imported work shows its pseud alone, an orphaned
    // one "orphan_account" or the kept pseud with it, as AO3 does.
    if (c.system) return html`${c.orphaned && c.pseud !== c.username ? `${c.pseud} (${c.username})` : c.pseud}`;
    const name = c.pseud === c.username ? c.pseud : `${c.pseud} (${c.username})`;
    return html`<a rel="author" href="/users/${encodeURIComponent(c.username)}">${name}</a>`;
  };
  return html`by ${w.creators.map((c, i) => html`${i ? ', ' : ''}${one(c)}`)}`;
}

function titleWithMark(w: WorkBlurb): SafeHtml {
  return html`${w.title}${w.titleProvisional ? html` <span class="provisional" title="The writer gave no title; this one is made from the first line.">provisional title</span>` : ''}`;
}

export function tagLink(t: { name: string }): SafeHtml {
  return html`<a href="/tags/${tagToPath(t.name)}">${t.name}</a>`;
}

function tagList(tags: TagView[]): SafeHtml {
  return html`<ul class="tags">${tags.map((t) => html`<li class="${t.type}">${tagLink(t)}</li>`)}</ul>`;
}

/** Tags the reader chose to fold away, behind a summary that opens them without a script. */
function folded(tags: TagView[], kind: 'warnings' | 'freeforms'): SafeHtml {
  const label = kind === 'warnings' ? 'Show warnings' : 'Show additional tags';
  return html`<details class="folded-tags ${kind}"><summary>${label}</summary>${tagList(tags)}</details>`;
}

function folds(display: Display): { warning: boolean; freeform: boolean } {
  return { warning: display.hideWarnings, freeform: display.hideFreeforms };
}

/** A blurb's tags in their order, less those folded away, which follow behind their summaries. */
function blurbTags(tags: TagView[], display: Display): SafeHtml {
  const fold = folds(display);
  const hidden = (t: TagView) => (t.type === 'warning' && fold.warning) || (t.type === 'freeform' && fold.freeform);
  const warnings = fold.warning ? tags.filter((t) => t.type === 'warning') : [];
  const freeforms = fold.freeform ? tags.filter((t) => t.type === 'freeform') : [];
  return html`${tagList(tags.filter((t) => !hidden(t)))}${warnings.length ? folded(warnings, 'warnings') : ''}${freeforms.length ? folded(freeforms, 'freeforms') : ''}`;
}

export function ratingOf(w: WorkBlurb): string {
  return w.tags.find((t) => t.type === 'rating')?.name ?? 'Not Rated';
}

export function blurb(w: WorkBlurb, display: Display): SafeHtml {
  return html`<li class="blurb" aria-labelledby="work-${w.id}-title">
  <h3 id="work-${w.id}-title"><a href="/works/${w.id}">${titleWithMark(w)}</a></h3>
  <p class="byline">${byline(w)}</p>
  ${blurbTags(w.tags, display)}
  ${w.summary ? html`<blockquote class="summary">${w.summary}</blockquote>` : ''}
  ${stats(w, display.timeZone)}
</li>`;
}

/** AO3's stats line; the work page shows Language on its own row and Published here too. */
/** Comments, kudos and bookmarks when there are any, and hits always, as AO3 shows them. */
function counts(w: WorkBlurb): SafeHtml {
  const c = w.counts;
  const one = (label: string, n: number) => html`<div><dt>${label}</dt><dd>${number.format(n)}</dd></div>`;
  return html`${c.comments ? one('Comments', c.comments) : ''}${c.kudos ? one('Kudos', c.kudos) : ''}${c.bookmarks ? one('Bookmarks', c.bookmarks) : ''}${one('Hits', c.hits)}`;
}

function stats(w: WorkBlurb, timeZone: string, where: 'blurb' | 'work' = 'blurb'): SafeHtml {
  return html`<dl class="stats">
    ${where === 'blurb' ? html`<div><dt>Language</dt><dd>${languageName(w.language)}</dd></div>` : html`<div><dt>Published</dt><dd><time datetime="${w.postedAt}">${formatDate(w.postedAt, timeZone)}</time></dd></div>`}
    <div><dt>Updated</dt><dd><time datetime="${w.updatedAt}">${formatDate(w.updatedAt, timeZone)}</time></dd></div>
    <div><dt>Words</dt><dd>${number.format(w.words)}</dd></div>
    <div><dt>Chapters</dt><dd>${chaptersLabel(w)}</dd></div>
    ${counts(w)}
  </dl>`;
}

export function workList(works: WorkBlurb[], empty: string, display: Display): SafeHtml {
  return works.length
    ? html`<ol class="works">${works.map((w) => blurb(w, display))}</ol>`
    : html`<p class="muted">${empty}</p>`;
}

export function pager(nextHref: string | null): SafeHtml {
  return nextHref
    ? html`<nav class="pager" aria-label="Pages"><a class="button" href="${nextHref}" rel="next">Older works →</a></nav>`
    : html``;
}

export function homePage(
  works: WorkBlurb[],
  total: { value: number; exact: boolean },
  nextHref: string | null,
  display: Display,
): SafeHtml {
  const count = `${total.exact ? '' : 'about '}${number.format(total.value)} work${total.value === 1 && total.exact ? '' : 's'}`;
  return html`<h1>Recent works</h1>
<p class="muted">${count} in the archive, most recently updated first.</p>
${workList(works, 'No works yet. Import some with: quire import PATH', display)}
${pager(nextHref)}`;
}

function metaBox(w: WorkPage, display: Display): SafeHtml {
  const groups = new Map<TagType, TagView[]>();
  for (const t of w.tags) groups.set(t.type, [...(groups.get(t.type) ?? []), t]);
  const hasRating = groups.has('rating');
  // An imported work whose warnings no one has decided yet says so, as AO3's readers would read it.
  const hasWarning = groups.has('warning');
  const fold = folds(display);
  const noWarning = 'None given, so read it as Creator Chose Not To Use Archive Warnings';
  const tagsOf = (type: TagType, tags: TagView[]) =>
    (type === 'warning' && fold.warning) || (type === 'freeform' && fold.freeform)
      ? folded(tags, type === 'warning' ? 'warnings' : 'freeforms')
      : tagList(tags);
  return html`<section class="work-meta" aria-label="Work details">
<dl>
  ${hasRating ? '' : html`<dt>Rating:</dt><dd>Not Rated</dd>`}
  ${hasWarning ? '' : html`<dt>Archive Warning:</dt><dd>${fold.warning ? html`<details class="folded-tags warnings"><summary>Show warnings</summary>${noWarning}</details>` : noWarning}</dd>`}
  ${[...groups].map(([type, tags]) => html`<dt>${tags.length > 1 ? TAG_TYPE_LABELS[type].many : TAG_TYPE_LABELS[type].one}:</dt><dd>${tagsOf(type, tags)}</dd>`)}
  <dt>Language:</dt><dd>${languageName(w.language)}</dd>
  <dt>Stats:</dt><dd>${stats(w, display.timeZone, 'work')}</dd>
</dl>
</section>`;
}

/** What a work's creators see on its page: their tools, and forms to decide on suggestions. */
export interface OwnerView {
  csrf: SafeHtml;
}

function decisionForms(w: WorkPage, s: TagView, owner: OwnerView, applied = false): SafeHtml {
  const form = (decision: 'accept' | 'reject', label: string) =>
    html`<form method="post" action="/works/${w.id}/suggestions" class="inline-form">${owner.csrf}<input type="hidden" name="tag" value="${s.id}"><input type="hidden" name="decision" value="${decision}"><button class="button" type="submit" aria-label="${label} ${s.name}">${label}</button></form>`;
  return applied
    ? html`<span class="decide">${form('accept', 'Keep')} ${form('reject', 'Undo')}</span>`
    : html`<span class="decide">${form('accept', 'Accept')} ${form('reject', 'Reject')}</span>`;
}

function ownerTools(w: WorkPage): SafeHtml {
  return html`<nav class="owner-tools" aria-label="Your work"><ul class="reading-controls">
    <li><a href="/works/${w.id}/edit">Edit work</a></li>
    <li><a href="/works/${w.id}/chapters/new">Add chapter</a></li>
    <li><a href="/works/${w.id}/chapters/manage">Manage chapters</a></li>
  </ul></nav>`;
}

function suggestionItem(w: WorkPage, s: TagView, owner: OwnerView | undefined, keep: boolean): SafeHtml {
  return html`<li><details><summary><span class="type">${TAG_TYPE_LABELS[s.type].one}:</span> ${s.name}
      <span class="confidence">(${Math.round((s.confidence ?? 0) * 100)}% sure)</span></summary>
      ${s.evidence.length ? s.evidence.map((e) => html`<blockquote>${e.quote}</blockquote>`) : html`<p>No quoted evidence.</p>`}
    </details>${owner ? decisionForms(w, s, owner, keep) : ''}</li>`;
}

/**
 * For the people who decide (see workForViewer): the analysis' open suggestions, and the tags it
 * applied on import that no one has reviewed yet, each with its evidence.
 */
function suggestionsBox(w: WorkPage, owner?: OwnerView): SafeHtml {
  const unreviewed = w.mayReview ? w.tags.filter((t) => t.origin === 'analysis' && !t.reviewed) : [];
  if (w.suggestions.length === 0 && unreviewed.length === 0) return html``;
  return html`<section class="suggestions" aria-labelledby="suggestions-title">
<h2 id="suggestions-title">Suggested tags</h2>
<p>Quire read the text and proposes these; they are not the creator's tags until accepted. Open one to see the evidence.</p>
${w.suggestions.length ? html`<ul>${w.suggestions.map((s) => suggestionItem(w, s, owner, false))}</ul>` : ''}
${
  unreviewed.length
    ? html`<h3>Applied by the analysis, not yet reviewed</h3>
<p>The import applied these because the analysis was sure of them. Keep them, or undo them.</p>
<ul>${unreviewed.map((s) => suggestionItem(w, s, owner, true))}</ul>`
    : ''
}
</section>`;
}

function notesBox(
  notes: WorkPage['notes'],
  position: 'beginning' | 'end',
  heading: string,
  prefs: ReaderPrefs,
): SafeHtml {
  const here = notes.filter((n) => n.position === position);
  if (prefs.hideNotes || here.length === 0) return html``;
  return html`<aside class="notes" aria-label="${heading}"><h2>${heading}:</h2>${here.map((n) => html`<div class="userstuff">${sanitizedHtml(n.html)}</div>`)}</aside>`;
}

export type ReadingView =
  | { mode: 'chapter'; chapter: { id: number; position: number; title: string | null; html: SanitizedHtml } }
  | { mode: 'entire'; chapters: { position: number; title: string | null; html: SanitizedHtml }[] };

/** What other parts of the archive put around the text: actions above it, kudos and comments below. */
export interface WorkExtras {
  top: SafeHtml[];
  bottom: SafeHtml[];
}

function chapterHeading(w: WorkPage, c: { position: number; title: string | null }): string {
  if (c.title) return c.title;
  return w.chapterCount > 1 ? `Chapter ${c.position}` : w.title;
}

function chapterSection(
  w: WorkPage,
  c: { position: number; title: string | null; html: SanitizedHtml },
  prefs: ReaderPrefs,
): SafeHtml {
  const notes = w.chapters.find((x) => x.position === c.position)?.notes ?? [];
  const headingId = `chapter-${c.position}-title`;
  return html`<article class="chapter" aria-labelledby="${headingId}" id="chapter-${c.position}">
  <h2 id="${headingId}"${w.chapterCount > 1 ? '' : html` class="visually-hidden"`}>${chapterHeading(w, c)}</h2>
  ${notesBox(notes, 'beginning', 'Chapter Notes', prefs)}
  <div class="userstuff">${sanitizedHtml(c.html)}</div>
  ${notesBox(notes, 'end', 'Chapter End Notes', prefs)}
</article>`;
}

/** A chapter as readers will see it, notes included, for the writer's preview before posting. */
export function chapterPreview(
  w: WorkPage,
  c: { position: number; title: string | null; html: SanitizedHtml },
): SafeHtml {
  return html`<div class="preview-text">${chapterSection(w, c, { hideNotes: false, viewAdult: true })}</div>`;
}

export function workPage(
  w: WorkPage,
  view: ReadingView,
  prefs: ReaderPrefs,
  display: Display,
  owner?: OwnerView,
  extras: WorkExtras = { top: [], bottom: [] },
): SafeHtml {
  const base = `/works/${w.id}`;
  const current = view.mode === 'chapter' ? view.chapter.position : null;
  const multi = w.chapterCount > 1;
  const notesToggle = prefs.hideNotes
    ? html`<a href="${withPrefs(currentPath(w, view), { ...prefs, hideNotes: false }, entireParam(view))}">Show author's notes</a>`
    : html`<a href="${withPrefs(currentPath(w, view), { ...prefs, hideNotes: true }, entireParam(view))}">Hide author's notes</a>`;
  return html`${owner ? ownerTools(w) : ''}
${metaBox(w, display)}
${suggestionsBox(w, owner)}
<header class="work-header">
  <h1>${titleWithMark(w)}</h1>
  <p class="byline">${byline(w)}</p>
</header>
${w.summary ? html`<section class="work-summary" aria-labelledby="summary-title"><h2 id="summary-title">Summary:</h2><blockquote class="userstuff">${w.summary}</blockquote></section>` : ''}
<nav aria-label="Reading options"><ul class="reading-controls">
  ${
    multi
      ? html`<li><a href="${withPrefs(base, prefs, { view_full_work: 'true' })}" aria-current="${view.mode === 'entire' ? 'true' : 'false'}">Entire work</a></li>
           <li><a href="${withPrefs(`${base}/chapters/${current ?? 1}`, prefs)}" aria-current="${view.mode === 'chapter' ? 'true' : 'false'}">Chapter by chapter</a></li>`
      : ''
  }
  <li>${notesToggle}</li>
</ul></nav>
${downloadLinks(w)}
${extras.top.length ? html`<div class="work-actions">${extras.top}</div>` : ''}
${notesBox(w.notes, 'beginning', 'Notes', prefs)}
${
  view.mode === 'entire'
    ? view.chapters.map((c) => chapterSection(w, c, prefs))
    : html`${multi ? chapterIndex(w, view.chapter.position, prefs) : ''}${chapterSection(w, view.chapter, prefs)}${multi ? chapterNav(w, view.chapter.position, prefs) : ''}`
}
${view.mode === 'entire' || !multi || current === w.chapterCount ? notesBox(w.notes, 'end', 'End Notes', prefs) : ''}
${extras.bottom.length ? html`<div class="work-feedback">${extras.bottom}</div>` : ''}`;
}

function currentPath(w: WorkPage, view: ReadingView): string {
  return view.mode === 'chapter' && w.chapterCount > 1
    ? `/works/${w.id}/chapters/${view.chapter.position}`
    : `/works/${w.id}`;
}

function entireParam(view: ReadingView): Record<string, string | undefined> {
  return { view_full_work: view.mode === 'entire' ? 'true' : undefined };
}

function chapterIndex(w: WorkPage, current: number, prefs: ReaderPrefs): SafeHtml {
  return html`<details class="chapter-index"><summary>Chapter index (${w.chapterCount} chapters)</summary><ol>
    ${w.chapters.map((c) => html`<li>${c.position === current ? html`<strong aria-current="page">${chapterHeading(w, c)}</strong>` : html`<a href="${withPrefs(`/works/${w.id}/chapters/${c.position}`, prefs)}">${chapterHeading(w, c)}</a>`}</li>`)}
  </ol></details>`;
}

function chapterNav(w: WorkPage, current: number, prefs: ReaderPrefs): SafeHtml {
  const link = (n: number, label: string, rel: string) =>
    html`<li><a rel="${rel}" href="${withPrefs(`/works/${w.id}/chapters/${n}`, prefs)}">${label}</a></li>`;
  return html`<nav aria-label="Chapters"><ul class="chapter-nav">
    ${current > 1 ? link(current - 1, '← Previous chapter', 'prev') : html`<li></li>`}
    ${current < w.chapterCount ? link(current + 1, 'Next chapter →', 'next') : html`<li></li>`}
  </ul></nav>`;
}

export function adultNotice(w: WorkBlurb, proceedHref: string): SafeHtml {
  const rating = ratingOf(w);
  return html`<section class="adult-notice" aria-labelledby="adult-title">
  <h1 id="adult-title">This work could have adult content</h1>
  <p><strong>${w.title}</strong> is rated <strong>${rating}</strong>. ${rating === 'Not Rated' ? 'Its creator has not rated it yet, so it may contain anything.' : 'It may contain sexual content, graphic violence or other material for adults.'}</p>
  <p>If you continue, you agree that you are willing to see such content.</p>
  <div class="actions">
    <a class="button primary" href="${proceedHref}">Yes, continue</a>
    <a class="button" href="/">No, go back</a>
  </div>
</section>`;
}
