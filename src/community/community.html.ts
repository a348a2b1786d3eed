// Fragments the work page places around the text: kudos, comments (threads, forms, moderation),
// the bookmark form and report links. Plain HTML forms, each with the CSRF field; replying opens
// a form in place through ?reply_to=ID#comment-form, so nothing needs JavaScript. Everything a
// reader wrote is either escaped here or was sanitised before it was stored (SanitizedHtml).
import type { SignedIn } from '../accounts/accounts.service.ts';
import { html, sanitizedHtml, type SafeHtml } from '../markup/html.ts';
import { formatDateTime } from '../markup/dates.ts';
import type { Bookmark } from './bookmarks.service.ts';
import type { CommentAuthor, CommentNode, CommentPolicy, CommentsView } from './comments.service.ts';
import type { KudosView } from './kudos.service.ts';
import type { TargetType } from './reports.service.ts';
import { BOOKMARK_NOTES_MAX_CHARS, BOOKMARK_TAG_MAX_CHARS, COMMENT_MAX_CHARS, editableText } from './user-text.ts';

const number = new Intl.NumberFormat('en');

/** The page's own URL with some query parameters set (string) or removed (null). */
export function urlWith(pageUrl: string, params: Record<string, string | null>): string {
  const url = new URL(pageUrl, 'http://quire.invalid');
  for (const [k, v] of Object.entries(params)) {
    if (v === null) url.searchParams.delete(k);
    else url.searchParams.set(k, v);
  }
  return url.pathname + url.search;
}

function returnField(returnTo: string): SafeHtml {
  return html`<input type="hidden" name="return_to" value="${returnTo}">`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${number.format(n)} ${n === 1 ? one : many}`;
}

/** "Wren, Ada and 3 guests": names first (newest first), then the rest as counts. */
export function kudosSentence(v: Pick<KudosView, 'usernames' | 'moreUsers' | 'guests'>): string | null {
  const parts = [...v.usernames];
  if (v.moreUsers > 0) parts.push(plural(v.moreUsers, 'more user'));
  if (v.guests > 0) parts.push(plural(v.guests, 'guest'));
  if (parts.length === 0) return null;
  const list = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`;
  return `${list} left kudos on this work!`;
}

// ---- kudos -----------------------------------------------------------------------------------

/** The kudos button (when the viewer may press it) and who left kudos. */
export function kudosSection(view: KudosView, opts: { csrf: SafeHtml; returnTo: string }): SafeHtml {
  const sentence = kudosSentence(view);
  return html`<section class="kudos" id="kudos" aria-labelledby="kudos-title">
  <h2 id="kudos-title" class="visually-hidden">Kudos</h2>
  ${
    view.canGive
      ? html`<form method="post" action="/works/${view.workId}/kudos" class="inline-form">${opts.csrf}${returnField(opts.returnTo)}<button type="submit" class="button">Kudos <span aria-hidden="true">♥</span></button></form>`
      : view.given
        ? html`<p class="muted">You left kudos on this work. Thank you!</p>`
        : ''
  }
  ${sentence ? html`<p class="kudos-list">${sentence}</p>` : ''}
</section>`;
}

// ---- reports ---------------------------------------------------------------------------------

/** "Report" for signed-in readers; nothing for guests. */
export function reportLink(target: { type: TargetType; id: number }, viewer: SignedIn | null): SafeHtml {
  if (!viewer) return html``;
  return html`<a class="report-link" href="/reports/new?${target.type}_id=${String(target.id)}">Report${target.type === 'comment' ? html`<span class="visually-hidden"> comment ${String(target.id)}</span>` : ''}</a>`;
}

// ---- bookmarks -------------------------------------------------------------------------------

export interface BookmarkFormValues {
  notes: string;
  tags: string;
  rec: boolean;
  private: boolean;
}

/**
 * The bookmark form: new, or the reader's existing bookmark to edit or delete. Guests get a
 * sign-in link instead.
 */
export function bookmarkForm(opts: {
  workId: number;
  bookmark: Bookmark | null;
  viewer: SignedIn | null;
  csrf: SafeHtml;
  returnTo: string;
  open?: boolean;
  /** What the reader sent, to show again beside an error. */
  values?: BookmarkFormValues;
}): SafeHtml {
  const { workId, bookmark: b } = opts;
  const v: BookmarkFormValues = opts.values ?? {
    notes: b?.notesHtml ? editableText(b.notesHtml) : '',
    tags: b ? b.tags.join(', ') : '',
    rec: b?.rec ?? false,
    private: b?.private ?? false,
  };
  if (!opts.viewer) {
    return html`<section class="bookmark" id="bookmark"><p><a href="/login?return_to=${encodeURIComponent(opts.returnTo)}">Sign in</a> to bookmark this work.</p></section>`;
  }
  const id = (name: string) => `bookmark-${workId}-${name}`;
  return html`<section class="bookmark" id="bookmark" aria-labelledby="${id('title')}">
<details${opts.open ? html` open` : ''}>
  <summary><h2 id="${id('title')}" class="inline-heading">${b ? 'Edit your bookmark' : 'Bookmark this work'}</h2></summary>
  <form method="post" action="/works/${workId}/bookmark" class="community-form">${opts.csrf}${returnField(opts.returnTo)}
    <div class="field">
      <label for="${id('notes')}">Notes</label>
      <textarea id="${id('notes')}" name="notes" rows="4" aria-describedby="${id('notes-hint')}">${v.notes}</textarea>
      <small id="${id('notes-hint')}" class="muted">Plain text or a little HTML, up to ${number.format(BOOKMARK_NOTES_MAX_CHARS)} characters.</small>
    </div>
    <div class="field">
      <label for="${id('tags')}">Your tags</label>
      <input id="${id('tags')}" name="tags" value="${v.tags}" aria-describedby="${id('tags-hint')}">
      <small id="${id('tags-hint')}" class="muted">Separated by commas, up to ${BOOKMARK_TAG_MAX_CHARS} characters each. Only you choose them.</small>
    </div>
    <div class="field checkbox"><input type="checkbox" id="${id('rec')}" name="rec" value="1"${v.rec ? html` checked` : ''}> <label for="${id('rec')}">Rec (recommend this work)</label></div>
    <div class="field checkbox"><input type="checkbox" id="${id('private')}" name="private" value="1"${v.private ? html` checked` : ''}> <label for="${id('private')}">Private bookmark (only you see it)</label></div>
    <button type="submit" class="button primary">${b ? 'Update bookmark' : 'Save bookmark'}</button>
  </form>
  ${b ? deleteBookmarkForm(b.id, opts.csrf, opts.returnTo) : ''}
</details>
</section>`;
}

export function deleteBookmarkForm(bookmarkId: number, csrf: SafeHtml, returnTo: string): SafeHtml {
  return html`<form method="post" action="/bookmarks/${bookmarkId}/delete" class="inline-form">${csrf}${returnField(returnTo)}<button type="submit" class="link-button">Delete bookmark</button></form>`;
}

// ---- comments --------------------------------------------------------------------------------

const POLICY_LABELS: Record<CommentPolicy, string> = {
  open: 'Anyone, guests too',
  registered: 'Only signed-in readers',
  moderated: 'Signed-in readers, held for my approval',
  closed: 'No one (comments closed)',
};

export function commentPolicyForm(workId: number, policy: CommentPolicy, csrf: SafeHtml, returnTo: string): SafeHtml {
  return html`<form method="post" action="/works/${workId}/comment_policy" class="comment-policy">${csrf}${returnField(returnTo)}
  <label for="comment-policy-${workId}">Who may comment on this work</label>
  <select id="comment-policy-${workId}" name="policy">${(Object.keys(POLICY_LABELS) as CommentPolicy[]).map(
    (p) => html`<option value="${p}"${p === policy ? html` selected` : ''}>${POLICY_LABELS[p]}</option>`,
  )}</select>
  <button type="submit" class="button">Save</button>
</form>`;
}

export interface CommentFormValues {
  body?: string;
  guestName?: string;
}

/** A new comment (parentId null) or a reply; `formId` names it for #links. */
export function commentForm(opts: {
  workId: number;
  chapterId: number | null;
  parentId: number | null;
  signedIn: boolean;
  csrf: SafeHtml;
  returnTo: string;
  formId: string;
  values?: CommentFormValues;
  cancelHref?: string;
}): SafeHtml {
  const f = (name: string) => `${opts.formId}-${name}`;
  const replying = opts.parentId !== null;
  return html`<form method="post" action="/works/${opts.workId}/comments" class="comment-form community-form" id="${opts.formId}">${opts.csrf}${returnField(opts.returnTo)}
  ${opts.chapterId !== null && !replying ? html`<input type="hidden" name="chapter_id" value="${String(opts.chapterId)}">` : ''}
  ${replying ? html`<input type="hidden" name="parent_id" value="${String(opts.parentId)}">` : ''}
  ${
    opts.signedIn
      ? ''
      : html`<div class="field">
    <label for="${f('name')}">Your name</label>
    <input id="${f('name')}" name="guest_name" value="${opts.values?.guestName ?? ''}" required maxlength="100" autocomplete="nickname" aria-describedby="${f('name-hint')}">
    <small id="${f('name-hint')}" class="muted">You are commenting as a guest; your name is shown with the comment.</small>
  </div>`
  }
  <div class="field">
    <label for="${f('body')}">${replying ? 'Your reply' : 'Comment'}</label>
    <textarea id="${f('body')}" name="body" rows="6" required aria-describedby="${f('hint')}">${opts.values?.body ?? ''}</textarea>
    <small id="${f('hint')}" class="muted">Plain text (blank lines make paragraphs) or simple HTML such as &lt;em&gt;, &lt;strong&gt;, &lt;a href&gt;, &lt;blockquote&gt;; up to ${number.format(COMMENT_MAX_CHARS)} characters.</small>
  </div>
  <button type="submit" class="button primary">${replying ? 'Post reply' : 'Post comment'}</button>
  ${opts.cancelHref ? html` <a href="${opts.cancelHref}">Cancel</a>` : ''}
</form>`;
}

export function authorName(a: CommentAuthor): SafeHtml {
  if (a.kind === 'guest') return html`<span class="comment-author">${a.name}</span> <span class="muted">(Guest)</span>`;
  if (a.kind === 'anonymous_creator')
    return html`<span class="comment-author">Anonymous</span> <span class="muted">(Creator)</span>`;
  if (a.kind === 'user')
    return html`<span class="comment-author">${a.pseud === a.username ? a.pseud : `${a.pseud} (${a.username})`}</span>`;
  return html`<span class="comment-author muted">a former reader</span>`;
}

interface ThreadContext {
  view: CommentsView;
  viewer: SignedIn | null;
  csrf: SafeHtml;
  pageUrl: string;
  returnTo: string;
  replyTo: number | null;
  /** Label comments with their chapter (on pages that show more than one chapter's). */
  showChapter: boolean;
  timeZone: string;
}

function commentActions(c: CommentNode, t: ThreadContext): SafeHtml {
  const items: SafeHtml[] = [];
  if (c.canReply)
    items.push(
      html`<li><a href="${urlWith(t.pageUrl, { reply_to: String(c.id) })}#comment-form">Reply<span class="visually-hidden"> to this comment</span></a></li>`,
    );
  if (c.canEdit)
    items.push(html`<li><a href="/comments/${c.id}/edit?return_to=${encodeURIComponent(t.returnTo)}">Edit</a></li>`);
  if (c.canModerate && c.pending) {
    items.push(
      html`<li><form method="post" action="/comments/${c.id}/moderate" class="inline-form">${t.csrf}${returnField(t.returnTo)}<input type="hidden" name="action" value="approve"><button type="submit" class="link-button">Approve</button></form></li>`,
    );
  }
  if (c.canModerate) {
    items.push(
      html`<li><form method="post" action="/comments/${c.id}/moderate" class="inline-form">${t.csrf}${returnField(t.returnTo)}<input type="hidden" name="action" value="spam"><button type="submit" class="link-button">Spam</button></form></li>`,
    );
  }
  if (c.canFreeze) {
    items.push(
      html`<li><form method="post" action="/comments/${c.id}/freeze" class="inline-form">${t.csrf}${returnField(t.returnTo)}<input type="hidden" name="action" value="${c.frozen ? 'unfreeze' : 'freeze'}"><button type="submit" class="link-button">${c.frozen ? 'Unfreeze thread' : 'Freeze thread'}</button></form></li>`,
    );
  }
  if (c.canDelete) {
    // A disclosure stands in for a confirmation dialog: two clicks, no script.
    items.push(
      html`<li><details class="confirm"><summary>Delete</summary><form method="post" action="/comments/${c.id}/delete" class="inline-form">${t.csrf}${returnField(t.returnTo)}<button type="submit" class="link-button">Yes, delete this comment</button></form></details></li>`,
    );
  }
  if (t.viewer && !c.canEdit && c.html !== null)
    items.push(html`<li>${reportLink({ type: 'comment', id: c.id }, t.viewer)}</li>`);
  return items.length ? html`<ul class="comment-actions">${items}</ul>` : html``;
}

function commentItem(c: CommentNode, t: ThreadContext): SafeHtml {
  const replyingHere = t.replyTo === c.id && c.canReply;
  const body =
    c.html === null
      ? html`<p class="comment-placeholder muted">${c.placeholder === 'muted' ? 'This comment is hidden because you muted its author.' : 'This comment has been deleted.'}</p>`
      : html`<p class="comment-head">${authorName(c.author)}${c.inReplyTo ? html` <span class="muted">replying to <a href="#comment-${String(c.inReplyTo.id)}">${authorName(c.inReplyTo.author)}</a></span>` : ''}
        ${t.showChapter && c.chapterPosition !== null ? html` <span class="muted">on Chapter ${String(c.chapterPosition)}</span>` : ''}
        · <a href="#comment-${String(c.id)}" class="muted"><time datetime="${c.createdAt}">${formatDateTime(c.createdAt, t.timeZone)}</time></a>
        ${c.editedAt ? html` <span class="muted">(edited <time datetime="${c.editedAt}">${formatDateTime(c.editedAt, t.timeZone)}</time>)</span>` : ''}
        ${c.pending ? html` <strong class="comment-pending">Awaiting approval</strong>` : ''}
        ${c.frozen ? html` <strong class="comment-frozen" title="This thread takes no new replies.">Frozen</strong>` : ''}</p>
      <div class="userstuff comment-body">${sanitizedHtml(c.html)}</div>
      ${commentActions(c, t)}`;
  return html`<li class="comment${c.pending ? ' pending' : ''}" id="comment-${String(c.id)}">
  ${body}
  ${
    replyingHere
      ? commentForm({
          workId: t.view.workId,
          chapterId: null,
          parentId: c.id,
          signedIn: t.view.signedIn,
          csrf: t.csrf,
          returnTo: t.returnTo,
          formId: 'comment-form',
          cancelHref: `${urlWith(t.pageUrl, { reply_to: null })}#comment-${c.id}`,
        })
      : ''
  }
  ${c.replies.length ? html`<ol class="comment-replies">${c.replies.map((r) => commentItem(r, t))}</ol>` : ''}
</li>`;
}

/**
 * The comments of a work (or chapter) with the form to add one. `pageUrl` is the page it sits
 * on (path and query): reply links and form redirects come back to it. `chapterId` is the
 * chapter a new comment is about (null for the whole work).
 */
export function commentsSection(
  view: CommentsView,
  opts: {
    viewer: SignedIn | null;
    csrf: SafeHtml;
    pageUrl: string;
    chapterId: number | null;
    replyTo?: number | null;
    showChapter?: boolean;
    values?: CommentFormValues;
    timeZone: string;
  },
): SafeHtml {
  const returnTo = urlWith(opts.pageUrl, { reply_to: null });
  const t: ThreadContext = {
    view,
    viewer: opts.viewer,
    csrf: opts.csrf,
    pageUrl: opts.pageUrl,
    returnTo,
    replyTo: opts.replyTo ?? null,
    showChapter: opts.showChapter ?? opts.chapterId === null,
    timeZone: opts.timeZone,
  };
  const replying = t.replyTo !== null && findNode(view.threads, t.replyTo)?.canReply === true;
  const refusal = view.refusal
    ? html`<p class="muted" id="${replying ? 'new-comment-form' : 'comment-form'}">${view.refusal.message}${view.refusal.signIn ? html` <a href="/login?return_to=${encodeURIComponent(returnTo)}">Sign in</a>` : ''}</p>`
    : html``;
  return html`<section class="comments" id="comments" aria-labelledby="comments-title">
  <h2 id="comments-title">Comments (${number.format(view.shown)})</h2>
  ${view.manages ? html`${commentPolicyForm(view.workId, view.policy, opts.csrf, returnTo)}${view.pending ? html`<p class="flash notice" role="status">${plural(view.pending, 'comment')} awaiting your approval.</p>` : ''}` : ''}
  ${
    view.refusal
      ? refusal
      : commentForm({
          workId: view.workId,
          chapterId: opts.chapterId,
          parentId: null,
          signedIn: view.signedIn,
          csrf: opts.csrf,
          returnTo,
          formId: replying ? 'new-comment-form' : 'comment-form',
          values: replying ? undefined : opts.values,
        })
  }
  ${view.policy === 'moderated' && !view.manages && !view.refusal ? html`<p class="muted">Comments on this work are held until its creator approves them.</p>` : ''}
  ${view.threads.length ? html`<ol class="comment-thread">${view.threads.map((c) => commentItem(c, t))}</ol>` : html`<p class="muted">No comments yet.</p>`}
</section>`;
}

function findNode(nodes: CommentNode[], id: number): CommentNode | undefined {
  const stack = [...nodes];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.id === id) return n;
    stack.push(...n.replies);
  }
  return undefined;
}
