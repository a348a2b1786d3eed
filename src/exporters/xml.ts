// Markup plumbing for the EPUB writer and reader: XML escaping, a small tree parsed with
// htmlparser2, HTML serialisation of that tree, and the conversion of a stored body (sanitised
// HTML: `<br>`, `&nbsp;`, unclosed `<p>`) into XHTML that epubcheck accepts — well-formed, only
// XML's own entities, and each element where HTML5's content models allow it (EPUB 3 content
// documents are validated against them).

import { Parser } from 'htmlparser2';

export interface MarkupElement {
  name: string;
  attrs: Record<string, string>;
  children: MarkupNode[];
}
export type MarkupNode = MarkupElement | string;

// ---------------------------------------------------------------------------------------------
// Escaping

// Characters XML 1.0 forbids (C0 controls but tab/LF/CR, unpaired surrogates, U+FFFE/U+FFFF), plus
// the C1 controls HTML5 calls errors; a stray one makes the whole document unreadable.
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function stripInvalidXmlChars(text: string): string {
  return text.replace(NOT_XML, '');
}

export function escapeXml(text: string): string {
  return stripInvalidXmlChars(text).replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

export function escapeAttr(text: string): string {
  return stripInvalidXmlChars(text).replace(/[&<>"]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;',
  );
}

// ---------------------------------------------------------------------------------------------
// Parsing

export interface ParseOptions {
  /** XML rules: names keep their case and prefix, every element may self-close, no HTML implied tags. */
  xml?: boolean;
}

// Elements whose content is discarded with them: never reading matter.
const DROPPED = new Set([
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

// ---------------------------------------------------------------------------------------------
// HTML body -> XHTML

// HTML5 phrasing content we keep (after renaming below). `a`, `del` and `ins` are transparent in
// HTML5; treating them as phrasing is always valid.
const PHRASING = new Set([
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
// Blocks whose content must be phrasing only.
const PHRASING_BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre']);
// Blocks that hold flow content.
const FLOW_BLOCKS = new Set(['div', 'blockquote', 'li', 'dt', 'dd', 'td', 'th', 'caption']);
// Obsolete or unknown-to-EPUB elements and what they become; `big` keeps its look through the CSS.
const RENAMED: Record<string, { name: string; attrs?: Record<string, string> }> = {
  acronym: { name: 'abbr' },
  strike: { name: 's' },
  tt: { name: 'code' },
  big: { name: 'span', attrs: { class: 'big' } },
  font: { name: 'span' },
  center: { name: 'div', attrs: { style: 'text-align: center' } },
  section: { name: 'div' },
  article: { name: 'div' },
  aside: { name: 'div' },
  header: { name: 'div' },
  footer: { name: 'div' },
  main: { name: 'div' },
  nav: { name: 'div' },
  figure: { name: 'div' },
  figcaption: { name: 'div' },
  address: { name: 'div' },
  details: { name: 'div' },
  summary: { name: 'div' },
};
const STRUCTURED = new Set(['ul', 'ol', 'dl', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'colgroup', 'col', 'hr']);

const LANG = /^(?:[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*)?$/;
const ALIGN = new Set(['left', 'right', 'center', 'justify']);
const POSITIVE = /^[1-9]\d{0,3}$/;

export interface XhtmlOptions {
  /** Absolute URL that relative links in the body resolve against; without it they are unlinked. */
  baseUrl?: string;
}

/**
 * A stored body as an XHTML fragment: the content of a `<div>` in an EPUB content document.
 * Phrasing elements wrapped around blocks are pushed inside them (`<em><p>a</p><p>b</p></em>`
 * becomes `<p><em>a</em></p><p><em>b</em></p>`), blocks inside paragraphs split them, stray
 * content in lists and tables gets the item or cell it lacked, images (remote, so not allowed in
 * an EPUB) become links, and links that would not resolve inside a book lose their link.
 */
export function htmlToXhtml(html: string, options: XhtmlOptions = {}): string {
  const tree = normalise(parseMarkup(html));
  const w = new XhtmlWriter(options);
  w.flow(tree.children, []);
  return w.out;
}

/** Renames obsolete elements, drops dangerous ones with their content, unwraps unknown ones. */
function normalise(el: MarkupElement): MarkupElement {
  const children: MarkupNode[] = [];
  for (const child of el.children) {
    if (typeof child === 'string') {
      children.push(child);
      continue;
    }
    const name = child.name.toLowerCase();
    if (DROPPED.has(name)) continue;
    const renamed = RENAMED[name];
    const known = renamed ? renamed.name : name;
    if (!PHRASING.has(known) && !PHRASING_BLOCKS.has(known) && !FLOW_BLOCKS.has(known) && !STRUCTURED.has(known)) {
      children.push(...normalise(child).children); // unknown: keep what it holds
      continue;
    }
    const attrs = renamed?.attrs ? { ...child.attrs, ...renamed.attrs } : child.attrs;
    children.push(normalise({ name: known, attrs, children: child.children }));
  }
  return { name: el.name, attrs: el.attrs, children };
}

function isBlank(node: MarkupNode): boolean {
  // Only XML whitespace: a paragraph of &nbsp; is a deliberate blank line.
  return typeof node === 'string' && /^[ \t\n\r\f]*$/.test(node);
}

function isPhrasingNode(node: MarkupNode): boolean {
  return typeof node === 'string' || PHRASING.has(node.name);
}

const blockMemo = new WeakMap<MarkupElement, boolean>();
function holdsBlock(el: MarkupElement): boolean {
  let known = blockMemo.get(el);
  if (known === undefined) {
    known = el.children.some((c) => typeof c !== 'string' && (!PHRASING.has(c.name) || holdsBlock(c)));
    blockMemo.set(el, known);
  }
  return known;
}

interface Wrap {
  open: string;
  close: string;
  /** The wrap is a link, so nothing inside may be one. */
  link: boolean;
}

// Items and cells found outside their list or table keep their content, not their tag.
const OUT_OF_PLACE = new Set([
  'li',
  'dt',
  'dd',
  'td',
  'th',
  'caption',
  'tr',
  'thead',
  'tbody',
  'tfoot',
  'colgroup',
  'col',
]);

class XhtmlWriter {
  out = '';
  constructor(private readonly options: XhtmlOptions) {}

  /**
   * Flow content. `wraps` are phrasing elements that were wrapped around blocks and now wrap each
   * run of phrasing content instead; `container` is a phrasing-only block (a `<p>` that held a
   * block) whose runs each become a copy of it.
   */
  flow(children: readonly MarkupNode[], wraps: readonly Wrap[], container?: MarkupElement): void {
    let run: MarkupNode[] = [];
    const flush = () => {
      if (run.length === 0) return;
      if (run.every(isBlank)) {
        if (!container) for (const n of run) this.out += escapeXml(n as string);
      } else {
        if (container) this.out += this.open(container);
        this.wrapped(run, wraps);
        if (container) this.out += `</${container.name}>`;
      }
      run = [];
    };
    for (const child of children) {
      if (typeof child === 'string' || (PHRASING.has(child.name) && !holdsBlock(child))) {
        run.push(child);
      } else if (PHRASING.has(child.name)) {
        flush();
        const inLink = wraps.some((w) => w.link);
        const [open, close] = this.tags(child, inLink);
        this.flow(
          child.children,
          [...wraps, { open, close, link: inLink || (child.name === 'a' && open !== '') }],
          container,
        );
      } else if (OUT_OF_PLACE.has(child.name) || (container && PHRASING_BLOCKS.has(child.name))) {
        // A list item or cell with no list or table, or a paragraph inside a heading: keep the
        // content, lose the tag.
        flush();
        this.flow(child.children, wraps, container);
      } else {
        flush();
        this.block(child, wraps);
      }
    }
    flush();
  }

  private wrapped(nodes: readonly MarkupNode[], wraps: readonly Wrap[]): void {
    for (const w of wraps) this.out += w.open;
    this.phrasing(
      nodes,
      wraps.some((w) => w.link),
    );
    for (let k = wraps.length - 1; k >= 0; k--) this.out += wraps[k]!.close;
  }

  private block(el: MarkupElement, wraps: readonly Wrap[]): void {
    const name = el.name;
    if (PHRASING_BLOCKS.has(name)) {
      if (el.children.length === 0) this.out += `${this.open(el)}</${name}>`;
      else if (el.children.some((c) => !isPhrasingNode(c) || (typeof c !== 'string' && holdsBlock(c))))
        this.flow(el.children, wraps, el);
      else {
        this.out += this.open(el);
        this.wrapped(el.children, wraps);
        this.out += `</${name}>`;
      }
      return;
    }
    if (FLOW_BLOCKS.has(name)) {
      this.out += this.open(el);
      this.flow(el.children, wraps);
      this.out += `</${name}>`;
      return;
    }
    switch (name) {
      case 'hr':
        this.out += '<hr/>';
        return;
      case 'ul':
      case 'ol':
        return this.structured(el, wraps, new Set(['li']), 'li');
      case 'dl':
        return this.structured(el, wraps, new Set(['dt', 'dd']), 'dd');
      case 'table':
        return this.structured(el, wraps, new Set(['caption', 'colgroup', 'thead', 'tbody', 'tfoot', 'tr']), 'tr');
      case 'thead':
      case 'tbody':
      case 'tfoot':
        return this.structured(el, wraps, new Set(['tr']), 'tr');
      case 'tr':
        return this.structured(el, wraps, new Set(['td', 'th']), 'td');
      case 'colgroup':
        this.out += this.open(el);
        for (const c of el.children) if (typeof c !== 'string' && c.name === 'col') this.out += this.open(c, true);
        this.out += '</colgroup>';
        return;
    }
  }

  /** An element that admits only some children; anything else is gathered into a `filler` child. */
  private structured(el: MarkupElement, wraps: readonly Wrap[], allowed: Set<string>, filler: string): void {
    this.out += this.open(el);
    let stray: MarkupNode[] = [];
    const flush = () => {
      if (stray.some((n) => !isBlank(n))) {
        const fill: MarkupElement = { name: filler, attrs: {}, children: stray };
        this.block(fill, wraps);
      }
      stray = [];
    };
    for (const child of el.children) {
      if (typeof child !== 'string' && allowed.has(child.name)) {
        flush();
        this.block(child, wraps);
      } else if (typeof child !== 'string' && child.name === 'col') {
        // A <col> outside a <colgroup> has no place in XHTML: it is dropped.
      } else {
        stray.push(child);
      }
    }
    flush();
    this.out += `</${el.name}>`;
  }

  /** Phrasing content only (blocks never reach here: flow() split them out). */
  private phrasing(nodes: readonly MarkupNode[], inLink: boolean): void {
    for (const node of nodes) {
      if (typeof node === 'string') {
        this.out += escapeXml(node);
      } else if (node.name === 'br' || node.name === 'wbr') {
        this.out += `<${node.name}/>`;
      } else if (node.name === 'img') {
        const label = node.attrs.alt?.trim() ? `[image: ${node.attrs.alt.trim()}]` : '[image]';
        const href = inLink ? null : this.href(node.attrs.src);
        this.out += href ? `<a href="${escapeAttr(href)}">${escapeXml(label)}</a>` : escapeXml(label);
      } else if (!PHRASING.has(node.name)) {
        this.phrasing(node.children, inLink);
      } else {
        const [open, close] = this.tags(node, inLink);
        this.out += open;
        this.phrasing(node.children, inLink || (node.name === 'a' && open !== ''));
        this.out += close;
      }
    }
  }

  /** Start and end tags of a phrasing element; empty for a link that cannot be one (nested, or no usable href). */
  private tags(el: MarkupElement, inLink: boolean): [string, string] {
    if (el.name !== 'a') return [this.open(el), `</${el.name}>`];
    const href = inLink ? null : this.href(el.attrs.href);
    if (!href) return ['', ''];
    const rel = (el.attrs.rel ?? '')
      .split(/\s+/)
      .filter((r) => r === 'nofollow' || r === 'noopener' || r === 'noreferrer');
    return [
      `<a href="${escapeAttr(href)}"${rel.length ? ` rel="${rel.join(' ')}"` : ''}${this.globalAttrs(el)}>`,
      '</a>',
    ];
  }

  /** Links leave the book for the web: only http(s) and mailto, made absolute when a base is known. */
  private href(raw: string | undefined): string | null {
    if (!raw) return null;
    const value = raw.trim();
    if (value.startsWith('#')) return null; // ids do not survive sanitising, so the target is gone
    let url: URL;
    try {
      url = this.options.baseUrl ? new URL(value, this.options.baseUrl) : new URL(value);
    } catch {
      return null;
    }
    return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:' ? url.href : null;
  }

  private globalAttrs(el: MarkupElement): string {
    let out = '';
    const { lang, dir, title } = el.attrs;
    if (lang !== undefined && LANG.test(lang)) out += ` lang="${escapeAttr(lang)}" xml:lang="${escapeAttr(lang)}"`;
    if (dir === 'ltr' || dir === 'rtl' || dir === 'auto') out += ` dir="${dir}"`;
    if (title !== undefined) out += ` title="${escapeAttr(title)}"`;
    return out;
  }

  private open(el: MarkupElement, selfClose = false): string {
    let attrs = this.globalAttrs(el);
    const a = el.attrs;
    const styles: string[] = [];
    if (a.style === 'text-align: center') styles.push(a.style); // from <center>
    const align = a.align?.toLowerCase();
    if (align && ALIGN.has(align)) styles.push(`text-align: ${align}`);
    if (a.class === 'big') attrs += ' class="big"';
    switch (el.name) {
      case 'ol':
        if (a.start !== undefined && /^-?\d{1,6}$/.test(a.start)) attrs += ` start="${a.start}"`;
        if (a.type !== undefined && /^[1aAiI]$/.test(a.type)) attrs += ` type="${a.type}"`;
        break;
      case 'td':
      case 'th':
        if (a.colspan !== undefined && POSITIVE.test(a.colspan)) attrs += ` colspan="${a.colspan}"`;
        if (a.rowspan !== undefined && /^\d{1,4}$/.test(a.rowspan)) attrs += ` rowspan="${a.rowspan}"`;
        break;
      case 'col':
      case 'colgroup':
        if (a.span !== undefined && POSITIVE.test(a.span)) attrs += ` span="${a.span}"`;
        break;
    }
    if (styles.length) attrs += ` style="${[...new Set(styles)].join('; ')}"`;
    return selfClose ? `<${el.name}${attrs}/>` : `<${el.name}${attrs}>`;
  }
}
