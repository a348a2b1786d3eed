// Conditional GETs of work and chapter pages, for guests. A guest's page depends only on the
// archive's content (whose versions every change a page shows moves: migrations 17 and 20), the code, the
// URL, and who the guest is to the page: the CSRF token in its forms and the address their kudos
// are known by. Its weak ETag is a keyed hash of all of these, so only a tag this
// archive issued for this URL and this guest can match, and a match is answered 304 without
// reading or rendering the work. Signed-in readers' pages are personal (reading history, inbox,
// their bookmark) and get none.
import type { FastifyReply } from 'fastify';
import { keyedHash } from '../community/guest-key.ts';
import type { Req } from './page.ts';
import { QUIRE_VERSION } from './version.ts';

/**
 * The validator of the page this guest asked for at this content version (the archive's and the
 * work's, as "archive.work"); null for a signed-in reader.
 */
export function guestPageTag(req: Req, contentVersion: string | null): string | null {
  if (req.viewer || contentVersion === null) return null;
  const key = keyedHash('page', [QUIRE_VERSION, contentVersion, req.url, req.csrfToken, req.ip].join('\u0000'));
  return `W/"${contentVersion}-${key.slice(0, 32)}"`;
}

/** Whether the request's If-None-Match names this tag (weak comparison: W/ is ignored). */
export function notModified(req: Req, tag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  const opaque = tag.replace(/^W\//, '');
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === opaque);
}

/** Headers that let the guest's browser, and only it, keep the page and ask again with the tag. */
export function withValidator(reply: FastifyReply, tag: string | null): FastifyReply {
  if (tag === null) return reply;
  return reply.header('etag', tag).header('cache-control', 'private, no-cache').header('vary', 'Cookie');
}

export function sendNotModified(reply: FastifyReply, tag: string): FastifyReply {
  return withValidator(reply.code(304), tag).send();
}
