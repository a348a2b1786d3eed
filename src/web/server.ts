// Builds the HTTP server: security headers, error pages that never blame the reader with a 500,
// and the route table. Stateless: any number of these can serve one PostgreSQL database.
import { useArchiveSecret } from '../community/guest-key.ts';
import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import { MAX_IMPORT_BYTES } from '../importers/import-error.ts';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { ConsoleMailSender, type MailSender } from '../accounts/mail.ts';
import { readSetting } from '../config.ts';
import type { TrustProxy } from '../config-values.ts';
import type { Database } from '../db/database.ts';
import { registerAuth } from './auth.ts';
import { defaultApiRateLimit, registerApiRateLimit, type ApiRateLimit } from './api-rate-limit.ts';
import { TextWorkers } from '../works/text-worker.ts';
import { archiveCanon } from '../tags/wrangling.service.ts';
import type { ParsedWork } from '../importers/parsed-work.ts';
import { notifySubscribers } from '../curation/subscriptions.service.ts';
import { seriesOfWork } from '../works/works.repo.ts';
import type { PostingEvents, Suggester } from '../works/posting-rules.ts';
import { html } from '../markup/html.ts';
import { AppError, type ErrorKind } from '../app-error.ts';
import { layout } from './layout.ts';
import { registerRoutes } from './routes.ts';
import { QUIRE_VERSION } from './version.ts';
import { registerOperations, type MetricsOptions } from './operations.ts';

// No page runs JavaScript, so scripts are refused outright: a sanitiser slip cannot execute.
const CSP =
  "default-src 'none'; style-src 'self'; img-src 'self' https: data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

declare module 'fastify' {
  interface FastifyInstance {
    quireRoutes: string[];
  }
}

export interface ServerOptions {
  logger?: boolean;
  mail?: MailSender;
  /** Proposes tags for posted text; by default the analysis over the bundled canon. */
  suggest?: Suggester | null;
  events?: PostingEvents;
  /**
   * Send the Content-Security-Policy header (default true). Tests of escaping and sanitising
   * turn it off so that they measure those layers alone, not the CSP standing behind them.
   */
  contentSecurityPolicy?: boolean;
  /** The JSON API's limit per client; null turns it off (benchmarks). */
  apiRateLimit?: ApiRateLimit | null;
  /** Where uploads are read and (by default) analysed; the server makes its own and closes it. */
  textWorkers?: TextWorkers;
  /** Which proxies' X-Forwarded-* headers to believe (default: QUIRE_TRUST_PROXY, else none). */
  trustProxy?: TrustProxy;
  /** Serve /metrics (default: QUIRE_METRICS, with QUIRE_METRICS_TOKEN); null: not served. */
  metrics?: MetricsOptions | null;
  /** Take a request's X-Request-Id as its log id (default: QUIRE_TRUST_REQUEST_ID). */
  trustRequestId?: boolean;
}

/** A request id a proxy may hand on: short, and nothing that could forge a log line. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

function defaultMetrics(): MetricsOptions | null {
  if (!readSetting('metrics')) return null;
  const token = readSetting('metricsToken');
  return token === undefined ? {} : { token };
}

export async function buildServer(database: Database, opts: ServerOptions = {}): Promise<FastifyInstance> {
  const trustRequestId = opts.trustRequestId ?? readSetting('trustRequestId');
  const app = Fastify({
    logger: opts.logger ?? false,
    // Every log line of a request carries its id; a client's own X-Request-Id is believed only
    // when a setting says a proxy in front sets it.
    requestIdHeader: false,
    genReqId(req) {
      const sent = req.headers['x-request-id'];
      return trustRequestId && typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
    },
    trustProxy: opts.trustProxy ?? readSetting('trustProxy'),
    routerOptions: { maxParamLength: 500 },
  });
  await app.register(fastifyCookie);
  // A chapter may be 510,000 characters; percent-encoded non-Latin text triples in size.
  await app.register(fastifyFormbody, { bodyLimit: 8 * 1024 * 1024 });
  // Uploads on the posting form: one file, no bigger than an import may be.
  await app.register(fastifyMultipart, {
    attachFieldsToBody: true,
    limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 200 },
  });
  // Every route as "METHOD /path", for the authorization test that must classify each one.
  const routes: string[] = [];
  app.decorate('quireRoutes', routes);
  app.addHook('onRoute', (r) => {
    for (const m of [r.method].flat()) routes.push(`${m} ${r.url}`);
  });
  registerOperations(app, database, opts.metrics === undefined ? defaultMetrics() : opts.metrics);
  // Guests hash to the same key in every process of this archive, and after a restart.
  await useArchiveSecret(database);
  registerAuth(app, database);
  if (opts.apiRateLimit !== null) registerApiRateLimit(app, opts.apiRateLimit ?? defaultApiRateLimit(), database);

  // PostgreSQL refuses a NUL character in text (SQLite keeps it); no name, tag or form field needs
  // one, so a request carrying one is refused up front, whichever database is behind.
  app.addHook('onRequest', async (req) => {
    if (/%00/.test(req.url)) throw new AppError('bad_request', 'a NUL character (%00) has no place in a web address');
  });
  app.addHook('preHandler', async (req) => {
    const field = nulField(req.body);
    if (field !== null)
      throw new AppError(
        'bad_request',
        `the field ${field || 'sent'} holds a NUL character, which no text may contain`,
      );
  });

  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-request-id', req.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    if (opts.contentSecurityPolicy !== false) reply.header('content-security-policy', CSP);
    return payload;
  });

  const isApi = (url: string) => url.startsWith('/api/');

  /** The one place an AppError's kind becomes an HTTP status. */
  const STATUS_OF: Record<ErrorKind, number> = {
    bad_request: 400,
    sign_in: 401,
    forbidden: 403,
    not_found: 404,
    conflict: 409,
    too_large: 413,
    invalid: 422,
    rate_limited: 429,
  };

  app.setNotFoundHandler((req, reply) => {
    const message = `nothing at ${req.url.split('?')[0]}`;
    if (isApi(req.url)) return reply.code(404).send({ error: { status: 404, message } });
    return reply
      .code(404)
      .type('text/html; charset=utf-8')
      .send(errorPage(404, 'Page not found', message));
  });

  app.setErrorHandler((error: FastifyError | AppError, req, reply) => {
    // The multipart parser (busboy) throws plain Errors for a body that is not the form it claims
    // to be: no boundary, a truncated part. That is the sender's mistake, not ours.
    if (isMalformedMultipart(error)) {
      error = new AppError(
        'bad_request',
        `the upload is not a valid multipart form (${error.message}); send it again from the form`,
      );
    }
    const status =
      error instanceof AppError
        ? STATUS_OF[error.kind]
        : error.statusCode && error.statusCode < 500
          ? error.statusCode
          : 500;
    if (status >= 500) req.log.error(error);
    const message = status >= 500 ? 'Something went wrong on our side. It has been logged.' : error.message;
    if (isApi(req.url)) return reply.code(status).send({ error: { status, message } });
    const title =
      status === 404
        ? 'Not found'
        : status === 401
          ? 'Please sign in'
          : status === 403
            ? 'Not allowed'
            : status >= 500
              ? 'Server error'
              : 'Request not understood';
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(errorPage(status, title, message, status === 401 ? req.url : undefined));
  });

  // Uploads are read, and the default analysis runs, on worker threads under a time budget, so
  // that no single text can hold the thread that answers everyone else.
  const text = opts.textWorkers ?? new TextWorkers();
  if (!opts.textWorkers) app.addHook('onClose', () => text.close());
  // The default analysis reads the bundled canon and what the archive's wranglers have added to it.
  const suggest =
    opts.suggest === null
      ? undefined
      : (opts.suggest ?? (async (parsed: ParsedWork) => text.suggest(parsed, await archiveCanon(database))));
  const read = (bytes: Buffer, filename: string) => text.parse(bytes, filename);
  registerRoutes(app, database, {
    version: QUIRE_VERSION,
    mail: opts.mail ?? new ConsoleMailSender(),
    suggest,
    read,
    events: opts.events ?? subscriberEvents,
  });
  return app;
}

/** Posting tells subscribers: a creator's new work (and a series' new part), a work's new chapter. */
const subscriberEvents: PostingEvents = {
  async workPosted(store, workId) {
    await notifySubscribers(store, { kind: 'new_work', workId });
    for (const series of await seriesOfWork(store.db, workId))
      await notifySubscribers(store, { kind: 'series_work', seriesId: series.id, workId });
  },
  async chapterPosted(store, workId, chapterId) {
    await notifySubscribers(store, { kind: 'new_chapter', workId, chapterId });
  },
};

/** The name of the first form or JSON field whose text holds a NUL character ('' for the body itself), or null. */
function nulField(body: unknown, path = '', seen = new Set<object>()): string | null {
  if (typeof body === 'string') return body.includes('\u0000') ? path : null;
  if (body === null || typeof body !== 'object' || Buffer.isBuffer(body) || seen.has(body)) return null;
  seen.add(body);
  // A multipart part: a text field's `value` is its text; a file's bytes are not text, and a part
  // points back at all the others.
  if ('fieldname' in body && 'type' in body) {
    const part = body as { type: unknown; value?: unknown };
    return part.type === 'field' && typeof part.value === 'string' && part.value.includes('\u0000') ? path : null;
  }
  const entries = Array.isArray(body) ? body.map((v, i) => [String(i), v] as const) : Object.entries(body);
  for (const [key, value] of entries) {
    const found = nulField(value, path ? `${path}.${key}` : key, seen);
    if (found !== null) return found;
  }
  return null;
}

function isMalformedMultipart(error: Error): boolean {
  const status = (error as { statusCode?: number }).statusCode;
  return status === undefined && /[\\/]@fastify[\\/]busboy[\\/]/.test(error.stack ?? '');
}

function errorPage(status: number, title: string, message: string, signInThenReturnTo?: string): string {
  const next = signInThenReturnTo
    ? html`<p><a class="button primary" href="/login?return_to=${encodeURIComponent(signInThenReturnTo)}">Sign in</a></p>`
    : html``;
  return layout({
    title,
    body: html`<h1>${title}</h1><p>${message}</p>${next}<p><a href="/">Back to recent works</a></p><p class="muted">HTTP ${status}</p>`,
  });
}
