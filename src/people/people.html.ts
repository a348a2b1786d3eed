// A creator's page: their names, their profile, their works and series as the viewer may see them,
// their latest public bookmarks, and the way to everything else of theirs (all bookmarks, the works feed, the API).
import { html, sanitizedHtml, type SafeHtml } from '../markup/html.ts';
import { type Display, pager, workList } from '../works/works.html.ts';
import { formatDate } from '../markup/dates.ts';
import type { CreatorPage } from './people.service.ts';

export function creatorPageHtml(p: CreatorPage, nextHref: string | null, display: Display, own = false): SafeHtml {
  const user = encodeURIComponent(p.username);
  const pseudLink = (name: string) => html`<a href="/users/${user}/pseuds/${encodeURIComponent(name)}">${name}</a>`;
  const others = p.pseuds.filter((name) => name !== p.username && name !== p.pseud);
  const total = p.works.total;
  const bookmarks = p.bookmarks.items;
  return html`<header class="creator-header">
  <h1>${p.pseud && p.pseud !== p.username ? `${p.pseud} (${p.username})` : p.username}</h1>
  <p class="muted">${p.pseud ? html`Works under this name; <a href="/users/${user}">all of ${p.username}'s works</a>. ` : ''}${others.length ? html`Also writes as ${others.map((name, i) => html`${i ? ', ' : ''}${pseudLink(name)}`)}. ` : ''}Joined ${formatDate(p.joined, display.timeZone)}.
    <a href="/users/${user}/works/feed.atom">Works feed</a> · <a href="/api/v1/users/${user}">JSON</a>${own ? html` · <a href="/users/${user}/stats">Your statistics</a> · <a href="/users/${user}/profile/edit">Edit your profile</a>` : ''}</p>
</header>
${p.profile && !p.pseud ? html`<section class="profile" aria-labelledby="creator-profile"><h2 id="creator-profile">Profile</h2><div class="userstuff">${sanitizedHtml(p.profile)}</div></section>` : ''}
<section aria-labelledby="creator-works">
  <h2 id="creator-works">Works (${total.exact ? total.value.toLocaleString('en') : `about ${total.value.toLocaleString('en')}`})</h2>
  ${workList(p.works.works, `${p.username} has no works you can see.`, display)}
  ${pager(nextHref)}
</section>
${
  p.series.length
    ? html`<section aria-labelledby="creator-series">
  <h2 id="creator-series">Series (${p.series.length})</h2>
  <ul class="found">${p.series.map((s) => html`<li><a href="/series/${s.id}">${s.title}</a> <span class="muted">· ${s.works.length} work${s.works.length === 1 ? '' : 's'}${s.complete ? ' · complete' : ''}</span></li>`)}</ul>
</section>`
    : ''
}
<section aria-labelledby="creator-bookmarks">
  <h2 id="creator-bookmarks">Bookmarks</h2>
  ${
    bookmarks.length
      ? html`<ul class="creator-bookmarks">${bookmarks.map((b) => html`<li><a href="/works/${b.work.id}">${b.work.title}</a></li>`)}</ul>`
      : html`<p class="muted">No public bookmarks.</p>`
  }
  <p><a href="/users/${user}/bookmarks">All of ${p.username}'s bookmarks</a></p>
</section>`;
}
