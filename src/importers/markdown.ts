// Markdown: marked renders each top-level block (inline formatting, lists, quotes); headings cut
// chapters; optional front matter carries title, summary and AO3 tags. Blank lines between
// blocks are counted from marked's raw text so that notes and summaries are found as in .txt.

import { basename } from 'node:path';
import { Marked, type Token } from 'marked';
import { parseDocument } from 'htmlparser2';
import type { ParsedWork } from './parsed-work.ts';
import { buildWork } from './assemble.ts';
import { decodeText } from './decode.ts';
import { ImportError, withDepthGuard } from './import-error.ts';
import { markdownShapeProblem } from './markup-limits.ts';
import { fieldKeyFor, fieldsToMetadata, TAG_TYPES, type HeaderField, type TagType } from './header-fields.ts';
import { resolveTitleAndHeadings, textOf, type DomBlock } from './html.ts';
import { analyseBlocks } from './structure.ts';
import { countWordsIn, isSeparatorLine, matchChapterHeading } from './signals.ts';

// Writers' single newlines are meant (verse, texts, letters): breaks: true keeps them, as .txt does.
const marked = new Marked({ gfm: true, breaks: true });

export function parseMarkdown(bytes: Buffer, filename: string): ParsedWork {
  const text = decodeText(bytes, filename);
  const shape = markdownShapeProblem(text);
  if (shape) throw new ImportError(filename, shape);
  return withDepthGuard(filename, () => markdownToWork(text, filename));
}

function markdownToWork(text: string, filename: string): ParsedWork {
  const { front, body } = splitFrontMatter(text);
  const {
    blocks: found,
    title: headingTitle,
    creators,
  } = resolveTitleAndHeadings(markdownBlocks(body), null, filename);
  const meta = fieldsToMetadata(front.fields);
  const title = meta.title ?? headingTitle;
  const structure = analyseBlocks(found, { detectTitleLine: title === null });
  return buildWork(structure, {
    filename: basename(filename),
    format: 'markdown',
    title,
    summary: meta.summary,
    tags: [...front.tags, ...meta.tags],
    creators: [...meta.creators, ...creators],
    language: meta.language,
    notes: meta.notes,
    series: meta.series,
    publishedAt: meta.publishedAt,
    updatedAt: meta.updatedAt,
  });
}

function plain(html: string): string {
  return textOf(parseDocument(html).children);
}

function newlines(s: string): number {
  return s.match(/\n/g)?.length ?? 0;
}

export function markdownBlocks(body: string): DomBlock[] {
  const blocks: DomBlock[] = [];
  let pending = 0; // newlines since the end of the last block
  let gap = 0;
  const push = (b: Omit<DomBlock, 'gapBefore'>) => {
    blocks.push({
      ...b,
      html: b.html.trim(),
      gapBefore: blocks.length > 0 ? Math.max(0, pending - 1) + gap : 0,
    } as DomBlock);
    pending = 0;
    gap = 0;
  };
  for (const token of marked.lexer(body) as Token[]) {
    if (token.type === 'space') {
      pending += newlines(token.raw);
      continue;
    }
    if (token.type === 'def') continue;
    const trailing = /\n*$/.exec(token.raw)?.[0].length ?? 0;
    if (token.type === 'hr') {
      push({ kind: 'separator', text: '***', html: '<hr>' });
    } else if (token.type === 'heading') {
      const html = marked.parser([token]);
      const text = plain(html);
      const setext = /\n\s*(?:-+|=+)\s*$/.test(token.raw.trimEnd());
      // "She left.\n---": a scene break written under a paragraph, not a setext heading.
      if (setext && (countWordsIn(text) > 10 || /[.!?…"”]$/.test(text)) && matchChapterHeading(text) === null) {
        push({ kind: 'text', text, html: `<p>${marked.parseInline((token as { text: string }).text) as string}</p>` });
        push({ kind: 'separator', text: '***', html: '<hr>' });
      } else if (text) {
        push({ kind: 'text', text, html, level: (token as { depth: number }).depth });
      }
    } else {
      const html = marked.parser([token]);
      const text = plain(html);
      if (!text && !/<img\b/i.test(html)) gap++;
      else if (token.type === 'paragraph' && isSeparatorLine(text)) push({ kind: 'separator', text, html: '<hr>' });
      else push({ kind: 'text', text, html });
    }
    pending = trailing;
  }
  return blocks;
}

// ---------------------------------------------------------------------------------------------
// Front matter: the YAML subset people write by hand (scalars, quoted strings, [inline, lists],
// "- item" lists, | and > blocks). Not a YAML parser; unknown keys are ignored.

interface FrontMatter {
  fields: HeaderField[];
  /** From YAML lists: one item, one tag, commas and all. */
  tags: { type: TagType; name: string }[];
}

export function splitFrontMatter(text: string): { front: FrontMatter; body: string } {
  const none = { front: { fields: [], tags: [] }, body: text };
  const m = /^(?:\uFEFF)?---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(text);
  if (!m) return none;
  const entries = parseYamlish(m[1]!);
  if (!entries) return none;
  const front: FrontMatter = { fields: [], tags: [] };
  for (const [name, value] of entries) {
    const key = fieldKeyFor(name.replace(/_/g, ' '));
    if (!key || key === 'ignored') continue;
    if (Array.isArray(value)) {
      if ((TAG_TYPES as readonly string[]).includes(key)) {
        front.tags.push(...value.filter((v) => v.trim()).map((v) => ({ type: key as TagType, name: v.trim() })));
      } else {
        front.fields.push(...value.map((v) => ({ key, value: v })));
      }
    } else {
      front.fields.push({ key, value });
    }
  }
  return { front, body: text.slice(m[0].length) };
}

function unquote(s: string): string {
  const t = s.trim();
  if (/^".*"$/.test(t)) return t.slice(1, -1).replace(/\\"/g, '"').replace(/\\n/g, '\n');
  if (/^'.*'$/.test(t)) return t.slice(1, -1).replace(/''/g, "'");
  return t;
}

function inlineList(s: string): string[] {
  return (s.match(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^,]+/g) ?? []).map(unquote).filter(Boolean);
}

function parseYamlish(src: string): [string, string | string[]][] | null {
  const lines = src.split('\n');
  const out: [string, string | string[]][] = [];
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    if (!line.trim() || /^\s*#/.test(line)) continue;
    const m = /^([A-Za-z][\w -]*?)\s*:(?:\s+(.*))?$/.exec(line);
    if (!m) return null; // not front matter after all: a "---" rule above some text
    const key = m[1]!;
    const rest = (m[2] ?? '').trim();
    const indented: string[] = [];
    while (
      k + 1 < lines.length &&
      (/^\s+\S/.test(lines[k + 1]!) || (lines[k + 1]!.trim() === '' && /^\s+\S/.test(lines[k + 2] ?? '')))
    ) {
      indented.push(lines[++k]!);
    }
    if (/^\[.*\]$/.test(rest)) {
      out.push([key, inlineList(rest.slice(1, -1))]);
    } else if (rest === '|' || rest === '|-' || rest === '>' || rest === '>-') {
      const body = indented.map((l) => l.trim());
      out.push([key, rest.startsWith('|') ? body.join('\n') : body.join(' ').replace(/\s{2,}/g, '\n\n')]);
    } else if (rest === '' && indented.every((l) => /^\s*-\s/.test(l) || !l.trim())) {
      out.push([key, indented.filter((l) => l.trim()).map((l) => unquote(l.replace(/^\s*-\s+/, '')))]);
    } else {
      out.push([key, unquote([rest, ...indented.map((l) => l.trim())].join(' '))]);
    }
  }
  return out;
}
