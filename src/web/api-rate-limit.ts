// Rate limits for the JSON API, announced in the IETF RateLimit-* headers, in fixed windows that
// start on the clock (so every process agrees on them), counted for all of the archive's
// processes together in the database, so the documented limit holds whatever their number: by
// default each API request adds itself to the shared count (one small upsert). `syncMs` trades
// that for fewer writes: a process then adds its count at most once per `syncMs` for a client,
// and a client may exceed the limit by what the other processes accepted in that time.
import type { FastifyInstance } from 'fastify';
import { readSetting } from '../config.ts';
import { AppError } from '../app-error.ts';
import type { Database } from '../db/database.ts';
import { add, pruneExpired } from './rate-limits.repo.ts';

export interface ApiRateLimit {
  /** Requests per window per client (token, else address). */
  limit: number;
  windowMs: number;
  /** Longest a process keeps a client's count to itself (0, the default: none). */
  syncMs?: number;
}

/** QUIRE_API_RATE_LIMIT requests a minute. */
export function defaultApiRateLimit(): ApiRateLimit {
  return { limit: readSetting('apiRateLimit'), windowMs: 60_000 };
}

/** What this process knows of one client's window. */
interface Window {
  start: number;
  /** The shared count when last read, this process's requests up to then included. */
  shared: number;
  /** This process's requests since. */
  pending: number;
  syncedAt: number;
}

export function registerApiRateLimit(app: FastifyInstance, rule: ApiRateLimit, database: Database): void {
  const syncMs = rule.syncMs ?? 0;
  const windows = new Map<string, Window>();
  let sweepAt = 0;
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api/')) return;
    const now = Date.now();
    const start = now - (now % rule.windowMs);
    if (now > sweepAt) {
      // Forget finished windows now and then, here and in the database, so idle clients cost nothing.
      for (const [k, w] of windows) if (w.start < start) windows.delete(k);
      sweepAt = now + rule.windowMs;
      await pruneExpired(database.db, 'api:', new Date(now));
    }
    const key = req.viewer ? `user:${req.viewer.id}` : `ip:${req.ip}`;
    let w = windows.get(key);
    if (!w || w.start !== start) {
      w = { start, shared: 0, pending: 0, syncedAt: 0 };
      windows.set(key, w);
    }
    w.pending++;
    if (now - w.syncedAt >= syncMs) {
      const pending = w.pending;
      w.pending = 0;
      w.syncedAt = now;
      w.shared = await add(database.db, `api:${key}:${start}`, pending, new Date(start + rule.windowMs));
    }
    const count = w.shared + w.pending;
    const reset = Math.max(0, Math.ceil((start + rule.windowMs - now) / 1000));
    reply.header('RateLimit-Limit', String(rule.limit));
    reply.header('RateLimit-Remaining', String(Math.max(0, rule.limit - count)));
    reply.header('RateLimit-Reset', String(reset));
    if (count > rule.limit) {
      reply.header('Retry-After', String(reset));
      throw new AppError('rate_limited', `too many requests: ${rule.limit} a minute; try again in ${reset} s`);
    }
  });
}
