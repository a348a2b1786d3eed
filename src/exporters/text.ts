// Plain-text download of a work or a whole series: the preface as "Key: value" lines (the header
// form importers/header-fields.ts reads, so Quire reads its own text downloads back), the summary
// and notes under labels, each chapter under its heading with its notes set apart, the end notes,
// and the archive's address for the work in the header. Paragraphs are separated by a blank line and never wrapped, so
// a reader's app wraps them to its screen. UTF-8, LF line ends.
import type { ExportableSeries } from './exportable-series.ts';
import type { ExportableWork, ExportNote } from './exportable-work.ts';
import { absoluteUrl, chapterLabel, day, paragraphs, prefaceFacts } from './preface.ts';
import { stripInvalidXmlChars } from '../markup/escape.ts';
import { DROPPED, isElement, parseMarkup, textContent, type MarkupNode } from '../markup/tree.ts';

const PART_RULE = '='.repeat(40);
const SCENE_BREAK = '* * *';

export function buildText(work: ExportableWork): string {
  const out = workText(work);
  const end = notesText(
    'End Notes',
    work.notes.filter((n) => n.position === 'end'),
  );
  if (end) out.push('', end);
  return finish(out);
}

/** A series as one text: the series' preface and contents, then each work whole with its own preface. */
export function buildSeriesText(series: ExportableSeries): string {
  const out: string[] = [series.title];
  if (series.creators.length) out.push(`by ${series.creators.join(', ')}`);
  out.push('');
  out.push(`Works: ${series.works.length}`, `Words: ${series.words.toLocaleString('en-US')}`);
  const begun = day(series.postedAt);
  const updated = day(series.updatedAt);
  if (begun) out.push(`Series Begun: ${begun}`);
  if (updated) out.push(`Series Updated: ${updated}`);
  out.push(`Complete: ${series.complete ? 'Yes' : 'No'}`);
  if (series.summary?.trim()) out.push('', `Summary:\n${plainParagraphs(series.summary)}`);
  out.push('', 'Contents:', '');
  for (const [k, w] of series.works.entries()) {
    out.push(`${k + 1}. ${w.title}`);
    if (w.chapters.length > 1) for (const c of w.chapters) out.push(`    ${chapterLabel(w, c)}`);
  }
  for (const [k, w] of series.works.entries()) {
    out.push('', '', PART_RULE, `Part ${k + 1}`, PART_RULE, '', ...workText(w));
    const end = notesText(
      'End Notes',
      w.notes.filter((n) => n.position === 'end'),
    );
    if (end) out.push('', end);
  }
  return finish(out);
}

function workText(work: ExportableWork): string[] {
  const facts = prefaceFacts(work);
  const out: string[] = [`Title: ${oneLine(work.title)}`];
  if (work.creators.length)
    out.push(`${work.creators.length > 1 ? 'Creators' : 'Creator'}: ${work.creators.map(oneLine).join(', ')}`);
  for (const g of facts.tagGroups) out.push(`${g.label}: ${g.names.join(', ')}`);
  out.push(`Language: ${facts.language.name}`);
  for (const s of facts.series) out.push(`Series: Part ${s.position} of ${s.title}`);
  out.push(...facts.stats);
  // Where the work lives, under a key importers/header-fields.ts knows to pass over.
  out.push(`Archive: ${oneLine(work.archiveName)}, ${absoluteUrl(work.url) ?? work.url}`);
  if (work.summary?.trim()) out.push('', `Summary:\n${plainParagraphs(work.summary)}`);
  const beginning = notesText(
    'Notes',
    work.notes.filter((n) => n.position === 'beginning'),
  );
  if (beginning) out.push('', beginning);
  for (const ch of work.chapters) {
    out.push('', '');
    if (work.chapters.length > 1 || ch.title) out.push(chapterLabel(work, ch), '');
    const start = notesText(
      'Chapter Notes',
      ch.notes.filter((n) => n.position === 'beginning'),
    );
    const end = notesText(
      'Chapter End Notes',
      ch.notes.filter((n) => n.position === 'end'),
    );
    if (start) out.push(start, '');
    out.push(htmlToPlainText(ch.html));
    if (end) out.push('', end);
  }
  return out;
}

/** Header values are one line each: a line break inside a title would end the header. */
function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function notesText(label: string, notes: readonly ExportNote[]): string {
  if (notes.length === 0) return '';
  // The label sits on the line above its text, as "Key: value" headers run on (header-fields.ts).
  return `${label}:\n${notes.map((n) => htmlToPlainText(n.html)).join('\n\n')}`;
}

function plainParagraphs(text: string): string {
  return paragraphs(text)
    .map((lines) => lines.join('\n'))
    .join('\n\n');
}

function finish(lines: string[]): string {
  // Control characters a stored body may carry are no more text here than in XML.
  return (
    stripInvalidXmlChars(lines.join('\n'))
      .replace(/\n{4,}/g, '\n\n\n')
      .trim() + '\n'
  );
}

// ---------------------------------------------------------------------------------------------
// HTML -> text

const BLOCKS = new Set([
  'p',
  'div',
  'section',
  'article',
  'aside',
  'header',
  'footer',
  'main',
  'nav',
  'figure',
  'figcaption',
  'address',
  'center',
  'details',
  'summary',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'table',
  'dl',
  'dt',
  'dd',
]);

/**
 * A sanitised body as reading text: paragraphs apart by a blank line, `<br>` as a line break,
 * `<hr>` as a scene break, list items marked, block quotes indented, images named by their alt
 * text. Runs of whitespace collapse as a browser collapses them; `<pre>` keeps its own.
 */
export function htmlToPlainText(source: string): string {
  return textBlocks(parseMarkup(source).children).join('\n\n');
}

/** The blocks of text a run of nodes lays out as, top to bottom. */
function textBlocks(nodes: readonly MarkupNode[]): string[] {
  const blocks: string[] = [];
  let line = '';
  const flush = () => {
    const text = line
      .replace(/[ \t]*\n[ \t]*/g, '\n')
      .replace(/^\n+|\s+$/g, '')
      .replace(/^[ \t]+/, '');
    if (text) blocks.push(text);
    line = '';
  };
  const walk = (node: MarkupNode): void => {
    if (typeof node === 'string') {
      line += node.replace(/[ \t\n\r\f]+/g, ' ');
      return;
    }
    const name = node.name.toLowerCase();
    if (DROPPED.has(name)) return;
    switch (name) {
      case 'br':
        line = line.replace(/ +$/, '') + '\n';
        return;
      case 'img': {
        const alt = node.attrs.alt?.trim();
        line += alt ? `[image: ${alt}]` : '[image]';
        return;
      }
      case 'hr':
        flush();
        blocks.push(SCENE_BREAK);
        return;
      case 'ul':
      case 'ol': {
        flush();
        const start = Number(node.attrs.start ?? 1);
        let n = Number.isSafeInteger(start) ? start : 1;
        for (const item of node.children.filter(isElement)) {
          const marker = name === 'ol' ? `${n++}. ` : '- ';
          const text = textBlocks(item.children).join('\n\n');
          if (text) blocks.push(indent(text, ' '.repeat(marker.length), marker));
        }
        return;
      }
      case 'blockquote': {
        flush();
        const text = textBlocks(node.children).join('\n\n');
        if (text) blocks.push(indent(text, '    ', '    '));
        return;
      }
      case 'pre': {
        flush();
        const text = textContent(node).replace(/^\n/, '').trimEnd();
        if (text) blocks.push(text);
        return;
      }
      case 'tr':
        flush();
        line = node.children
          .filter(isElement)
          .map((cell) =>
            textBlocks(cell.children)
              .join(' ')
              .replace(/\s*\n\s*/g, ' '),
          )
          .join(' | ');
        flush();
        return;
    }
    const block = BLOCKS.has(name);
    if (block) flush();
    for (const child of node.children) walk(child);
    if (block) flush();
  };
  for (const node of nodes) walk(node);
  flush();
  return blocks;
}

/** Every line indented; the first one starts with `first` instead (a list marker). */
function indent(text: string, by: string, first: string): string {
  return text
    .split('\n')
    .map((l, k) => (k === 0 ? first + l : l ? by + l : l))
    .join('\n');
}
