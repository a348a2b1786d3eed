// Helpers for the query parser's tests: a fixed "now", and parses that must succeed or fail once.
import assert from 'node:assert/strict';
import { parseQuery } from './query-parser.ts';
import type { QueryError, WorkQuery } from './query.ts';

// A fixed "now" for relative dates: the last day of March, to exercise month clamping.
export const NOW = new Date('2025-03-31T15:30:00Z');
export const parse = (input: string) => parseQuery(input, { now: NOW });

/** Parses input that must have no errors and returns the query. */
export function ok(input: string): WorkQuery {
  const { query, errors } = parse(input);
  assert.deepEqual(errors, [], `unexpected errors for ${JSON.stringify(input)}`);
  return query;
}

/** The one error `input` gives, checked against the text its offsets cover. */
export function oneError(
  input: string,
  message: RegExp,
  covers: string,
  severity: QueryError['severity'] = 'error',
): QueryError {
  const { errors } = parse(input);
  assert.equal(errors.length, 1, `expected one error for ${JSON.stringify(input)}, got ${JSON.stringify(errors)}`);
  const e = errors[0]!;
  assert.match(e.message, message);
  assert.equal(e.severity, severity);
  assert.equal(input.slice(e.start, e.end), covers, `offsets of ${JSON.stringify(e)}`);
  return e;
}
