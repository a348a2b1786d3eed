// Plain text: the format most fan fiction reaches us in (copied out of a site or a phone's notes).

import { basename } from 'node:path';
import type { ParsedWork } from './parsed-work.ts';
import { buildWork, textBlockHtml, type HtmlBlock } from './assemble.ts';
import { decodeText } from './decode.ts';
import { analyseBlocks, textToBlocks } from './structure.ts';

export function parseTxt(bytes: Buffer, filename: string): ParsedWork {
  const text = decodeText(bytes, filename);
  const blocks: HtmlBlock[] = textToBlocks(text).map((b) => ({ ...b, html: textBlockHtml(b) }));
  return buildWork(analyseBlocks(blocks), { filename: basename(filename), format: 'txt' });
}
