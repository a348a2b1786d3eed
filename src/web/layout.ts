// The page frame every HTML page shares: landmarks, skip link, the one stylesheet.
import { html, type SafeHtml } from './html.ts';

export const ARCHIVE_NAME = 'Quire';

export function layout(opts: { title: string; body: SafeHtml; description?: string }): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${opts.title} | ${ARCHIVE_NAME}</title>
${opts.description ? html`<meta name="description" content="${opts.description}">` : ''}
<link rel="stylesheet" href="/assets/style.css">
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <div class="inner">
    <a class="brand" href="/">${ARCHIVE_NAME}</a>
    <nav aria-label="Site">
      <ul>
        <li><a href="/">Recent works</a></li>
        <li><a href="/works/search">Search</a></li>
        <li><a href="/api/v1/works">API</a></li>
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
