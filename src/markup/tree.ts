// A small markup tree parsed with htmlparser2, for the EPUB reader and writer: queries, text, and
// HTML serialisation of a tree (for bodies handed on to the importers' sanitiser).

import { Parser } from 'htmlparser2';
import { escapeAttr, escapeXml } from './escape.ts';

export interface MarkupElement {
  name: string;
  attrs: Record<string, string>;
  children: MarkupNode[];
}
export type MarkupNode = MarkupElement | string;

export interface ParseOptions {
  /** XML rules: names keep their case and prefix, every element may self-close, no HTML implied tags. */
  xml?: boolean;
}

// Elements whose content is discarded with them: never reading matter.
export const DROPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'head',
  'title',
  'textarea',
  'select',
  'button',
  'form',
  'input',
]);

/** A tree of the markup under a synthetic `#root` element. Comments and processing instructions are left out. */
export function parseMarkup(source: string, options: ParseOptions = {}): MarkupElement {
  const root: MarkupElement = { name: '#root', attrs: {}, children: [] };
  const stack: MarkupElement[] = [root];
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const el: MarkupElement = { name, attrs: attribs, children: [] };
        stack[stack.length - 1]!.children.push(el);
        stack.push(el);
      },
      onclosetag() {
        if (stack.length > 1) stack.pop();
      },
      ontext(data) {
        const children = stack[stack.length - 1]!.children;
        const last = children.length - 1;
        if (last >= 0 && typeof children[last] === 'string') children[last] += data;
        else children.push(data);
      },
    },
    { xmlMode: options.xml ?? false, decodeEntities: true, recognizeSelfClosing: true },
  );
  parser.write(source);
  parser.end();
  return root;
}

/** The local part of a possibly prefixed name: `dc:title` -> `title`. */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return (colon < 0 ? name : name.slice(colon + 1)).toLowerCase();
}

export function isElement(node: MarkupNode): node is MarkupElement {
  return typeof node !== 'string';
}

export function childElements(el: MarkupElement): MarkupElement[] {
  return el.children.filter(isElement);
}

/** Every element under `el` (not `el` itself), in document order. */
export function descendants(el: MarkupElement, out: MarkupElement[] = []): MarkupElement[] {
  for (const child of el.children) {
    if (typeof child === 'string') continue;
    out.push(child);
    descendants(child, out);
  }
  return out;
}

/** The first element, depth first, whose local name is `name`. */
export function findElement(el: MarkupElement, name: string): MarkupElement | null {
  for (const child of el.children) {
    if (typeof child === 'string') continue;
    if (localName(child.name) === name) return child;
    const found = findElement(child, name);
    if (found) return found;
  }
  return null;
}

export function hasClass(el: MarkupElement, cls: string): boolean {
  const value = el.attrs.class;
  return value?.split(/\s+/).includes(cls) ?? false;
}

/** The text of a subtree; `<br>` and block boundaries become newlines when `lines` is set. */
export function textContent(node: MarkupNode, lines = false): string {
  if (typeof node === 'string') return node;
  if (DROPPED.has(node.name)) return '';
  if (lines && node.name === 'br') return '\n';
  let out = '';
  for (const child of node.children) out += textContent(child, lines);
  if (lines && !PHRASING.has(node.name) && node.name !== '#root') out = `\n${out}\n`;
  return out;
}

// HTML5 phrasing content we keep (after xhtml.ts renames obsolete elements). `a`, `del` and `ins` are transparent in
// HTML5; treating them as phrasing is always valid.
export const PHRASING = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'br',
  'cite',
  'code',
  'del',
  'dfn',
  'em',
  'i',
  'img',
  'ins',
  'kbd',
  'mark',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'time',
  'u',
  'var',
  'wbr',
]);

// ---------------------------------------------------------------------------------------------
// HTML serialisation (for bodies handed on to the importers' sanitiser)

const HTML_VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

export function toHtml(nodes: readonly MarkupNode[]): string {
  let out = '';
  for (const node of nodes) {
    if (typeof node === 'string') {
      out += escapeXml(node);
      continue;
    }
    const name = localName(node.name);
    if (DROPPED.has(name)) continue;
    let attrs = '';
    for (const [k, v] of Object.entries(node.attrs)) attrs += ` ${k}="${escapeAttr(v)}"`;
    out += HTML_VOID.has(name) ? `<${name}${attrs}>` : `<${name}${attrs}>${toHtml(node.children)}</${name}>`;
  }
  return out;
}
