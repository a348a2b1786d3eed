// XML that escapes by construction: Atom and OPDS feeds and every file of an EPUB (XHTML, OPF,
// NCX). A value interpolated into xml`...` is escaped, and stripped of characters XML forbids,
// unless it is already an XmlFragment. One unescaped `&` makes a whole feed or book unreadable.
import { escapeAttr } from './escape.ts';

const MINT = Symbol('xml');

export class XmlFragment {
  readonly value: string;
  /** Only this module mints fragments (the template, unsafeXml); a bare string never becomes one. */
  constructor(mint: symbol, value: string) {
    if (mint !== MINT) throw new TypeError('XmlFragment is made by the xml template only');
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

export type XmlValue = XmlFragment | string | number | null | undefined | false | readonly XmlValue[];

function render(v: XmlValue): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof XmlFragment) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  // Escaping quotes too makes one escape right for text and attribute values alike, so no value's
  // safety depends on where in the markup it lands (a fragment may be built apart from its tag).
  return escapeAttr(String(v));
}

export function xml(strings: TemplateStringsArray, ...values: XmlValue[]): XmlFragment {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new XmlFragment(MINT, out);
}

/** Fragments one per line, as feeds and the EPUB's files are laid out. */
export function joinXml(parts: readonly XmlFragment[], separator: '\n'): XmlFragment {
  return new XmlFragment(MINT, parts.map((p) => p.value).join(separator));
}

export function xmlDocument(root: XmlFragment): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root.value}\n`;
}

/**
 * Markup a builder in src/markup/ wrote itself, escaping every value as it went (the XHTML writer).
 * scripts/check-layers.mjs refuses this import anywhere else.
 */
export function unsafeXml(built: string): XmlFragment {
  return new XmlFragment(MINT, built);
}
