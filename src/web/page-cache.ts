// Rendered pages kept in memory, per process, least recently used dropped first within a byte
// budget. A page is stored as a template: its text split at holes (a guest's CSRF token, a hit
// count) that each request fills in, so one rendering serves every reader who sees the same page.
// The text between holes is also kept gzip-compressed, each piece as its own run of deflate blocks
// ending on a byte boundary with no reference to what came before (a full flush); a request's
// holes go in between as stored (uncompressed) blocks, so a compressed answer costs one CRC over
// the page, never a compression. Brotli is not offered: its blocks carry context and distances
// over from the text before them, so pieces compressed apart cannot be joined.
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface PageTemplate {
  /** The page's text between its holes: one more piece than there are holes. */
  texts: string[];
  /** The same as UTF-8, for the gzip stream's checksum. */
  pieces: Buffer[];
  /** Each piece as deflate blocks that end byte-aligned and stand alone (see above). */
  deflated: Buffer[];
  /** Which value fills each hole, by name. */
  holes: string[];
  /** What the template holds in memory, about. */
  bytes: number;
}

/**
 * The template of `text`, whose holes are marked by the given strings (name → marker). Markers
 * must be strings no page content can hold (a random token), since every occurrence is a hole.
 */
export function pageTemplate(text: string, markers: Record<string, string>): PageTemplate {
  const entries = Object.entries(markers).filter(([, marker]) => marker !== '');
  const holes: string[] = [];
  const texts: string[] = [];
  let from = 0;
  for (;;) {
    let next = -1;
    let name = '';
    for (const [n, marker] of entries) {
      const at = text.indexOf(marker, from);
      if (at !== -1 && (next === -1 || at < next)) {
        next = at;
        name = n;
      }
    }
    if (next === -1) break;
    texts.push(text.slice(from, next));
    holes.push(name);
    from = next + markers[name]!.length;
  }
  texts.push(text.slice(from));
  const pieces = texts.map((t) => Buffer.from(t));
  const deflated = pieces.map((p) =>
    deflateRawSync(p, { level: constants.Z_BEST_COMPRESSION, finishFlush: constants.Z_FULL_FLUSH }),
  );
  // The texts counted as their UTF-8 length: about what V8 keeps of mostly one-byte text.
  const bytes = [...pieces, ...pieces, ...deflated].reduce((n, b) => n + b.length, 0) + 64 * (pieces.length + 1);
  return { texts, pieces, deflated, holes, bytes };
}

function filled(template: PageTemplate, values: Record<string, string>): string[] {
  return template.holes.map((name) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for the page's hole ${name}`);
    return value;
  });
}

/**
 * The page with its holes filled. A string, not bytes: joined strings are not copied until the
 * response is written, where a buffer of the page per request would be garbage to collect.
 */
export function pageBody(template: PageTemplate, values: Record<string, string>): string {
  const fills = filled(template, values);
  let body = template.texts[0]!;
  for (let i = 0; i < fills.length; i++) body += fills[i]! + template.texts[i + 1]!;
  return body;
}

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** An empty stored block marked final: the end of the deflate stream. */
const LAST_BLOCK = Buffer.from([1, 0, 0, 0xff, 0xff]);
const STORED_MAX = 0xffff;

/** Deflate stored blocks holding `bytes` as they are (starting on a byte boundary, not final). */
function storedBlocks(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += STORED_MAX) {
    const chunk = bytes.subarray(at, at + STORED_MAX);
    const head = Buffer.alloc(5);
    head[0] = 0; // BFINAL 0, BTYPE 00 (stored); the rest of the byte is padding
    head.writeUInt16LE(chunk.length, 1);
    head.writeUInt16LE(~chunk.length & 0xffff, 3);
    out.push(head, chunk);
  }
  return out;
}

/** The page with its holes filled, as a gzip member (RFC 1952), compressed but for the holes. */
export function gzipPageBody(template: PageTemplate, values: Record<string, string>): Buffer {
  const fills = filled(template, values).map((v) => Buffer.from(v));
  const parts: Buffer[] = [GZIP_HEADER, template.deflated[0]!];
  let crc = crc32(template.pieces[0]!);
  let size = template.pieces[0]!.length;
  fills.forEach((fill, i) => {
    const piece = template.pieces[i + 1]!;
    parts.push(...storedBlocks(fill), template.deflated[i + 1]!);
    crc = crc32(piece, crc32(fill, crc));
    size += fill.length + piece.length;
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size >>> 0, 4);
  parts.push(LAST_BLOCK, trailer);
  return Buffer.concat(parts);
}

/** Whether an Accept-Encoding header accepts gzip (by name or `*`, with a q above 0). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (typeof header !== 'string') return false;
  let star = false;
  for (const item of header.split(',')) {
    const [name = '', ...params] = item.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const refused = q !== undefined && !(Number(q.slice(2)) > 0);
    if (name === 'gzip' || name === 'x-gzip') return !refused;
    if (name === '*') star = !refused;
  }
  return star;
}

interface Entry<T> {
  value: T;
  bytes: number;
}

/** Every cache of this process, for /metrics; a cache a closed server dropped is forgotten. */
const caches = new Set<WeakRef<PageCache<unknown>>>();

/** Hits, misses, bytes and entries summed over this process's page caches. */
export function pageCacheTotals(): { hits: number; misses: number; bytes: number; entries: number } {
  const totals = { hits: 0, misses: 0, bytes: 0, entries: 0 };
  for (const ref of caches) {
    const cache = ref.deref();
    if (!cache) {
      caches.delete(ref);
      continue;
    }
    totals.hits += cache.hits;
    totals.misses += cache.misses;
    totals.bytes += cache.bytes;
    totals.entries += cache.size;
  }
  return totals;
}

/**
 * Values by key, least recently used dropped first once their bytes pass the budget. Keys carry
 * the version of what the value was made from; a newer version empties the cache, since every
 * value made before it may be out of date.
 */
export class PageCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  #bytes = 0;
  #version = -1;
  hits = 0;
  misses = 0;

  constructor(readonly budgetBytes: number) {
    caches.add(new WeakRef(this));
  }

  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Moves the cache to `version`, emptying it if that is newer; false for an older one. */
  #at(version: number): boolean {
    if (version > this.#version) {
      this.#entries.clear();
      this.#bytes = 0;
      this.#version = version;
    }
    return version === this.#version;
  }

  get(version: number, key: string): T | undefined {
    const entry = this.#at(version) ? this.#entries.get(key) : undefined;
    if (!entry) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Most recently used goes last: a Map keeps insertion order.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(version: number, key: string, value: T, bytes: number): void {
    if (!this.#at(version) || bytes > this.budgetBytes) return;
    const old = this.#entries.get(key);
    if (old) {
      this.#entries.delete(key);
      this.#bytes -= old.bytes;
    }
    const entryBytes = bytes + 2 * key.length;
    this.#entries.set(key, { value, bytes: entryBytes });
    this.#bytes += entryBytes;
    for (const [oldest, entry] of this.#entries) {
      if (this.#bytes <= this.budgetBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= entry.bytes;
    }
  }
}
