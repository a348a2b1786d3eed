// Rate limits for the JSON API, announced in the IETF RateLimit-* headers. Counted in memory per
// process in fixed windows: every API request counting in the database would cost a write per
// read, and a limit per process is enough to keep one client from crowding out the rest. With N
// processes behind a balancer a client gets up to N times the limit; sign-in attempts, which
// must hold exactly, are counted in the database instead (src/web/rate-limits.repo.ts).
import type { FastifyInstance } from 'fastify';
import { readSetting } from '../config.ts';
import { AppError } from '../app-error.ts';

export interface ApiRateLimit {
  /** Requests per window per client (token, else address). */
  limit: number;
  windowMs: number;
}

/** QUIRE_API_RATE_LIMIT requests a minute. */
export function defaultApiRateLimit(): ApiRateLimit {
  return { limit: readSetting('apiRateLimit'), windowMs: 60_000 };
}

export function registerApiRateLimit(app: FastifyInstance, rule: ApiRateLimit): void {
  const windows = new Map<string, { count: number; resetsAt: number }>();
  let sweepAt = 0;
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api/')) return;
    const now = Date.now();
    if (now > sweepAt) {
      // Forget finished windows now and then, so idle clients cost no memory.
      for (const [k, w] of windows) if (w.resetsAt <= now) windows.delete(k);
      sweepAt = now + rule.windowMs;
    }
    const key = req.viewer ? `user:${req.viewer.id}` : `ip:${req.ip}`;
    let w = windows.get(key);
    if (!w || w.resetsAt <= now) {
      w = { count: 0, resetsAt: now + rule.windowMs };
      windows.set(key, w);
    }
    w.count++;
    const reset = Math.max(0, Math.ceil((w.resetsAt - now) / 1000));
    reply.header('RateLimit-Limit', String(rule.limit));
    reply.header('RateLimit-Remaining', String(Math.max(0, rule.limit - w.count)));
    reply.header('RateLimit-Reset', String(reset));
    if (w.count > rule.limit) {
      reply.header('Retry-After', String(reset));
      throw new AppError('rate_limited', `too many requests: ${rule.limit} a minute; try again in ${reset} s`);
    }
  });
}
