// Who is asking, and whether a form really came from our page. Sessions ride in an HttpOnly,
// SameSite=Lax cookie (Secure behind TLS). Every state-changing form request must echo the CSRF
// token, compared in constant time: for a signed-in reader it is derived from their session (so a
// token planted in a cookie is worth nothing), for a guest it is a double-submit cookie. A
// cross-site, opaque ("null") or malformed Origin is refused outright. The JSON API does not read
// cookies for writes; it uses bearer tokens.
import { createHash, randomFillSync, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import { sessionWithPreferences, SESSION_MS, userFromApiToken, type SignedIn } from '../accounts/accounts.service.ts';
import { DEFAULT_PREFERENCES, type Preferences } from '../accounts/preferences.ts';
import { html, type SafeHtml } from '../markup/html.ts';
import { unreadCount } from '../curation/subscriptions.service.ts';
import { AppError } from '../app-error.ts';

export const SESSION_COOKIE = 'quire_session';
export const CSRF_COOKIE = 'quire_csrf';
export const CSRF_FIELD = '_csrf';

declare module 'fastify' {
  interface FastifyRequest {
    viewer: SignedIn | null;
    csrfToken: string;
    /** Unread inbox items of the signed-in reader, for the page header. */
    unreadInbox: number;
    /** The signed-in reader's preferences, read with the session; the defaults for guests and the API. */
    preferences: Readonly<Preferences>;
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/**
 * Posts authenticated by the unguessable token in their URL alone: RFC 8058 one-click unsubscribe,
 * which a mail provider sends without cookies or Origin. It can only turn one kind of mail off.
 */
const TOKEN_AUTHENTICATED = /^\/unsubscribe\/[^/?#]+(?:\?[^/]*)?$/;

/** Random bytes drawn a batch at a time: every first-time guest needs a token. */
const tokenPool = Buffer.alloc(24 * 256);
let tokenPoolAt = tokenPool.length;

/** A new guest's CSRF token: 24 random bytes, base64url. */
function freshToken(): string {
  if (tokenPoolAt === tokenPool.length) {
    randomFillSync(tokenPool);
    tokenPoolAt = 0;
  }
  tokenPoolAt += 24;
  return tokenPool.toString('base64url', tokenPoolAt - 24, tokenPoolAt);
}

function cookieOptions(req: FastifyRequest, maxAgeMs?: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: req.protocol === 'https',
    ...(maxAgeMs ? { maxAge: Math.floor(maxAgeMs / 1000) } : {}),
  };
}

/** A signed-in reader's CSRF token: only someone holding the (HttpOnly) session can know it. */
function sessionCsrf(sessionToken: string): string {
  return createHash('sha256').update(`quire-csrf:${sessionToken}`).digest('base64url').slice(0, 32);
}

/** Whether an Origin header names this archive; an absent one is left to the CSRF token. */
function originAllowed(origin: string | undefined, host: string | undefined, protocol: string): boolean {
  if (origin === undefined) return true;
  try {
    // Through URL both sides drop a default port ("localhost:80" is "localhost" over http).
    return new URL(origin).host === new URL(`${protocol}://${host}`).host;
  } catch {
    return false; // "null" (an opaque origin) and anything that is not a URL
  }
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function registerAuth(app: FastifyInstance, database: Database): void {
  app.decorateRequest('viewer', null);
  app.decorateRequest('csrfToken', '');
  app.decorateRequest('unreadInbox', 0);
  // Fastify refuses an object as a decoration's default: each request sets its own below.
  app.decorateRequest('preferences', null as unknown as Preferences);

  app.addHook('onRequest', async (req, reply) => {
    req.preferences = DEFAULT_PREFERENCES;
    if (req.routeOptions.config.operational) return;
    if (req.url.startsWith('/api/')) {
      // The API knows readers only by bearer token: a cookie cannot be made to write through it.
      const auth = req.headers.authorization;
      const bearer = auth?.match(/^Bearer\s+(\S+)$/i)?.[1];
      req.viewer = bearer ? await userFromApiToken(database, bearer) : null;
      if (auth && !req.viewer)
        throw new AppError('sign_in', 'that API token is not valid: revoked, mistyped, or not a Bearer token');
      return;
    }
    const session = await sessionWithPreferences(database, req.cookies[SESSION_COOKIE]);
    req.viewer = session?.user ?? null;
    if (session) req.preferences = session.preferences;
    if (req.viewer && req.method === 'GET') req.unreadInbox = await unreadCount(database.db, req.viewer.id);
    if (req.viewer) {
      req.csrfToken = sessionCsrf(req.cookies[SESSION_COOKIE]!);
      return;
    }
    const csrf = req.cookies[CSRF_COOKIE];
    if (csrf && /^[A-Za-z0-9_-]{32,64}$/.test(csrf)) req.csrfToken = csrf;
    else {
      req.csrfToken = freshToken();
      reply.setCookie(CSRF_COOKIE, req.csrfToken, cookieOptions(req));
    }
  });

  app.addHook('preHandler', async (req) => {
    if (!STATE_CHANGING.has(req.method) || req.url.startsWith('/api/') || TOKEN_AUTHENTICATED.test(req.url)) return;
    if (!originAllowed(req.headers.origin, req.headers.host, req.protocol)) {
      throw new AppError(
        'forbidden',
        'this form was sent from another site; open the page on this archive and try again',
      );
    }
    const sent = formField(req.body, CSRF_FIELD);
    const expected = req.viewer ? req.csrfToken : req.cookies[CSRF_COOKIE];
    if (sent === undefined || !expected || !sameToken(sent, expected)) {
      throw new AppError(
        'forbidden',
        'this form has expired or did not come from this archive; reload the page and try again',
      );
    }
  });
}

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, cookieOptions(req, SESSION_MS));
  // From sign-in on, the token is the session's, so one planted before it is worth nothing after.
  req.csrfToken = sessionCsrf(token);
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(req));
}

/** The signed-in reader, or a 401 that the error page turns into "sign in first". */
export function requireViewer(req: FastifyRequest): SignedIn {
  if (!req.viewer) throw new AppError('sign_in', 'you need to sign in to do that');
  return req.viewer;
}

export function csrfField(req: FastifyRequest): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${req.csrfToken}">`;
}

/** What the page frame needs to know about the reader. */
export function chrome(req: FastifyRequest): { viewer: SignedIn | null; csrf: SafeHtml; unread: number } {
  return { viewer: req.viewer, csrf: csrfField(req), unread: req.unreadInbox };
}

/**
 * A text field of a submitted form, urlencoded or multipart (where @fastify/multipart gives
 * `{ value }` objects). Repeated fields give their first value here; see formFields.
 */
export function formField(body: unknown, name: string): string | undefined {
  const v = formFields(body, name)[0];
  return v;
}

/** Every value of a possibly repeated text field, in order. */
export function formFields(body: unknown, name: string): string[] {
  if (!body || typeof body !== 'object') return [];
  const raw = (body as Record<string, unknown>)[name];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return (
    list
      .map((v) =>
        typeof v === 'string'
          ? v
          : v && typeof v === 'object' && 'value' in v && typeof (v as { value: unknown }).value === 'string'
            ? (v as { value: string }).value
            : undefined,
      )
      .filter((v): v is string => v !== undefined)
      // NUL is never meant and PostgreSQL refuses it: dropped here, at the edge, for every form.
      .map((v) => v.replace(/\u0000/g, ''))
  );
}
