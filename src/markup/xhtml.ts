// A stored body (sanitised HTML: `<br>`, `&nbsp;`, unclosed `<p>`) as XHTML that epubcheck
// accepts: well-formed, only XML's own entities, and each element where HTML5's content models
// allow it (EPUB 3 content documents are validated against them). A markup builder: it escapes
// every value it writes, so its result is an XmlFragment.

import { escapeAttr, escapeXml } from './escape.ts';
import { DROPPED, type MarkupElement, type MarkupNode, PHRASING, parseMarkup } from './tree.ts';
import { unsafeXml, type XmlFragment } from './xml.ts';

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
export function htmlToXhtml(html: string, options: XhtmlOptions = {}): XmlFragment {
  const tree = normalise(parseMarkup(html));
  const w = new XhtmlWriter(options);
  w.flow(tree.children, []);
  // Every element and attribute was written above from the allow-list, every text escaped: any
  // input string, sanitised or not, comes out inert.
  return unsafeXml(w.out);
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
