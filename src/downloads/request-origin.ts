// The `https://host` that downloads and feeds write into their links, which must be absolute in a
// file on a reader's disk or in a feed reader. QUIRE_PUBLIC_URL pins it (set it in production:
// then a forged Host header can neither change the links nor multiply cached files); without it,
// the request's own scheme and host (behind a proxy, X-Forwarded-*, as the server trusts them).
import type { FastifyRequest } from 'fastify';

const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

let pinned: string | null | undefined;

function publicOrigin(): string | null {
  if (pinned === undefined) {
    const raw = process.env.QUIRE_PUBLIC_URL?.trim();
    pinned = null;
    if (raw) {
      const u = new URL(raw); // a malformed setting should stop the server loudly, not limp on
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`QUIRE_PUBLIC_URL must be http(s), got ${raw}`);
      pinned = u.origin;
    }
  }
  return pinned;
}

/** The site's origin for this request, or undefined when the Host header is not a host name. */
export function requestOrigin(req: FastifyRequest): string | undefined {
  const fixed = publicOrigin();
  if (fixed) return fixed;
  const host = req.host;
  if (!host || !HOST.test(host)) return undefined;
  return `${req.protocol === 'https' ? 'https' : 'http'}://${host.toLowerCase()}`;
}
