// Plain text as paragraphs, the one rule for every place a writer's or reader's text becomes
// markup (summaries in downloads, comments, bookmark notes, posting forms): blank lines end a
// paragraph, single line breaks stay line breaks, lines are trimmed, every character is escaped.
import { html, type SafeHtml } from './html.ts';
import { joinXml, xml, type XmlFragment } from './xml.ts';

function split(text: string): string[][] {
  const trimmed = text.replace(/\r\n?/g, '\n').trim();
  if (!trimmed) return [];
  return trimmed.split(/\n\s*\n/).map((p) => p.split('\n').map((line) => line.trim()));
}

/** `<p>` elements joined by newlines; `<br>` in HTML, `<br/>` in XHTML (EPUB). */
export function textParagraphs(text: string): SafeHtml;
export function textParagraphs(text: string, as: 'xhtml'): XmlFragment;
export function textParagraphs(text: string, as?: 'xhtml'): SafeHtml | XmlFragment {
  const paras = split(text);
  if (as === 'xhtml')
    return joinXml(
      paras.map((lines) => xml`<p>${lines.map((l, k) => (k ? xml`<br/>${l}` : l))}</p>`),
      '\n',
    );
  return html`${paras.map((lines, n) => html`${n ? '\n' : ''}<p>${lines.map((l, k) => (k ? html`<br>${l}` : l))}</p>`)}`;
}
