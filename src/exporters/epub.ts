// EPUB 3 download of a work, laid out like AO3's downloads: a preface (title, creators, tag
// groups, language, series, stats, summary, notes), one document per chapter with its notes in
// boxes, the work's end notes, and an afterword naming the archive. The preface, chapter and
// notes markup (dl.tags, h2.heading, "Chapter Notes" labels before blockquotes, div.userstuff)
// follows AO3's so that importers/epub.ts reads Quire's own files and AO3's with one parser:
// change one, change the other.
//
// Output is byte-for-byte the same for the same work and `modified` date (fixed zip times, fixed
// file order), so a download can be cached by the work's version.

import { CONTAINER_XML, opfPackage, xhtmlPage, ZIP_TIME } from './epub-frame.ts';
import { createHash } from 'node:crypto';
import { zipSync, type Zippable } from 'fflate';
import type { ExportableWork, ExportNote, ExportTagType } from './exportable-work.ts';
import { escapeAttr, escapeXml, htmlToXhtml } from './xml.ts';
import { tagToPath } from '../tags/tag-url.ts';

export interface BuildEpubOptions {
  /** dcterms:modified; defaults to the work's updatedAt, so the same version builds the same bytes. */
  modified?: Date;
}

// AO3's download preface labels, in its order. importers/epub.ts reads these same labels.
export const TAG_GROUPS: readonly { type: ExportTagType; label: string }[] = [
  { type: 'rating', label: 'Rating' },
  { type: 'warning', label: 'Archive Warning' },
  { type: 'category', label: 'Category' },
  { type: 'fandom', label: 'Fandom' },
  { type: 'relationship', label: 'Relationship' },
  { type: 'character', label: 'Character' },
  { type: 'freeform', label: 'Additional Tags' },
];

const MIMETYPE = 'application/epub+zip';

interface Doc {
  id: string;
  href: string;
  label: string;
  xhtml: string;
}

export function buildEpub(work: ExportableWork, opts: BuildEpubOptions = {}): Uint8Array {
  const lang = bcp47(work.language);
  const base = absoluteUrl(work.url);
  const modified = isoSeconds(opts.modified ?? parseDate(work.updatedAt) ?? parseDate(work.postedAt) ?? new Date(0));
  const identifier = `urn:uuid:${workUuid(work)}`;
  const endNotes = work.notes.filter((n) => n.position === 'end');
  const pad = Math.max(3, String(work.chapters.length).length);

  const docs: Doc[] = [];
  docs.push({
    id: 'preface',
    href: 'preface.xhtml',
    label: 'Preface',
    xhtml: xhtmlPage(work.title, lang, 'preface', prefaceBody(work, base, endNotes.length > 0)),
  });
  for (const [k, ch] of work.chapters.entries()) {
    const label = chapterLabel(work, ch);
    const id = `chapter-${String(k + 1).padStart(pad, '0')}`;
    docs.push({
      id,
      href: `${id}.xhtml`,
      label,
      xhtml: xhtmlPage(label, lang, 'chapter', chapterBody(label, ch, base)),
    });
  }
  if (endNotes.length > 0) {
    docs.push({
      id: 'endnotes',
      href: 'endnotes.xhtml',
      label: 'End Notes',
      xhtml: xhtmlPage('End Notes', lang, 'endnotes', endNotesBody(endNotes, base)),
    });
  }
  docs.push({
    id: 'afterword',
    href: 'afterword.xhtml',
    label: 'Afterword',
    xhtml: xhtmlPage('Afterword', lang, 'afterword', afterwordBody(work, base)),
  });

  const enc = new TextEncoder();
  const files: Zippable = {
    // First and stored, so the first bytes of the file name the format (OCF 3.3 §4.3).
    mimetype: [enc.encode(MIMETYPE), { level: 0 }],
    'META-INF/container.xml': enc.encode(CONTAINER_XML),
    'OEBPS/content.opf': enc.encode(packageDocument(work, docs, { lang, identifier, modified, base })),
    'OEBPS/nav.xhtml': enc.encode(navDocument(work, docs, lang)),
    'OEBPS/toc.ncx': enc.encode(ncx(work, docs, identifier, lang)),
    'OEBPS/style.css': enc.encode(STYLE),
  };
  for (const d of docs) files[`OEBPS/${d.href}`] = enc.encode(d.xhtml);
  return zipSync(files, { level: 6, mtime: ZIP_TIME });
}

// ---------------------------------------------------------------------------------------------
// Identity and dates

/**
 * A name-based UUID (RFC 4122 version 5: SHA-1 over the URL namespace and a name) from the work's
 * id and URL, so every download of one work carries one identifier and readers' libraries see new
 * versions as the same book.
 */
export function workUuid(work: Pick<ExportableWork, 'id' | 'url'>): string {
  const namespace = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex'); // RFC 4122 URL namespace
  const hash = createHash('sha1').update(namespace).update(`quire:work:${work.id}:${work.url}`, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function parseDate(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** dcterms:modified demands exactly CCYY-MM-DDThh:mm:ssZ. */
function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function day(iso: string): string | null {
  const d = parseDate(iso);
  return d ? d.toISOString().slice(0, 10) : null;
}

function bcp47(language: string): string {
  return /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/.test(language.trim()) ? language.trim() : 'und';
}

function absoluteUrl(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

function resolveUrl(url: string | undefined, base: string | null): string | null {
  if (!url) return null;
  try {
    const u = base ? new URL(url, base) : new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

function languageName(code: string): string {
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language' }).of(code);
    return name && name !== code ? name : code;
  } catch {
    return code;
  }
}

/** The reading systems' table of contents shows this; Quire's pages use the same rule (works.html.ts). */
function chapterLabel(work: ExportableWork, ch: ExportableWork['chapters'][number]): string {
  if (ch.title) return ch.title;
  return work.chapters.length > 1 ? `Chapter ${ch.position}` : work.title;
}

// ---------------------------------------------------------------------------------------------
// Content documents

function plainTextHtml(text: string): string {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((para) => `<p>${para.trim().split('\n').map(escapeXml).join('<br/>')}</p>`)
    .join('\n');
}

function noteBox(kind: string, label: string, notes: readonly ExportNote[], base: string | null, id?: string): string {
  if (notes.length === 0) return '';
  const quotes = notes
    .map((n) => `<blockquote class="userstuff">${htmlToXhtml(n.html, base ? { baseUrl: base } : {})}</blockquote>`)
    .join('\n');
  return `<div class="meta group notes ${kind}"${id ? ` id="${id}"` : ''}>\n<p class="label">${label}</p>\n${quotes}\n</div>\n`;
}

function tagLink(name: string, base: string | null): string {
  const href = base ? new URL(`/tags/${tagToPath(name)}`, base).href : null;
  return href
    ? `<a class="tag" href="${escapeAttr(href)}">${escapeXml(name)}</a>`
    : `<span class="tag">${escapeXml(name)}</span>`;
}

function prefaceBody(work: ExportableWork, base: string | null, hasEndNotes: boolean): string {
  const parts: string[] = [];
  const titleHtml = base ? `<a href="${escapeAttr(base)}">${escapeXml(work.title)}</a>` : escapeXml(work.title);
  parts.push(`<h1 class="title">${titleHtml}</h1>`);
  if (work.creators.length > 0) {
    parts.push(
      `<div class="byline">by ${work.creators.map((c) => `<span class="creator">${escapeXml(c)}</span>`).join(', ')}</div>`,
    );
  }

  const rows: string[] = [];
  for (const group of TAG_GROUPS) {
    const names = [...new Set(work.tags.filter((t) => t.type === group.type).map((t) => t.name))];
    if (names.length === 0) continue;
    rows.push(
      `<dt class="${group.type}">${group.label}:</dt>\n<dd class="${group.type}">${names.map((n) => tagLink(n, base)).join(', ')}</dd>`,
    );
  }
  rows.push(
    `<dt class="language">Language:</dt>\n<dd class="language" lang="${escapeAttr(bcp47(work.language))}">${escapeXml(languageName(bcp47(work.language)))}</dd>`,
  );
  if (work.series.length > 0) {
    const series = work.series.map((s) => {
      const href = resolveUrl(s.url, base);
      const title = href
        ? `<a href="${escapeAttr(href)}">${escapeXml(s.title)}</a>`
        : `<span class="series-title">${escapeXml(s.title)}</span>`;
      return `<span class="series">Part ${s.position} of ${title}</span>`;
    });
    rows.push(`<dt class="series">Series:</dt>\n<dd class="series">${series.join('<br/>')}</dd>`);
  }
  const posted = day(work.postedAt);
  const updated = day(work.updatedAt);
  const stats: string[] = [];
  if (posted) stats.push(`Published: ${posted}`);
  if (updated && updated !== posted) stats.push(`${work.complete ? 'Completed' : 'Updated'}: ${updated}`);
  stats.push(`Words: ${work.words.toLocaleString('en-US')}`);
  const total = work.complete
    ? String(work.chapters.length)
    : work.expectedChapters
      ? String(work.expectedChapters)
      : '?';
  stats.push(`Chapters: ${work.chapters.length}/${total}`);
  rows.push(
    `<dt class="stats">Stats:</dt>\n<dd class="stats">${stats.map((s) => `<span class="stat">${escapeXml(s)}</span>`).join('<br/>')}</dd>`,
  );
  parts.push(`<dl class="tags">\n${rows.join('\n')}\n</dl>`);

  if (work.summary?.trim()) {
    parts.push(
      `<div class="meta summary">\n<p class="label">Summary</p>\n<blockquote class="userstuff">${plainTextHtml(work.summary)}</blockquote>\n</div>`,
    );
  }
  const beginning = work.notes.filter((n) => n.position === 'beginning');
  if (beginning.length > 0) parts.push(noteBox('beginning', 'Notes', beginning, base).trimEnd());
  if (hasEndNotes)
    parts.push('<p class="see-end">(See the end of the work for <a href="endnotes.xhtml">more notes</a>.)</p>');
  return `<div class="meta preface">\n${parts.join('\n')}\n</div>`;
}

function chapterBody(label: string, ch: ExportableWork['chapters'][number], base: string | null): string {
  const beginning = ch.notes.filter((n) => n.position === 'beginning');
  const end = ch.notes.filter((n) => n.position === 'end');
  const heading = `<h2 class="heading${ch.title ? '' : ' untitled'}">${escapeXml(label)}</h2>\n`;
  const seeEnd =
    end.length > 0
      ? '<p class="see-end">(See the end of the chapter for <a href="#endnotes">more notes</a>.)</p>\n'
      : '';
  const body = `<div class="userstuff">\n${htmlToXhtml(ch.html, base ? { baseUrl: base } : {})}\n</div>\n`;
  return `<section class="chapter" epub:type="chapter">\n${heading}${noteBox('beginning', 'Chapter Notes', beginning, base)}${seeEnd}${body}${noteBox('end', 'Chapter End Notes', end, base, 'endnotes')}</section>`;
}

function endNotesBody(notes: readonly ExportNote[], base: string | null): string {
  return `<section class="endnotes" epub:type="backmatter">\n${noteBox('end', 'End Notes', notes, base)}</section>`;
}

function afterwordBody(work: ExportableWork, base: string | null): string {
  const archive = escapeXml(work.archiveName);
  const where = base
    ? `<p>This work was downloaded from ${archive}:<br/><a href="${escapeAttr(base)}">${escapeXml(base)}</a></p>\n<p>Please <a href="${escapeAttr(base)}">visit the work</a> to let the creator know if you enjoyed it.</p>`
    : `<p>This work was downloaded from ${archive}${work.url ? ` (${escapeXml(work.url)})` : ''}.</p>`;
  return `<div id="afterword" class="afterword" epub:type="afterword">\n${where}\n</div>`;
}

// ---------------------------------------------------------------------------------------------
// Package, navigation and container

interface PackageContext {
  lang: string;
  identifier: string;
  modified: string;
  base: string | null;
}

function packageDocument(work: ExportableWork, docs: readonly Doc[], ctx: PackageContext): string {
  const m: string[] = [];
  m.push(`<dc:identifier id="uid">${escapeXml(ctx.identifier)}</dc:identifier>`);
  m.push(`<dc:title id="title">${escapeXml(work.title)}</dc:title>`);
  for (const [k, c] of work.creators.entries()) {
    m.push(`<dc:creator id="creator-${k + 1}">${escapeXml(c)}</dc:creator>`);
    m.push(`<meta refines="#creator-${k + 1}" property="role" scheme="marc:relators">aut</meta>`);
  }
  m.push(`<dc:language>${escapeXml(ctx.lang)}</dc:language>`);
  if (work.summary?.trim()) m.push(`<dc:description>${escapeXml(work.summary.trim())}</dc:description>`);
  const subjects = new Set<string>();
  for (const group of TAG_GROUPS) for (const t of work.tags) if (t.type === group.type) subjects.add(t.name);
  for (const s of subjects) m.push(`<dc:subject>${escapeXml(s)}</dc:subject>`);
  const posted = parseDate(work.postedAt);
  if (posted) m.push(`<dc:date>${isoSeconds(posted)}</dc:date>`);
  m.push(`<dc:publisher>${escapeXml(work.archiveName)}</dc:publisher>`);
  if (work.url) m.push(`<dc:source>${escapeXml(ctx.base ?? work.url)}</dc:source>`);
  m.push(`<meta property="dcterms:modified">${ctx.modified}</meta>`);
  for (const [k, s] of work.series.entries()) {
    m.push(`<meta property="belongs-to-collection" id="series-${k + 1}">${escapeXml(s.title)}</meta>`);
    m.push(`<meta refines="#series-${k + 1}" property="collection-type">series</meta>`);
    m.push(`<meta refines="#series-${k + 1}" property="group-position">${s.position}</meta>`);
  }
  // calibre reads series from these OPF 2 style metas (one series only); EPUB 3 keeps the name/content form for them.
  const first = work.series[0];
  if (first) {
    m.push(`<meta name="calibre:series" content="${escapeAttr(first.title)}"/>`);
    m.push(`<meta name="calibre:series_index" content="${first.position}"/>`);
  }

  return opfPackage(ctx.lang, m, docs);
}

function navDocument(work: ExportableWork, docs: readonly Doc[], lang: string): string {
  const items = docs.map((d) => `<li><a href="${d.href}">${escapeXml(d.label)}</a></li>`).join('\n');
  const firstChapter = docs.find((d) => d.id.startsWith('chapter-'));
  const landmarks = [
    '<li><a epub:type="frontmatter" href="preface.xhtml">Preface</a></li>',
    firstChapter ? `<li><a epub:type="bodymatter" href="${firstChapter.href}">Start of Content</a></li>` : '',
    '<li><a epub:type="backmatter" href="afterword.xhtml">Afterword</a></li>',
  ].filter(Boolean);
  return xhtmlPage(
    work.title,
    lang,
    'nav',
    `<nav epub:type="toc" id="toc">\n<h1>Contents</h1>\n<ol>\n${items}\n</ol>\n</nav>\n<nav epub:type="landmarks" id="landmarks" hidden="hidden">\n<h1>Landmarks</h1>\n<ol>\n${landmarks.join('\n')}\n</ol>\n</nav>`,
  );
}

/** EPUB 2's table of contents, for reading systems that predate nav.xhtml. */
function ncx(work: ExportableWork, docs: readonly Doc[], identifier: string, lang: string): string {
  const points = docs
    .map(
      (d, k) =>
        `<navPoint id="np-${k + 1}" playOrder="${k + 1}"><navLabel><text>${escapeXml(d.label)}</text></navLabel><content src="${d.href}"/></navPoint>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="${escapeAttr(lang)}">
<head>
<meta name="dtb:uid" content="${escapeAttr(identifier)}"/>
<meta name="dtb:depth" content="1"/>
<meta name="dtb:totalPageCount" content="0"/>
<meta name="dtb:maxPageNumber" content="0"/>
</head>
<docTitle><text>${escapeXml(work.title)}</text></docTitle>
${work.creators.map((c) => `<docAuthor><text>${escapeXml(c)}</text></docAuthor>`).join('\n')}
<navMap>
${points}
</navMap>
</ncx>
`;
}

// Phone-first: relative units only, no widths, no colours that fight a reader's dark theme.
const STYLE = `body { margin: 0 0.5em; line-height: 1.5; }
h1, h2 { line-height: 1.25; text-align: center; }
h1 { font-size: 1.6em; margin: 1em 0 0.25em; }
h2.heading { font-size: 1.3em; margin: 1.5em 0 1em; }
h1 a, h2 a { color: inherit; text-decoration: none; }
p { margin: 0 0 0.8em; }
.byline { text-align: center; font-style: italic; margin: 0 0 1.5em; }
dl.tags { margin: 1em 0; padding: 0.5em 0.8em; border: 1px solid gray; border-radius: 0.3em; }
dl.tags dt { font-weight: bold; margin: 0.4em 0 0; }
dl.tags dd { margin: 0 0 0 1em; }
.label { font-weight: bold; margin: 0 0 0.3em; }
.summary { margin: 1em 0; }
.notes { margin: 1em 0; padding: 0.5em 0.8em; border: 1px solid gray; border-radius: 0.3em; font-size: 0.95em; }
.notes blockquote, .summary blockquote { margin: 0.3em 0 0; }
.notes blockquote + blockquote { margin-top: 0.8em; }
.notes blockquote > :last-child, .summary blockquote > :last-child { margin-bottom: 0; }
.see-end { font-size: 0.9em; font-style: italic; }
blockquote { margin: 0.8em 1em; }
.userstuff { margin: 1em 0; }
hr { border: 0; border-top: 1px solid gray; margin: 1.5em 25%; }
table { border-collapse: collapse; margin: 1em 0; }
td, th { border: 1px solid gray; padding: 0.2em 0.4em; vertical-align: top; }
pre { white-space: pre-wrap; }
.big { font-size: larger; }
.afterword { margin-top: 2em; text-align: center; font-size: 0.9em; }
.afterword a { word-break: break-all; }
`;
