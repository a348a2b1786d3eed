// What readers write (comments, bookmark notes) becomes HTML here. Plain text is the common case:
// blank lines make paragraphs, single line breaks stay line breaks, and every character is
// escaped. Text that contains tags is read as HTML, cut down to a small set of inline and block
// elements, then passed through the archive's one sanitiser (sanitizeWorkHtml) like every other
// stored body, so links get rel="nofollow" and no script, handler or javascript: URL survives.
import sanitizeHtml from 'sanitize-html';
import { type SanitizedHtml, storableHtml } from '../markup/html.ts';
import { textParagraphs } from '../markup/paragraphs.ts';
import { DROPPED_WITH_CONTENT, sanitizeWorkHtml } from '../importers/sanitize.ts';
import { htmlToText } from '../analysis/word-count.ts';

/** What a reader may use in a comment: AO3's comment tags, without tables, images or headings. */
const READER_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'em',
    'strong',
    'i',
    'b',
    'u',
    's',
    'del',
    'ins',
    'sup',
    'sub',
    'small',
    'blockquote',
    'q',
    'cite',
    'code',
    'pre',
    'ul',
    'ol',
    'li',
    'a',
    'abbr',
  ],
  allowedAttributes: { a: ['href'], abbr: ['title'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  nonTextTags: [...DROPPED_WITH_CONTENT],
  disallowedTagsMode: 'discard',
};

const TAG = /<\/?[a-z][a-z0-9]*(\s[^>]*)?\/?>/i;
const BLOCK = /<(p|blockquote|ul|ol|pre|div)[\s>]/i;

// How much a reader may write: AO3's limits, shared by the services that check them and the
// forms that say them.
export const COMMENT_MAX_CHARS = 10_000;
export const BOOKMARK_NOTES_MAX_CHARS = 5_000;
export const BOOKMARK_TAG_MAX_CHARS = 75;
export const PROFILE_MAX_CHARS = 2_000;
export const REASON_MIN_CHARS = 10;
export const REASON_MAX_CHARS = 2_000;

/** A short plain-text glimpse of stored HTML, for the report queue and its labels. */
export function excerpt(html: string, max = 160): string {
  const text = htmlToText(html).replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export class UserTextError extends Error {}

/** Characters as a reader counts them (a code point each, so an emoji is one). */
export function characterCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** HTML a reader wrote without paragraphs of its own, given them by blank lines; the sanitiser follows. */
function shapeParagraphs(markup: string): string {
  return markup
    .split(/\n[ \t]*\n\s*/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map(
      (p) =>
        `<p>${p
          .split('\n')
          .map((line) => line.trim())
          .join('<br>')}</p>`,
    )
    .join('\n');
}

/**
 * A reader's text as safe HTML. Throws UserTextError when it is empty (or empty once unsafe
 * markup is gone) or longer than `maxChars`, naming the limit and the length.
 */
export function readerHtml(input: string, opts: { what: string; maxChars: number }): SanitizedHtml {
  const text = input.replace(/\r\n?/g, '\n').trim();
  if (!text) throw new UserTextError(`${capitalise(opts.what)} cannot be empty.`);
  const length = characterCount(text);
  if (length > opts.maxChars) {
    throw new UserTextError(
      `${capitalise(opts.what)} can be at most ${opts.maxChars.toLocaleString('en')} characters; yours has ${length.toLocaleString('en')}.`,
    );
  }
  let html: SanitizedHtml;
  if (!TAG.test(text)) html = storableHtml(textParagraphs(text));
  else {
    // HTML without paragraphs of its own still gets them from blank lines, as AO3's parser does.
    const shaped = BLOCK.test(text) ? text : shapeParagraphs(text);
    html = sanitizeWorkHtml(sanitizeHtml(shaped, READER_OPTIONS));
  }
  if (!htmlToText(html).trim())
    throw new UserTextError(`${capitalise(opts.what)} has nothing left once unsafe HTML is removed.`);
  return html;
}

/**
 * Text for an edit box: what the reader typed when it was plain text (paragraphs and line breaks
 * only), the stored HTML otherwise.
 */
export function editableText(html: string): string {
  const onlyParagraphs = html.replace(/<\/?p>|<br>/g, '');
  if (!/[<>]/.test(onlyParagraphs)) return htmlToText(html);
  return html;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
