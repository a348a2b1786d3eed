// What every routes file shares: one request type and one way to send a page.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { chrome } from './auth.ts';
import type { SafeHtml } from '../markup/html.ts';
import { layout, type FeedLink } from './layout.ts';

/**
 * Every handler's request: URL segments, query and form fields by name, none trusted to be there.
 * The viewer, the CSRF token and the unread count ride on every request too (auth.ts adds them).
 */
export type Req = FastifyRequest<{
  Params: Record<string, string>;
  Querystring: Record<string, string | undefined>;
  Body: Record<string, unknown> | undefined;
}>;

/** A page's own part; the layout adds the archive's chrome around it. */
export interface Page {
  title: string;
  body: SafeHtml;
  description?: string;
  feeds?: FeedLink[];
}

/** `page` in the layout, with the chrome of the request it answers. */
export function pageHtml(req: FastifyRequest, page: Page): string {
  return layout({ ...page, chrome: chrome(req) });
}

/** Sends `page` in the layout, with the chrome of the request it answers. */
export function sendPage(reply: FastifyReply, page: Page, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(pageHtml(reply.request, page));
}

/**
 * A query parameter as text: '' when absent or repeated (a repeated one is an array). The API's
 * schemas may have made a number of it already.
 */
export function queryText(req: Req, name: string): string {
  const v = (req.query as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

/** The `page` query parameter: a whole number from 1, else 1. */
export function pageParam(req: Req): number {
  const n = Number(queryText(req, 'page'));
  return Number.isSafeInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}
