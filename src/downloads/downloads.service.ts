// Downloads of a work or a whole series as EPUB, single-file HTML, plain text or PDF. A download
// is prepared in two steps so a reader who already has this version pays one small query: first
// the version (the file name, its ETag), from the work's metadata alone; then the bytes, from the
// cache or built from the full text.
//
// The version is a hash of everything that shows in the file: the work's updated_at (moved by
// every change of text), and also what changes without moving it — applied tags (a suggestion
// accepted), creators, title, series membership and position — plus the site origin written into
// the links and the exporters' own source, so a deploy that changes the output never serves files
// built by older code. Same version, same bytes (EPUB, HTML and text are deterministic).
//
// AO3 does not gate downloads behind its adult-content notice, and neither do we; who may read a
// work at all (drafts, admin-hidden, restricted) is asked of the works service, as pages ask it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { SignedIn } from '../accounts/accounts.service.ts';
import type { Database } from '../db/database.ts';
import { buildEpub } from '../exporters/epub.ts';
import { exportableSeries, exportableWork } from '../exporters/exportable.service.ts';
import { buildHtml, buildSeriesHtml } from '../exporters/html.ts';
import { renderPdf } from '../exporters/pdf.ts';
import { buildSeriesEpub } from '../exporters/series-epub.ts';
import { buildSeriesText, buildText } from '../exporters/text.ts';
import { getSeries, seriesOfWorks } from '../series/series.service.ts';
import { getWorkBlurbs, workAccess, type WorkBlurb } from '../works/works.service.ts';
import { downloadFileName, FORMATS, type DownloadFormat } from './formats.ts';
import { defaultCacheDir, DiskCache, NO_CACHE, type CacheKey, type DownloadCache } from './download-cache.ts';

// ---- versions -------------------------------------------------------------------------------

// The exporters' and the markup module's code, hashed once at start: any change to how files are
// written is a new version. Their extension is this module's own: .ts when the sources run, .js
// from the build in dist/.
const GENERATOR = (() => {
  const hash = createHash('sha256');
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  for (const name of [
    'exporters/epub',
    'exporters/epub-frame',
    'exporters/series-epub',
    'exporters/html',
    'exporters/text',
    'exporters/preface',
    'exporters/pdf',
    'exporters/exportable.service',
    'markup/escape',
    'markup/html',
    'markup/xml',
    'markup/paragraphs',
    'markup/xhtml',
  ]) {
    const file = name + ext;
    try {
      hash.update(readFileSync(new URL(`../${file}`, import.meta.url)));
    } catch {
      hash.update(file);
    }
  }
  return hash.digest('base64url').slice(0, 12);
})();

function versionOf(parts: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([GENERATOR, parts]))
    .digest('base64url')
    .slice(0, 27);
}

/** What of a work shows in its download besides the text (which moves updated_at). */
function workFacts(w: WorkBlurb, series: { id: number; title: string; position: number }[] | undefined) {
  return [
    w.id,
    w.updatedAt,
    w.title,
    w.summary,
    w.language,
    w.words,
    w.complete,
    w.chapterCount,
    w.expectedChapters,
    w.creators.map((c) => c.pseud),
    w.tags.map((t) => [t.type, t.name]),
    series ?? [],
  ];
}

// ---- preparing ------------------------------------------------------------------------------

export interface PreparedDownload {
  filename: { unicode: string; ascii: string };
  mime: string;
  /** A strong validator: the same ETag is the same file. */
  etag: string;
  /** The file, from the cache or built now. */
  bytes(): Promise<Uint8Array>;
}

export interface DownloadContext {
  /** `https://host`, written into the file's links. */
  origin?: string;
  viewer: SignedIn | null;
}

export interface DownloadsOptions {
  /** Defaults to a disk cache at QUIRE_DOWNLOADS_DIR (data/downloads), or none when that is `off`. */
  cache?: DownloadCache;
}

export function downloadsService(database: Database, opts: DownloadsOptions = {}) {
  const dir = opts.cache ? null : defaultCacheDir();
  const cache = opts.cache ?? (dir ? new DiskCache(dir) : NO_CACHE);
  // One build per file at a time in this process: a burst of requests for a new version waits for the first.
  const building = new Map<string, Promise<Uint8Array>>();

  function prepared(
    key: CacheKey,
    filename: PreparedDownload['filename'],
    build: () => Promise<Uint8Array>,
  ): PreparedDownload {
    const id = `${key.group}/${key.format}-${key.version}`;
    return {
      filename,
      mime: FORMATS[key.format as DownloadFormat].mime,
      etag: `"${key.version}"`,
      async bytes() {
        const cached = await cache.get(key);
        if (cached) return cached;
        let pending = building.get(id);
        if (!pending) {
          pending = build()
            .then(async (bytes) => {
              await cache.put(key, bytes);
              return bytes;
            })
            .finally(() => building.delete(id));
          building.set(id, pending);
        }
        return pending;
      },
    };
  }

  return {
    /** A work's download, or undefined when there is no such work or the viewer may not read it. */
    async work(id: number, format: DownloadFormat, ctx: DownloadContext): Promise<PreparedDownload | undefined> {
      if ((await workAccess(database, id, ctx.viewer)) === 'none') return undefined;
      const [blurb] = await getWorkBlurbs(database, [id]);
      if (!blurb) return undefined;
      const series = await seriesOfWorks(database, [id]);
      const version = versionOf([format, ctx.origin ?? '', workFacts(blurb, series.get(id))]);
      return prepared(
        { group: `work-${id}`, format, version },
        downloadFileName(blurb.title, 'work', id, format),
        async () => {
          const work = await exportableWork(database, id, { origin: ctx.origin });
          if (!work) throw new Error(`work ${id} vanished while its download was built`);
          switch (format) {
            case 'epub':
              return buildEpub(work);
            case 'html':
              return utf8(buildHtml(work));
            case 'txt':
              return utf8(buildText(work));
            case 'pdf':
              return renderPdf(buildHtml(work));
          }
        },
      );
    },

    /** A series as one book of the works the viewer may read; undefined when there is none to read. */
    async series(id: number, format: DownloadFormat, ctx: DownloadContext): Promise<PreparedDownload | undefined> {
      const series = await getSeries(database, id, ctx.viewer);
      if (!series || series.works.length === 0) return undefined;
      const memberships = await seriesOfWorks(
        database,
        series.works.map((w) => w.id),
      );
      const version = versionOf([
        format,
        ctx.origin ?? '',
        series.id,
        series.title,
        series.summary,
        series.updatedAt,
        series.works.map((w) => workFacts(w, memberships.get(w.id))),
      ]);
      return prepared(
        { group: `series-${id}`, format, version },
        downloadFileName(series.title, 'series', id, format),
        async () => {
          const book = await exportableSeries(database, series, { origin: ctx.origin });
          switch (format) {
            case 'epub':
              return buildSeriesEpub(book);
            case 'html':
              return utf8(buildSeriesHtml(book));
            case 'txt':
              return utf8(buildSeriesText(book));
            case 'pdf':
              return renderPdf(buildSeriesHtml(book));
          }
        },
      );
    },
  };
}

export type DownloadsService = ReturnType<typeof downloadsService>;

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
