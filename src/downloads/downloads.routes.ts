// Thin handlers for downloads: decode the URL, prepare the download, answer 304 to a reader who
// has this version, else send the file as an attachment under its AO3-style name.
import type { FastifyReply } from 'fastify';
import type { Database } from '../db/database.ts';
import { PdfUnavailableError, pdfAvailable } from '../exporters/pdf.ts';
import { AppError, idParam, notFound } from '../app-error.ts';
import { downloadsService, type DownloadsOptions, type PreparedDownload } from './downloads.service.ts';
import { FORMATS, isDownloadFormat, type DownloadFormat } from './formats.ts';
import { requestOrigin } from '../web/public-origin.ts';
import type { Req } from '../web/page.ts';

/** The format from the file name's extension; the name before it is the reader's business. */
function formatOf(file: string | undefined): DownloadFormat {
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(file ?? '')?.[1]?.toLowerCase() ?? '';
  if (!isDownloadFormat(ext))
    throw new AppError(
      'not_found',
      `downloads come as ${Object.keys(FORMATS)
        .map((f) => `.${f}`)
        .join(', ')}; '${file ?? ''}' is none of these`,
    );
  if (ext === 'pdf' && !pdfAvailable()) throw new AppError('not_found', new PdfUnavailableError().message);
  return ext;
}

/** RFC 6266 with RFC 8187's UTF-8 form, and a plain ASCII name for clients that know only that. */
export function contentDisposition(filename: PreparedDownload['filename']): string {
  const encoded = encodeURIComponent(filename.unicode).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${filename.ascii}"; filename*=UTF-8''${encoded}`;
}

/** If-None-Match names this version (or any, `*`); weak and strong forms both match, as RFC 9110 says for GET. */
function fresh(req: Req, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}

export function downloadsRoutes(database: Database, opts: DownloadsOptions = {}) {
  const downloads = downloadsService(database, opts);

  async function send(req: Req, reply: FastifyReply, kind: 'work' | 'series') {
    const format = formatOf(req.params.file);
    const id = idParam(req.params.id, kind);
    const ctx = { origin: requestOrigin(req), viewer: req.viewer ?? null };
    const download = kind === 'work' ? await downloads.work(id, format, ctx) : await downloads.series(id, format, ctx);
    if (!download) throw notFound(`${kind} ${id}`);
    // Private: a restricted work's file must not sit in a shared cache; no-cache: ask again each time (a 304 is cheap).
    reply.header('etag', download.etag).header('cache-control', 'private, no-cache').header('vary', 'cookie');
    if (fresh(req, download.etag)) return reply.code(304).send();
    const bytes = await download.bytes();
    return reply
      .type(download.mime)
      .header('content-disposition', contentDisposition(download.filename))
      .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }

  return {
    async workDownload(req: Req, reply: FastifyReply) {
      return send(req, reply, 'work');
    },
    async seriesDownload(req: Req, reply: FastifyReply) {
      return send(req, reply, 'series');
    },
  };
}
