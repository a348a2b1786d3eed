// Single-file HTML download of a work or a whole series: one self-contained page (inline CSS, no
// scripts, no images or fonts fetched: remote images become links, as in the EPUB) that reads
// well on a phone and prints well (the PDF download is this page printed by chromium).
//
// The markup follows AO3's HTML downloads (div#preface with dl.tags, h1 title, div.byline,
// "Summary"/"Notes" labels before blockquote.userstuff, h2.heading per chapter, "Chapter Notes"
// and "Chapter End Notes" labels, div#afterword), so that importers/html.ts reads Quire's own
// downloads back as it reads AO3's. Change one, check the other (html.test.ts round-trips).
//
// Every string goes through the markup module's escape-by-default templates; bodies and notes are
// rewritten by htmlToXhtml, which writes only allowed markup (links made absolute, images to links).
import { css, html, type SafeHtml } from '../markup/html.ts';
import { textParagraphs } from '../markup/paragraphs.ts';
import { htmlToXhtml } from '../markup/xhtml.ts';
import { tagToPath } from '../tags/tag-url.ts';
import type { ExportableSeries } from './exportable-series.ts';
import type { ExportableWork, ExportNote } from './exportable-work.ts';
import { absoluteUrl, bcp47, chapterLabel, day, prefaceFacts } from './preface.ts';

/** Where a work sits in the document: alone (h1 title, h2 chapters) or as a part of a series book. */
interface Placement {
  /** Heading level of the work's title. */
  level: 1 | 2;
  /** Prefix that keeps element ids unique when several works share a page. */
  idPrefix: string;
}

export function buildHtml(work: ExportableWork): string {
  const base = absoluteUrl(work.url);
  const body = html`${workSection(work, base, { level: 1, idPrefix: '' })}
<div id="afterword">
${noteGroup(
  'end',
  'End Notes',
  work.notes.filter((n) => n.position === 'end'),
  base,
  'endnotes',
)}
${downloadedFrom(work.archiveName, [{ title: work.title, url: work.url }])}
</div>`;
  return page({ title: work.title, lang: bcp47(work.language), body });
}

/** A series as one page: the series' preface and contents, then each work with its own preface. */
export function buildSeriesHtml(series: ExportableSeries): string {
  const base = absoluteUrl(series.url);
  const parts = series.works.map((w, k) => {
    const wbase = absoluteUrl(w.url);
    const idPrefix = `part-${k + 1}-`;
    const end = w.notes.filter((n) => n.position === 'end');
    return html`<article class="part" id="part-${k + 1}" lang="${bcp47(w.language)}">
${workSection(w, wbase, { level: 2, idPrefix })}
${noteGroup('end', 'End Notes', end, wbase, `${idPrefix}endnotes`)}
</article>`;
  });
  const stats = [
    `Works: ${series.works.length}`,
    `Words: ${series.words.toLocaleString('en-US')}`,
    ...(day(series.postedAt) ? [`Series Begun: ${day(series.postedAt)}`] : []),
    ...(day(series.updatedAt) ? [`Series Updated: ${day(series.updatedAt)}`] : []),
    `Complete: ${series.complete ? 'Yes' : 'No'}`,
  ];
  const body = html`<div id="preface" class="series-preface">
<h1 class="title">${series.title}</h1>
${byline(series.creators, base)}
<dl class="tags">
<dt class="stats">Stats:</dt><dd class="stats">${stats.map((s, k) => html`${k ? html`<br>` : ''}<span class="stat">${s}</span>`)}</dd>
</dl>
${series.summary?.trim() ? html`<div class="meta summary"><p class="label">Summary</p><blockquote class="userstuff">${textParagraphs(series.summary)}</blockquote></div>` : ''}
<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>${series.works.map(
    (w, k) =>
      html`<li><a href="#part-${k + 1}">${w.title}</a>${w.chapters.length > 1 ? html`<ol>${w.chapters.map((c) => html`<li><a href="#part-${k + 1}-chapter-${c.position}">${chapterLabel(w, c)}</a></li>`)}</ol>` : ''}</li>`,
  )}</ol></nav>
</div>
${parts}
<div id="afterword">
${downloadedFrom(
  series.archiveName,
  series.works.map((w) => ({ title: w.title, url: w.url })),
)}
</div>`;
  return page({ title: series.title, lang: bcp47(series.language), body });
}

function page(opts: { title: string; lang: string; body: SafeHtml }): string {
  return html`<!DOCTYPE html>
<html lang="${opts.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="Quire">
<title>${opts.title}</title>
<style>
${STYLE}</style>
</head>
<body>
${opts.body}
</body>
</html>
`.value;
}

function workSection(work: ExportableWork, base: string | null, at: Placement): SafeHtml {
  const facts = prefaceFacts(work);
  const h = (level: 1 | 2 | 3, attrs: SafeHtml, content: SafeHtml | string) =>
    level === 1
      ? html`<h1${attrs}>${content}</h1>`
      : level === 2
        ? html`<h2${attrs}>${content}</h2>`
        : html`<h3${attrs}>${content}</h3>`;
  const titleHtml = base ? html`<a href="${base}">${work.title}</a>` : html`${work.title}`;
  const beginning = work.notes.filter((n) => n.position === 'beginning');
  const multi = work.chapters.length > 1;
  const chapterLevel = at.level === 1 ? 2 : 3;

  const rows = [
    ...facts.tagGroups.map(
      (g) =>
        html`<dt class="${g.type}">${g.label}:</dt><dd class="${g.type}">${g.names.map((n, k) => html`${k ? ', ' : ''}${tagLink(n, base)}`)}</dd>`,
    ),
    html`<dt class="language">Language:</dt><dd class="language" lang="${facts.language.code}">${facts.language.name}</dd>`,
    ...(facts.series.length
      ? [
          html`<dt class="series">Series:</dt><dd class="series">${facts.series.map((s, k) => {
            const href = absoluteUrl(s.url, base);
            return html`${k ? html`<br>` : ''}Part ${s.position} of ${href ? html`<a href="${href}">${s.title}</a>` : s.title}`;
          })}</dd>`,
        ]
      : []),
    html`<dt class="stats">Stats:</dt><dd class="stats">${facts.stats.map((s, k) => html`${k ? html`<br>` : ''}<span class="stat">${s}</span>`)}</dd>`,
  ];

  const chapters = work.chapters.map((ch) => {
    const id = `${at.idPrefix}chapter-${ch.position}`;
    const label = chapterLabel(work, ch);
    // A one-shot's only chapter is headed by the work's title already.
    const heading =
      multi || ch.title ? h(chapterLevel, html` class="heading${ch.title ? '' : ' untitled'}"`, label) : html``;
    const start = ch.notes.filter((n) => n.position === 'beginning');
    const end = ch.notes.filter((n) => n.position === 'end');
    return html`<section class="chapter" id="${id}">
<div class="meta group">${heading}${noteGroup('beginning', 'Chapter Notes', start, base)}</div>
<div class="userstuff">
${htmlToXhtml(ch.html, base ? { baseUrl: base } : {})}
</div>
${noteGroup('end', 'Chapter End Notes', end, base, `${id}-endnotes`)}
</section>`;
  });

  const toc = multi
    ? html`<nav class="toc" aria-label="Chapters"><p class="label">Chapters</p><ol>${work.chapters.map((c) => html`<li><a href="#${at.idPrefix}chapter-${c.position}">${chapterLabel(work, c)}</a></li>`)}</ol></nav>`
    : html``;

  return html`<div class="preface"${at.level === 1 ? html` id="preface"` : ''}>
<div class="meta">
${h(at.level, html` class="title"`, titleHtml)}
${byline(work.creators, base)}
<dl class="tags">
${rows}
</dl>
${work.summary?.trim() ? html`<div class="summary"><p class="label">Summary</p><blockquote class="userstuff">${textParagraphs(work.summary)}</blockquote></div>` : ''}
${noteGroup('beginning', 'Notes', beginning, base)}
</div>
${toc}
</div>
<div class="chapters">
${chapters}
</div>`;
}

function byline(creators: string[], base: string | null): SafeHtml {
  if (creators.length === 0) return html``;
  return html`<div class="byline">by ${creators.map((c, k) => html`${k ? ', ' : ''}${creatorLink(c, base)}`)}</div>`;
}

/** A creator has no page of their own yet; their works are a search away. */
function creatorLink(name: string, base: string | null): SafeHtml {
  if (!base) return html`<span class="creator">${name}</span>`;
  const href = new URL(`/works/search?${new URLSearchParams({ q: `creator:"${name.replace(/["\\]/g, '')}"` })}`, base)
    .href;
  return html`<a rel="author" href="${href}">${name}</a>`;
}

function tagLink(name: string, base: string | null): SafeHtml {
  return base
    ? html`<a class="tag" href="${new URL(`/tags/${tagToPath(name)}`, base).href}">${name}</a>`
    : html`<span class="tag">${name}</span>`;
}

function noteGroup(
  position: ExportNote['position'],
  label: string,
  notes: readonly ExportNote[],
  base: string | null,
  id?: string,
): SafeHtml {
  if (notes.length === 0) return html``;
  return html`<div class="notes ${position}"${id ? html` id="${id}"` : ''}><p class="label">${label}</p>${notes.map(
    (n) => html`<blockquote class="userstuff">${htmlToXhtml(n.html, base ? { baseUrl: base } : {})}</blockquote>`,
  )}</div>`;
}

/**
 * Names the archive and the works' addresses. The word "archive" also marks this paragraph as
 * download boilerplate for importers/html.ts, as AO3's footer is.
 */
function downloadedFrom(archive: string, works: { title: string; url: string }[]): SafeHtml {
  const links = works.map((w) => {
    const href = absoluteUrl(w.url);
    return href ? html`<a href="${href}">${href}</a>` : html`${w.url}`;
  });
  const one = works.length === 1;
  return html`<p class="message">Downloaded from ${archive}, a fan fiction archive${one ? '' : html`. The works`}: ${links.map((l, k) => html`${k ? html`<br>` : ''}${l}`)}</p>
<p class="message">Please visit the archive to let the creator know if you enjoyed ${one ? 'it' : 'them'}.</p>`;
}

// Phone first: one readable column, relative units, the reader's own light or dark theme; print
// rules for the PDF (chapters on a new page, notes kept whole).
const STYLE = css`:root { color-scheme: light dark; }
body { margin: 0 auto; max-width: 40em; padding: 1em; font-family: Georgia, "Times New Roman", serif; line-height: 1.6; overflow-wrap: break-word; }
h1, h2, h3 { line-height: 1.25; font-weight: normal; }
h1.title, h2.title { text-align: center; margin: 1em 0 0.3em; }
h1.title { font-size: 1.8em; }
h2.title { font-size: 1.6em; }
.heading { text-align: center; margin: 2em 0 1em; font-size: 1.35em; }
.title a, .heading a { color: inherit; text-decoration: none; }
.byline { text-align: center; font-style: italic; margin: 0 0 1.5em; }
dl.tags { margin: 1em 0; padding: 0.6em 0.9em; border: 1px solid #8888; border-radius: 0.4em; font-size: 0.95em; }
dl.tags dt { font-weight: bold; margin-top: 0.4em; }
dl.tags dd { margin: 0 0 0 1em; }
.label { font-weight: bold; margin: 0.8em 0 0.3em; }
blockquote { margin: 0.5em 0 0.5em 1em; }
.notes { margin: 1em 0; padding: 0.5em 0.9em; border: 1px solid #8888; border-radius: 0.4em; font-size: 0.95em; }
.notes .label { margin-top: 0; }
.notes blockquote, .summary blockquote { margin-left: 0; }
.toc ol { padding-left: 1.5em; }
.toc > ol > li { margin: 0.3em 0; }
.userstuff p { margin: 0 0 1em; }
hr { border: 0; border-top: 1px solid #8888; margin: 1.5em 25%; }
table { border-collapse: collapse; }
td, th { border: 1px solid #8888; padding: 0.2em 0.4em; }
pre { white-space: pre-wrap; }
.big { font-size: larger; }
.part { margin-top: 3em; border-top: 3px double #8888; }
#afterword { margin-top: 3em; text-align: center; font-size: 0.9em; }
#afterword .notes { text-align: start; }
#afterword a { word-break: break-all; }
a { color: inherit; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  .chapter, .part { break-before: page; }
  .heading { margin-top: 0; }
  .notes, dl.tags, h1, h2, h3 { break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; }
  a { text-decoration: none; }
}
`;
