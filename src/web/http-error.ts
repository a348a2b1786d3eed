// Errors a handler throws for a reader's or client's mistake; the server turns them into a 4xx
// page or JSON body. Anything else is our fault and becomes a logged 500.

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, `${what} was not found`);

/** A positive integer id from a URL segment, or a 404 naming what was asked for. */
export function idParam(raw: string | undefined, what: string): number {
  if (!raw || !/^[1-9]\d{0,15}$/.test(raw)) throw notFound(`${what} '${raw ?? ''}'`);
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id > 2 ** 31 - 1) throw notFound(`${what} '${raw}'`);
  return id;
}
