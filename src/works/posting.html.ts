// The writer's pages: a new work from text, the edit form with the analysis' suggestions beside
// AO3's fields, chapter forms, reordering, and deleting.
import { html, type SafeHtml } from '../web/html.ts';
import { CATEGORY_TAGS, RATING_TAGS, TAG_TYPE_LABELS, WARNING_TAGS, type TagType } from '../tags/tag-types.ts';
import { SUPPORTED_EXTENSIONS } from '../importers/parse-file.ts';
import { htmlToText } from '../analysis/word-count.ts';
import { COMMENT_POLICIES, LIMITS } from './posting-rules.ts';
import type { TagView, WorkPage } from './works.service.ts';

export type Problems = { field: string; message: string }[];

function problemsBox(problems: Problems): SafeHtml {
  if (problems.length === 0) return html``;
  return html`<div class="flash error" role="alert"><p>Please fix:</p><ul>${problems.map((p) => html`<li>${p.message}</li>`)}</ul></div>`;
}

export function newWorkPage(csrf: SafeHtml, problems: Problems = []): SafeHtml {
  return html`<div class="form-page wide-form"><h1>Post a new work</h1>
${problemsBox(problems)}
<p>Paste your story or upload a file. Quire reads it, splits chapters, notes and summary, and proposes tags with its evidence; nothing is public until you post it.</p>
<form method="post" action="/works/new" enctype="multipart/form-data">${csrf}
  <div class="field"><label for="f-text">Text</label>
    <textarea id="f-text" name="text" rows="14" aria-describedby="h-text"></textarea>
    <small id="h-text" class="muted">Plain text, Markdown or HTML. Chapter headings ("Chapter 1", "Prologue") and author's notes ("A/N:") are recognised.</small></div>
  <div class="field"><label for="f-file">…or a file</label>
    <input id="f-file" name="file" type="file" accept="${SUPPORTED_EXTENSIONS.join(',')}"></div>
  <button class="button primary" type="submit">Read it and continue</button>
</form></div>`;
}

function suggestionRow(s: TagView): SafeHtml {
  const name = `s-${s.id}`;
  return html`<li><fieldset class="suggestion"><legend><span class="type">${TAG_TYPE_LABELS[s.type].one}:</span> ${s.name}
    <span class="confidence">(${Math.round((s.confidence ?? 0) * 100)}% sure)</span></legend>
    ${s.evidence.length ? html`<details><summary>Evidence</summary>${s.evidence.map((e) => html`<blockquote>${e.quote}</blockquote>`)}</details>` : ''}
    <label><input type="radio" name="${name}" value="accept"> Accept</label>
    <label><input type="radio" name="${name}" value="drop"> Drop</label>
    <label><input type="radio" name="${name}" value="" checked> Decide later</label>
  </fieldset></li>`;
}

/** A draft's fields start from what the analysis is at least this sure of; the writer clears what does not fit. */
const PREFILL_AT = 0.5;

/** What fills a field of this type on a draft: the applied tags, else the sure suggestions. */
function fieldTags(w: WorkPage, type: TagType, draft: boolean): { names: string[]; suggested: TagView[] } {
  const applied = w.tags.filter((t) => t.type === type).map((t) => t.name);
  if (applied.length || !draft) return { names: applied, suggested: [] };
  const sure = w.suggestions.filter((s) => s.type === type && (s.confidence ?? 0) >= PREFILL_AT);
  const suggested = type === 'rating' ? sure.slice(0, 1) : sure;
  return { names: suggested.map((s) => s.name), suggested };
}

/** The note under a field filled from the text: what, and how sure. */
function suggestedHint(suggested: TagView[]): string | undefined {
  if (!suggested.length) return undefined;
  const list = suggested.map((s) => `${s.name} (${Math.round((s.confidence ?? 0) * 100)}% sure)`).join(', ');
  return `Suggested from your text: ${list}. Clear what does not fit; the evidence is with the suggested tags.`;
}

function textField(name: string, label: string, value: string, hint?: string): SafeHtml {
  return html`<div class="field"><label for="f-${name}">${label}</label>
    <input id="f-${name}" name="${name}" value="${value}"${hint ? html` aria-describedby="h-${name}"` : ''}>
    ${hint ? html`<small id="h-${name}" class="muted">${hint}</small>` : ''}</div>`;
}

function notesText(w: WorkPage, position: 'beginning' | 'end'): string {
  return w.notes
    .filter((n) => n.position === position)
    .map((n) => htmlToText(n.html))
    .join('\n\n');
}

export interface EditValues {
  series: string;
  restricted: boolean;
  commentPolicy: string;
  draft: boolean;
  /** The writer's pseuds, and the one the work is credited to now. */
  pseuds: string[];
  pseud: string;
}

export function editWorkPage(w: WorkPage, v: EditValues, csrf: SafeHtml, problems: Problems = []): SafeHtml {
  const field = (type: TagType) => fieldTags(w, type, v.draft);
  const [ratingField, warningField, categoryField] = [field('rating'), field('warning'), field('category')];
  const rating = ratingField.names[0] ?? '';
  const warnings = new Set(warningField.names);
  const categories = new Set(categoryField.names);
  const text = (type: TagType, name: string, label: string, hint?: string) => {
    const f = field(type);
    return textField(name, label, f.names.join(', '), suggestedHint(f.suggested) ?? hint);
  };
  const checksHint = (f: { suggested: TagView[] }) => {
    const hint = suggestedHint(f.suggested);
    return hint ? html`<small class="muted suggested-hint">${hint}</small>` : '';
  };
  const first = w.chapters[0];
  return html`<div class="form-page wide-form"><h1>${v.draft ? 'Preview and post' : 'Edit work'}: ${w.title}</h1>
${problemsBox(problems)}
${v.draft ? html`<p class="flash notice">This is a draft: only you can see it. Check the fields, decide on the suggested tags, and post it when it is ready.</p>` : ''}
<form method="post" action="/works/${w.id}/edit">${csrf}
<div class="edit-grid">
<div class="edit-fields">
  <fieldset><legend>Tags</legend>
    <div class="field"><label for="f-rating">Rating (required)</label>
      <select id="f-rating" name="rating"><option value="">Choose a rating</option>${RATING_TAGS.map((r) => html`<option${r === rating ? html` selected` : ''}>${r}</option>`)}</select>
      ${checksHint(ratingField)}</div>
    <fieldset class="checks"><legend>Archive warnings (at least one)</legend>
      ${WARNING_TAGS.map((x, i) => html`<label><input type="checkbox" name="warnings" value="${x}" id="f-warning-${i}"${warnings.has(x) ? html` checked` : ''}> ${x}</label>`)}
      ${checksHint(warningField)}</fieldset>
    <fieldset class="checks"><legend>Categories</legend>
      ${CATEGORY_TAGS.map((x) => html`<label><input type="checkbox" name="categories" value="${x}"${categories.has(x) ? html` checked` : ''}> ${x}</label>`)}
      ${checksHint(categoryField)}</fieldset>
    ${text('fandom', 'fandoms', 'Fandoms (required; separate with commas)', 'Use "Original Work" for original fiction.')}
    ${text('relationship', 'relationships', 'Relationships', 'A/B for romantic, A & B for platonic.')}
    ${text('character', 'characters', 'Characters')}
    ${text('freeform', 'freeforms', 'Additional tags')}
  </fieldset>
  <fieldset><legend>Preface</legend>
    ${textField('title', 'Title (required)', w.titleProvisional ? '' : w.title, w.titleProvisional ? `Quire's provisional title was "${w.title}".` : undefined)}
    <div class="field"><label for="f-summary">Summary</label><textarea id="f-summary" name="summary" rows="4" maxlength="${LIMITS.summary}">${w.summary ?? ''}</textarea></div>
    <div class="field"><label for="f-notes_beginning">Notes at the beginning</label><textarea id="f-notes_beginning" name="notes_beginning" rows="4">${notesText(w, 'beginning')}</textarea></div>
    <div class="field"><label for="f-notes_end">Notes at the end</label><textarea id="f-notes_end" name="notes_end" rows="3">${notesText(w, 'end')}</textarea></div>
  </fieldset>
  <fieldset><legend>More</legend>
    ${
      v.pseuds.length > 1
        ? html`<div class="field"><label for="f-pseud">Post as</label>
      <select id="f-pseud" name="pseud">${v.pseuds.map((p) => html`<option${p === v.pseud ? html` selected` : ''}>${p}</option>`)}</select></div>`
        : ''
    }
    ${textField('language', 'Language (code)', w.language, 'e.g. en, es, fr')}
    ${textField('expected_chapters', 'Number of chapters, if known', w.expectedChapters === null ? '' : String(w.expectedChapters))}
    ${textField('co_creators', 'Co-creators (pseuds, separated by commas)', '')}
    ${textField('series', 'Add to a series (title)', v.series)}
    <label><input type="checkbox" name="restricted" value="1"${v.restricted ? html` checked` : ''}> Only show to signed-in readers</label>
    <div class="field"><label for="f-comment_policy">Who may comment</label>
      <select id="f-comment_policy" name="comment_policy">${COMMENT_POLICIES.map((p) => html`<option value="${p}"${p === v.commentPolicy ? html` selected` : ''}>${{ open: 'Anyone, guests too', registered: 'Signed-in readers', moderated: 'Anyone, after I approve', closed: 'No one' }[p]}</option>`)}</select></div>
  </fieldset>
</div>
<aside class="edit-suggestions suggestions" aria-labelledby="sugg-title">
  <h2 id="sugg-title">Suggested tags</h2>
  ${
    w.suggestions.length
      ? html`<p>Read from your text. Accept one to add it to the work; drop one and it will not be suggested again.</p><ul>${w.suggestions.map(suggestionRow)}</ul>`
      : html`<p>No open suggestions.</p>`
  }
</aside>
</div>
<div class="actions">
  ${
    v.draft
      ? html`<button class="button primary" type="submit" name="action" value="post">Post</button>
  <button class="button" type="submit" name="action" value="save">Save draft</button>`
      : html`<button class="button primary" type="submit" name="action" value="save">Update</button>`
  }
</div>
</form>
${
  first
    ? html`<section class="preview" aria-labelledby="preview-title"><h2 id="preview-title">Preview: ${first.title ?? (w.chapterCount > 1 ? 'Chapter 1' : w.title)}</h2>
  <p class="muted">${w.chapterCount} chapter${w.chapterCount === 1 ? '' : 's'}, ${w.words.toLocaleString('en')} words. <a href="/works/${w.id}/chapters/manage">Manage chapters</a></p></section>`
    : ''
}
</div>`;
}

export function chapterFormPage(
  action: string,
  heading: string,
  csrf: SafeHtml,
  values: { title: string; text: string; notesBeginning: string; notesEnd: string },
  problems: Problems = [],
): SafeHtml {
  return html`<div class="form-page wide-form"><h1>${heading}</h1>${problemsBox(problems)}
<form method="post" action="${action}">${csrf}
  ${textField('title', 'Chapter title', values.title)}
  <div class="field"><label for="f-notes_beginning">Chapter notes</label><textarea id="f-notes_beginning" name="notes_beginning" rows="3">${values.notesBeginning}</textarea></div>
  <div class="field"><label for="f-text">Chapter text</label><textarea id="f-text" name="text" rows="20" required>${values.text}</textarea></div>
  <div class="field"><label for="f-notes_end">End notes</label><textarea id="f-notes_end" name="notes_end" rows="3">${values.notesEnd}</textarea></div>
  <button class="button primary" type="submit">Save chapter</button>
</form></div>`;
}

export function manageChaptersPage(w: WorkPage, csrf: SafeHtml, problems: Problems = []): SafeHtml {
  return html`<div class="form-page wide-form"><h1>Chapters of ${w.title}</h1>${problemsBox(problems)}
<p><a class="button" href="/works/${w.id}/chapters/new">Add a chapter</a> <a href="/works/${w.id}/edit">Edit the work</a> <a href="/works/${w.id}">Back to the work</a></p>
<form method="post" action="/works/${w.id}/chapters/order">${csrf}
<table class="chapters-table"><thead><tr><th scope="col">Place</th><th scope="col">Chapter</th><th scope="col">Words</th><th scope="col">Edit</th></tr></thead><tbody>
${w.chapters.map(
  (c) => html`<tr>
  <td><label class="visually-hidden" for="f-order-${c.position}">New place of chapter ${c.position}</label>
    <input id="f-order-${c.position}" name="order_${c.position}" value="${c.position}" inputmode="numeric" size="3"></td>
  <td>${c.title ?? `Chapter ${c.position}`}</td><td>${c.words.toLocaleString('en')}</td>
  <td><a href="/works/${w.id}/chapters/${c.position}/edit">Edit</a></td></tr>`,
)}
</tbody></table>
<button class="button" type="submit">Save order</button>
</form>
${w.chapterCount > 1 ? html`<h2>Delete a chapter</h2>${w.chapters.map((c) => html`<form method="post" action="/works/${w.id}/chapters/${c.position}/delete" class="inline-form">${csrf}<button class="button" type="submit">Delete ${c.title ?? `chapter ${c.position}`}</button></form> `)}` : ''}
<h2>The whole work</h2>
<form method="post" action="/works/${w.id}/orphan" class="inline-form">${csrf}<button class="button" type="submit">Orphan this work</button></form>
<form method="post" action="/works/${w.id}/delete" class="inline-form">${csrf}<input type="hidden" name="confirm" value="yes"><button class="button" type="submit">Delete this work</button></form>
<p class="muted">Orphaning keeps the work and credits it to orphan_account; you cannot change it afterwards. Deleting removes it for good.</p>
</div>`;
}
