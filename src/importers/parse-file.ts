// The one entry point for importing a file: picks the reader by extension, refuses files that are
// too large before reading them, and turns file-system failures into ImportErrors.

import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { countWords, htmlToText } from '../analysis/word-count.ts';
import type { ParsedWork } from './parsed-work.ts';
import { decodeText } from './decode.ts';
import { ImportError, MAX_IMPORT_BYTES, tooLargeReason } from './import-error.ts';
import { parseDocx } from './docx.ts';
import { parseHtml } from './html.ts';
import { parseMarkdown } from './markdown.ts';
import { parseTxt } from './txt.ts';
import { parseEpub } from './epub.ts';

type Reader = (bytes: Buffer, filename: string) => ParsedWork | Promise<ParsedWork>;

// Keep in sync with SUPPORTED_EXTENSIONS (the upload form's accept list reads that).
const READERS: Record<string, Reader> = {
  '.txt': parseTxt,
  '.md': parseMarkdown,
  '.markdown': parseMarkdown,
  '.html': parseHtml,
  '.htm': parseHtml,
  '.docx': parseDocx,
  '.epub': parseEpub,
};

export const SUPPORTED_EXTENSIONS: readonly string[] = Object.keys(READERS);

function readerFor(name: string): Reader {
  const ext = extname(name).toLowerCase();
  const reader = READERS[ext];
  if (!reader) {
    const what = ext ? `'${ext}'` : '(no extension)';
    throw new ImportError(name, `unsupported file type ${what} (supported: ${SUPPORTED_EXTENSIONS.join(', ')})`);
  }
  return reader;
}

/** A file already in memory (an upload), read by its name's extension, with the same limits. */
export async function parseBytes(bytes: Buffer, filename: string): Promise<ParsedWork> {
  const reader = readerFor(filename);
  if (bytes.length === 0) throw new ImportError(filename, 'file is empty');
  if (bytes.length > MAX_IMPORT_BYTES) throw new ImportError(filename, tooLargeReason(bytes.length));
  return checkWords(await reader(bytes, filename), bytes, filename);
}

export async function parseFile(path: string): Promise<ParsedWork> {
  const reader = readerFor(path);
  const bytes = await readImportFile(path);
  return checkWords(await reader(bytes, path), bytes, path);
}

const DECODED_FORMATS: ReadonlySet<ParsedWork['source']['format']> = new Set(['txt', 'markdown', 'html']);

/**
 * A text file with letters whose work has no words was misread (a wrong encoding) or holds only a
 * title or tags: it is refused rather than stored empty. Emoji or punctuation alone, no letters, stand.
 */
function checkWords(work: ParsedWork, bytes: Buffer, filename: string): ParsedWork {
  if (!DECODED_FORMATS.has(work.source.format)) return work;
  const bodies = [...work.chapters, ...work.notes, ...work.chapters.flatMap((c) => c.notes)];
  if (bodies.some((b) => countWords(htmlToText(b.html)) > 0)) return work;
  let text: string;
  try {
    text = decodeText(bytes, filename);
  } catch {
    text = bytes.toString('latin1'); // a legacy HTML charset: its ASCII letters are all this looks for
  }
  if (/\p{L}/u.test(text.replace(/<[^>]*>/g, ' '))) {
    throw new ImportError(
      filename,
      'the file has letters but its text has no words (only a title or tags, or an encoding misread: save it as UTF-8)',
    );
  }
  return work;
}

/** A file's bytes, after the checks every import makes: a known type, not a folder, not empty, not too large. */
export async function readImportFile(path: string): Promise<Buffer> {
  readerFor(path);
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new ImportError(path, 'is a folder, not a file');
    // A pipe or a device would be read until it ends, which /dev/zero and an open FIFO never do.
    if (!info.isFile()) throw new ImportError(path, 'is not a regular file (a device, pipe or socket)');
    size = info.size;
  } catch (e) {
    throw e instanceof ImportError ? e : new ImportError(path, fsReason(e));
  }
  if (size === 0) throw new ImportError(path, 'file is empty');
  if (size > MAX_IMPORT_BYTES) throw new ImportError(path, tooLargeReason(size));
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new ImportError(path, fsReason(e));
  }
  return bytes;
}

function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder, not a file';
    default:
      return `could not read the file${code ? ` (${code})` : ''}`;
  }
}
