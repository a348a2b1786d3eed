// The layout of AO3's EPUBs, and of Quire's, which follow it (epub.ts): a preface of labelled tags
// and notes, then chapters with their own notes.

import {
  childElements,
  descendants,
  hasClass,
  isElement,
  type MarkupElement,
  type MarkupNode,
  textContent,
  toHtml,
} from '../markup/tree.ts';
import { clean, type LayoutResult, normLabel, type SpineDoc, splitList } from './epub-layout.ts';
import type { AuthorNote, ParsedChapter } from './parsed-work.ts';
import type { EpubSeries, Tag } from './epub.ts';
import { hasText, plainText } from './epub-package.ts';

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

export function findTagList(el: MarkupElement): MarkupElement | null {
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

export function readAo3Layout(docs: readonly SpineDoc[]): LayoutResult {
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
