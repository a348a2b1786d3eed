// The escapes behind the markup templates (html.ts, xml.ts). Code outside src/markup/ interpolates
// into a template instead of calling these, so a value cannot reach markup unescaped by omission.

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Text or an attribute value in an HTML page. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c]!);
}

// Characters XML 1.0 forbids (C0 controls but tab/LF/CR, unpaired surrogates, U+FFFE/U+FFFF), plus
// the C1 controls HTML5 calls errors; a stray one makes the whole document unreadable.
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function stripInvalidXmlChars(text: string): string {
  return text.replace(NOT_XML, '');
}

/** XML text content. */
export function escapeXml(text: string): string {
  return stripInvalidXmlChars(text).replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** An XML attribute value (quoted with "); also right for text content. */
export function escapeAttr(text: string): string {
  return stripInvalidXmlChars(text).replace(/[&<>"]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;',
  );
}
