// HTML that escapes by construction: every value interpolated into html`...` is escaped unless it
// is already markup: another template, an XmlFragment (XHTML reads as HTML), or SanitizedHtml, the
// type only the importers' sanitiser produces, wrapped by sanitizedHtml(). This is what keeps
// user-supplied strings inert on every page.
import { escapeHtml } from './escape.ts';
import { XmlFragment } from './xml.ts';

declare const SANITIZED: unique symbol;
/**
 * A body that passed importers/sanitize.ts' allow-list: chapter text, notes, comments, bookmark
 * notes. Only the sanitiser makes one; the database columns that hold them read back as one
 * (db/schema.ts), since every write stores sanitiser output.
 */
export type SanitizedHtml = string & { readonly [SANITIZED]: true };

/** No body: a muted or deleted comment's. */
export const NO_HTML = '' as SanitizedHtml;

const MINT = Symbol('html');

export class SafeHtml {
  readonly value: string;
  /** Only this module mints markup; a bare string never becomes SafeHtml. */
  constructor(mint: symbol, value: string) {
    if (mint !== MINT) throw new TypeError('SafeHtml is made by the html template only');
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | XmlFragment | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(v: HtmlValue): string {
  if (v === null || v === undefined || v === false || v === true) return '';
  if (v instanceof SafeHtml || v instanceof XmlFragment) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(MINT, out);
}

/**
 * A style sheet written in the source, for a <style> element (whose text is not unescaped, so it
 * cannot go through html`...`). It takes no values: no data can reach it.
 */
export function css(strings: TemplateStringsArray, ...none: never[]): SafeHtml {
  const sheet = strings.raw.join('');
  if (none.length > 0 || /<\/style/i.test(sheet)) throw new TypeError('css`...` takes a literal style sheet only');
  return new SafeHtml(MINT, strings[0]!);
}

/** A sanitised body as markup, to interpolate as it is. */
export function sanitizedHtml(body: SanitizedHtml): SafeHtml {
  return new SafeHtml(MINT, body);
}

/**
 * Escaped markup to store: the plain-text forms of writers' and readers' text (paragraphs.ts) are
 * safe by construction, so they are stored beside sanitiser output and read back as it.
 */
export function storableHtml(markup: SafeHtml): SanitizedHtml {
  return markup.value as SanitizedHtml;
}
