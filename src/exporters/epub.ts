// EPUB 3 download of a work, laid out like AO3's downloads: a preface (title, creators, tag
// groups, language, series, stats, summary, notes), one document per chapter with its notes in
// boxes, the work's end notes, and an afterword naming the archive. The preface, chapter and
// notes markup (dl.tags, h2.heading, "Chapter Notes" labels before blockquotes, div.userstuff)
// follows AO3's so that importers/epub.ts reads Quire's own files and AO3's with one parser:
// change one, change the other.
//
// Output is byte-for-byte the same for the same work and `modified` date (fixed zip times, fixed
// file order), so a download can be cached by the work's version.

import {
  CONTAINER_XML,
  commonMetadata,
  lines,
  navDocument,
  ncxDocument,
  opfPackage,
  type TocBook,
  xhtmlPage,
  ZIP_TIME,
} from './epub-frame.ts';
import { createHash } from 'node:crypto';
import { zipSync, type Zippable } from 'fflate';
import type { ExportableWork, ExportNote } from './exportable-work.ts';
import { absoluteUrl, bcp47, chapterLabel, languageName, prefaceFacts, TAG_GROUPS } from './preface.ts';
import { textParagraphs } from '../markup/paragraphs.ts';
import { htmlToXhtml } from '../markup/xhtml.ts';
import { xml, type XmlFragment } from '../markup/xml.ts';
import { tagToPath } from '../tags/tag-url.ts';

export interface BuildEpubOptions {
  /** dcterms:modified; defaults to the work's updatedAt, so the same version builds the same bytes. */
  modified?: Date;
}

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

  const toc = tocBook(work, docs, identifier, lang);
  const enc = new TextEncoder();
  const files: Zippable = {
    // First and stored, so the first bytes of the file name the format (OCF 3.3 §4.3).
    mimetype: [enc.encode(MIMETYPE), { level: 0 }],
    'META-INF/container.xml': enc.encode(CONTAINER_XML),
    'OEBPS/content.opf': enc.encode(packageDocument(work, docs, { lang, identifier, modified, base })),
    'OEBPS/nav.xhtml': enc.encode(navDocument(toc)),
    'OEBPS/toc.ncx': enc.encode(ncxDocument(toc)),
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

// ---------------------------------------------------------------------------------------------
// Content documents

function noteBox(
  kind: string,
  label: string,
  notes: readonly ExportNote[],
  base: string | null,
  id?: string,
): XmlFragment | '' {
  if (notes.length === 0) return '';
  const quotes = notes.map(
    (n) => xml`<blockquote class="userstuff">${htmlToXhtml(n.html, base ? { baseUrl: base } : {})}</blockquote>`,
  );
  return xml`<div class="meta group notes ${kind}"${id ? xml` id="${id}"` : ''}>\n<p class="label">${label}</p>\n${lines(quotes)}\n</div>`;
}

/** A note box on a line of its own, or nothing. */
function noteLine(box: XmlFragment | ''): XmlFragment | '' {
  return box && xml`${box}\n`;
}

function tagLink(name: string, base: string | null): XmlFragment {
  const href = base ? new URL(`/tags/${tagToPath(name)}`, base).href : null;
  return href ? xml`<a class="tag" href="${href}">${name}</a>` : xml`<span class="tag">${name}</span>`;
}

/** Items separated by `separator` (a comma, a line break). */
function joined(items: readonly XmlFragment[], separator: XmlFragment): XmlFragment {
  return xml`${items.map((item, k) => (k ? xml`${separator}${item}` : item))}`;
}

function prefaceBody(work: ExportableWork, base: string | null, hasEndNotes: boolean): XmlFragment {
  const parts: XmlFragment[] = [];
  const titleHtml = base ? xml`<a href="${base}">${work.title}</a>` : xml`${work.title}`;
  parts.push(xml`<h1 class="title">${titleHtml}</h1>`);
  if (work.creators.length > 0) {
    parts.push(
      xml`<div class="byline">by ${joined(
        work.creators.map((c) => xml`<span class="creator">${c}</span>`),
        xml`, `,
      )}</div>`,
    );
  }

  const rows: XmlFragment[] = [];
  for (const group of TAG_GROUPS) {
    const names = [...new Set(work.tags.filter((t) => t.type === group.type).map((t) => t.name))];
    if (names.length === 0) continue;
    rows.push(
      xml`<dt class="${group.type}">${group.label}:</dt>\n<dd class="${group.type}">${joined(
        names.map((n) => tagLink(n, base)),
        xml`, `,
      )}</dd>`,
    );
  }
  const lang = bcp47(work.language);
  rows.push(xml`<dt class="language">Language:</dt>\n<dd class="language" lang="${lang}">${languageName(lang)}</dd>`);
  if (work.series.length > 0) {
    const series = work.series.map((s) => {
      const href = absoluteUrl(s.url, base);
      const title = href ? xml`<a href="${href}">${s.title}</a>` : xml`<span class="series-title">${s.title}</span>`;
      return xml`<span class="series">Part ${s.position} of ${title}</span>`;
    });
    rows.push(xml`<dt class="series">Series:</dt>\n<dd class="series">${joined(series, xml`<br/>`)}</dd>`);
  }
  const stats = prefaceFacts(work).stats.map((s) => xml`<span class="stat">${s}</span>`);
  rows.push(xml`<dt class="stats">Stats:</dt>\n<dd class="stats">${joined(stats, xml`<br/>`)}</dd>`);
  parts.push(xml`<dl class="tags">\n${lines(rows)}\n</dl>`);

  if (work.summary?.trim()) {
    parts.push(
      xml`<div class="meta summary">\n<p class="label">Summary</p>\n<blockquote class="userstuff">${textParagraphs(work.summary, 'xhtml')}</blockquote>\n</div>`,
    );
  }
  const beginning = work.notes.filter((n) => n.position === 'beginning');
  const notes = noteBox('beginning', 'Notes', beginning, base);
  if (notes) parts.push(notes);
  if (hasEndNotes)
    parts.push(xml`<p class="see-end">(See the end of the work for <a href="endnotes.xhtml">more notes</a>.)</p>`);
  return xml`<div class="meta preface">\n${lines(parts)}\n</div>`;
}

function chapterBody(label: string, ch: ExportableWork['chapters'][number], base: string | null): XmlFragment {
  const beginning = ch.notes.filter((n) => n.position === 'beginning');
  const end = ch.notes.filter((n) => n.position === 'end');
  const heading = xml`<h2 class="heading${ch.title ? '' : ' untitled'}">${label}</h2>\n`;
  const seeEnd =
    end.length > 0
      ? xml`<p class="see-end">(See the end of the chapter for <a href="#endnotes">more notes</a>.)</p>\n`
      : '';
  const body = xml`<div class="userstuff">\n${htmlToXhtml(ch.html, base ? { baseUrl: base } : {})}\n</div>\n`;
  return xml`<section class="chapter" epub:type="chapter">\n${heading}${noteLine(noteBox('beginning', 'Chapter Notes', beginning, base))}${seeEnd}${body}${noteLine(noteBox('end', 'Chapter End Notes', end, base, 'endnotes'))}</section>`;
}

function endNotesBody(notes: readonly ExportNote[], base: string | null): XmlFragment {
  return xml`<section class="endnotes" epub:type="backmatter">\n${noteLine(noteBox('end', 'End Notes', notes, base))}</section>`;
}

function afterwordBody(work: ExportableWork, base: string | null): XmlFragment {
  const archive = work.archiveName;
  const where = base
    ? xml`<p>This work was downloaded from ${archive}:<br/><a href="${base}">${base}</a></p>\n<p>Please <a href="${base}">visit the work</a> to let the creator know if you enjoyed it.</p>`
    : xml`<p>This work was downloaded from ${archive}${work.url ? ` (${work.url})` : ''}.</p>`;
  return xml`<div id="afterword" class="afterword" epub:type="afterword">\n${where}\n</div>`;
}

// ---------------------------------------------------------------------------------------------
// Package and navigation

interface PackageContext {
  lang: string;
  identifier: string;
  modified: string;
  base: string | null;
}

function packageDocument(work: ExportableWork, docs: readonly Doc[], ctx: PackageContext): string {
  const m = commonMetadata({ ...ctx, title: work.title, creators: work.creators, summary: work.summary });
  const subjects = new Set<string>();
  for (const group of TAG_GROUPS) for (const t of work.tags) if (t.type === group.type) subjects.add(t.name);
  for (const s of subjects) m.push(xml`<dc:subject>${s}</dc:subject>`);
  const posted = parseDate(work.postedAt);
  if (posted) m.push(xml`<dc:date>${isoSeconds(posted)}</dc:date>`);
  m.push(xml`<dc:publisher>${work.archiveName}</dc:publisher>`);
  if (work.url) m.push(xml`<dc:source>${ctx.base ?? work.url}</dc:source>`);
  m.push(xml`<meta property="dcterms:modified">${ctx.modified}</meta>`);
  for (const [k, s] of work.series.entries()) {
    m.push(xml`<meta property="belongs-to-collection" id="series-${k + 1}">${s.title}</meta>`);
    m.push(xml`<meta refines="#series-${k + 1}" property="collection-type">series</meta>`);
    m.push(xml`<meta refines="#series-${k + 1}" property="group-position">${s.position}</meta>`);
  }
  // calibre reads series from these OPF 2 style metas (one series only); EPUB 3 keeps the name/content form for them.
  const first = work.series[0];
  if (first) {
    m.push(xml`<meta name="calibre:series" content="${first.title}"/>`);
    m.push(xml`<meta name="calibre:series_index" content="${first.position}"/>`);
  }

  return opfPackage(ctx.lang, m, docs);
}

function tocBook(work: ExportableWork, docs: readonly Doc[], identifier: string, lang: string): TocBook {
  const firstChapter = docs.find((d) => d.id.startsWith('chapter-'));
  return {
    title: work.title,
    creators: work.creators,
    identifier,
    lang,
    toc: docs.map((d) => ({ href: d.href, label: d.label, children: [] })),
    landmarks: [
      { type: 'frontmatter', href: 'preface.xhtml', label: 'Preface' },
      ...(firstChapter ? [{ type: 'bodymatter', href: firstChapter.href, label: 'Start of Content' }] : []),
      { type: 'backmatter', href: 'afterword.xhtml', label: 'Afterword' },
    ],
  };
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
