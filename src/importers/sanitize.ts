// The one gate every imported body passes before it is stored. The allowlist follows AO3's
// (otwcode/otwarchive config/sanitizer), minus class/style: Quire styles works itself, so
// writer CSS and classes would only break the reader's themes.

import sanitizeHtml from 'sanitize-html';
import type { SanitizedHtml } from '../markup/html.ts';

const GLOBAL_ATTRIBUTES = ['dir', 'lang', 'title'];

/** Forms, scripts and embeds: dropped with everything inside them, not just their tags. */
export const DROPPED_WITH_CONTENT: readonly string[] = [
  'script',
  'style',
  'textarea',
  'option',
  'noscript',
  'iframe',
  'object',
  'embed',
  'template',
  'svg',
  'math',
  'select',
  'button',
  'head',
  'title',
];

const ALIGNABLE = ['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'td', 'th', 'tr'];

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'em',
    'strong',
    'i',
    'b',
    'u',
    's',
    'strike',
    'del',
    'ins',
    'sup',
    'sub',
    'small',
    'big',
    'blockquote',
    'q',
    'cite',
    'abbr',
    'acronym',
    'code',
    'pre',
    'span',
    'div',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'ul',
    'ol',
    'li',
    'dl',
    'dt',
    'dd',
    'table',
    'caption',
    'colgroup',
    'col',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'a',
    'img',
  ],
  allowedAttributes: {
    '*': GLOBAL_ATTRIBUTES,
    a: [...GLOBAL_ATTRIBUTES, 'href', 'rel'],
    img: [...GLOBAL_ATTRIBUTES, 'src', 'alt', 'width', 'height'],
    ol: [...GLOBAL_ATTRIBUTES, 'start', 'type'],
    td: [...GLOBAL_ATTRIBUTES, 'colspan', 'rowspan', 'align'],
    th: [...GLOBAL_ATTRIBUTES, 'colspan', 'rowspan', 'align'],
    col: [...GLOBAL_ATTRIBUTES, 'span'],
    colgroup: [...GLOBAL_ATTRIBUTES, 'span'],
    ...Object.fromEntries(
      ALIGNABLE.filter((t) => t !== 'td' && t !== 'th').map((t) => [t, [...GLOBAL_ATTRIBUTES, 'align']]),
    ),
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  nonTextTags: [...DROPPED_WITH_CONTENT],
  disallowedTagsMode: 'discard',
  // A fragment, not a page: keep text that sits outside a stray <html> element.
  enforceHtmlBoundary: false,
  transformTags: {
    // Links in fan works point away from the archive; nofollow keeps them from being spam bait.
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow' } }),
  },
  // Relative image paths point into the writer's computer, not the web: drop the image.
  exclusiveFilter: (frame) => frame.tag === 'img' && !/^https?:\/\//i.test(frame.attribs.src ?? ''),
};

/** The one maker of SanitizedHtml: what this returns may be shown and stored as it is. */
export function sanitizeWorkHtml(html: string): SanitizedHtml {
  return sanitizeHtml(html, OPTIONS).trim() as SanitizedHtml;
}
