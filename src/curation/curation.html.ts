// The reader's own pages (inbox, subscriptions, history, blocked users, saved searches, tag
// blocklist, hidden works) and the small forms other pages embed: subscribe, mark for later,
// hide a work or series, save a search. Every form posts with the CSRF field it is given.
import { excerpt } from '../community/user-text.ts';
import { flash } from '../web/layout.ts';
import { html, type SafeHtml } from '../markup/html.ts';
import { TAG_TYPE_LABELS, type TagType } from '../tags/tag-types.ts';
import { blurb, type Display, tagLink } from '../works/works.html.ts';
import { formatDate, formatDateTime } from '../markup/dates.ts';
import { invitationList } from '../works/creatorships.html.ts';
import { collectionInvitations, type CollectionInvitationRow } from '../collections/collections.html.ts';
import type { UserInvitationRow } from '../works/creatorships.service.ts';
import type { BlockedUser } from './blocks.service.ts';
import type { HiddenEntry } from './hidden.service.ts';
import type { HistoryEntry, HistoryPage } from './history.service.ts';
import type { SavedSearch } from './saved-searches.service.ts';
import { MAX_NAME_LENGTH, MAX_SAVED_SEARCHES } from './saved-search-limits.ts';
import type { InboxPage, InboxRow, SubscriptionRow, Target } from './subscriptions.service.ts';
import type { BlockedTag } from './tag-blocklist.service.ts';

export interface Message {
  text: string;
  kind: 'error' | 'notice';
}

function message(m: Message | undefined): SafeHtml {
  return m ? flash(m.text, m.kind) : html``;
}

function returnField(returnTo: string | undefined): SafeHtml {
  return returnTo ? html`<input type="hidden" name="return_to" value="${returnTo}">` : html``;
}

/** Links to every page here, for the account page and the tops of these pages. */
export function curationLinks(unread?: number): SafeHtml {
  return html`<nav aria-label="Your reading"><ul class="reading-controls">
  <li><a href="/inbox">Inbox${unread ? ` (${unread})` : ''}</a></li>
  <li><a href="/subscriptions">Subscriptions</a></li>
  <li><a href="/history">History</a></li>
  <li><a href="/history?later=1">Marked for later</a></li>
  <li><a href="/searches">Saved searches</a></li>
  <li><a href="/account/blocklist">Tag blocklist</a></li>
  <li><a href="/account/hidden">Hidden works</a></li>
  <li><a href="/account/blocked">Blocked and muted users</a></li>
</ul></nav>`;
}

/** For the site header: "Inbox (3)". */
export function inboxNavItem(unread: number): SafeHtml {
  return html`<li><a href="/inbox">Inbox${unread > 0 ? html` <span class="unread-count" aria-label="${unread} unread">(${unread})</span>` : ''}</a></li>`;
}

// ---- fragments other pages embed ------------------------------------------------------------

const TARGET_WORDS: Record<Target['type'], string> = {
  work: 'this work',
  creator: 'this creator',
  series: 'this series',
};

/**
 * Subscribe or unsubscribe button for a work, a creator (a user id) or a series. `name` labels the
 * button for a creator ("Subscribe to wren"); `returnTo` is where the reader lands afterwards.
 */
export function subscribeForm(
  target: Target & { name?: string },
  subscribed: boolean,
  csrf: SafeHtml,
  returnTo: string,
): SafeHtml {
  const what = target.name ?? TARGET_WORDS[target.type];
  return html`<form method="post" action="${subscribed ? '/subscriptions/remove' : '/subscriptions'}" class="inline-form">${csrf}
  <input type="hidden" name="type" value="${target.type}"><input type="hidden" name="id" value="${target.id}">${returnField(returnTo)}
  <button class="button" type="submit">${subscribed ? 'Unsubscribe from' : 'Subscribe to'} ${what}</button>
</form>`;
}

/** "Mark for later" / "Marked for later ✓ (unmark)" on a work page or in a listing. */
export function markForLaterForm(workId: number, marked: boolean, csrf: SafeHtml, returnTo?: string): SafeHtml {
  return html`<form method="post" action="/history/later" class="inline-form">${csrf}
  <input type="hidden" name="work" value="${workId}"><input type="hidden" name="later" value="${marked ? '0' : '1'}">${returnField(returnTo ?? `/works/${workId}`)}
  <button class="button" type="submit">${marked ? 'Remove from Marked for Later' : 'Mark for Later'}</button>
</form>`;
}

/** For the work page: hide the work from the reader's listings, or show it again. */
export function hideWorkForm(workId: number, hidden: boolean, csrf: SafeHtml): SafeHtml {
  return html`<form method="post" action="${hidden ? '/account/hidden/remove' : '/account/hidden'}" class="inline-form">${csrf}
  <input type="hidden" name="work" value="${workId}">${returnField(`/works/${workId}`)}
  <button class="button" type="submit" title="${hidden ? 'Show this work in your listings and searches again' : 'Leave this work out of every listing and search you see'}">${hidden ? 'Unhide this work' : 'Hide this work'}</button>
</form>`;
}

/** For a work page (one per series it is in) or a series page: hide or unhide the whole series. */
export function hideSeriesForm(
  series: { id: number; title: string },
  hidden: boolean,
  csrf: SafeHtml,
  returnTo?: string,
): SafeHtml {
  return html`<form method="post" action="${hidden ? '/account/hidden/remove' : '/account/hidden'}" class="inline-form">${csrf}
  <input type="hidden" name="series" value="${series.id}">${returnField(returnTo ?? `/series/${series.id}`)}
  <button class="button" type="submit">${hidden ? 'Unhide the series' : 'Hide the series'} ${series.title}</button>
</form>`;
}

/**
 * For the search page, beside the results: saves the current search (its URL query string, the
 * page cursor left out) under a name. With the name left empty it is named by what it finds.
 */
export function saveSearchForm(params: URLSearchParams, csrf: SafeHtml): SafeHtml {
  const kept = new URLSearchParams([...params].filter(([k]) => k !== 'after'));
  return html`<form method="post" action="/searches" class="save-search" aria-label="Save this search">${csrf}
  <input type="hidden" name="params" value="${kept.toString()}">
  <label for="f-save-search-name">Save this search as</label>
  <input id="f-save-search-name" name="name" maxlength="${MAX_NAME_LENGTH}" placeholder="a name (optional)">
  <button class="button" type="submit">Save search</button>
</form>`;
}

// ---- inbox and subscriptions ----------------------------------------------------------------

function workLink(item: InboxRow): SafeHtml {
  return html`<a href="/works/${item.workId ?? 0}">${item.workTitle ?? 'a work'}</a>`;
}

/** Where src/community/ shows a comment in its thread. */
function commentHref(item: InboxRow): string {
  return `/works/${item.workId ?? 0}/comments#comment-${item.commentId ?? 0}`;
}

function commenterName(item: InboxRow): string {
  return item.commenter ?? 'Someone';
}

/** What the comment says (its start), and a way to answer it; a deleted one says only that. */
function commentQuote(item: InboxRow): SafeHtml {
  if (item.commentStatus === 'deleted' || item.commentHtml === null) return html` (since deleted)`;
  const held = item.commentStatus === 'pending' ? html` <em>Waiting for your approval.</em>` : '';
  return html`:<blockquote class="inbox-comment">${excerpt(item.commentHtml, 240)}</blockquote>${held}
    <a href="${commentHref(item)}">Reply</a>`;
}

function inboxText(item: InboxRow): SafeHtml {
  switch (item.kind) {
    case 'new_work':
      return html`New work: ${workLink(item)}`;
    case 'new_chapter': {
      const label = `Chapter ${item.chapterPosition ?? '?'}${item.chapterTitle ? `: ${item.chapterTitle}` : ''}`;
      return html`New chapter of ${workLink(item)}: <a href="/works/${item.workId ?? 0}/chapters/${item.chapterPosition ?? 1}">${label}</a>`;
    }
    case 'series_work':
      return html`${workLink(item)} was added to the series <a href="/series/${item.seriesId ?? 0}">${item.seriesTitle ?? 'a series'}</a>`;
    case 'comment':
      return html`${commenterName(item)} <a href="${commentHref(item)}">commented</a> on ${workLink(item)}${commentQuote(item)}`;
    case 'reply':
      return html`${commenterName(item)} <a href="${commentHref(item)}">replied to your comment</a> on ${workLink(item)}${commentQuote(item)}`;
    case 'gift':
      return html`A gift for you: ${workLink(item)} <span class="muted">(your gifts page can refuse it)</span>`;
    case 'prompt_fill':
      return html`A work fills your prompt: ${workLink(item)}`;
    case 'assignment':
      return html`A gift-exchange assignment for you: see <a href="/assignments">your assignments</a>`;
    default:
      return html`An update about ${workLink(item)}`;
  }
}

export function inboxPage(
  csrf: SafeHtml,
  page: InboxPage,
  opts: { unreadOnly: boolean; timeZone: string },
  msg?: Message,
  invitations: UserInvitationRow[] = [],
  collectionInvites: CollectionInvitationRow[] = [],
): SafeHtml {
  const items = page.items;
  const nextHref = page.next
    ? `/inbox?${new URLSearchParams({ ...(opts.unreadOnly ? { unread: '1' } : {}), before: String(page.next) })}`
    : null;
  return html`<h1>Inbox</h1>
${curationLinks(page.unread)}
${message(msg)}
${invitations.length ? html`<section class="inbox-invitations" aria-labelledby="invitations-title"><h2 id="invitations-title">Co-creator requests (${invitations.length})</h2>${invitationList(csrf, invitations, opts.timeZone)}</section>` : ''}
${collectionInvitations(csrf, collectionInvites)}
<p class="muted">${page.unread === 0 ? 'Nothing unread.' : `${page.unread} unread.`} Updates from the works, creators and series you <a href="/subscriptions">subscribe to</a>, newest first.
${opts.unreadOnly ? html`<a href="/inbox">Show all</a>` : html`<a href="/inbox?unread=1">Show unread only</a>`}</p>
${
  items.length === 0
    ? html`<p class="muted">${opts.unreadOnly ? 'No unread updates.' : 'No updates yet. Subscribe to a work, a creator or a series to hear when it changes.'}</p>`
    : html`<form method="post" action="/inbox/read">${csrf}
<ol class="inbox">${items.map(
        (item) => html`<li class="${item.readAt ? 'read' : 'unread'}">
  <input type="checkbox" name="item" value="${item.id}" id="inbox-${item.id}" aria-label="Select this update">
  ${item.readAt ? '' : html`<strong>Unread</strong> · `}${inboxText(item)} <span class="muted">· <time datetime="${item.createdAt}">${formatDateTime(item.createdAt, opts.timeZone)}</time></span>
</li>`,
      )}</ol>
<p><button class="button" type="submit" name="action" value="selected">Mark selected read</button>
<button class="button" type="submit" name="action" value="all">Mark all read</button>
<button class="button" type="submit" name="action" value="delete_read">Delete read updates</button></p>
</form>`
}
${nextHref ? html`<nav class="pager" aria-label="Pages"><a class="button" href="${nextHref}" rel="next">Older updates →</a></nav>` : ''}`;
}

function subscriptionHref(s: SubscriptionRow): string {
  if (s.targetType === 'work') return `/works/${s.targetId}`;
  if (s.targetType === 'series') return `/series/${s.targetId}`;
  return `/works/search?${new URLSearchParams({ q: `creator:"${s.label ?? ''}"` })}`;
}

export function subscriptionsPage(csrf: SafeHtml, subs: SubscriptionRow[], msg?: Message): SafeHtml {
  const groups: [SubscriptionRow['targetType'], string][] = [
    ['creator', 'Creators'],
    ['work', 'Works'],
    ['series', 'Series'],
  ];
  return html`<h1>Subscriptions</h1>
${curationLinks()}
${message(msg)}
<p class="muted">New works and chapters by creators you follow, new chapters of works and new works in series come to your <a href="/inbox">inbox</a>.</p>
${subs.length === 0 ? html`<p class="muted">You are not subscribed to anything yet. Subscribe from a work's page.</p>` : ''}
${groups.map(([type, heading]) => {
  const mine = subs.filter((s) => s.targetType === type);
  if (mine.length === 0) return html``;
  return html`<section aria-labelledby="subs-${type}"><h2 id="subs-${type}">${heading}</h2><ul>
  ${mine.map(
    (
      s,
    ) => html`<li>${s.label === null ? html`<span class="muted">(no longer on the archive)</span>` : html`<a href="${subscriptionHref(s)}">${s.label}</a>`}
    ${subscribeForm({ type: s.targetType, id: s.targetId, name: s.label ?? undefined }, true, csrf, '/subscriptions?done=unsubscribed')}</li>`,
  )}
</ul></section>`;
})}`;
}

// ---- history --------------------------------------------------------------------------------

function readingLine(e: HistoryEntry, timeZone: string): SafeHtml {
  const r = e.reading;
  if (r.lastReadAt === null) return html`<p class="muted">Not opened yet.</p>`;
  const where =
    r.lastChapter === null
      ? `the entire work${e.work.chapterCount > 1 ? ` (${e.work.chapterCount} chapters)` : ''}`
      : `chapter ${r.lastChapter} of ${e.work.expectedChapters !== null && e.work.expectedChapters > e.work.chapterCount ? `${e.work.chapterCount} (of ${e.work.expectedChapters} planned)` : e.work.chapterCount}`;
  const resume =
    r.lastChapter !== null && e.work.chapterCount > 1
      ? html` · <a href="/works/${e.work.id}/chapters/${Math.min(r.lastChapter, e.work.chapterCount)}">Continue reading</a>`
      : '';
  return html`<p class="muted">Last visited <time datetime="${r.lastReadAt}">${formatDate(r.lastReadAt, timeZone)}</time>: ${where}. Visited ${r.visits} time${r.visits === 1 ? '' : 's'}.${resume}${e.work.updatedAt > r.lastReadAt ? html` <strong>Updated since.</strong>` : ''}</p>`;
}

export function historyPage(
  csrf: SafeHtml,
  page: HistoryPage,
  later: boolean,
  display: Display,
  msg?: Message,
): SafeHtml {
  const here = later ? '/history?later=1' : '/history';
  const nextHref = page.next
    ? `/history?${new URLSearchParams({ ...(later ? { later: '1' } : {}), after: page.next })}`
    : null;
  return html`<h1>${later ? 'Marked for Later' : 'History'}</h1>
${curationLinks()}
${message(msg)}
<p class="muted">${
    later
      ? 'Works you marked to read later, most recently read first. Clearing your history keeps these.'
      : 'Works you opened while signed in, most recently read first. Only you see this.'
  }</p>
${
  page.entries.length === 0
    ? html`<p class="muted">${later ? 'Nothing marked for later. Use “Mark for Later” on a work.' : 'No history yet.'}</p>`
    : html`<div class="history">${page.entries.map(
        (e) => html`<section class="history-entry" aria-label="${e.work.title}">
  <ol class="works">${blurb(e.work, display)}</ol>
  ${readingLine(e, display.timeZone)}
  <div class="actions">${markForLaterForm(e.work.id, e.reading.markedForLater, csrf, here)}
  ${
    e.reading.lastReadAt !== null
      ? html`<form method="post" action="/history/clear" class="inline-form">${csrf}<input type="hidden" name="work" value="${e.work.id}">${returnField(here)}<button class="button" type="submit">Delete from history</button></form>`
      : ''
  }</div>
</section>`,
      )}</div>`
}
${nextHref ? html`<nav class="pager" aria-label="Pages"><a class="button" href="${nextHref}" rel="next">Earlier →</a></nav>` : ''}
${
  later
    ? ''
    : html`<form method="post" action="/history/clear">${csrf}<input type="hidden" name="all" value="1">
  <p><button class="button" type="submit">Clear my whole history</button> <span class="muted">Works marked for later stay marked.</span></p>
</form>`
}`;
}

// ---- blocked and muted users ----------------------------------------------------------------

function userList(csrf: SafeHtml, users: BlockedUser[], kind: 'block' | 'mute', timeZone: string): SafeHtml {
  if (users.length === 0)
    return html`<p class="muted">${kind === 'block' ? 'You block nobody.' : 'You mute nobody.'}</p>`;
  return html`<ul>${users.map(
    (u) => html`<li>${u.username} <span class="muted">since ${formatDate(u.since, timeZone)}</span>
  <form method="post" action="/account/blocked/remove" class="inline-form">${csrf}<input type="hidden" name="kind" value="${kind}"><input type="hidden" name="username" value="${u.username}">
  <button class="link-button" type="submit">${kind === 'block' ? 'Unblock' : 'Unmute'} ${u.username}</button></form></li>`,
  )}</ul>`;
}

export function blockedPage(
  csrf: SafeHtml,
  lists: { blocked: BlockedUser[]; muted: BlockedUser[] },
  timeZone: string,
  msg?: Message,
  values: { username?: string; kind?: string } = {},
): SafeHtml {
  const kind = values.kind === 'mute' ? 'mute' : 'block';
  return html`<h1>Blocked and muted users</h1>
${curationLinks()}
${message(msg)}
<div class="form-page">
<form method="post" action="/account/blocked">${csrf}
  <div class="field"><label for="f-username">Username</label><input id="f-username" name="username" value="${values.username ?? ''}" required autocomplete="off"></div>
  <fieldset><legend>What to do</legend>
    <label><input type="radio" name="kind" value="block"${kind === 'block' ? html` checked` : ''}> Block: they cannot comment on your works or reply to your comments</label><br>
    <label><input type="radio" name="kind" value="mute"${kind === 'mute' ? html` checked` : ''}> Mute: their works and comments disappear for you everywhere</label>
  </fieldset>
  <p class="muted">Neither is shown to them.</p>
  <button class="button primary" type="submit">Add</button>
</form>
</div>
<section aria-labelledby="blocked-title"><h2 id="blocked-title">Blocked</h2>${userList(csrf, lists.blocked, 'block', timeZone)}</section>
<section aria-labelledby="muted-title"><h2 id="muted-title">Muted</h2>${userList(csrf, lists.muted, 'mute', timeZone)}</section>`;
}

// ---- saved searches -------------------------------------------------------------------------

export function savedSearchesPage(csrf: SafeHtml, searches: SavedSearch[], timeZone: string, msg?: Message): SafeHtml {
  return html`<h1>Saved searches</h1>
${curationLinks()}
${message(msg)}
<p class="muted">${searches.length} of ${MAX_SAVED_SEARCHES}. Save a search with “Save this search” on the <a href="/works/search">search page</a>; each link runs it again.</p>
${
  searches.length === 0
    ? html`<p class="muted">No saved searches yet.</p>`
    : html`<ul class="saved-searches">${searches.map(
        (s) => html`<li id="search-${s.id}">
  <h2><a href="${s.href}">${s.name}</a></h2>
  <p class="muted">${s.description} · saved ${formatDate(s.createdAt, timeZone)}</p>
  <form method="post" action="/searches/${s.id}/rename" class="inline-form">${csrf}
    <label for="f-rename-${s.id}" class="visually-hidden">New name for ${s.name}</label>
    <input id="f-rename-${s.id}" name="name" value="${s.name}" maxlength="${MAX_NAME_LENGTH}" required>
    <button class="button" type="submit">Rename</button>
  </form>
  <form method="post" action="/searches/${s.id}/delete" class="inline-form">${csrf}<button class="button" type="submit">Delete</button></form>
</li>`,
      )}</ul>`
}`;
}

// ---- tag blocklist --------------------------------------------------------------------------

export function blocklistPage(csrf: SafeHtml, tags: BlockedTag[], msg?: Message, value?: string): SafeHtml {
  return html`<h1>Tag blocklist</h1>
${curationLinks()}
${message(msg)}
<p>Works carrying any of these tags are hidden from every listing and search you see: so are works tagged with one of
their synonyms, and works tagged with a tag filed under them (blocking a fandom hides works in its sub-fandoms too). The works
are still there for everyone else, and for you at their own address.</p>
<div class="form-page">
<form method="post" action="/account/blocklist">${csrf}
  <div class="field"><label for="f-tag">Tag</label><input id="f-tag" name="tag" value="${value ?? ''}" required autocomplete="off" aria-describedby="h-tag">
  <small id="h-tag" class="muted">The tag's name, as on a work. A synonym blocks its canonical tag.</small></div>
  <button class="button primary" type="submit">Add to blocklist</button>
</form>
</div>
${
  tags.length === 0
    ? html`<p class="muted">Your blocklist is empty.</p>`
    : html`<ul>${tags.map(
        (t) => html`<li><span class="muted">${TAG_TYPE_LABELS[t.type as TagType]?.one ?? t.type}:</span> ${tagLink(t)}
  ${t.synonymOf ? html`<strong>now a synonym of ${t.synonymOf}, so it hides nothing: add ${t.synonymOf} instead.</strong>` : ''}
  <form method="post" action="/account/blocklist/remove" class="inline-form">${csrf}<input type="hidden" name="tag_id" value="${t.id}">
  <button class="link-button" type="submit">Remove ${t.name}</button></form></li>`,
      )}</ul>`
}`;
}

// ---- hidden works and series ----------------------------------------------------------------

export function hiddenPage(
  csrf: SafeHtml,
  hidden: { works: HiddenEntry[]; series: HiddenEntry[] },
  timeZone: string,
  msg?: Message,
): SafeHtml {
  const list = (entries: HiddenEntry[], kind: 'work' | 'series') =>
    entries.length === 0
      ? html`<p class="muted">${kind === 'work' ? 'No hidden works.' : 'No hidden series.'}</p>`
      : html`<ul>${entries.map(
          (
            e,
          ) => html`<li><a href="/${kind === 'work' ? 'works' : 'series'}/${e.id}">${e.title}</a> <span class="muted">hidden ${formatDate(e.since, timeZone)}</span>
  <form method="post" action="/account/hidden/remove" class="inline-form">${csrf}<input type="hidden" name="${kind}" value="${e.id}">${returnField('/account/hidden?done=unhidden')}
  <button class="link-button" type="submit">Unhide ${e.title}</button></form></li>`,
        )}</ul>`;
  return html`<h1>Hidden works and series</h1>
${curationLinks()}
${message(msg)}
<p class="muted">These never appear in the listings and searches you see; a hidden series takes all its works with it. Hide a work from its page.</p>
<section aria-labelledby="hidden-works"><h2 id="hidden-works">Works</h2>${list(hidden.works, 'work')}</section>
<section aria-labelledby="hidden-series"><h2 id="hidden-series">Series</h2>${list(hidden.series, 'series')}</section>`;
}
