// Bytes to text for the text formats (.txt, .md, .html), with one clear reason for each way a
// file can fail: empty, too large, binary, not UTF-8. Newlines come out as "\n".

import { ImportError, MAX_IMPORT_BYTES, tooLargeReason } from './import-error.ts';

export interface DecodeOptions {
  /** A legacy charset the document itself declares (HTML <meta charset>), tried when UTF-8 fails. */
  declaredCharset?: (bytes: Buffer) => string | null;
}

export function checkSize(bytes: Buffer, file: string): void {
  if (bytes.length === 0) throw new ImportError(file, 'file is empty');
  if (bytes.length > MAX_IMPORT_BYTES) throw new ImportError(file, tooLargeReason(bytes.length));
}

export function decodeText(bytes: Buffer, file: string, options: DecodeOptions = {}): string {
  checkSize(bytes, file);
  let text: string;
  const utf16 = utf16Encoding(bytes);
  if (utf16) {
    try {
      text = new TextDecoder(utf16, { fatal: true }).decode(bytes); // strips the BOM
    } catch {
      throw new ImportError(file, `invalid ${utf16 === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE'} text`);
    }
  } else {
    if (looksBinary(bytes)) throw new ImportError(file, 'not a text file (binary data)');
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      const legacy = options.declaredCharset?.(bytes);
      if (legacy && !/^utf-?8$/i.test(legacy)) {
        text = decodeLegacy(bytes, legacy, file);
      } else {
        throw new ImportError(file, `invalid UTF-8 at byte ${firstInvalidUtf8(bytes)}`);
      }
    }
  }
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!text.trim()) throw new ImportError(file, 'no text in file');
  return text;
}

function decodeLegacy(bytes: Buffer, charset: string, file: string): string {
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    throw new ImportError(file, `unsupported character set '${charset}' (save the file as UTF-8)`);
  }
  // Node 20's decoder treats windows-1252 as ISO-8859-1, losing Word's curly quotes and dashes
  // (0x80–0x9F); those twenty-seven code points are mapped here.
  if (decoder.encoding === 'windows-1252') {
    let out = '';
    for (const b of bytes) out += b >= 0x80 && b <= 0x9f ? (CP1252_HIGH[b - 0x80] ?? '\ufffd') : String.fromCharCode(b);
    return out;
  }
  return decoder.decode(bytes);
}

const CP1252_HIGH = [
  '€',
  '\ufffd',
  '‚',
  'ƒ',
  '„',
  '…',
  '†',
  '‡',
  'ˆ',
  '‰',
  'Š',
  '‹',
  'Œ',
  '\ufffd',
  'Ž',
  '\ufffd',
  '\ufffd',
  '‘',
  '’',
  '“',
  '”',
  '•',
  '–',
  '—',
  '˜',
  '™',
  'š',
  '›',
  'œ',
  '\ufffd',
  'ž',
  'Ÿ',
];

/** UTF-16 by its BOM, or by the zero bytes of mostly-ASCII text written as UTF-16 without one. */
function utf16Encoding(bytes: Buffer): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 16) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let k = 0; k < n; k += 2) {
    if (bytes[k] === 0) evenZero++;
    if (bytes[k + 1] === 0) oddZero++;
  }
  const half = n / 2;
  if (oddZero > half * 0.6 && evenZero < half * 0.05) return 'utf-16le';
  if (evenZero > half * 0.6 && oddZero < half * 0.05) return 'utf-16be';
  return null;
}

/** NUL bytes, or more than 2% control characters other than tab, newlines and form feed. */
function looksBinary(bytes: Buffer): boolean {
  const n = Math.min(bytes.length, 65536);
  let control = 0;
  for (let k = 0; k < n; k++) {
    const b = bytes[k]!;
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return control > n * 0.02;
}

/** 0-based offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let k = 0;
  while (k < bytes.length) {
    const b = bytes[k]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      k++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return k;
    }
    let cp = b & (0x3f >> need);
    for (let j = 1; j <= need; j++) {
      const c = bytes[k + j];
      if (c === undefined || (c & 0xc0) !== 0x80) return k;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return k;
    k += need + 1;
  }
  return bytes.length;
}
