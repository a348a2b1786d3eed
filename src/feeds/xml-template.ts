// XML that escapes by default, like web/html.ts for pages: every value interpolated into
// xml`...` is escaped (and stripped of characters XML forbids) unless it is already an XmlFragment.
// Feeds are read by other programs, and one unescaped `&` in a title makes the whole feed
// unreadable, so no string reaches a feed any other way.
import { escapeAttr } from '../exporters/xml.ts';

export class XmlFragment {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Value = XmlFragment | string | number | null | undefined | false | readonly Value[];

function render(v: Value): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof XmlFragment) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  // Escaping quotes too makes one escape right for text and attribute values alike.
  return escapeAttr(String(v));
}

export function xml(strings: TemplateStringsArray, ...values: Value[]): XmlFragment {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new XmlFragment(out);
}

export function xmlDocument(root: XmlFragment): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root.value}\n`;
}
