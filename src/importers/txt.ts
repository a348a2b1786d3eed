// Plain text: the format most fan fiction reaches us in (copied out of a site or a phone's notes).

import { basename } from 'node:path';
import type { ParsedWork } from './parsed-work.ts';
import { buildWork, textBlockHtml, type HtmlBlock } from './assemble.ts';
import { decodeText } from './decode.ts';
import { analyseBlocks } from './structure.ts';
import { textToBlocks } from './text-structure.ts';
import { fieldsToMetadata } from './header-fields.ts';
import { splitFrontMatter } from './markdown.ts';

export function parseTxt(bytes: Buffer, filename: string): ParsedWork {
  // An archivist's metadata may open a plain-text file as YAML front matter, as in Markdown.
  const { front, body } = splitFrontMatter(decodeText(bytes, filename));
  const meta = fieldsToMetadata(front.fields);
  const blocks: HtmlBlock[] = textToBlocks(body).map((b) => ({ ...b, html: textBlockHtml(b) }));
  return buildWork(analyseBlocks(blocks, { detectTitleLine: meta.title === null }), {
    filename: basename(filename),
    format: 'txt',
    title: meta.title,
    summary: meta.summary,
    tags: [...front.tags, ...meta.tags],
    creators: meta.creators,
    language: meta.language,
    notes: meta.notes,
    series: meta.series,
    publishedAt: meta.publishedAt,
    updatedAt: meta.updatedAt,
  });
}
