// The zip container of an EPUB (epub.ts): entries read within a size budget, DRM refused, and
// paths inside the book resolved so that none leaves it.

import { unzipSync } from 'fflate';
import { descendants, localName, parseMarkup } from '../markup/tree.ts';

/** Uncompressed total a file may declare; novels are a few MB of XHTML, so past this it is a zip bomb. */
export const MAX_EPUB_UNCOMPRESSED_BYTES = 30 * 1024 * 1024;

// Font obfuscation (IDPF and Adobe) is not DRM: the text is readable. Anything else encrypted is.
const FONT_OBFUSCATION = new Set(['http://www.idpf.org/2008/embedding', 'http://ns.adobe.com/pdf/enc#RC']);

const TEXT_ENTRY = /\.(?:xml|opf|ncx|x?html?|xht)$/i;
export const CONTENT_TYPES = new Set(['application/xhtml+xml', 'text/html', 'application/html+xml']);
// ---------------------------------------------------------------------------------------------
// Zip

interface Zip {
  /** An entry decoded as text, or null when absent. */
  text(path: string): string | null;
}

export function openZip(data: Uint8Array, fail: (reason: string) => never): Zip {
  let declared = 0;
  const names: string[] = [];
  try {
    // First pass reads the central directory only: refuse a bomb before inflating anything.
    unzipSync(data, {
      filter(info) {
        declared += info.originalSize;
        names.push(info.name);
        return false;
      },
    });
  } catch {
    fail('not an EPUB: the zip archive is damaged or incomplete');
  }
  if (declared > MAX_EPUB_UNCOMPRESSED_BYTES) {
    fail(
      `the EPUB unpacks to ${(declared / (1024 * 1024)).toFixed(0)} MB; the limit is ${MAX_EPUB_UNCOMPRESSED_BYTES / (1024 * 1024)} MB`,
    );
  }
  let files: Record<string, Uint8Array> = {};
  try {
    // fflate inflates into a buffer of the declared size, so a lying header cannot grow past it.
    files = unzipSync(data, { filter: (info) => TEXT_ENTRY.test(info.name) || info.name === 'mimetype' });
  } catch {
    fail('not an EPUB: the zip archive is damaged (an entry could not be decompressed)');
  }
  const lower = new Map(names.map((n) => [n.toLowerCase(), n]));
  return {
    text(path) {
      const entry = files[path] ?? files[lower.get(path.toLowerCase()) ?? ''];
      return entry ? decodeEntry(entry) : null;
    },
  };
}

function decodeEntry(bytes: Uint8Array): string {
  let encoding = 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) encoding = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) encoding = 'utf-16be';
  return new TextDecoder(encoding).decode(bytes).replace(/^\uFEFF/, '');
}

export function isDrmProtected(encryptionXml: string): boolean {
  const root = parseMarkup(encryptionXml, { xml: true });
  return descendants(root)
    .filter((e) => localName(e.name) === 'encrypteddata')
    .some((data) => {
      const method = descendants(data).find((e) => localName(e.name) === 'encryptionmethod');
      return !FONT_OBFUSCATION.has(method?.attrs.Algorithm ?? method?.attrs.algorithm ?? '');
    });
}

export function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash + 1);
}

export function baseName(path: string): string {
  return (path.split(/[\\/]/).pop() ?? path).replace(/\.epub$/i, '');
}

/** A manifest href (URL-encoded, relative to the package document) as a zip entry name. */
export function resolvePath(dir: string, href: string): string {
  let path = href.split('#')[0]!;
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep it as written
  }
  const parts = (path.startsWith('/') ? path.slice(1) : dir + path).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}
