// Whole pages for the readers' part of the archive: a work's comments, editing a comment, the
// bookmark form on its own, bookmark lists, the report form and the admins' report queue.
import { flash } from '../web/layout.ts';
import type { SignedIn } from '../accounts/accounts.service.ts';
import { html, sanitizedHtml, type SafeHtml } from '../markup/html.ts';
import { blurb, type Display } from '../works/works.html.ts';
import { formatDate } from '../markup/dates.ts';
import type { BookmarkListing } from './bookmarks.service.ts';
import { deleteBookmarkForm, urlWith } from './community.html.ts';
import type { OpenReport, ReportTarget } from './reports.service.ts';
import { COMMENT_MAX_CHARS, excerpt, REASON_MAX_CHARS, REASON_MIN_CHARS } from './user-text.ts';

export type Message = { text: string; kind: 'error' | 'notice' };

function message(m: Message | undefined): SafeHtml {
  return m ? flash(m.text, m.kind) : html``;
}

function returnField(returnTo: string): SafeHtml {
  return html`<input type="hidden" name="return_to" value="${returnTo}">`;
}

/** A short page for an outcome with nowhere better to show it (e.g. kudos refused). */
export function noticePage(
  title: string,
  text: string,
  back: { href: string; label: string },
  kind: 'error' | 'notice' = 'error',
): SafeHtml {
  return html`<div class="form-page"><h1>${title}</h1>${flash(text, kind)}<p><a href="${back.href}">${back.label}</a></p></div>`;
}

export function commentsPage(work: { id: number; title: string }, section: SafeHtml, msg?: Message): SafeHtml {
  return html`<p><a href="/works/${work.id}">← ${work.title}</a></p>
<h1>Comments on ${work.title}</h1>
${message(msg)}
${section}`;
}

export function editCommentPage(opts: {
  commentId: number;
  workTitle: string;
  body: string;
  csrf: SafeHtml;
  returnTo: string;
  error?: string;
}): SafeHtml {
  return html`<div class="form-page"><h1>Edit your comment</h1>
<p class="muted">On ${opts.workTitle}</p>
${flash(opts.error)}
<form method="post" action="/comments/${opts.commentId}/edit">${opts.csrf}${returnField(opts.returnTo)}
  <div class="field">
    <label for="f-body">Comment</label>
    <textarea id="f-body" name="body" rows="10" required aria-describedby="h-body">${opts.body}</textarea>
    <small id="h-body" class="muted">Plain text or simple HTML, up to ${COMMENT_MAX_CHARS.toLocaleString('en')} characters. The comment will say it was edited.</small>
  </div>
  <button type="submit" class="button primary">Save changes</button> <a href="${opts.returnTo}">Cancel</a>
</form></div>`;
}

export function bookmarkPage(work: { id: number; title: string }, form: SafeHtml, msg?: Message): SafeHtml {
  return html`<p><a href="/works/${work.id}">← ${work.title}</a></p>
<h1>Bookmark ${work.title}</h1>
${message(msg)}
${form}`;
}

function bookmarkItem(
  item: BookmarkListing['items'][number],
  listing: BookmarkListing,
  csrf: SafeHtml,
  returnTo: string,
  display: Display,
): SafeHtml {
  const b = item.bookmark;
  return html`<li class="bookmark-item" id="bookmark-${b.id}">
  <ol class="works">${blurb(item.work, display)}</ol>
  <div class="bookmarker">
    <p class="muted">Bookmarked by ${listing.owner.username} on <time datetime="${b.createdAt}">${formatDate(b.createdAt, display.timeZone)}</time>${b.rec ? html` · <strong>Rec</strong>` : ''}${b.private ? html` · <strong>Private</strong>` : ''}</p>
    ${b.tags.length ? html`<ul class="tags bookmark-tags" aria-label="Bookmarker's tags">${b.tags.map((t) => html`<li><a href="${bookmarksHref(listing, t)}">${t}</a></li>`)}</ul>` : ''}
    ${b.notesHtml ? html`<blockquote class="userstuff bookmark-notes">${sanitizedHtml(b.notesHtml)}</blockquote>` : ''}
    ${listing.isOwner ? html`<p><a href="/works/${b.workId}/bookmark">Edit</a> · ${deleteBookmarkForm(b.id, csrf, returnTo)}</p>` : ''}
  </div>
</li>`;
}

function bookmarksHref(listing: BookmarkListing, tag: string | null, before?: number): string {
  const base = `/users/${encodeURIComponent(listing.owner.username)}/bookmarks`;
  return urlWith(base, { tag, before: before === undefined ? null : String(before) });
}

export function bookmarksPage(
  listing: BookmarkListing,
  opts: { csrf: SafeHtml; mine: boolean; returnTo: string; display: Display; msg?: Message },
): SafeHtml {
  const title = opts.mine ? 'My bookmarks' : `Bookmarks by ${listing.owner.username}`;
  const nextHref =
    listing.next === null
      ? null
      : opts.mine
        ? urlWith('/bookmarks', { tag: listing.tag, before: String(listing.next) })
        : bookmarksHref(listing, listing.tag, listing.next);
  return html`<h1>${title}</h1>
${message(opts.msg)}
${listing.tag ? html`<p>Tagged <strong>${listing.tag}</strong> · <a href="${opts.mine ? '/bookmarks' : bookmarksHref(listing, null)}">all bookmarks</a></p>` : ''}
${listing.isOwner ? html`<p class="muted">Private bookmarks are shown to you only.</p>` : ''}
${
  listing.items.length
    ? html`<ol class="bookmarks">${listing.items.map((i) => bookmarkItem(i, listing, opts.csrf, opts.returnTo, opts.display))}</ol>`
    : html`<p class="muted">${opts.mine ? 'You have no bookmarks yet. Use “Bookmark this work” on any work.' : 'No bookmarks to show.'}</p>`
}
${nextHref ? html`<nav class="pager" aria-label="Pages"><a class="button" href="${nextHref}" rel="next">Older bookmarks →</a></nav>` : ''}`;
}

export function reportFormPage(
  target: ReportTarget,
  opts: { csrf: SafeHtml; reason?: string; error?: string },
): SafeHtml {
  const what =
    target.type === 'work'
      ? html`the work <a href="/works/${target.workId}">${target.label}</a>`
      : html`a comment on <a href="/comments/${target.id}">this work</a>: “${target.label}”`;
  return html`<div class="form-page"><h1>Report ${target.type === 'work' ? 'a work' : 'a comment'}</h1>
<p>You are reporting ${what}.</p>
${flash(opts.error)}
<form method="post" action="/reports">${opts.csrf}
  <input type="hidden" name="target_type" value="${target.type}">
  <input type="hidden" name="target_id" value="${String(target.id)}">
  <div class="field">
    <label for="f-reason">What is wrong?</label>
    <textarea id="f-reason" name="reason" rows="6" required minlength="${String(REASON_MIN_CHARS)}" maxlength="${String(REASON_MAX_CHARS)}" aria-describedby="h-reason">${opts.reason ?? ''}</textarea>
    <small id="h-reason" class="muted">${REASON_MIN_CHARS} to ${REASON_MAX_CHARS.toLocaleString('en')} characters. Only admins read reports.</small>
  </div>
  <button type="submit" class="button primary">Send report</button>
</form></div>`;
}

function reportActions(r: OpenReport, csrf: SafeHtml): SafeHtml {
  const button = (action: string, label: string) =>
    html`<form method="post" action="/admin/reports/${r.id}" class="inline-form">${csrf}<input type="hidden" name="action" value="${action}"><button type="submit" class="button">${label}</button></form>`;
  return html`<div class="actions">
    ${r.work ? (r.work.hidden ? button('unhide_work', 'Unhide work') : button('hide_work', 'Hide work pending review')) : ''}
    ${r.comment && r.comment.status !== 'spam' ? button('spam_comment', 'Delete as spam') : ''}
    ${button('resolve', 'Resolve')}
  </div>`;
}

function reportTargetLine(r: OpenReport): SafeHtml {
  if (r.targetType === 'work') {
    return r.work
      ? html`Work <a href="/works/${r.work.id}">${r.work.title}</a>${r.work.hidden ? html` <strong>(hidden pending review)</strong>` : ''}`
      : html`Work ${String(r.targetId)} <span class="muted">(no longer exists)</span>`;
  }
  const c = r.comment;
  if (!c) return html`Comment ${String(r.targetId)} <span class="muted">(no longer exists)</span>`;
  const by = c.author ?? (c.guestName !== null ? `${c.guestName} (guest)` : 'a former reader');
  return html`<a href="/comments/${c.id}">Comment ${String(c.id)}</a> by ${by} on <a href="/works/${c.workId}">${c.workTitle}</a>
    <span class="muted">(${c.status})</span>${c.html ? html`<blockquote>${excerpt(c.html, 400)}</blockquote>` : ''}`;
}

export function adminReportsPage(
  reports: OpenReport[],
  opts: { csrf: SafeHtml; viewer: SignedIn; timeZone: string; msg?: Message },
): SafeHtml {
  return html`<h1>Open reports</h1>
${message(opts.msg)}
<p class="muted">${reports.length ? `${reports.length} open, oldest first.` : 'Nothing to review.'}</p>
${
  reports.length
    ? html`<ol class="reports">${reports.map(
        (r) => html`<li class="report" id="report-${r.id}">
  <p>${reportTargetLine(r)}</p>
  <p class="muted">Reported by ${r.reporter ?? 'a former reader'} on <time datetime="${r.createdAt}">${formatDate(r.createdAt, opts.timeZone)}</time>:</p>
  <blockquote class="report-reason">${r.reason}</blockquote>
  ${reportActions(r, opts.csrf)}
</li>`,
      )}</ol>`
    : ''
}`;
}
