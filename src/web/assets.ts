// The stylesheet, read once at start and served with a long cache life keyed by its hash.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';

export function assetRoutes() {
  const css = readFileSync(new URL('./style.css', import.meta.url));
  const etag = `"${createHash('sha256').update(css).digest('base64url').slice(0, 16)}"`;
  return {
    async stylesheet(req: FastifyRequest, reply: FastifyReply) {
      reply.header('etag', etag).header('cache-control', 'public, max-age=3600');
      if (req.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type('text/css; charset=utf-8').send(css);
    },
  };
}
