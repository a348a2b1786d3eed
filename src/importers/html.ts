// HTML files (saved from a site, exported by a word processor, an AO3 download) and, through
// docx.ts, Word documents. The document is flattened into paragraph blocks, each keeping its
// own HTML, and run through the same structure analysis as plain text.

import { basename } from 'node:path';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { ParsedWork } from './parsed-work.ts';
import { buildWork, type HtmlBlock } from './assemble.ts';
import { decodeText } from './decode.ts';
import { ImportError, withDepthGuard } from './import-error.ts';
import { htmlShapeProblem } from './markup-limits.ts';
import {
  fieldKeyFor,
  fieldsToMetadata,
  normaliseLanguage,
  TAG_TYPES,
  type FieldKey,
  type HeaderField,
  type TagType,
} from './header-fields.ts';
import { analyseBlocks } from './structure.ts';
import { countWordsIn, isSeparatorLine, matchChapterHeading } from './signals.ts';

type Document = ReturnType<typeof parseDocument>;
type Node = Document['children'][number];
type Element = Parameters<typeof DomUtils.getAttributeValue>[0];
type Text = Extract<Node, { type: 'text' }>;

export interface DomBlock extends HtmlBlock {
  /** 1–6 for <h1>–<h6>. */
  level?: number;
  /** The element's class attribute, for headings (a Word "Title" paragraph arrives as h1.title). */
  className?: string;
}

const SKIP = new Set([
  'head',
  'title',
  'meta',
  'link',
  'script',
  'style',
  'noscript',
  'template',
  'nav',
  'form',
  'button',
  'select',
  'textarea',
  'input',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'canvas',
  'audio',
  'video',
]);
// Block elements kept whole, as one block with their own markup.
const WHOLE = new Set(['ul', 'ol', 'dl', 'pre', 'table', 'blockquote', 'figure']);
const BLOCKISH = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'aside',
  'center',
  'address',
  'body',
  'html',
  'fieldset',
  'details',
  'hr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'dt',
  'dd',
  ...WHOLE,
]);
const HEADING = /^h([1-6])$/;
const SERIALIZE = { encodeEntities: 'utf8' as const };
// Titles word processors and browsers give documents nobody named.
const GENERIC_TITLE =
  /^(?:untitled(?: document)?|(?:new )?document ?\d*|microsoft word\b.*|doc\d+|page \d+|index|home|\s*)$/i;

export interface HtmlSource {
  filename: string;
  format: 'html' | 'docx';
}

export function parseHtml(bytes: Buffer, filename: string): ParsedWork {
  const text = decodeText(bytes, filename, { declaredCharset: sniffCharset });
  return withDepthGuard(filename, () => parseHtmlString(text, { filename, format: 'html' }));
}

export function parseHtmlString(html: string, source: HtmlSource): ParsedWork {
  const shape = htmlShapeProblem(html);
  if (shape) throw new ImportError(source.filename, shape);
  const doc = parseDocument(html, { lowerCaseTags: true, lowerCaseAttributeNames: true });
  const walker = new Walker();
  // Only a document's own <body> frames the text; a stray <body> inside pasted content is a block
  // like any other (browsers ignore it), not a reason to drop everything around it.
  const htmlEl = DomUtils.findOne((e) => e.name === 'html', doc.children, false);
  const body = DomUtils.findOne((e) => e.name === 'body', htmlEl ? htmlEl.children : doc.children, false);
  walker.walk(body ? body.children : doc.children);
  let blocks = walker.blocks;

  // AO3 downloads: "Title - Creator - Fandom [Archive of Our Own]".
  const docTitle = textOf(DomUtils.findOne((e) => e.name === 'title', doc.children, true)?.children ?? []).replace(
    /^(.+?) - .+ \[Archive of Our Own\]$/,
    '$1',
  );
  const language = normaliseLanguage(htmlEl?.attribs.lang ?? '');
  const metaAuthor = DomUtils.findOne(
    (e) => e.name === 'meta' && e.attribs.name?.toLowerCase() === 'author',
    doc.children,
    true,
  )?.attribs.content?.trim();

  const resolved = resolveTitleAndHeadings(blocks, docTitle, source.filename);
  blocks = resolved.blocks;
  const title = resolved.title;
  const creators = [...walker.creators, ...resolved.creators];
  if (metaAuthor) creators.push(metaAuthor);

  const structure = analyseBlocks(blocks, { detectTitleLine: title === null });
  const meta = fieldsToMetadata(walker.fields);
  return buildWork(structure, {
    filename: basename(source.filename),
    format: source.format,
    title: title ?? meta.title,
    summary: meta.summary,
    tags: [...walker.tags, ...meta.tags],
    creators: [...creators, ...meta.creators],
    language: language ?? meta.language,
    notes: meta.notes,
  });
}

/**
 * The work's title — the one <h1> (or Word's Title style) heading the text, else a meaningful
 * <title> — and which headings cut chapters: every heading at the highest level left, plus any
 * lower one that reads as a chapter heading ("Chapter 3"). Other headings stay in the text.
 */
export function resolveTitleAndHeadings(
  input: readonly DomBlock[],
  docTitle: string | null,
  filename: string,
): { blocks: DomBlock[]; title: string | null; creators: string[] } {
  let blocks = [...input];
  let title: string | null = null;
  const creators: string[] = [];
  const first = blocks.findIndex((b) => b.kind !== 'separator');
  const head = blocks[first];
  const h1s = blocks.filter((b) => b.level === 1).length;
  if (
    head?.level &&
    (/\btitle\b/.test(head.className ?? '') || (head.level === 1 && h1s === 1)) &&
    matchChapterHeading(head.text) === null
  ) {
    title = head.text.replace(/\s+/g, ' ').trim();
    blocks.splice(first, 1);
  } else if (docTitle && !GENERIC_TITLE.test(docTitle) && !isFileName(docTitle, filename)) {
    title = docTitle;
    if (head?.level && head.text.trim().toLowerCase() === docTitle.toLowerCase()) blocks.splice(first, 1);
  }
  // "by Name" right under the title.
  const byIdx = blocks.findIndex((b) => b.kind !== 'separator');
  const by = /^by\s+(.{1,60})$/i.exec(blocks[byIdx]?.text.trim() ?? '');
  if (title && by && countWordsIn(by[1]!) <= 6) {
    creators.push(by[1]!.trim());
    blocks.splice(byIdx, 1);
  }
  const levels = blocks.filter((b) => b.level).map((b) => b.level!);
  const top = levels.length > 0 ? Math.min(...levels) : 0;
  blocks = blocks.map((b) =>
    b.level && (b.level === top || matchChapterHeading(b.text) !== null) ? { ...b, kind: 'heading' as const } : b,
  );
  return { blocks, title, creators };
}

function isFileName(title: string, filename: string): boolean {
  const stem = basename(filename).replace(/\.[^.]+$/, '');
  return title.trim().toLowerCase() === stem.toLowerCase() || /\.(?:docx?|html?|txt|rtf|odt)$/i.test(title.trim());
}

/** The charset a page declares in its first bytes, for pages saved in a legacy encoding. */
function sniffCharset(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 4096).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1] ?? null;
}

/** The blocks a document flattens into, before any analysis (for tests and debugging). */
export function htmlBlocks(html: string): DomBlock[] {
  const walker = new Walker();
  walker.walk(parseDocument(html, { lowerCaseTags: true, lowerCaseAttributeNames: true }).children);
  return walker.blocks;
}

/** Flattens a DOM into paragraph blocks, counting empty paragraphs as blank lines. */
class Walker {
  blocks: DomBlock[] = [];
  fields: HeaderField[] = [];
  tags: { type: TagType; name: string }[] = [];
  creators: string[] = [];
  private gap = 0;

  walk(nodes: readonly Node[]): void {
    let run: (Element | Text)[] = [];
    const flush = () => {
      // Whitespace between block elements is source formatting, not an empty paragraph.
      if (run.some((n) => DomUtils.isTag(n) || n.data.trim() !== '')) this.inline(run, null);
      run = [];
    };
    for (const node of nodes) {
      if (!DomUtils.isTag(node)) {
        if (DomUtils.isText(node)) run.push(node);
        continue;
      }
      const el = node;
      const name = el.name;
      if (SKIP.has(name) || isHidden(el)) continue;
      if (name === 'br' || (!BLOCKISH.has(name) && !hasBlockChild(el))) {
        run.push(el);
        continue;
      }
      flush();
      this.element(el);
    }
    flush();
  }

  private element(el: Element): void {
    const name = el.name;
    const cls = el.attribs.class ?? '';
    const heading = HEADING.exec(name);
    if (name === 'hr') {
      this.push({ kind: 'separator', text: '***', html: '<hr>', gapBefore: 0 });
    } else if (heading) {
      const text = textOf(el.children);
      if (!text) this.gap++;
      else
        this.push({
          kind: 'text',
          text,
          html: DomUtils.getOuterHTML(el, SERIALIZE),
          gapBefore: 0,
          level: Number(heading[1]),
          className: cls,
        });
    } else if (/\b(?:message|landmark)\b/.test(cls) && /\barchive\b|\bao3\b/i.test(textOf(el.children))) {
      // AO3 download boilerplate ("Posted originally on the Archive of Our Own at ...").
    } else if (/\bbyline\b/.test(cls)) {
      const links = DomUtils.findAll((e) => e.name === 'a', el.children).map((a) => textOf(a.children));
      this.creators.push(...(links.length > 0 ? links : [textOf(el.children).replace(/^by\s+/i, '')]));
    } else if (name === 'dl' && this.metadataList(el)) {
      // AO3's tag list: taken as fields, not text.
    } else if (name === 'p') {
      this.inline(el.children, el);
    } else if (WHOLE.has(name) && !(name === 'blockquote' && /\buserstuff\b/.test(cls))) {
      const text = textOf([el]);
      if (!text && !hasImage(el)) this.gap++;
      else this.push({ kind: 'text', text, html: DomUtils.getOuterHTML(el, SERIALIZE), gapBefore: 0 });
    } else if (hasBlockChild(el)) {
      this.walk(el.children);
    } else {
      this.inline(el.children, null);
    }
  }

  /** Inline content as one paragraph, or several where two or more <br> in a row split it. */
  private inline(nodes: readonly Node[], p: Element | null): void {
    const segments: { nodes: Node[]; brsBefore: number }[] = [{ nodes: [], brsBefore: 0 }];
    let brs = 0;
    let pending: Node[] = [];
    for (const node of nodes) {
      if (DomUtils.isTag(node) && node.name === 'br') {
        brs++;
        pending.push(node);
        continue;
      }
      if (DomUtils.isText(node) && !node.data.trim() && brs > 0) {
        pending.push(node);
        continue;
      }
      const current = segments[segments.length - 1]!;
      if (brs >= 2 && current.nodes.length > 0) {
        segments.push({ nodes: [node], brsBefore: brs });
      } else {
        current.nodes.push(...pending, node);
      }
      pending = [];
      brs = 0;
    }
    segments.forEach((seg, k) => {
      if (k > 0) this.gap += Math.max(0, seg.brsBefore - 2);
      const text = textOf(seg.nodes);
      if (!text && !seg.nodes.some((n) => DomUtils.isTag(n) && hasImage(n))) {
        this.gap++;
        return;
      }
      const attrs = p ? keptAttributes(p) : '';
      const inner = seg.nodes
        .map((n) => DomUtils.getOuterHTML(n, SERIALIZE))
        .join('')
        .trim();
      this.push({ kind: 'text', text, html: `<p${attrs}>${inner}</p>`, gapBefore: 0 });
    });
    if (brs >= 2) this.gap += brs - 1;
  }

  private push(block: DomBlock): void {
    // "***" in a paragraph of its own is the writer's scene break, as in plain text.
    if (block.kind === 'text' && !block.level && isSeparatorLine(block.text)) {
      block = { kind: 'separator', text: block.text, html: '<hr>', gapBefore: 0 };
    }
    block.gapBefore = this.blocks.length > 0 ? this.gap : 0;
    this.gap = 0;
    this.blocks.push(block);
  }

  /** A <dl> of "Rating:", "Fandom:", ... pairs (AO3's download preface): tags, not text. */
  private metadataList(dl: Element): boolean {
    const items = dl.children.filter((n): n is Element => DomUtils.isTag(n) && (n.name === 'dt' || n.name === 'dd'));
    const fields: HeaderField[] = [];
    const tags: { type: TagType; name: string }[] = [];
    let key: FieldKey | null = null;
    let known = 0;
    for (const item of items) {
      if (item.name === 'dt') {
        // Keys Quire has no use for ("Stats:", "Collections:") are skipped, not fatal.
        key = fieldKeyFor(textOf(item.children).replace(/:\s*$/, ''));
        if (key) known++;
      } else if (key && key !== 'ignored') {
        // Each link is one tag, commas and all ("Harry Potter - J. K. Rowling").
        const links = DomUtils.findAll((e) => e.name === 'a', item.children).map((a) => textOf(a.children));
        const type = (TAG_TYPES as readonly string[]).includes(key) ? (key as TagType) : null;
        if (type && links.length > 0) tags.push(...links.map((name) => ({ type, name })));
        else fields.push({ key, value: textOf(item.children) });
      }
    }
    if (known < 2 || (fields.length === 0 && tags.length === 0)) return false;
    this.fields.push(...fields);
    this.tags.push(...tags);
    return true;
  }
}

function keptAttributes(el: Element): string {
  return ['align', 'dir', 'lang']
    .filter((a) => el.attribs[a])
    .map((a) => ` ${a}="${el.attribs[a]!.replace(/"/g, '&quot;')}"`)
    .join('');
}

function isHidden(el: Element): boolean {
  return el.attribs.hidden !== undefined || /display\s*:\s*none/i.test(el.attribs.style ?? '');
}

function hasBlockChild(el: Element): boolean {
  return DomUtils.findOne((e) => BLOCKISH.has(e.name), el.children, true) !== null;
}

function hasImage(node: Node): boolean {
  if (!DomUtils.isTag(node)) return false;
  return node.name === 'img' || DomUtils.findOne((e) => e.name === 'img', node.children, true) !== null;
}

/** Plain text as a reader sees it: whitespace collapsed, <br> as "\n", blocks apart by a blank line. */
export function textOf(nodes: readonly Node[]): string {
  let out = '';
  const visit = (n: Node) => {
    if (DomUtils.isText(n)) {
      out += n.data.replace(/[\s\u00a0]+/g, ' ');
    } else if (DomUtils.isTag(n)) {
      if (SKIP.has(n.name)) return;
      if (n.name === 'br') {
        out += '\n';
        return;
      }
      const block = BLOCKISH.has(n.name);
      if (block) out += '\n\n';
      n.children.forEach(visit);
      if (block) out += '\n\n';
    }
  };
  nodes.forEach(visit);
  return out
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
