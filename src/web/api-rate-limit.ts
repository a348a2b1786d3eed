// Rate limits for the JSON API, announced in the IETF RateLimit-* headers, in fixed windows that
// start on the clock (so every process agrees on them), counted for all of the archive's
// processes together in the database: each API request adds itself to its client's count with
// one small upsert, so the documented limit holds whatever the number of processes.
import type { FastifyInstance } from 'fastify';
import { readSetting } from '../config.ts';
import { AppError } from '../app-error.ts';
import type { Database } from '../db/database.ts';
import { add, pruneExpired } from './rate-limits.repo.ts';

export interface ApiRateLimit {
  /** Requests per window per client (token, else address). */
  limit: number;
  windowMs: number;
}

/** QUIRE_API_RATE_LIMIT requests a minute. */
export function defaultApiRateLimit(): ApiRateLimit {
  return { limit: readSetting('apiRateLimit'), windowMs: 60_000 };
}

export function registerApiRateLimit(app: FastifyInstance, rule: ApiRateLimit, database: Database): void {
  let sweepAt = 0;
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api/')) return;
    const now = Date.now();
    const start = now - (now % rule.windowMs);
    if (now > sweepAt) {
      // Windows that have passed are dropped now and then, so idle clients cost nothing.
      sweepAt = now + rule.windowMs;
      await pruneExpired(database.db, 'api:', new Date(now));
    }
    const key = req.viewer ? `user:${req.viewer.id}` : `ip:${req.ip}`;
    const count = await add(database.db, `api:${key}:${start}`, 1, new Date(start + rule.windowMs));
    const reset = Math.max(0, Math.ceil((start + rule.windowMs - now) / 1000));
    reply.header('RateLimit-Limit', String(rule.limit));
    reply.header('RateLimit-Remaining', String(Math.max(0, rule.limit - count)));
    reply.header('RateLimit-Reset', String(reset));
    if (count > rule.limit) {
      reply.header('Retry-After', String(reset));
      throw new AppError(
        'rate_limited',
        `too many requests: ${rule.limit} ${per(rule.windowMs)}; try again in ${reset} s`,
      );
    }
  });
}

/** The window as the error message says it: "a minute" for the default. */
function per(windowMs: number): string {
  return windowMs === 60_000 ? 'a minute' : `every ${Math.round(windowMs / 1000)} s`;
}
