// The writer's pages: a new work from text, the edit form with the analysis' suggestions beside
// AO3's fields, chapter forms, reordering, and deleting.
import { html, type SafeHtml } from '../markup/html.ts';
import { CATEGORY_TAGS, RATING_TAGS, TAG_TYPE_LABELS, WARNING_TAGS, type TagType } from '../tags/tag-types.ts';

/** The tag types the form has a field for; a suggestion of another type waits below them. */
const TAG_FIELD_TYPES: TagType[] = ['rating', 'warning', 'category', 'fandom', 'relationship', 'character', 'freeform'];
import { SUPPORTED_EXTENSIONS } from '../importers/parse-file.ts';
import { htmlToText } from '../analysis/word-count.ts';
import { COMMENT_POLICIES, LIMITS } from './posting-rules.ts';
import type { TagView, WorkPage } from './works.service.ts';
import type { WorkInvitationRow } from './creatorships.service.ts';
import { leaveForm, pendingInvitations } from './creatorships.html.ts';

export type Problems = { field: string; message: string }[];

function problemsBox(problems: Problems): SafeHtml {
  if (problems.length === 0) return html``;
  return html`<div class="flash error" role="alert"><p>Please fix:</p><ul>${problems.map((p) => html`<li>${p.message}</li>`)}</ul></div>`;
}

/**
 * The new-work form. `carried`: what the new work answers, carried through the form: a prompt
 * meme's prompt it fills, or the gift-exchange assignment it fulfils.
 */
export function newWorkPage(
  csrf: SafeHtml,
  problems: Problems = [],
  carried: { prompt?: number; assignment?: { id: number; note: string } } = {},
): SafeHtml {
  const { prompt, assignment } = carried;
  return html`<div class="form-page wide-form"><h1>Post a new work</h1>
${problemsBox(problems)}${assignment ? html`<p class="notice">${assignment.note}</p>` : ''}
<p>Paste your story or upload a file. Quire reads it, splits chapters, notes and summary, and proposes tags with its evidence; nothing is public until you post it.</p>
<form method="post" action="/works/new" enctype="multipart/form-data">${csrf}
  ${prompt ? html`<input type="hidden" name="prompt" value="${String(prompt)}">` : ''}
  ${assignment ? html`<input type="hidden" name="assignment" value="${assignment.id}">` : ''}
  <div class="field"><label for="f-text">Text</label>
    <textarea id="f-text" name="text" rows="14" aria-describedby="h-text"></textarea>
    <small id="h-text" class="muted">Plain text, Markdown or HTML. Chapter headings ("Chapter 1", "Prologue") and author's notes ("A/N:") are recognised.</small></div>
  <div class="field"><label for="f-file">…or a file</label>
    <input id="f-file" name="file" type="file" accept="${SUPPORTED_EXTENSIONS.join(',')}"></div>
  <button class="button primary" type="submit">Read it and continue</button>
</form></div>`;
}

function evidenceDetails(s: TagView): SafeHtml {
  if (!s.evidence.length) return html``;
  return html`<details><summary>Why?</summary>${s.evidence.map((e) => html`<blockquote>${e.quote}</blockquote>`)}</details>`;
}

function sureness(s: TagView): string {
  return `${Math.round((s.confidence ?? 0) * 100)}% sure`;
}

/** A suggestion the writer has not decided on: keep it out of the field until they accept it. */
function suggestionRow(s: TagView): SafeHtml {
  const name = `s-${s.id}`;
  return html`<li><fieldset class="suggestion"><legend><span class="type">${TAG_TYPE_LABELS[s.type].one}:</span> ${s.name}
    <span class="confidence">(${sureness(s)})</span></legend>
    ${evidenceDetails(s)}
    <label><input type="radio" name="${name}" value="accept"> Accept</label>
    <label><input type="radio" name="${name}" value="drop"> Drop</label>
    <label><input type="radio" name="${name}" value="" checked> Decide later</label>
  </fieldset></li>`;
}

/** A suggestion already in its field: what it is, how sure, and why, a click away. */
function filledRow(s: TagView): SafeHtml {
  return html`<li class="filled"><input type="hidden" name="prefilled" value="${s.id}"><span class="suggested-mark">Suggested</span> ${s.name}
    <span class="confidence">(${sureness(s)})</span>${evidenceDetails(s)}</li>`;
}

/** A draft's fields start from what the analysis is at least this sure of; the writer clears what does not fit. */
const PREFILL_AT = 0.5;

interface FieldTags {
  names: string[];
  /** Suggestions filled into the field. */
  filled: TagView[];
  /** Suggestions of the field's type left for the writer to accept or drop. */
  open: TagView[];
}

/** What fills a field of this type: the applied tags, else on a draft the sure suggestions. */
function fieldTags(w: WorkPage, type: TagType, draft: boolean): FieldTags {
  const applied = w.tags.filter((t) => t.type === type).map((t) => t.name);
  const ofType = w.suggestions.filter((s) => s.type === type);
  if (applied.length || !draft) return { names: applied, filled: [], open: ofType };
  const sure = ofType.filter((s) => (s.confidence ?? 0) >= PREFILL_AT);
  const filled = type === 'rating' ? sure.slice(0, 1) : sure;
  return { names: filled.map((s) => s.name), filled, open: ofType.filter((s) => !filled.includes(s)) };
}

/** The suggestions of one field, under it: those filled in, then those waiting for a decision. */
function fieldSuggestions(f: FieldTags): SafeHtml {
  if (!f.filled.length && !f.open.length) return html``;
  return html`<div class="field-suggestions">
    ${f.filled.length ? html`<p class="muted">Filled in from your text; clear what does not fit.</p><ul class="filled-list">${f.filled.map(filledRow)}</ul>` : ''}
    ${f.open.length ? html`<ul class="suggestion-list">${f.open.map(suggestionRow)}</ul>` : ''}
  </div>`;
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
  /** The work's collections and gift recipients, comma-separated. */
  collections: string;
  gifts: string;
  restricted: boolean;
  commentPolicy: string;
  draft: boolean;
  /** The writer's pseuds, and the one the work is credited to now. */
  pseuds: string[];
  pseud: string;
  /** Co-creators invited who have not answered yet. */
  pending: WorkInvitationRow[];
  /** The viewer is a creator and another creator remains if they go. */
  canLeave: boolean;
  /** The prompt the work is written for: posting it fills the prompt. */
  fillsPrompt?: { id: number; title: string; collection: string };
}

/**
 * The edit form. On a draft, each tag field starts from the suggestions the analysis is sure of,
 * marked as suggested with their evidence beside them; every other suggestion waits under its own
 * field (not in a column of its own, so that on a phone it sits with what it would fill).
 * `preview` is the first chapter as readers will see it.
 */
export function editWorkPage(
  w: WorkPage,
  v: EditValues,
  csrf: SafeHtml,
  problems: Problems = [],
  preview: SafeHtml = html``,
): SafeHtml {
  const field = (type: TagType) => fieldTags(w, type, v.draft);
  const [ratingField, warningField, categoryField] = [field('rating'), field('warning'), field('category')];
  const rating = ratingField.names[0] ?? '';
  const warnings = new Set(warningField.names);
  const categories = new Set(categoryField.names);
  const text = (type: TagType, name: string, label: string, hint?: string) => {
    const f = field(type);
    return html`${textField(name, label, f.names.join(', '), hint)}${fieldSuggestions(f)}`;
  };
  const others = w.suggestions.filter((s) => !TAG_FIELD_TYPES.includes(s.type));
  return html`<div class="form-page wide-form"><h1>${v.draft ? 'Preview and post' : 'Edit work'}: ${w.title}</h1>
${problemsBox(problems)}
${v.draft ? html`<p class="flash notice">This is a draft: only you can see it. Check the fields, decide on the suggested tags, and post it when it is ready.</p>` : ''}
<form method="post" action="/works/${w.id}/edit">${csrf}
${v.fillsPrompt ? html`<p class="flash notice">Posting this work fills the prompt <a href="/prompts/${String(v.fillsPrompt.id)}">${v.fillsPrompt.title}</a> in ${v.fillsPrompt.collection}.</p><input type="hidden" name="fills_prompt" value="${String(v.fillsPrompt.id)}">` : ''}
<div class="edit-fields">
  <fieldset><legend>Tags</legend>
    <div class="field"><label for="f-rating">Rating (required)</label>
      <select id="f-rating" name="rating"><option value="">Choose a rating</option>${RATING_TAGS.map((r) => html`<option${r === rating ? html` selected` : ''}>${r}</option>`)}</select>
      ${fieldSuggestions(ratingField)}</div>
    <fieldset class="checks"><legend>Archive warnings (at least one)</legend>
      ${WARNING_TAGS.map((x, i) => html`<label><input type="checkbox" name="warnings" value="${x}" id="f-warning-${i}"${warnings.has(x) ? html` checked` : ''}> ${x}</label>`)}
      ${fieldSuggestions(warningField)}</fieldset>
    <fieldset class="checks"><legend>Categories</legend>
      ${CATEGORY_TAGS.map((x) => html`<label><input type="checkbox" name="categories" value="${x}"${categories.has(x) ? html` checked` : ''}> ${x}</label>`)}
      ${fieldSuggestions(categoryField)}</fieldset>
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
    ${textField('co_creators', 'Invite co-creators (pseuds, separated by commas)', '', 'Another creator’s pseud is credited only once they accept; your own pseuds are credited at once.')}
    ${pendingInvitations(v.pending)}
    ${textField('series', 'Add to a series (title)', v.series)}
    ${textField('collections', 'Collections (names, separated by commas)', v.collections, 'An open collection takes the work at once, or after its moderators approve; an anonymous or unrevealed one hides you or the work until its reveal.')}
    ${textField('gifts', 'Gift to (pseuds or names, separated by commas)', v.gifts, 'A pseud of the archive is told, and may refuse the gift.')}
    <label><input type="checkbox" name="restricted" value="1"${v.restricted ? html` checked` : ''}> Only show to signed-in readers</label>
    <div class="field"><label for="f-comment_policy">Who may comment</label>
      <select id="f-comment_policy" name="comment_policy">${COMMENT_POLICIES.map((p) => html`<option value="${p}"${p === v.commentPolicy ? html` selected` : ''}>${{ open: 'Anyone, guests too', registered: 'Signed-in readers', moderated: 'Anyone, after I approve', closed: 'No one' }[p]}</option>`)}</select></div>
  </fieldset>
</div>
${others.length ? html`<fieldset class="suggestions"><legend>Other suggestions</legend><ul class="suggestion-list">${others.map(suggestionRow)}</ul></fieldset>` : ''}
<div class="actions">
  ${
    v.draft
      ? html`<button class="button primary" type="submit" name="action" value="post">Post</button>
  <button class="button" type="submit" name="action" value="save">Save draft</button>`
      : html`<button class="button primary" type="submit" name="action" value="save">Update</button>`
  }
</div>
</form>
<section class="preview" aria-labelledby="preview-title"><h2 id="preview-title">Preview</h2>
  <p class="muted">${w.chapterCount} chapter${w.chapterCount === 1 ? '' : 's'}, ${w.words.toLocaleString('en')} words${w.chapterCount > 1 ? ', the first shown here' : ''}. <a href="/works/${w.id}/chapters/manage">Manage chapters</a></p>
  ${preview}</section>
${v.canLeave ? leaveForm(w.id, csrf) : ''}
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
<form method="post" action="/works/${w.id}/orphan">${csrf}<fieldset><legend>Orphan this work</legend>
  <label><input type="radio" name="pseud" value="keep"> Keep my pseud on it: the byline shows my pseud's name with (orphan_account)</label>
  <label><input type="radio" name="pseud" value="drop" checked> Take my pseud off: the byline shows orphan_account</label>
  <button class="button" type="submit">Orphan this work</button></fieldset></form>
<form method="post" action="/works/${w.id}/delete" class="inline-form">${csrf}<input type="hidden" name="confirm" value="yes"><button class="button" type="submit">Delete this work</button></form>
<p class="muted">Orphaning keeps the work readable and credits your part of it to orphan_account; you cannot change it afterwards or take it back. Deleting removes it for good.</p>
</div>`;
}
