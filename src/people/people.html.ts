// A creator's page: their names, their works as the viewer may see them, their latest public
// bookmarks, and the way to everything else of theirs (all bookmarks, the works feed, the API).
import { html, type SafeHtml } from '../markup/html.ts';
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
    <a href="/users/${user}/works/feed.atom">Works feed</a> · <a href="/api/v1/users/${user}">JSON</a>${own ? html` · <a href="/users/${user}/stats">Your statistics</a>` : ''}</p>
</header>
<section aria-labelledby="creator-works">
  <h2 id="creator-works">Works (${total.exact ? total.value.toLocaleString('en') : `about ${total.value.toLocaleString('en')}`})</h2>
  ${workList(p.works.works, `${p.username} has no works you can see.`, display)}
  ${pager(nextHref)}
</section>
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
