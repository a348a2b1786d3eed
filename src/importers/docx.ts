// Word documents: mammoth turns the .docx into semantic HTML (Heading styles as <h1>–<h6>,
// italics and bold kept, Word's formatting dropped), then the HTML path takes over.

import { unzipSync } from 'fflate';
import mammoth from 'mammoth';
import type { ParsedWork } from './parsed-work.ts';
import { checkSize } from './decode.ts';
import { parseHtmlString } from './html.ts';
import { ImportError, withDepthGuard } from './import-error.ts';

/** What a .docx may unpack to: a 500,000-word novel's document.xml is about 20 MB. */
export const MAX_DOCX_UNCOMPRESSED_BYTES = 30 * 1024 * 1024;

// Word's Title style is the work's title; mammoth knows Heading 1–6 already.
const STYLE_MAP = [
  "p[style-name='Title'] => h1.title:fresh",
  'p.Title => h1.title:fresh',
  "p[style-name='Subtitle'] => p:fresh",
];

export async function parseDocx(bytes: Buffer, filename: string): Promise<ParsedWork> {
  checkSize(bytes, filename);
  // An OLE2 compound file: Word 97–2003 .doc, often renamed.
  if (bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw new ImportError(filename, 'an old Word .doc file, not .docx (save it as .docx)');
  }
  if (!bytes.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) {
    throw new ImportError(filename, 'not a valid .docx (zip archive unreadable)');
  }
  // The central directory only, before mammoth inflates anything: a small file that unpacks to
  // tens of megabytes of XML (a zip bomb) is refused by what it declares.
  let declared = 0;
  try {
    unzipSync(bytes, {
      filter(info) {
        declared += info.originalSize;
        return false;
      },
    });
  } catch {
    throw new ImportError(filename, 'not a valid .docx (zip archive unreadable)');
  }
  if (declared > MAX_DOCX_UNCOMPRESSED_BYTES) {
    throw new ImportError(
      filename,
      `the .docx unpacks to ${(declared / (1024 * 1024)).toFixed(0)} MB; the limit is ${MAX_DOCX_UNCOMPRESSED_BYTES / (1024 * 1024)} MB`,
    );
  }
  let html: string;
  try {
    // Empty paragraphs are how Word users space things apart: kept, they count as blank lines.
    html = (await mammoth.convertToHtml({ buffer: bytes }, { styleMap: STYLE_MAP, ignoreEmptyParagraphs: false }))
      .value;
  } catch (e) {
    throw new ImportError(filename, docxReason(e));
  }
  return withDepthGuard(filename, () => parseHtmlString(html, { filename, format: 'docx' }));
}

function docxReason(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  if (/main document part/i.test(message)) return 'not a valid .docx (no word/document.xml in the archive)';
  if (/zip|central directory|corrupt|end of data|invalid/i.test(message))
    return 'not a valid .docx (zip archive unreadable)';
  return 'not a valid .docx (the document could not be read)';
}
