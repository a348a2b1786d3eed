// From analysed blocks to the ParsedWork every reader returns: labels stripped from notes,
// bodies sanitised, a provisional title made when the file states none. Shared by all formats
// so that the same story gives the same work whatever file it came in.

import type { AuthorNote, ParsedChapter, ParsedWork } from './parsed-work.ts';
import { fieldsToMetadata, type TagType } from './header-fields.ts';
import { ImportError } from './import-error.ts';
import { sanitizeWorkHtml } from './sanitize.ts';
import { piecesText, type Block, type BlockStructure, type NoteGroup, type Piece } from './structure.ts';
import type { Label } from './signals.ts';

export interface HtmlBlock extends Block {
  /** The block's own HTML (a <p>, <hr>, <ul>, ...), not yet sanitised. */
  html: string;
}

export interface WorkContext {
  filename: string;
  format: ParsedWork['source']['format'];
  /** What the file states outside the text itself (front matter, <title>, Title style). */
  title?: string | null;
  summary?: string | null;
  tags?: { type: TagType; name: string }[];
  creators?: string[];
  language?: string | null;
  /** Plain-text notes the file states outside the text (front matter "notes:"), work beginning. */
  notes?: string[];
  series?: { title: string; position: number | null }[];
  publishedAt?: string | null;
  updatedAt?: string | null;
}

export function buildWork(s: BlockStructure<HtmlBlock>, ctx: WorkContext): ParsedWork {
  const meta = fieldsToMetadata(s.fields);
  const noteHtml = (g: NoteGroup<HtmlBlock>): AuthorNote => ({
    position: g.position,
    html: sanitizeWorkHtml(piecesHtml(g.pieces)),
  });
  const notes: AuthorNote[] = [
    ...[...(ctx.notes ?? []), ...meta.notes].map((t): AuthorNote => ({ position: 'beginning', html: textToHtml(t) })),
    ...s.notes.map(noteHtml),
  ].filter((n) => n.html !== '');
  const chapters: ParsedChapter[] = s.chapters.map((c) => ({
    title: c.title,
    html: sanitizeWorkHtml(c.blocks.map((b) => b.html).join('\n')),
    notes: c.notes.map(noteHtml).filter((n) => n.html !== ''),
  }));
  if (chapters.every((c) => c.html === '') && notes.length === 0)
    throw new ImportError(ctx.filename, 'no text in file');

  const title = clean(ctx.title) ?? clean(s.title);
  const summary = clean(ctx.summary) ?? (s.summary ? clean(piecesText(s.summary)) : null) ?? clean(meta.summary);
  const firstText = s.chapters.flatMap((c) => c.blocks).find((b) => b.kind === 'text')?.text;
  const series = [...(ctx.series ?? []), ...meta.series];
  const publishedAt = ctx.publishedAt ?? meta.publishedAt;
  const updatedAt = ctx.updatedAt ?? meta.updatedAt;
  const tags: ParsedWork['tags'] = [];
  const seen = new Set<string>();
  for (const t of [...(ctx.tags ?? []), ...meta.tags]) {
    const id = `${t.type}\u0000${t.name.toLowerCase()}`;
    if (!seen.has(id)) {
      seen.add(id);
      tags.push(t);
    }
  }
  return {
    title,
    provisionalTitle: title ?? provisionalTitle(firstText ?? summary ?? stem(ctx.filename)),
    summary,
    notes,
    chapters,
    language: ctx.language ?? meta.language,
    tags,
    creators: [...new Set([...(ctx.creators ?? []), ...s.creators].map((c) => c.trim()).filter(Boolean))],
    source: { filename: ctx.filename, format: ctx.format },
    ...(series.length ? { series } : {}),
    ...(publishedAt ? { publishedAt } : {}),
    ...(updatedAt ? { updatedAt } : {}),
  };
}

function clean(s: string | null | undefined): string | null {
  const t = s?.trim();
  return t ? t : null;
}

function stem(filename: string): string {
  return (
    filename
      .replace(/^.*[\\/]/, '')
      .replace(/\.[^.]+$/, '')
      .replace(/[_-]+/g, ' ')
      .trim() || 'Untitled'
  );
}

function piecesHtml(pieces: readonly Piece<HtmlBlock>[]): string {
  return pieces
    .map((p) => (p.label ? stripLabelHtml(p.block.html, p.label) : p.block.html))
    .filter((html) => /<img\b/i.test(html) || html.replace(/<[^>]*>|&nbsp;|\s/g, '') !== '') // a label on a line of its own
    .join('\n');
}

// ---------------------------------------------------------------------------------------------
// Plain text to HTML

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** One paragraph: escaped, single newlines as <br>; a scene-break block as <hr>. */
export function textBlockHtml(b: Block): string {
  if (b.kind === 'separator') return '<hr>';
  return `<p>${escapeHtml(b.text.trim()).replace(/\n/g, '<br>\n')}</p>`;
}

/** Plain text (paragraphs split on blank lines) as sanitised <p> HTML. */
export function textToHtml(text: string): string {
  return sanitizeWorkHtml(
    text
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => textBlockHtml({ kind: 'text', text: p, gapBefore: 0 }))
      .join('\n'),
  );
}

// ---------------------------------------------------------------------------------------------
// Labels inside HTML

type Token = { tag: string } | { char: string; space: boolean };

function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  const re = /<[^>]*>|&(?:#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);|[\s\S]/giu;
  for (const m of html.matchAll(re)) {
    const s = m[0];
    if (s.startsWith('<') && s.length > 1) tokens.push({ tag: s });
    else tokens.push({ char: s, space: /^\s$/u.test(s) || /^&(?:nbsp|#160|#xa0);$/i.test(s) });
  }
  return tokens;
}

function dropText(tokens: Token[], text: string, fromEnd: boolean): void {
  let want = [...text.replace(/\s+/g, '')].length;
  const order = tokens.map((_, k) => (fromEnd ? tokens.length - 1 - k : k));
  let done = want === 0;
  for (const k of order) {
    const t = tokens[k]!;
    if ('tag' in t) continue;
    if (!done) {
      if (!t.space) want--;
      tokens[k] = { tag: '' };
      if (want === 0) done = true;
    } else if (t.space) {
      tokens[k] = { tag: '' }; // the space between label and note
    } else {
      break;
    }
  }
}

/**
 * `html` without the label's text ("<p><strong>A/N:</strong> Hi</p>" → "<p>Hi</p>"). Characters
 * are matched by count of non-space characters, which is how the label was measured on the
 * block's plain text; tags are kept, and inline elements the label leaves empty are removed.
 */
export function stripLabelHtml(html: string, label: Label): string {
  const tokens = tokenize(html);
  dropText(tokens, label.prefix, false);
  if (label.suffix) dropText(tokens, label.suffix, true);
  let out = tokens.map((t) => ('tag' in t ? t.tag : t.char)).join('');
  for (let k = 0; k < 3; k++) {
    out = out.replace(/<(strong|b|em|i|u|s|span|small|big|sup|sub|code)\b[^>]*>(?:\s|&nbsp;)*<\/\1>/gi, '');
  }
  return out.replace(/(<p\b[^>]*>)(?:\s|<br\s*\/?>)+/gi, '$1');
}

// ---------------------------------------------------------------------------------------------
// Provisional title

const TITLE_WORDS = 8;

/** The first sentence or line of the story, cut to eight words at a word boundary ("…" when cut). */
export function provisionalTitle(text: string): string {
  const line = text.trim().split('\n')[0]!.trim();
  const sentence = /^.+?[.!?…]+["”’')\]]*(?=\s|$)/u.exec(line)?.[0] ?? line;
  const words = sentence.split(/\s+/).filter(Boolean);
  let title: string;
  if (words.length <= TITLE_WORDS) {
    title = sentence.replace(/\.$/, '');
  } else {
    title = `${words
      .slice(0, TITLE_WORDS)
      .join(' ')
      .replace(/[\s,;:.\-–—]+$/, '')}…`;
    // An opening quote whose closing quote was cut off.
    if (/^["“]/.test(title) && !/["”]/.test(title.slice(1))) title = title.slice(1);
  }
  return title || 'Untitled';
}
