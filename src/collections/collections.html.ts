// Collection pages: the list with its name search, a collection's page (its works through the one
// search, with the search's sidebar scoped to it), its bookmarks, the form that creates one or
// changes its settings, and the moderators' page of items awaiting approval and people.
import { html, type SafeHtml } from '../markup/html.ts';
import { formatDateTime } from '../markup/dates.ts';
import { textParagraphs } from '../markup/paragraphs.ts';
import { flash } from '../web/layout.ts';
import { pager, workList, type Display } from '../works/works.html.ts';
import type { WorkBlurb } from '../works/works.service.ts';
import type { CollectionRow, ParticipantRow, PendingRow } from './collections.repo.ts';
import { COLLECTION_LIMITS } from './collection-rules.ts';

export interface CollectionHeader {
  collection: CollectionRow;
  parent: CollectionRow | undefined;
  children: CollectionRow[];
  participants: ParticipantRow[];
  moderates: boolean;
  hiding: { unrevealed: boolean; anonymous: boolean };
  /** Whether it is a prompt meme: its prompts get a tab. */
  promptMeme?: boolean;
  /** Whether it runs a gift exchange (its tab shows; moderators always see it, to set one up). */
  exchange?: boolean;
}

const path = (c: { name: string }) => `/collections/${encodeURIComponent(c.name)}`;

function settingsLine(c: CollectionRow, hiding: CollectionHeader['hiding'], timeZone: string): SafeHtml {
  const bits = [
    c.open ? 'Open' : 'Closed',
    c.moderated ? 'moderated' : 'unmoderated',
    ...(hiding.unrevealed ? ['unrevealed'] : []),
    ...(hiding.anonymous ? ['anonymous'] : []),
  ];
  const reveal =
    c.reveal_at && (hiding.unrevealed || hiding.anonymous)
      ? html` · reveals <time datetime="${c.reveal_at}">${formatDateTime(c.reveal_at, timeZone)}</time>`
      : '';
  return html`<p class="muted collection-settings">${bits.join(', ')}${reveal}</p>`;
}

/** The top of every page of a collection: title, settings, parent, subcollections, its tabs. */
export function collectionHeader(
  h: CollectionHeader,
  current: 'works' | 'bookmarks' | 'prompts' | 'manage' | 'exchange',
  timeZone: string,
) {
  const c = h.collection;
  const tab = (key: typeof current, href: string, label: string) =>
    html`<a href="${href}"${key === current ? html` aria-current="page"` : ''}>${label}</a>`;
  const mods = h.participants.filter((p) => p.role !== 'member');
  return html`<header class="collection-header">
<h1>${c.title}</h1>
<p class="muted">${c.name}${h.parent ? html` · part of <a href="${path(h.parent)}">${h.parent.title}</a>` : ''}</p>
${settingsLine(c, h.hiding, timeZone)}
${c.description ? html`<div class="collection-description">${textParagraphs(c.description)}</div>` : ''}
${mods.length ? html`<p class="muted">Maintained by ${mods.map((p, i) => html`${i ? ', ' : ''}<a href="/users/${encodeURIComponent(p.username)}">${p.username}</a> (${p.role})`)}</p>` : ''}
${h.children.length ? html`<p>Subcollections: ${h.children.map((s, i) => html`${i ? ', ' : ''}<a href="${path(s)}">${s.title}</a>`)}</p>` : ''}
<nav class="collection-tabs" aria-label="This collection">
  ${tab('works', path(c), 'Works')} · ${tab('bookmarks', `${path(c)}/bookmarks`, 'Bookmarks')}
  ${h.promptMeme ? html` · ${tab('prompts', `${path(c)}/prompts`, 'Prompts')}` : ''}
  ${h.exchange || h.moderates ? html` · ${tab('exchange', `${path(c)}/exchange`, 'Gift exchange')}` : ''}
  ${h.moderates ? html` · ${tab('manage', `${path(c)}/manage`, 'Manage')}` : ''}
</nav>
</header>`;
}

export function collectionListPage(
  rows: CollectionRow[],
  query: string,
  nextHref: string | null,
  signedIn: boolean,
): SafeHtml {
  return html`<h1>Collections</h1>
<form class="search-form" method="get" action="/collections" role="search" aria-label="Find a collection">
  <div class="field"><label for="c-q">Name or title</label><input id="c-q" name="q" value="${query}"></div>
  <button class="button primary" type="submit">Find</button>
</form>
${signedIn ? html`<p><a class="button" href="/collections/new">New collection</a></p>` : ''}
${
  rows.length
    ? html`<ul class="collections">${rows.map((c) => html`<li><a href="${path(c)}">${c.title}</a> <span class="muted">(${c.name})${c.open ? '' : ' · closed'}${c.moderated ? ' · moderated' : ''}</span></li>`)}</ul>`
    : html`<p class="muted">No collections match.</p>`
}
${pager(nextHref)}`;
}

/** The create and settings form; `c` null for a new collection. */
export function collectionForm(csrf: SafeHtml, c: CollectionRow | null, parentName: string, error?: string): SafeHtml {
  const checked = (on: boolean | number | undefined) => (on ? html` checked` : '');
  const box = (name: string, label: string, on: boolean | number | undefined, hint: string) =>
    html`<div class="field checkbox"><label><input type="checkbox" name="${name}" value="1"${checked(on)}> ${label}</label> <small class="muted">${hint}</small></div>`;
  return html`<h1>${c ? html`Settings of ${c.title}` : 'New collection'}</h1>
${flash(error, 'error')}
<form method="post" action="${c ? `${path(c)}/settings` : '/collections'}" class="collection-form">${csrf}
  ${c ? '' : html`<div class="field"><label for="c-name">Name</label><input id="c-name" name="name" required maxlength="${String(COLLECTION_LIMITS.name)}" pattern="[A-Za-z0-9_]+" aria-describedby="c-name-hint"><small id="c-name-hint" class="muted">Letters, digits and underscores: the collection's address.</small></div>`}
  <div class="field"><label for="c-title">Title</label><input id="c-title" name="title" required maxlength="${String(COLLECTION_LIMITS.title)}" value="${c?.title ?? ''}"></div>
  <div class="field"><label for="c-description">Description</label><textarea id="c-description" name="description" rows="5" maxlength="${String(COLLECTION_LIMITS.description)}">${c?.description ?? ''}</textarea></div>
  <div class="field"><label for="c-parent">Parent collection</label><input id="c-parent" name="parent" value="${parentName}" aria-describedby="c-parent-hint"><small id="c-parent-hint" class="muted">The name of a collection you own, to make this one of its subcollections.</small></div>
  ${box('open', 'Open', c ? c.open : true, 'Creators may add their works and bookmarks.')}
  ${box('moderated', 'Moderated', c?.moderated, 'Items wait for a moderator’s approval.')}
  ${box('unrevealed', 'Unrevealed', c?.unrevealed, 'Works are hidden from everyone but their creators and the moderators until the reveal.')}
  ${box('anonymous', 'Anonymous', c?.anonymous, 'Creators are shown as Anonymous until the reveal.')}
  <div class="field"><label for="c-reveal">Reveal at (UTC)</label><input id="c-reveal" name="reveal_at" type="datetime-local" value="${c?.reveal_at ? c.reveal_at.slice(0, 16) : ''}" aria-describedby="c-reveal-hint"><small id="c-reveal-hint" class="muted">Works and creators are shown from this time on. Empty: they stay hidden until you clear the settings above.</small></div>
  <button class="button primary" type="submit">${c ? 'Save settings' : 'Create collection'}</button>
</form>`;
}

/** For a signed-in reader, when the collection takes items from them: add a work or bookmark of theirs. */
export function addItemForm(h: CollectionHeader, csrf: SafeHtml): SafeHtml {
  if (!h.collection.open && !h.moderates) return html``;
  return html`<details class="add-item"><summary>Add your work or bookmark</summary>
<form method="post" action="${path(h.collection)}/items" class="inline-form">${csrf}
  <label for="a-work">Work id</label> <input id="a-work" name="work_id" inputmode="numeric" required>
  <button class="button" type="submit">Add work</button></form>
<form method="post" action="${path(h.collection)}/items" class="inline-form">${csrf}
  <label for="a-bookmark">Bookmark id</label> <input id="a-bookmark" name="bookmark_id" inputmode="numeric" required>
  <button class="button" type="submit">Add bookmark</button></form>
<p class="muted">${h.collection.moderated ? 'It appears here once a moderator approves it. ' : ''}A work can also join from its edit form.</p>
</details>`;
}

export function hiddenNote(h: CollectionHeader): SafeHtml {
  if (!h.hiding.unrevealed) return html``;
  return html`<p class="notice">This collection is unrevealed: its works appear here after the reveal.</p>`;
}

export function bookmarksSection(list: SafeHtml, empty: boolean): SafeHtml {
  return html`<section aria-labelledby="bm-title"><h2 id="bm-title">Bookmarks</h2>
${empty ? html`<p class="muted">No bookmarks in this collection yet.</p>` : html`<ol class="bookmarks">${list}</ol>`}</section>`;
}

function itemLine(r: PendingRow, csrf: SafeHtml, actions: ('approve' | 'reject')[]): SafeHtml {
  const what = r.workId
    ? html`<a href="/works/${r.workId}">${r.title}</a>`
    : html`Bookmark of ${r.title} by ${r.bookmarker ?? 'a reader'}`;
  return html`<li id="item-${r.id}">${what}
  <form method="post" action="/collection_items/${r.id}" class="inline-form">${csrf}${actions.map((a) => html` <button class="button${a === 'approve' ? ' primary' : ''}" type="submit" name="action" value="${a}">${a === 'approve' ? 'Approve' : 'Reject'}</button>`)}</form></li>`;
}

export function managePage(
  header: SafeHtml,
  c: CollectionRow,
  csrf: SafeHtml,
  data: { awaiting: PendingRow[]; invited: PendingRow[]; approved: PendingRow[]; participants: ParticipantRow[] },
  isOwner: boolean,
  done?: string,
): SafeHtml {
  const list = (rows: PendingRow[], actions: ('approve' | 'reject')[], empty: string) =>
    rows.length
      ? html`<ul class="collection-items">${rows.map((r) => itemLine(r, csrf, actions))}</ul>`
      : html`<p class="muted">${empty}</p>`;
  return html`${header}
${flash(done, 'notice')}
<section aria-labelledby="awaiting-title"><h2 id="awaiting-title">Awaiting approval (${data.awaiting.length})</h2>
${list(data.awaiting, ['approve', 'reject'], 'Nothing is waiting for you.')}</section>
<section aria-labelledby="invited-title"><h2 id="invited-title">Invited, waiting for their creators (${data.invited.length})</h2>
${list(data.invited, ['reject'], 'No invitations are waiting.')}</section>
<section aria-labelledby="invite-title"><h2 id="invite-title">Invite a work</h2>
<form method="post" action="${path(c)}/invite" class="inline-form">${csrf}<label for="i-work">Work id</label> <input id="i-work" name="work_id" inputmode="numeric" required> <button class="button" type="submit">Invite</button></form>
<p class="muted">The work joins once its creator accepts in their inbox.</p></section>
<section aria-labelledby="approved-title"><h2 id="approved-title">In the collection (${data.approved.length})</h2>
${list(data.approved, ['reject'], 'Nothing yet.')}</section>
<section aria-labelledby="people-title"><h2 id="people-title">Owners and moderators</h2>
<ul>${data.participants.map((p) => html`<li>${p.username} (${p.role})</li>`)}</ul>
${
  isOwner
    ? html`<form method="post" action="${path(c)}/participants" class="inline-form">${csrf}<label for="p-user">Username</label> <input id="p-user" name="username" required>
  <label for="p-role">Role</label> <select id="p-role" name="role"><option value="moderator">Moderator</option><option value="owner">Owner</option><option value="member">Member</option><option value="remove">Remove</option></select>
  <button class="button" type="submit">Save</button></form>
<p><a href="${path(c)}/settings">Settings</a> · <a href="${path(c)}/delete">Delete collection</a></p>`
    : ''
}
<p><a href="${path(c)}/prompt_meme">Prompt meme settings</a></p></section>`;
}

/** Collection invitations waiting for the viewer, with Accept and Decline (shown in the inbox). */
export interface CollectionInvitationRow {
  itemId: number;
  collection: string;
  collectionTitle: string;
  title: string;
}

export function collectionInvitations(csrf: SafeHtml, rows: CollectionInvitationRow[]): SafeHtml {
  if (!rows.length) return html``;
  return html`<section class="inbox-invitations" aria-labelledby="ci-title"><h2 id="ci-title">Collection invitations (${rows.length})</h2>
<ul class="invitations">${rows.map(
    (
      r,
    ) => html`<li id="collection-invitation-${r.itemId}">The moderators of <a href="${path({ name: r.collection })}">${r.collectionTitle}</a> invited <strong>${r.title}</strong> into their collection.
  <form method="post" action="/collection_items/${r.itemId}/answer" class="inline-form">${csrf}<button class="button primary" type="submit" name="action" value="accept">Accept</button> <button class="button" type="submit" name="action" value="decline">Decline</button></form></li>`,
  )}</ul></section>`;
}

/** For those who see behind the mask (its creators, moderators): what readers see instead. */
export function maskNote(w: { anonymous: boolean; unrevealed: boolean; creators: unknown[] }): SafeHtml {
  if (!w.creators.length) return html``;
  if (w.unrevealed)
    return html`<p class="notice">Unrevealed: readers cannot see this work until its collection's reveal.</p>`;
  if (w.anonymous) return html`<p class="notice">Anonymous: readers see its creator as Anonymous.</p>`;
  return html``;
}

/** The work page's line of its collections. */
export function workCollectionsLine(rows: { name: string; title: string; approved: boolean }[]): SafeHtml {
  const shown = rows.filter((r) => r.approved);
  if (!shown.length) return html``;
  return html`<p class="work-collections">Collections: ${shown.map((r, i) => html`${i ? ', ' : ''}<a href="${path(r)}">${r.title}</a>`)}</p>`;
}

export function worksSection(works: WorkBlurb[], filtered: boolean, display: Display): SafeHtml {
  return workList(
    works,
    filtered ? 'No works in this collection match these filters.' : 'No works in this collection yet.',
    display,
  );
}
