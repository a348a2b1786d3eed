// The one error for a reader's or client's mistake, or a refusal. Services and handlers throw it
// with a kind; the server's error handler (web/server.ts) alone turns the kind into an HTTP
// status, and the CLI prints the message. Anything else thrown is our fault and becomes a 500.
export type ErrorKind =
  | 'bad_request'
  | 'sign_in'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'invalid'
  | 'rate_limited';

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} was not found`);

/** An id a form or query may carry or not ("?prompt=12"): the id, or 0 when absent or not an id. */
export function optionalId(raw: string | undefined): number {
  const t = raw?.trim() ?? '';
  const id = /^[1-9]\d{0,9}$/.test(t) ? Number(t) : 0;
  return id <= 2 ** 31 - 1 ? id : 0;
}

/** A positive integer id from a URL segment, or a 404 naming what was asked for. */
export function idParam(raw: string | undefined, what: string): number {
  if (!raw || !/^[1-9]\d{0,15}$/.test(raw)) throw notFound(`${what} '${raw ?? ''}'`);
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id > 2 ** 31 - 1) throw notFound(`${what} '${raw}'`);
  return id;
}
