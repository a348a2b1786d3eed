// The layout of FanFicFare's EPUBs (epub.ts): a title page of labelled fields, then one chapter a
// spine document.

import { isoDate, type Package } from './epub-package.ts';
import { headedChapter, type LayoutResult, normLabel, type SpineDoc, splitList } from './epub-layout.ts';
import { childElements, descendants, isElement, type MarkupElement, textContent } from '../markup/tree.ts';
import type { Tag } from './epub.ts';

// --- FanFicFare ------------------------------------------------------------------------------

const FFF_FILE = /(?:^|\/)(title_page|toc_page|log_page|file\d{4})\.x?html?$/i;

export function isFanFicFare(pkg: Package, docs: readonly SpineDoc[]): boolean {
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

export function readFanFicFareLayout(docs: readonly SpineDoc[]): LayoutResult {
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
