// What a process supervisor and a monitoring system ask of a server: is the process alive
// (`/healthz`), may it take traffic (`/readyz`: the database answers and its schema is the one
// this code knows), and how is it doing (`/metrics`: requests, the database, the job queue, Prometheus' text format, off unless the
// QUIRE_METRICS setting turns it on, and then optionally behind a bearer token).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { pageCacheTotals } from './page-cache.ts';
import type { Database } from '../db/database.ts';
import { schemaState } from '../db/migrations.ts';
import { jobQueue, type QueueStats } from '../jobs/queue.ts';

export interface MetricsOptions {
  /** When set, /metrics answers only `Authorization: Bearer <token>`. */
  token?: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** An operational route: no session is looked up and no CSRF cookie is set for it. */
    operational?: boolean;
  }
}

/** How long /readyz waits for the database before calling it unreachable. */
const READY_TIMEOUT_MS = 2000;

/** Seconds; from a cached page's few milliseconds to a slow search or a download. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function registerOperations(app: FastifyInstance, database: Database, metrics: MetricsOptions | null): void {
  const operational = { config: { operational: true } };
  // The process id tells apart the processes of `quire serve --processes N` behind one port.
  app.get('/healthz', operational, async () => ({ ok: true, pid: process.pid }));
  app.get('/readyz', operational, async (_req, reply) => {
    const state = await readiness(database);
    return reply.code(state === 'ready' ? 200 : 503).send({ ok: state === 'ready', database: state });
  });
  if (metrics) registerMetrics(app, database, metrics);
}

type Readiness = 'ready' | 'unreachable' | 'migrations pending' | 'schema newer than this Quire';

async function readiness(database: Database): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'unreachable'>((resolve) => {
    timer = setTimeout(() => resolve('unreachable'), READY_TIMEOUT_MS);
  });
  const check = schemaState(database.db).then(
    (s) => (s === 'current' ? 'ready' : s === 'behind' ? 'migrations pending' : 'schema newer than this Quire'),
    () => 'unreachable' as const,
  );
  try {
    return await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function registerMetrics(app: FastifyInstance, database: Database, opts: MetricsOptions): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'quire_http_request_duration_seconds',
    help: 'Time from a request arriving to its response sent, by route pattern and status class',
    labelNames: ['method', 'route', 'status_class'],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const notModified = new Counter({
    name: 'quire_http_not_modified_total',
    help: 'Conditional requests answered 304 Not Modified (the page was not rendered), by route pattern',
    labelNames: ['route'],
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'quire_http_requests_in_flight',
    help: 'Requests being answered now',
    registers: [registry],
  });
  new Gauge({
    name: 'quire_db_pool_connections',
    help: "The PostgreSQL pool's connections (open, idle) and queries waiting for one",
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const pool = database.pool?.();
      if (!pool) return;
      this.set({ state: 'open' }, pool.open);
      this.set({ state: 'idle' }, pool.idle);
      this.set({ state: 'waiting' }, pool.waiting);
    },
  });
  new Gauge({
    name: 'quire_db_read_workers',
    help: 'SQLite read-only connections on worker threads (0 on PostgreSQL and in memory)',
    registers: [registry],
    collect() {
      this.set(database.readers?.size ?? 0);
    },
  });
  new Gauge({
    name: 'quire_db_info',
    help: 'The database dialect this process serves',
    labelNames: ['dialect'],
    registers: [registry],
    collect() {
      this.set({ dialect: database.dialect }, 1);
    },
  });
  new Counter({
    name: 'quire_page_cache_lookups_total',
    help: "Guests' pages looked up in this process's render cache, by result (hit: served without rendering)",
    labelNames: ['result'],
    registers: [registry],
    collect() {
      const t = pageCacheTotals();
      this.reset();
      this.inc({ result: 'hit' }, t.hits);
      this.inc({ result: 'miss' }, t.misses);
    },
  });
  new Gauge({
    name: 'quire_page_cache_bytes',
    help: "Bytes this process's render cache holds, within QUIRE_PAGE_CACHE_MB",
    registers: [registry],
    collect() {
      this.set(pageCacheTotals().bytes);
    },
  });
  // The two job gauges are collected at once, and share one read of the queue.
  let reading: Promise<QueueStats> | null = null;
  const queueStats = () => {
    reading ??= jobQueue(database)
      .then((q) => q.stats())
      .finally(() => {
        reading = null;
      });
    return reading;
  };
  new Gauge({
    name: 'quire_job_queue_depth',
    help: "The archive's jobs by state: waiting (due), scheduled (for later, retries among them), running, dead (out of tries)",
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const s = await queueStats();
      for (const state of ['waiting', 'scheduled', 'running', 'dead'] as const) this.set({ state }, s[state]);
    },
  });
  new Gauge({
    name: 'quire_job_oldest_waiting_seconds',
    help: 'Seconds since the oldest job waiting to run became due (0 when none waits)',
    registers: [registry],
    async collect() {
      this.set((await queueStats()).oldestWaitingSeconds);
    },
  });

  app.addHook('onRequest', async () => {
    inFlight.inc();
  });
  app.addHook('onResponse', async (req, reply) => {
    inFlight.dec();
    // The pattern, never the raw URL: one series per route, whatever ids readers ask for.
    const route = req.routeOptions.url ?? 'unmatched';
    duration.observe(
      { method: req.method, route, status_class: `${Math.floor(reply.statusCode / 100)}xx` },
      reply.elapsedTime / 1000,
    );
    if (reply.statusCode === 304) notModified.inc({ route });
  });

  app.get('/metrics', { config: { operational: true } }, async (req: FastifyRequest, reply: FastifyReply) => {
    if (opts.token !== undefined && !bearerIs(req.headers.authorization, opts.token)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .type('text/plain; charset=utf-8')
        .send('metrics need Authorization: Bearer <QUIRE_METRICS_TOKEN>\n');
    }
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}

/** Whether the header bears exactly this token, compared in constant time (as digests, any length). */
function bearerIs(header: string | undefined, token: string): boolean {
  const sent = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (sent === undefined) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(sent), digest(token));
}
