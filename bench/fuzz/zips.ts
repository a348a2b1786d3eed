// Zip archives for the .docx and .epub makers: building them (with odd entries, and bombs built
// once), and tampering with their headers afterwards.
import { zipSync, type Zippable } from 'fflate';
import type { Rng } from './rng.ts';

export type Parts = Record<string, string | Uint8Array>;
const enc = new TextEncoder();
export const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

export function zip(rng: Rng, files: Parts, first?: [string, string], level?: 1): Buffer {
  const z: Zippable = {};
  if (first) z[first[0]] = [enc.encode(first[1]), { level: 0 }];
  for (const [name, body] of Object.entries(files)) z[name] = typeof body === 'string' ? enc.encode(body) : body;
  return Buffer.from(zipSync(z, { level: level ?? rng.pick([0, 1, 6, 9] as const), mtime: new Date(1980, 0, 1) }));
}

/** Entries no reader expects: traversal, absolute, empty, very long and non-Latin names, folders, many tiny files. */
export function oddEntries(rng: Rng): Parts {
  const out: Parts = {};
  const names = [
    '../../evil.xml',
    '/abs/path.xhtml',
    'a'.repeat(rng.pick([200, 1000])),
    'dir/',
    'ünïcødé/名前.xhtml',
    ' ',
    'x\\y.xml',
  ];
  for (let i = rng.int(4); i >= 0; i--) out[rng.pick(names)] = rng.chance(0.5) ? rng.bytes(rng.int(300)) : '<x/>';
  if (rng.chance(0.2)) for (let i = 0; i < 2000; i++) out[`many/${i}.xml`] = '';
  return out;
}

const cache = new Map<string, Buffer>();
/** Bombs are slow to compress, so each size is built once and reused. */
export function cached(key: string, build: () => Buffer): Buffer {
  let b = cache.get(key);
  if (!b) cache.set(key, (b = build()));
  return b;
}

/** Tampers with one field of one zip header: sizes, method, flags, name length or offsets. */
export function tamperZip(rng: Rng, bytes: Buffer): Buffer {
  const b = Buffer.from(bytes);
  const at: [number, number[]][] = [];
  for (let i = b.indexOf('PK'); i !== -1 && i < b.length - 46; i = b.indexOf('PK', i + 2)) {
    const sig = b.readUInt32LE(i);
    if (sig === 0x04034b50) at.push([i, [6, 8, 14, 18, 22, 26, 28]]);
    else if (sig === 0x02014b50) at.push([i, [8, 10, 16, 20, 24, 28, 30, 32, 42]]);
    else if (sig === 0x06054b50) at.push([i, [8, 10, 12, 16]]);
  }
  if (at.length === 0) return b;
  const [pos, fields] = rng.pick(at);
  const off = pos + rng.pick(fields);
  const value = rng.pick([0, 1, 0xffff, 0xffffffff, rng.int(0x10000), 99]);
  if (off + 4 <= b.length) b.writeUInt32LE(value >>> 0, off);
  return b;
}
