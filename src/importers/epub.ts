// EPUB reader: unzip, find the package document through META-INF/container.xml, read its
// metadata, then walk the spine. Three layouts are told apart because each carries metadata in
// its pages that the package document lacks (tag types above all):
//   - AO3 downloads, and Quire's own (exporters/epub.ts copies AO3's markup): a preface with
//     `<dl class="tags">`, "Summary"/"Notes" labels before blockquotes, chapters headed
//     `<h2 class="heading">` with "Chapter Notes"/"Chapter End Notes", bodies in div.userstuff,
//     an afterword. Keep in step with exporters/epub.ts.
//   - FanFicFare: title_page.xhtml of `<b>Label:</b> value<br/>` lines, then file0001.xhtml...
//     each headed by an `<h3>`, and a log_page.xhtml of updates.
//   - anything else: one chapter per content document in spine order, its first heading the title.

import { unzipSync } from 'fflate';
import type { AuthorNote, ParsedChapter, ParsedWork } from './parsed-work.ts';
import { ImportError } from './import-error.ts';
import { sanitizeWorkHtml } from './sanitize.ts';
import { htmlShapeProblem } from './markup-limits.ts';
import { provisionalTitle } from './assemble.ts';
import { normaliseLanguage } from './header-fields.ts';
import {
  childElements,
  descendants,
  findElement,
  hasClass,
  isElement,
  localName,
  parseMarkup,
  textContent,
  toHtml,
  type MarkupElement,
  type MarkupNode,
} from '../markup/tree.ts';

export interface EpubSeries {
  title: string;
  /** Part number within the series, when the file gives one. */
  position: number | null;
}

/** A ParsedWork plus what EPUB metadata states beyond it (the lead may lift these into ParsedWork). */
export interface ParsedEpubWork extends ParsedWork {
  series: EpubSeries[];
  /** ISO 8601 dates as the file states them. */
  publishedAt: string | null;
  updatedAt: string | null;
  /** Whether the file says the work is finished; null when it does not say. */
  complete: boolean | null;
}

type Tag = { type: string; name: string };

/** Uncompressed total a file may declare; novels are a few MB of XHTML, so past this it is a zip bomb. */
export const MAX_EPUB_UNCOMPRESSED_BYTES = 30 * 1024 * 1024;

// Font obfuscation (IDPF and Adobe) is not DRM: the text is readable. Anything else encrypted is.
const FONT_OBFUSCATION = new Set(['http://www.idpf.org/2008/embedding', 'http://ns.adobe.com/pdf/enc#RC']);

const TEXT_ENTRY = /\.(?:xml|opf|ncx|x?html?|xht)$/i;
const CONTENT_TYPES = new Set(['application/xhtml+xml', 'text/html', 'application/html+xml']);

export function parseEpub(bytes: Uint8Array | Buffer, filename: string): ParsedEpubWork {
  try {
    return readEpub(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), filename);
  } catch (e) {
    if (e instanceof ImportError) throw e;
    // The parsers are lenient, so this is a bug or a file no reader could use; either way the
    // writer sees a sentence, and the original stays on `cause` for the log.
    throw Object.assign(new ImportError(filename, 'could not read the EPUB: its content is malformed'), { cause: e });
  }
}

function readEpub(data: Uint8Array, filename: string): ParsedEpubWork {
  const fail = (reason: string) => refuse(filename, reason);
  if (data.length === 0) fail('file is empty');
  if (!(data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04))
    fail('not an EPUB: the file is not a zip archive');

  const zip = openZip(data, fail);
  const encryption = zip.text('META-INF/encryption.xml');
  if (encryption !== null && isDrmProtected(encryption)) {
    fail('the EPUB is protected by DRM (its content is encrypted); only DRM-free EPUBs can be imported');
  }
  const container = zip.text('META-INF/container.xml') ?? fail('not a valid EPUB: META-INF/container.xml is missing');
  const rootfile = descendants(parseMarkup(container, { xml: true })).find(
    (e) =>
      localName(e.name) === 'rootfile' &&
      (e.attrs['media-type'] ?? 'application/oebps-package+xml') === 'application/oebps-package+xml' &&
      e.attrs['full-path'],
  );
  const opfPath = rootfile?.attrs['full-path'] ?? fail('not a valid EPUB: container.xml names no package document');
  const opfText = zip.text(opfPath) ?? fail(`not a valid EPUB: the package document ${opfPath} is missing`);
  const pkg =
    readPackage(parseMarkup(opfText, { xml: true }), dirname(opfPath)) ??
    fail(`not a valid EPUB: ${opfPath} is not a package document`);
  const tocText = pkg.toc ? zip.text(pkg.toc.path) : null;
  const tocLabels = tocText !== null && pkg.toc ? readTocLabels(tocText, pkg.toc) : new Map<string, string>();

  const docs: SpineDoc[] = [];
  const seen = new Set<string>();
  for (const item of pkg.spine) {
    if (item.properties.includes('nav') || !CONTENT_TYPES.has(item.mediaType) || seen.has(item.path)) continue;
    seen.add(item.path);
    const text = zip.text(item.path);
    if (text === null) continue;
    const shape = htmlShapeProblem(text);
    if (shape) fail(`${item.path}: ${shape}`);
    const root = parseMarkup(text);
    docs.push({ path: item.path, body: findElement(root, 'body') ?? root, tocLabel: tocLabels.get(item.path) ?? null });
  }

  let result: LayoutResult;
  if (docs.some((d) => findTagList(d.body))) result = readAo3Layout(docs);
  else if (isFanFicFare(pkg, docs)) result = readFanFicFareLayout(docs);
  else result = readGenericLayout(docs);

  const chapters = result.chapters.filter((c) => hasText(c.html));
  if (chapters.length === 0) fail('no readable chapters: the EPUB has no text content');

  const title = pkg.title ?? result.title ?? null;
  const language = normaliseLanguage(pkg.language ?? '') ?? normaliseLanguage(result.language ?? '');
  const tags = dedupeTags(
    result.tags ?? pkg.subjects.filter((s) => !IGNORED_SUBJECTS.test(s)).map((name) => ({ type: 'freeform', name })),
  );
  return {
    title,
    provisionalTitle: title ?? provisionalTitle(plainText(chapters[0]!.html) || baseName(filename)),
    summary: pkg.description ?? result.summary ?? null,
    notes: result.notes,
    chapters,
    language,
    tags,
    creators: pkg.creators.length > 0 ? pkg.creators : (result.creators ?? []),
    source: { filename, format: 'epub' },
    series: pkg.series.length > 0 ? pkg.series : (result.series ?? []),
    publishedAt: pkg.published ?? result.published ?? null,
    updatedAt: result.updated ?? pkg.modified ?? null,
    complete: result.complete ?? null,
  };
}

function refuse(file: string, reason: string): never {
  throw new ImportError(file, reason);
}

// ---------------------------------------------------------------------------------------------
// Zip

interface Zip {
  /** An entry decoded as text, or null when absent. */
  text(path: string): string | null;
}

function openZip(data: Uint8Array, fail: (reason: string) => never): Zip {
  let declared = 0;
  const names: string[] = [];
  try {
    // First pass reads the central directory only: refuse a bomb before inflating anything.
    unzipSync(data, {
      filter(info) {
        declared += info.originalSize;
        names.push(info.name);
        return false;
      },
    });
  } catch {
    fail('not an EPUB: the zip archive is damaged or incomplete');
  }
  if (declared > MAX_EPUB_UNCOMPRESSED_BYTES) {
    fail(
      `the EPUB unpacks to ${(declared / (1024 * 1024)).toFixed(0)} MB; the limit is ${MAX_EPUB_UNCOMPRESSED_BYTES / (1024 * 1024)} MB`,
    );
  }
  let files: Record<string, Uint8Array> = {};
  try {
    // fflate inflates into a buffer of the declared size, so a lying header cannot grow past it.
    files = unzipSync(data, { filter: (info) => TEXT_ENTRY.test(info.name) || info.name === 'mimetype' });
  } catch {
    fail('not an EPUB: the zip archive is damaged (an entry could not be decompressed)');
  }
  const lower = new Map(names.map((n) => [n.toLowerCase(), n]));
  return {
    text(path) {
      const entry = files[path] ?? files[lower.get(path.toLowerCase()) ?? ''];
      return entry ? decodeEntry(entry) : null;
    },
  };
}

function decodeEntry(bytes: Uint8Array): string {
  let encoding = 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) encoding = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) encoding = 'utf-16be';
  return new TextDecoder(encoding).decode(bytes).replace(/^\uFEFF/, '');
}

function isDrmProtected(encryptionXml: string): boolean {
  const root = parseMarkup(encryptionXml, { xml: true });
  return descendants(root)
    .filter((e) => localName(e.name) === 'encrypteddata')
    .some((data) => {
      const method = descendants(data).find((e) => localName(e.name) === 'encryptionmethod');
      return !FONT_OBFUSCATION.has(method?.attrs.Algorithm ?? method?.attrs.algorithm ?? '');
    });
}

function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash + 1);
}

function baseName(path: string): string {
  return (path.split(/[\\/]/).pop() ?? path).replace(/\.epub$/i, '');
}

/** A manifest href (URL-encoded, relative to the package document) as a zip entry name. */
function resolvePath(dir: string, href: string): string {
  let path = href.split('#')[0]!;
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep it as written
  }
  const parts = (path.startsWith('/') ? path.slice(1) : dir + path).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

// ---------------------------------------------------------------------------------------------
// Package document

interface SpineItem {
  path: string;
  mediaType: string;
  properties: string[];
}

interface Package {
  title: string | null;
  creators: string[];
  language: string | null;
  description: string | null;
  subjects: string[];
  published: string | null;
  modified: string | null;
  series: EpubSeries[];
  contributors: string[];
  generator: string | null;
  spine: SpineItem[];
  /** The navigation document, else the NCX: its labels title chapters that have no heading. */
  toc: SpineItem | null;
}

function readPackage(root: MarkupElement, dir: string): Package | null {
  const pkgEl = findElement(root, 'package');
  if (!pkgEl) return null;
  const metadata = findElement(pkgEl, 'metadata');
  const meta = metadata ? descendants(metadata) : [];
  const byLocal = (name: string) => meta.filter((e) => localName(e.name) === name);
  const text = (e: MarkupElement) => textContent(e).trim().replace(/\s+/g, ' ');
  const refinements = (id: string | undefined) =>
    id ? meta.filter((e) => localName(e.name) === 'meta' && e.attrs.refines === `#${id}`) : [];
  const refined = (id: string | undefined, property: string) =>
    refinements(id).find((e) => e.attrs.property === property);

  const titles = byLocal('title');
  const mainTitle =
    titles.find((t) => refined(t.attrs.id, 'title-type') && text(refined(t.attrs.id, 'title-type')!) === 'main') ??
    titles[0];
  const creators = byLocal('creator')
    .filter((c) => {
      const role = refined(c.attrs.id, 'role');
      const r = (role ? text(role) : (c.attrs['opf:role'] ?? 'aut')).toLowerCase();
      return r === 'aut' || r === '';
    })
    .map(text)
    .filter(Boolean);

  const dates = byLocal('date');
  const published = dates.find((d) => (d.attrs['opf:event'] ?? 'publication') === 'publication') ?? dates[0];
  const modifiedMeta = meta.find((e) => localName(e.name) === 'meta' && e.attrs.property === 'dcterms:modified');

  const series: EpubSeries[] = [];
  for (const m of meta) {
    if (localName(m.name) !== 'meta' || m.attrs.property !== 'belongs-to-collection') continue;
    const type = refined(m.attrs.id, 'collection-type');
    if (type && text(type) !== 'series') continue;
    const position = refined(m.attrs.id, 'group-position');
    series.push({ title: text(m), position: position ? parsePosition(text(position)) : null });
  }
  const calibreSeries = meta.find((e) => localName(e.name) === 'meta' && e.attrs.name === 'calibre:series');
  if (calibreSeries?.attrs.content?.trim()) {
    const title = calibreSeries.attrs.content.trim();
    const index = meta.find((e) => localName(e.name) === 'meta' && e.attrs.name === 'calibre:series_index');
    if (!series.some((s) => s.title.toLowerCase() === title.toLowerCase())) {
      series.push({ title, position: index?.attrs.content ? parsePosition(index.attrs.content) : null });
    }
  }

  const manifest = new Map<string, SpineItem>();
  const manifestEl = findElement(pkgEl, 'manifest');
  for (const item of manifestEl ? childElements(manifestEl) : []) {
    if (localName(item.name) !== 'item' || !item.attrs.id || !item.attrs.href) continue;
    manifest.set(item.attrs.id, {
      path: resolvePath(dir, item.attrs.href),
      mediaType: (item.attrs['media-type'] ?? '').toLowerCase(),
      properties: (item.attrs.properties ?? '').split(/\s+/).filter(Boolean),
    });
  }
  const spineEl = findElement(pkgEl, 'spine');
  const spine = (spineEl ? childElements(spineEl) : [])
    .filter((e) => localName(e.name) === 'itemref')
    .map((e) => manifest.get(e.attrs.idref ?? ''))
    .filter((i): i is SpineItem => i !== undefined);

  const description = byLocal('description')
    .map((d) => textContent(d))
    .find((d) => d.trim());
  const generator =
    meta.find((e) => localName(e.name) === 'meta' && e.attrs.name === 'generator')?.attrs.content ?? null;
  const tocItem =
    [...manifest.values()].find((i) => i.properties.includes('nav')) ??
    manifest.get(spineEl?.attrs.toc ?? '') ??
    [...manifest.values()].find((i) => i.mediaType === 'application/x-dtbncx+xml');
  return {
    title: mainTitle ? text(mainTitle) || null : null,
    creators: [...new Set(creators)],
    language: byLocal('language').map(text)[0] ?? null,
    description: description ? descriptionText(description) || null : null,
    subjects: byLocal('subject').map(text).filter(Boolean),
    published: published ? isoDate(text(published)) : null,
    modified: modifiedMeta ? isoDate(text(modifiedMeta)) : null,
    series,
    contributors: byLocal('contributor').map(text),
    generator,
    spine,
    toc: tocItem ?? null,
  };
}

/** Table of contents labels by zip path, from a navigation document or an NCX. */
function readTocLabels(text: string, toc: SpineItem): Map<string, string> {
  const labels = new Map<string, string>();
  const dir = dirname(toc.path);
  const add = (href: string | undefined, label: string) => {
    const clean = label.replace(/\s+/g, ' ').trim();
    if (!href || !clean) return;
    const path = resolvePath(dir, href);
    if (!labels.has(path)) labels.set(path, clean);
  };
  if (toc.properties.includes('nav')) {
    const root = parseMarkup(text);
    const nav =
      descendants(root).find((e) => e.name === 'nav' && /\btoc\b/.test(e.attrs['epub:type'] ?? '')) ??
      findElement(root, 'nav');
    for (const a of nav ? descendants(nav) : []) if (a.name === 'a') add(a.attrs.href, textContent(a));
  } else {
    for (const point of descendants(parseMarkup(text, { xml: true }))) {
      if (localName(point.name) !== 'navpoint') continue;
      const label = findElement(point, 'navlabel');
      add(findElement(point, 'content')?.attrs.src, label ? textContent(label) : '');
    }
  }
  return labels;
}

function parsePosition(value: string): number | null {
  const n = Number.parseFloat(value.trim());
  return Number.isFinite(n) ? n : null;
}

/** A W3C date as the file wrote it, or null; calibre writes year 101 for "unknown". */
function isoDate(value: string): string | null {
  const v = value.trim().replace(/^(\d{4}-\d{2}-\d{2}) (?=\d)/, '$1T');
  return /^[1-9]\d{3}(?:-\d{2}(?:-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?)?)?$/.test(v) ? v : null;
}

// calibre and AO3 write the description as HTML, escaped into the element's text; a summary that
// merely mentions "<3" or "<para>" is not HTML.
const LOOKS_HTML = /<\/?(?:p|br|div|span|em|i|b|strong|u|s|a|ul|ol|li|blockquote|h[1-6])\b[^>]*>/i;

function descriptionText(value: string): string {
  return LOOKS_HTML.test(value) ? plainText(value) : value.trim();
}

/** Text of an HTML fragment, paragraphs separated by a blank line. */
export function plainText(html: string): string {
  return textContent(parseMarkup(html), true)
    .split(/\n/)
    .map((l) => l.replace(/[ \t\r\f]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{2,}/g, '\n\n')
    .trim()
    .replace(/(?<!\n)\n(?!\n)/g, '\n\n');
}

function hasText(html: string): boolean {
  return /\S/.test(textContent(parseMarkup(html)));
}

// ---------------------------------------------------------------------------------------------
// Layouts

interface SpineDoc {
  path: string;
  body: MarkupElement;
  tocLabel: string | null;
}

interface LayoutResult {
  chapters: ParsedChapter[];
  notes: AuthorNote[];
  /** Typed tags when the layout states types; otherwise the package's subjects are used. */
  tags?: Tag[];
  title?: string | null;
  creators?: string[];
  summary?: string | null;
  language?: string | null;
  series?: EpubSeries[];
  published?: string | null;
  updated?: string | null;
  complete?: boolean | null;
}

const IGNORED_SUBJECTS = /^(?:fan ?fiction|fanfic|completed?|in-progress|in progress)$/i;

function clean(html: string): string {
  // exporters/epub.ts writes HTML's align as a style (EPUB 3 refuses align); the sanitiser keeps align.
  return sanitizeWorkHtml(html.replace(/ style="text-align: (left|right|center|justify)"/g, ' align="$1"'));
}

function normLabel(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/:$/, '').trim().toLowerCase();
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

function dedupeTags(tags: readonly Tag[]): Tag[] {
  const seen = new Set<string>();
  const out: Tag[] = [];
  for (const t of tags) {
    const name = t.name.replace(/\s+/g, ' ').trim();
    const key = `${t.type}\u0000${name.toLowerCase()}`;
    if (!name || seen.has(key)) continue;
    seen.add(key);
    out.push({ type: t.type, name });
  }
  return out;
}

// --- AO3 (and Quire) -------------------------------------------------------------------------

// AO3's preface labels (and the plurals AO3 uses when a work has several) -> Quire's tag types.
const AO3_TAG_LABELS: Record<string, string> = {
  rating: 'rating',
  ratings: 'rating',
  'archive warning': 'warning',
  'archive warnings': 'warning',
  category: 'category',
  categories: 'category',
  fandom: 'fandom',
  fandoms: 'fandom',
  relationship: 'relationship',
  relationships: 'relationship',
  character: 'character',
  characters: 'character',
  'additional tags': 'freeform',
  'additional tag': 'freeform',
  freeform: 'freeform',
};

type NoteTarget = 'summary' | 'work-beginning' | 'work-end' | 'chapter-beginning' | 'chapter-end' | 'skip';
const AO3_NOTE_LABELS: Record<string, NoteTarget> = {
  summary: 'summary',
  notes: 'work-beginning',
  'end notes': 'work-end',
  'chapter summary': 'chapter-beginning',
  'chapter notes': 'chapter-beginning',
  'chapter end notes': 'chapter-end',
  'works inspired by this one': 'skip',
};

// Other labels of the preface's list; a work with no tags still has these.
const AO3_OTHER_LABELS = new Set(['language', 'series', 'stats', 'collections']);

function isTagList(el: MarkupElement): boolean {
  return (
    el.name === 'dl' &&
    childElements(el).some((dt) => {
      if (dt.name !== 'dt') return false;
      const label = normLabel(shortText(dt, 40) ?? '');
      return AO3_TAG_LABELS[label] !== undefined || AO3_OTHER_LABELS.has(label);
    })
  );
}

function findTagList(el: MarkupElement): MarkupElement | null {
  return descendants(el).find(isTagList) ?? null;
}

/** The text of an element when it is at most `max` characters, else null (labels are short; bodies are not read twice). */
function shortText(el: MarkupElement, max: number): string | null {
  let out = '';
  const visit = (node: MarkupNode): boolean => {
    if (typeof node === 'string') {
      out += node;
      return out.length <= max * 4 && out.trim().length <= max;
    }
    return node.children.every(visit);
  };
  return visit(el) ? out : null;
}

interface Ao3State extends LayoutResult {
  chapters: (ParsedChapter & { loose: MarkupNode[]; hasBody: boolean })[];
  notes: AuthorNote[];
  tags: Tag[];
  target: NoteTarget | null;
  summaryHtml: string | null;
  afterword: boolean;
}

function readAo3Layout(docs: readonly SpineDoc[]): LayoutResult {
  const s: Ao3State = {
    chapters: [],
    notes: [],
    tags: [],
    target: null,
    summaryHtml: null,
    afterword: false,
    series: [],
  };
  for (const doc of docs) {
    s.afterword = false;
    s.target = null;
    const frontMatter = findTagList(doc.body) !== null;
    walkAo3(doc.body, s, frontMatter);
  }
  for (const ch of s.chapters) {
    if (!ch.hasBody && ch.loose.length > 0) ch.html = clean(toHtml(ch.loose));
  }
  return {
    chapters: s.chapters.map(({ title, html, notes }) => ({ title, html, notes })),
    notes: s.notes,
    tags: s.tags,
    title: s.title ?? null,
    creators: s.creators ?? [],
    summary: s.summaryHtml ? plainText(s.summaryHtml) : null,
    language: s.language ?? null,
    series: s.series ?? [],
    published: s.published ?? null,
    updated: s.updated ?? null,
    complete: s.complete ?? null,
  };
}

function labelOf(el: MarkupElement): NoteTarget | null {
  if (!['p', 'div', 'h3', 'h4', 'h5', 'h6', 'b', 'strong'].includes(el.name)) return null;
  return AO3_NOTE_LABELS[normLabel(shortText(el, 40) ?? '')] ?? null;
}

/** Holds something the walker must see (so it is walked into, not taken as loose content). */
function holdsMarkers(el: MarkupElement): boolean {
  return descendants(el).some(
    (e) =>
      isTagList(e) ||
      isChapterHeading(e) ||
      hasClass(e, 'userstuff') ||
      hasClass(e, 'meta') ||
      e.attrs.id === 'afterword' ||
      labelOf(e) !== null,
  );
}

/** div.userstuff is a chapter body, except AO3's div#chapters.userstuff around a multi-chapter work's chapters. */
function isBodyContainer(el: MarkupElement): boolean {
  return descendants(el).some((e) => isChapterHeading(e) || hasClass(e, 'meta') || hasClass(e, 'userstuff'));
}

function isChapterHeading(el: MarkupElement): boolean {
  return el.name === 'h2' && (hasClass(el, 'heading') || hasClass(el, 'toc-heading'));
}

function walkAo3(el: MarkupElement, s: Ao3State, frontMatter: boolean): void {
  const kids = el.children;
  for (let k = 0; k < kids.length; k++) {
    const node = kids[k]!;
    if (!isElement(node)) {
      if (/\S/.test(node) && !(frontMatter && s.chapters.length === 0) && !s.afterword) looseContent(s, node);
      continue;
    }
    if (node.name === 'blockquote' && s.target) {
      assignNote(s, s.target, toHtml(node.children));
      continue;
    }
    s.target = null;
    const label = labelOf(node);
    if (label && nextElement(kids, k)?.name === 'blockquote') {
      s.target = label;
      continue;
    }
    if (isTagList(node)) {
      readAo3Tags(node, s);
      continue;
    }
    if (isChapterHeading(node) && !s.afterword) {
      s.chapters.push({
        title: hasClass(node, 'untitled') ? null : textContent(node).replace(/\s+/g, ' ').trim() || null,
        html: '',
        notes: [],
        loose: [],
        hasBody: false,
      });
      continue;
    }
    if (node.attrs.id === 'afterword') {
      s.afterword = true;
      walkAo3(node, s, frontMatter);
      continue;
    }
    if (frontMatter && s.chapters.length === 0) {
      if (node.name === 'h1' && s.title === undefined) {
        s.title = textContent(node).replace(/\s+/g, ' ').trim() || null;
        continue;
      }
      if (hasClass(node, 'byline')) {
        const names = descendants(node)
          .filter((e) => e.name === 'a' || hasClass(e, 'creator'))
          .map((e) => textContent(e).trim());
        s.creators = names.length > 0 ? names : splitList(textContent(node).replace(/^\s*by\s+/i, ''));
        continue;
      }
    }
    if (node.name === 'p' && /^\(?\s*see the end of the (?:chapter|work) for/i.test(shortText(node, 80)?.trim() ?? ''))
      continue;
    if (hasClass(node, 'userstuff') && !isBodyContainer(node)) {
      if (!s.afterword) chapterBody(s, node);
      continue;
    }
    if (holdsMarkers(node)) {
      walkAo3(node, s, frontMatter);
      continue;
    }
    if (!(frontMatter && s.chapters.length === 0) && !s.afterword) looseContent(s, node);
  }
}

function nextElement(nodes: readonly MarkupNode[], k: number): MarkupElement | null {
  for (let j = k + 1; j < nodes.length; j++) {
    const n = nodes[j]!;
    if (isElement(n)) return n;
    if (/\S/.test(n)) return null;
  }
  return null;
}

function currentChapter(s: Ao3State): Ao3State['chapters'][number] {
  let ch = s.chapters[s.chapters.length - 1];
  if (!ch) {
    ch = { title: null, html: '', notes: [], loose: [], hasBody: false };
    s.chapters.push(ch);
  }
  return ch;
}

/** A body: calibre splits long chapters across files, so a body with no heading of its own continues the last chapter. */
function chapterBody(s: Ao3State, el: MarkupElement): void {
  const ch = currentChapter(s);
  const html = clean(toHtml(el.children));
  ch.html = ch.hasBody && ch.html ? `${ch.html}\n${html}` : html;
  ch.hasBody = true;
}

function looseContent(s: Ao3State, node: MarkupNode): void {
  currentChapter(s).loose.push(node);
}

function assignNote(s: Ao3State, target: NoteTarget, html: string): void {
  const cleaned = clean(html);
  if (!hasText(cleaned) || target === 'skip') return;
  switch (target) {
    case 'summary':
      s.summaryHtml = s.summaryHtml ? `${s.summaryHtml}\n${cleaned}` : cleaned;
      return;
    case 'work-beginning':
      s.notes.push({ position: 'beginning', html: cleaned });
      return;
    case 'work-end':
      s.notes.push({ position: 'end', html: cleaned });
      return;
    case 'chapter-beginning':
    case 'chapter-end':
      currentChapter(s).notes.push({ position: target === 'chapter-end' ? 'end' : 'beginning', html: cleaned });
  }
}

function readAo3Tags(dl: MarkupElement, s: Ao3State): void {
  let label = '';
  for (const el of childElements(dl)) {
    if (el.name === 'dt') {
      label = normLabel(textContent(el));
      continue;
    }
    if (el.name !== 'dd') continue;
    const type = AO3_TAG_LABELS[label];
    if (type) {
      const names = descendants(el)
        .filter((e) => e.name === 'a' || hasClass(e, 'tag'))
        .map((e) => textContent(e));
      for (const name of names.length > 0 ? names : splitList(textContent(el))) s.tags.push({ type, name });
    } else if (label === 'language') {
      s.language = textContent(el).trim();
    } else if (label === 'series') {
      s.series = parseSeriesText(textContent(el, true));
    } else if (label === 'stats') {
      const stats = textContent(el, true);
      s.published = /Published:\s*(\d{4}-\d{2}-\d{2})/.exec(stats)?.[1] ?? null;
      const updated = /(Updated|Completed):\s*(\d{4}-\d{2}-\d{2})/.exec(stats);
      s.updated = updated?.[2] ?? s.published;
      const chapters = /Chapters:\s*([\d,]+)\s*\/\s*([\d,]+|\?)/.exec(stats);
      s.complete = updated?.[1] === 'Completed' || (chapters ? chapters[1] === chapters[2] : null);
    }
  }
}

/** "Part 2 of The Lighthouse Cycle", one or several. */
function parseSeriesText(text: string): EpubSeries[] {
  const flat = text.replace(/\s+/g, ' ');
  const re = /Part\s+(\d+)\s+of\s+/g;
  const hits = [...flat.matchAll(re)];
  return hits
    .map((m, k) => {
      const end = k + 1 < hits.length ? hits[k + 1]!.index : flat.length;
      const title = flat
        .slice(m.index + m[0].length, end)
        .trim()
        .replace(/[,;]$/, '')
        .trim();
      return { title, position: Number(m[1]) };
    })
    .filter((x) => x.title);
}

// --- FanFicFare ------------------------------------------------------------------------------

const FFF_FILE = /(?:^|\/)(title_page|toc_page|log_page|file\d{4})\.x?html?$/i;

function isFanFicFare(pkg: Package, docs: readonly SpineDoc[]): boolean {
  if ([...pkg.contributors, pkg.generator ?? ''].some((c) => /fanficfare|fanficdownloader/i.test(c))) return true;
  return (
    docs.some((d) => /(?:^|\/)title_page\.x?html?$/i.test(d.path)) &&
    docs.some((d) => /(?:^|\/)file\d{4}\.x?html?$/i.test(d.path))
  );
}

const FFN_RATINGS: Record<string, string> = {
  k: 'General Audiences',
  'k+': 'General Audiences',
  t: 'Teen And Up Audiences',
  m: 'Mature',
  ma: 'Explicit',
};
const AO3_WARNINGS = new Set([
  'creator chose not to use archive warnings',
  'graphic depictions of violence',
  'major character death',
  'no archive warnings apply',
  'rape/non-con',
  'underage sex',
  'underage',
]);
const AO3_CATEGORIES = new Set(['f/f', 'f/m', 'gen', 'm/m', 'multi', 'other']);

function readFanFicFareLayout(docs: readonly SpineDoc[]): LayoutResult {
  const result: LayoutResult = { chapters: [], notes: [] };
  for (const doc of docs) {
    const name = FFF_FILE.exec(doc.path)?.[1]?.toLowerCase();
    if (name === 'title_page') {
      Object.assign(result, readFanFicFareTitlePage(doc.body));
      continue;
    }
    if (name === 'toc_page' || name === 'log_page') continue;
    const chapter = headedChapter(doc, ['h3', 'h2', 'h1']);
    if (chapter) result.chapters.push(chapter);
  }
  return result;
}

/** `<b>Label:</b> value<br/>` lines (or a table of label and value cells) -> fields. */
function titlePageFields(body: MarkupElement): Map<string, string> {
  const fields = new Map<string, string>();
  for (const b of descendants(body)) {
    if (b.name !== 'b' && b.name !== 'strong') continue;
    const raw = textContent(b).trim();
    if (!raw.endsWith(':')) continue;
    const label = normLabel(raw);
    const parent = findParent(body, b);
    if (!parent) continue;
    const siblings = parent.children;
    let k = siblings.indexOf(b) + 1;
    let value = '';
    const multiline = label === 'summary' || label === 'description';
    for (; k < siblings.length; k++) {
      const n = siblings[k]!;
      if (isElement(n) && (n.name === 'b' || n.name === 'strong') && textContent(n).trim().endsWith(':')) break;
      if (isElement(n) && n.name === 'br' && !multiline) break;
      value += textContent(n, multiline);
    }
    if (!value.trim() && (parent.name === 'td' || parent.name === 'th')) {
      const row = findParent(body, parent);
      const cells = row ? childElements(row) : [];
      const next = cells[cells.indexOf(parent) + 1];
      if (next) value = textContent(next, multiline);
    }
    if (value.trim() && !fields.has(label))
      fields.set(label, multiline ? value.trim() : value.replace(/\s+/g, ' ').trim());
  }
  return fields;
}

function readFanFicFareTitlePage(body: MarkupElement): Partial<LayoutResult> {
  const fields = titlePageFields(body);
  const tags: Tag[] = [];
  const add = (type: string, value: string | undefined) => {
    for (const name of splitList(value ?? '')) tags.push({ type, name });
  };
  for (const [label, value] of fields) {
    switch (label) {
      case 'category':
      case 'categories':
      case 'fandom':
      case 'fandoms':
        for (const name of splitList(value))
          tags.push({ type: AO3_CATEGORIES.has(name.toLowerCase()) ? 'category' : 'fandom', name });
        break;
      case 'characters':
      case 'character':
        for (const t of ffnCharacters(value)) tags.push(t);
        break;
      case 'relationships':
      case 'relationship':
      case 'ships':
      case 'pairing':
      case 'pairings':
        add('relationship', value);
        break;
      case 'genre':
      case 'genres':
      case 'warnings':
      case 'warning':
      case 'additional tags':
      case 'freeform':
      case 'freeform tags':
      case 'tags':
        for (const name of splitList(value))
          tags.push({ type: AO3_WARNINGS.has(name.toLowerCase()) ? 'warning' : 'freeform', name });
        break;
      case 'rating':
        for (const name of splitList(value)) tags.push({ type: 'rating', name: ffnRating(name) });
        break;
    }
  }
  const status = fields.get('status');
  const series = fields.get('series');
  const seriesMatch = series ? /^(.*?)\s*\[(\d+(?:\.\d+)?)\]\s*$/.exec(series) : null;
  return {
    tags,
    summary: fields.get('summary') ?? fields.get('description') ?? null,
    language: fields.get('language') ?? null,
    published: isoDate(fields.get('published') ?? ''),
    updated: isoDate(fields.get('updated') ?? ''),
    complete: status ? /^complete/i.test(status) : null,
    series: series
      ? [{ title: seriesMatch ? seriesMatch[1]! : series, position: seriesMatch ? Number(seriesMatch[2]) : null }]
      : [],
  };
}

/** FFN writes pairings in brackets: "[Harry P., Ginny W.] Hermione G." -> two characters, one relationship. */
function ffnCharacters(value: string): Tag[] {
  const tags: Tag[] = [];
  const rest = value.replace(/\[([^\]]+)\]/g, (_, group: string) => {
    const names = splitList(group);
    for (const name of names) tags.push({ type: 'character', name });
    if (names.length > 1) tags.push({ type: 'relationship', name: names.join('/') });
    return ',';
  });
  for (const name of splitList(rest)) tags.push({ type: 'character', name });
  return tags;
}

function ffnRating(value: string): string {
  const key = value
    .replace(/^fiction\s+/i, '')
    .trim()
    .toLowerCase();
  return FFN_RATINGS[key] ?? value;
}

function findParent(root: MarkupElement, target: MarkupElement): MarkupElement | null {
  for (const child of root.children) {
    if (!isElement(child)) continue;
    if (child === target) return root;
    const found = findParent(child, target);
    if (found) return found;
  }
  return null;
}

// --- Any other EPUB --------------------------------------------------------------------------

function readGenericLayout(docs: readonly SpineDoc[]): LayoutResult {
  const chapters: ParsedChapter[] = [];
  for (const doc of docs) {
    const chapter = headedChapter(doc, ['h1', 'h2', 'h3', 'h4']);
    if (chapter) chapters.push(chapter);
  }
  return { chapters, notes: [] };
}

/**
 * One document as one chapter: its first heading (when nothing but blank text comes before it) is
 * the title, else the table of contents' label for the document. Null for a document with no text.
 */
function headedChapter(doc: SpineDoc, headings: readonly string[]): ParsedChapter | null {
  const body = doc.body;
  if (!/\S/.test(textContent(body))) return null;
  let heading: MarkupElement | null = null;
  for (const el of descendants(body)) {
    if (headings.includes(el.name)) {
      heading = el;
      break;
    }
    if (['p', 'li', 'td', 'blockquote', 'pre'].includes(el.name) && /\S/.test(textContent(el))) break;
  }
  const title = heading ? textContent(heading).replace(/\s+/g, ' ').trim() || null : doc.tocLabel;
  const html = clean(toHtml(heading ? without(body, heading).children : body.children));
  return { title, html, notes: [] };
}

function without(el: MarkupElement, drop: MarkupElement): MarkupElement {
  return { ...el, children: el.children.filter((c) => c !== drop).map((c) => (isElement(c) ? without(c, drop) : c)) };
}
