// The archive's public origin (`https://host`) for links that leave the request: the absolute links
// in a download or a feed, and the link in a password-reset e-mail. QUIRE_PUBLIC_URL (or its older
// name QUIRE_BASE_URL) pins it, and production should set it. Without it, a link may be built from
// the request's Host header only where that is harmless: a download or a feed goes back to the
// client that chose the header, but a reset e-mail carries a secret to someone else's mailbox, so
// it takes a request's host only when QUIRE_ALLOWED_HOSTS names it (by default the loopback names
// by which an archive on one's own machine is reached).
import type { FastifyRequest } from 'fastify';
import { readSetting } from '../config.ts';

const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** The configured public origin, or null when none is set; a malformed setting throws. */
export function configuredOrigin(): string | null {
  return readSetting('publicUrl');
}

/** Host names (without port) that a reset link may name when no public URL is configured. */
export function allowedMailHosts(): string[] {
  return readSetting('allowedHosts');
}

/** The site's origin for this request, or undefined when the Host header is not a host name. */
export function requestOrigin(req: FastifyRequest): string | undefined {
  const fixed = configuredOrigin();
  if (fixed) return fixed;
  const host = req.host;
  if (!host || !HOST.test(host)) return undefined;
  return `${req.protocol === 'https' ? 'https' : 'http'}://${host.toLowerCase()}`;
}

/**
 * The origin for a link mailed to someone: the configured one, else the request's when its host is
 * allowed, else undefined (and then no link may be sent).
 */
export function mailOrigin(req: FastifyRequest): string | undefined {
  const fixed = configuredOrigin();
  if (fixed) return fixed;
  const origin = requestOrigin(req);
  if (!origin) return undefined;
  const hostname = new URL(origin).hostname.toLowerCase();
  return allowedMailHosts().includes(hostname) ? origin : undefined;
}

/**
 * The origin for links in mail sent outside any request (the notices the mailer sends later): the
 * configured one, else the address the server listens on, which only its own machine may reach.
 */
export function backgroundOrigin(listening: string): string {
  return configuredOrigin() ?? new URL(listening).origin;
}
