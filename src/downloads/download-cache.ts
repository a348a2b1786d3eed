// The downloads cache: generated files on local disk, one folder per work or series
// (data/downloads/work-12/epub-<version>.epub). A file's name carries the version it was built
// from (downloads.service.ts: a hash of the work's updated_at and everything else that shows in
// the file), so a changed work is simply a miss and is built again; the old version of the same
// format is deleted when the new one is written, so the cache holds at most one file per work
// and format and never grows past the archive itself.
//
// Why disk and not an in-memory LRU: a built PDF costs a browser render (a second or more) and
// an EPUB of a long work a tenth of that; on disk they survive restarts and are shared by every
// web process on the host, and a web process's memory stays small. Keys are versions, never
// "latest", so nothing here can serve stale bytes, and several processes or hosts with their own
// caches never disagree. The cache is best-effort: a read-only or full disk only costs rebuilds.
import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { readSetting } from '../config.ts';

export interface CacheKey {
  /** `work-12` or `series-3`. */
  group: string;
  /** File extension, which is also the format: epub, html, txt, pdf. */
  format: string;
  /** The version hash (base64url). */
  version: string;
}

export interface DownloadCache {
  get(key: CacheKey): Promise<Uint8Array | null>;
  put(key: CacheKey, bytes: Uint8Array): Promise<void>;
}

/** `QUIRE_DOWNLOADS_DIR`, or data/downloads under the working directory; `off` disables caching. */
export function defaultCacheDir(): string | null {
  return readSetting('downloadsDir');
}

const SAFE = /^[A-Za-z0-9_-]+$/;

export class DiskCache implements DownloadCache {
  private warned = false;
  constructor(
    readonly dir: string,
    private readonly warn: (message: string) => void = (m) => process.emitWarning(m),
  ) {}

  private path(key: CacheKey): string {
    // Keys are built by downloads.service from ids, format names and hashes; refuse anything else.
    if (!SAFE.test(key.group) || !SAFE.test(key.format) || !SAFE.test(key.version))
      throw new Error(`bad download cache key ${JSON.stringify(key)}`);
    return join(this.dir, key.group, `${key.format}-${key.version}.${key.format}`);
  }

  async get(key: CacheKey): Promise<Uint8Array | null> {
    try {
      return await readFile(this.path(key));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.failed('read', e);
      return null;
    }
  }

  async put(key: CacheKey, bytes: Uint8Array): Promise<void> {
    const target = this.path(key);
    const folder = join(this.dir, key.group);
    try {
      await mkdir(folder, { recursive: true });
      // Written aside and renamed into place, so a reader never sees half a file.
      const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(tmp, bytes);
      await rename(tmp, target);
      const name = target.slice(folder.length + 1);
      for (const other of await readdir(folder)) {
        if (other !== name && other.startsWith(`${key.format}-`) && !other.endsWith('.tmp'))
          await unlink(join(folder, other)).catch(() => undefined);
      }
    } catch (e) {
      this.failed('write', e);
    }
  }

  private failed(what: string, e: unknown): void {
    if (this.warned) return;
    this.warned = true;
    this.warn(
      `downloads cache: cannot ${what} under ${this.dir} (${(e as Error).message}); serving downloads without it`,
    );
  }
}

/** No cache at all (QUIRE_DOWNLOADS_DIR=off): every download is built on request. */
export const NO_CACHE: DownloadCache = {
  get: async () => null,
  put: async () => undefined,
};
