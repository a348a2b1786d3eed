// What the layout readers of an EPUB share (epub.ts, epub-ao3.ts, epub-fanficfare.ts): the spine
// documents they read, what they find, the label and tag clean-up, and the layout of any other EPUB.

import { descendants, isElement, type MarkupElement, textContent, toHtml } from '../markup/tree.ts';
import type { AuthorNote, ParsedChapter } from './parsed-work.ts';
import type { EpubSeries, Tag } from './epub.ts';
import { sanitizeWorkHtml } from './sanitize.ts';

// ---------------------------------------------------------------------------------------------
// Layouts

export interface SpineDoc {
  path: string;
  body: MarkupElement;
  tocLabel: string | null;
}

export interface LayoutResult {
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

export const IGNORED_SUBJECTS = /^(?:fan ?fiction|fanfic|completed?|in-progress|in progress)$/i;

export function clean(html: string): string {
  // exporters/epub.ts writes HTML's align as a style (EPUB 3 refuses align); the sanitiser keeps align.
  return sanitizeWorkHtml(html.replace(/ style="text-align: (left|right|center|justify)"/g, ' align="$1"'));
}

export function normLabel(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/:$/, '').trim().toLowerCase();
}

export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

export function dedupeTags(tags: readonly Tag[]): Tag[] {
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
// --- Any other EPUB --------------------------------------------------------------------------

export function readGenericLayout(docs: readonly SpineDoc[]): LayoutResult {
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
export function headedChapter(doc: SpineDoc, headings: readonly string[]): ParsedChapter | null {
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
