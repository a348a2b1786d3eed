// An EPUB's package document (epub.ts): metadata, spine and table of contents, and the plain text
// of its HTML descriptions.

import type { EpubSeries } from './epub.ts';
import {
  childElements,
  descendants,
  findElement,
  localName,
  type MarkupElement,
  parseMarkup,
  textContent,
} from '../markup/tree.ts';
import { dirname, resolvePath } from './epub-zip.ts';

// ---------------------------------------------------------------------------------------------
// Package document

interface SpineItem {
  path: string;
  mediaType: string;
  properties: string[];
}

export interface Package {
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

export function readPackage(root: MarkupElement, dir: string): Package | null {
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
export function readTocLabels(text: string, toc: SpineItem): Map<string, string> {
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
export function isoDate(value: string): string | null {
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

export function hasText(html: string): boolean {
  return /\S/.test(textContent(parseMarkup(html)));
}
