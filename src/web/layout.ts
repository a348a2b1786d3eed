// The page frame every HTML page shares: landmarks, skip link, the one stylesheet.
import type { SignedIn } from '../accounts/accounts.service.ts';
import { html, type SafeHtml } from '../markup/html.ts';

/** A one-line message above a form: an error (read out at once) or a notice. */
export function flash(message: string | undefined, kind: 'error' | 'notice' = 'error'): SafeHtml {
  return message
    ? html`<p class="flash ${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${message}</p>`
    : html``;
}

export const ARCHIVE_NAME = 'Quire';

export interface PageChrome {
  viewer: SignedIn | null;
  /** The hidden CSRF field for the sign-out form. */
  csrf: SafeHtml;
  unread?: number;
}

function accountNav(chrome: PageChrome | undefined): SafeHtml {
  if (!chrome) return html``;
  if (!chrome.viewer) return html`<li><a href="/login">Sign in</a></li><li><a href="/users/new">Sign up</a></li>`;
  return html`<li><a href="/works/new">Post</a></li>
        <li><a href="/inbox">Inbox${chrome.unread ? html` <span class="unread-count">(${chrome.unread})</span>` : ''}</a></li>
        <li><a href="/account">${chrome.viewer.username}</a></li>
        <li><form method="post" action="/logout" class="inline-form">${chrome.csrf}<button type="submit" class="link-button">Sign out</button></form></li>`;
}

/** Feeds a page offers to feed readers and e-reader apps, announced in its head. */
export interface FeedLink {
  title: string;
  href: string;
  type?: string;
}

export function layout(opts: {
  title: string;
  body: SafeHtml;
  description?: string;
  chrome?: PageChrome;
  feeds?: FeedLink[];
}): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${opts.title} | ${ARCHIVE_NAME}</title>
${opts.description ? html`<meta name="description" content="${opts.description}">` : ''}
<link rel="stylesheet" href="/assets/style.css">
${(opts.feeds ?? []).map((f) => html`<link rel="alternate" type="${f.type ?? 'application/atom+xml'}" title="${f.title}" href="${f.href}">`)}
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <div class="inner">
    <a class="brand" href="/">${ARCHIVE_NAME}</a>
    <nav aria-label="Site">
      <ul>
        <li><a href="/">Recent works</a></li>
        <li><a href="/media">Fandoms</a></li>
        <li><a href="/works/search">Search</a></li>
        <li><a href="/api/v1/works">API</a></li>
        ${accountNav(opts.chrome)}
      </ul>
    </nav>
  </div>
</header>
<main id="main" tabindex="-1">
${opts.body}
</main>
<footer class="site-footer">
  <p>${ARCHIVE_NAME} — a fan fiction archive. Stories belong to their creators.</p>
</footer>
</body>
</html>`.value;
}
