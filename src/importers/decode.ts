// Bytes to text for the text formats (.txt, .md, .html), with one clear reason for each way a
// file can fail: empty, too large, binary, not UTF-8/16/32, garbled. Newlines come out as "\n".

import { ImportError, MAX_IMPORT_BYTES, tooLargeReason } from './import-error.ts';

export interface DecodeOptions {
  /** A legacy charset the document itself declares (HTML <meta charset>), tried when UTF-8 fails. */
  declaredCharset?: (bytes: Buffer) => string | null;
}

type Wide = 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';

const LABEL: Record<Wide, string> = {
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
  'utf-32le': 'UTF-32LE',
  'utf-32be': 'UTF-32BE',
};

export function checkSize(bytes: Buffer, file: string): void {
  if (bytes.length === 0) throw new ImportError(file, 'file is empty');
  if (bytes.length > MAX_IMPORT_BYTES) throw new ImportError(file, tooLargeReason(bytes.length));
}

export function decodeText(bytes: Buffer, file: string, options: DecodeOptions = {}): string {
  checkSize(bytes, file);
  let text: string;
  let label = 'UTF-8';
  const wide = wideEncoding(bytes, file);
  if (wide) {
    label = LABEL[wide.encoding];
    text = decodeWide(bytes, wide.encoding, wide.bom, file);
  } else {
    if (looksBinary(bytes)) throw new ImportError(file, 'not a text file (binary data)');
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      const legacy = options.declaredCharset?.(bytes);
      if (legacy && !/^utf-?8$/i.test(legacy)) {
        text = decodeLegacy(bytes, legacy, file);
        label = legacy;
      } else {
        throw new ImportError(file, `invalid UTF-8 at byte ${firstInvalidUtf8(bytes)}`);
      }
    }
  }
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!text.trim()) throw new ImportError(file, 'no text in file');
  // A wrong guess at the encoding can decode without error into NULs or U+FFFD; storing that
  // would publish an unreadable work.
  if (garbled(text)) {
    throw new ImportError(
      file,
      `text decoded as ${label} is garbled (NUL, control or replacement characters); save the file as UTF-8`,
    );
  }
  // A few NULs in otherwise good text (a stray UTF-16 run in a legacy file) mean nothing, and
  // PostgreSQL refuses them in text: dropped, as the forms drop them (web/auth.ts).
  return text.includes('\0') ? text.replace(/\0/g, '') : text;
}

/** UTF-16 or UTF-32, by its byte-order mark or, without one, by the pattern of its zero bytes. */
function wideEncoding(bytes: Buffer, file: string): { encoding: Wide; bom: boolean } | null {
  const bom = bomEncoding(bytes);
  if (bom) return { encoding: bom, bom: true };
  const utf32 = sniffUtf32(bytes);
  if (utf32 === 'ambiguous') {
    throw new ImportError(
      file,
      'looks like UTF-32 without a byte-order mark, in no clear byte order; save the file as UTF-8',
    );
  }
  const sniffed = utf32 ?? sniffUtf16(bytes);
  return sniffed ? { encoding: sniffed, bom: false } : null;
}

function decodeWide(bytes: Buffer, encoding: Wide, bom: boolean, file: string): string {
  const label = LABEL[encoding];
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(bytes); // strips the BOM
    } catch {
      throw new ImportError(file, `invalid ${label} text`);
    }
  }
  const littleEndian = encoding === 'utf-32le';
  const bad = firstInvalidUtf32(bytes, littleEndian);
  if (bad < bytes.length) {
    throw new ImportError(
      file,
      bom
        ? `invalid ${label} at byte ${bad}`
        : `looks like ${label} without a byte-order mark, but is not valid ${label} at byte ${bad}; save the file as UTF-8`,
    );
  }
  return decodeUtf32(bytes, littleEndian);
}

/** More than a tenth of the visible characters are NUL, other control characters or U+FFFD. */
function garbled(text: string): boolean {
  if (!/[\0-\x08\x0b\x0d-\x1f\ufffd]/.test(text)) return false; // most text has none: one fast scan
  let visible = 0;
  let bad = 0;
  for (const c of text) {
    if (c === '\n' || c === '\t' || c === '\f' || c === ' ') continue;
    visible++;
    if (c < ' ' || c === '\ufffd') bad++;
  }
  return bad * 10 > visible;
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

/** A byte-order mark: UTF-32's FF FE 00 00 is tested before UTF-16's FF FE, which it starts with. */
function bomEncoding(bytes: Buffer): Wide | null {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) return 'utf-32le';
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return 'utf-32be';
  if (b0 === 0xff && b1 === 0xfe) return 'utf-16le';
  if (b0 === 0xfe && b1 === 0xff) return 'utf-16be';
  return null;
}

/**
 * UTF-32 without a BOM: in the first 4 KB every 4-byte unit is a code point in range (most
 * significant byte zero, the next at most 0x10) and few are NUL. Random or binary data almost
 * never fits; text in either byte order always does. Both orders fitting is left undecided.
 */
function sniffUtf32(bytes: Buffer): 'utf-32le' | 'utf-32be' | 'ambiguous' | null {
  const n = Math.min(bytes.length, 4096) & ~3;
  if (n < 16) return null;
  let le = true;
  let be = true;
  let nul = 0;
  for (let k = 0; k < n; k += 4) {
    const b0 = bytes[k]!;
    const b1 = bytes[k + 1]!;
    const b2 = bytes[k + 2]!;
    const b3 = bytes[k + 3]!;
    if (b3 !== 0 || b2 > 0x10) le = false;
    if (b0 !== 0 || b1 > 0x10) be = false;
    if ((b0 | b1 | b2 | b3) === 0) nul++;
  }
  if (nul * 20 > n / 4) return null;
  if (le && be) return 'ambiguous';
  return le ? 'utf-32le' : be ? 'utf-32be' : null;
}

/** UTF-16 without a BOM, by the zero bytes of mostly-ASCII text: one in each 2-byte unit. */
function sniffUtf16(bytes: Buffer): 'utf-16le' | 'utf-16be' | null {
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

/** 0-based offset of the first 4-byte unit that is not a Unicode scalar value (or is cut short). */
function firstInvalidUtf32(bytes: Uint8Array, littleEndian: boolean): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let k = 0; k < bytes.length; k += 4) {
    if (k + 4 > bytes.length) return k;
    const cp = view.getUint32(k, littleEndian);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return k;
  }
  return bytes.length;
}

/** Valid UTF-32 (checked by firstInvalidUtf32) to a string: Node's TextDecoder has no UTF-32. */
function decodeUtf32(bytes: Uint8Array, littleEndian: boolean): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: string[] = [];
  const chunk: number[] = [];
  for (let k = 0; k < bytes.length; k += 4) {
    chunk.push(view.getUint32(k, littleEndian));
    // fromCodePoint takes its code points as arguments, so they go in chunks below the stack's limit.
    if (chunk.length === 8192 || k + 4 >= bytes.length) {
      parts.push(String.fromCodePoint(...chunk));
      chunk.length = 0;
    }
  }
  return parts.join('');
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
