// The HTTP half of the fuzz run: a served archive on 127.0.0.1 (an ephemeral port) per database,
// and generated requests for every route in its table, round robin, a few at a time. A server
// error is a 5xx, a request the server never answers, or a body showing a stack trace or a source
// path. The server's own record of each error (an onError hook) is kept for the report.
import http from 'node:http';
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryMailSender } from '../../src/accounts/mail.ts';
import type { Dialect } from '../../src/db/database.ts';
import { closePdfRenderer } from '../../src/exporters/pdf.ts';
import { buildServer } from '../../src/web/server.ts';
import { type Failure, generateFile } from './files.ts';
import { type FuzzRequest, generateRequest } from './requests.ts';
import type { ActorName, World } from './values.ts';
import { openTarget, startPostgres, WorldState } from './world.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const LANES = 8;
const MAINTAIN_EVERY = 250;
/** A request unanswered this long counts as a server error. */
const REQUEST_TIMEOUT_MS = 60_000;
const BODY_KEEP = 1 << 20;

const STACK = /\n\s+at (?:async )?\S[^\n]*?(?:\(|\s)(?:file:\/\/|node:|\/)[^\n]*:\d+:\d+\)?/;
const PATH_IN_ERROR = /\b\w*Error\b[^\n]{0,200}(?:\/[\w.-]+){2,}\.(?:ts|js|mjs|cjs)\b/;

export interface HttpRunOptions {
  seed: string;
  databases: string[];
  minRequests: number;
  seconds: number;
  hardSeconds: number;
  progress(line: string): void;
}

export interface HttpRunResult {
  requests: number;
  serverErrors: number;
  failures: Failure[];
}

interface Answer {
  status: number;
  body: string;
  error?: string;
}

/** Sends bytes as they are on a new connection; what comes back, read until the server closes. */
function sendRaw(port: number, bytes: Buffer, timeoutMs = 5000): Promise<Answer> {
  return new Promise((done) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1', () => socket.end(bytes));
    const finish = (error?: string) => {
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
      done({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4), ...(error ? { error } : {}) });
    };
    socket.setTimeout(timeoutMs, () => finish('timeout'));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => finish());
    socket.on('error', (e) => finish(e.message));
  });
}

function asBytes(r: FuzzRequest, id: string): Buffer {
  const head = Object.entries({ ...r.headers, 'x-fuzz-id': id, 'content-length': String(r.body?.length ?? 0) })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  return Buffer.concat([
    Buffer.from(`${r.method} ${r.path} HTTP/1.1\r\n${head}connection: close\r\n\r\n`, 'latin1'),
    r.body ?? Buffer.alloc(0),
  ]);
}

const ignore = () => {};

function send(port: number, r: FuzzRequest, id: string): Promise<Answer> {
  if (r.raw) return sendRaw(port, r.raw);
  return new Promise((done) => {
    const headers: Record<string, string> = { ...r.headers, 'x-fuzz-id': id };
    if (r.body) headers['content-length'] = String(r.body.length);
    let req: http.ClientRequest;
    try {
      // A connection of its own: one reused after the server closed it (after a 431, say) would look
      // like a request the server never answered.
      req = http.request(
        { host: '127.0.0.1', port, method: r.method, path: r.path, headers, agent: false, setHost: false },
        (res) => {
          const chunks: Buffer[] = [];
          let kept = 0;
          res.on('data', (c: Buffer) => {
            if (kept < BODY_KEEP) chunks.push(c);
            kept += c.length;
          });
          res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', (e) => done({ status: res.statusCode ?? 0, body: '', error: e.message }));
        },
      );
    } catch {
      // Node's client refuses some of what a socket can carry: those go as bytes, and are judged
      // as bytes are (a server may close on malformed ones without a word).
      r.raw = asBytes(r, id);
      void sendRaw(port, r.raw, REQUEST_TIMEOUT_MS).then(done);
      return;
    }
    // A server that answers before the body is sent (413, 431) may reset the socket under the
    // rest of the write; that error can arrive after the answer, on the socket itself.
    req.on('socket', (s) => s.on('error', ignore));
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('timeout')));
    // Node's client refuses some answers (a body on a HEAD 400 from Fastify's client-error
    // handler): those are asked again on a socket, where only the status line matters.
    req.on('error', (e) => {
      if (/Parse Error/.test(e.message)) void sendRaw(port, asBytes(r, id), REQUEST_TIMEOUT_MS).then(done);
      else done({ status: 0, body: '', error: e.message });
    });
    req.end(r.body);
  });
}

function problem(r: FuzzRequest, a: Answer): string | null {
  if (a.status >= 500) return `HTTP ${a.status}`;
  // A raw request the server refuses may simply be closed; a request a client library sends must be answered.
  if (a.status === 0 && !r.raw) return `no answer (${a.error ?? 'closed'})`;
  if (STACK.test(a.body)) return `HTTP ${a.status} with a stack trace in the body`;
  if (PATH_IN_ERROR.test(a.body) || a.body.includes(`${ROOT}/src`) || a.body.includes('node_modules/'))
    return `HTTP ${a.status} with an error and a source path in the body`;
  return null;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s);

/** The headers that differ from a browser's: the fuzzed ones and the body's type (all are in the .http file). */
function unusual(r: FuzzRequest): string {
  const names = new Set(['content-type', ...r.recipe.filter((x) => x.startsWith('header:')).map((x) => x.slice(7))]);
  return Object.entries(r.headers)
    .filter(([k]) => names.has(k))
    .map(([k, v]) => `${k}: ${JSON.stringify(clip(v, 60))}`)
    .join(', ');
}

async function runDatabase(o: HttpRunOptions, dialect: Dialect, pgUrl: string | undefined, result: HttpRunResult) {
  const target = await openTarget(dialect, pgUrl);
  const mail = new MemoryMailSender();
  const app = await buildServer(target.database, { apiRateLimit: null, mail });
  const errors = new Map<string, string>();
  app.addHook('onError', async (req, _reply, error) => {
    errors.set(String(req.headers['x-fuzz-id']), error.stack ?? String(error));
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const world: World = {
    port,
    csrf: 'fuzzcsrf0123456789abcdefghijklmnopqrstuv',
    actors: {} as World['actors'],
    pools: {
      works: [],
      series: [],
      comments: [],
      bookmarks: [],
      searches: [],
      reports: [],
      tokens: [],
      tags: [],
      users: [],
      resetTokens: [],
      unsubscribeTokens: [],
    },
    file: (i) => generateFile(`${o.seed}:upload`, i),
  };
  /** A form post or a page as a browser would send it, for setting up and for reading CSRF tokens. */
  const browse = async (actor: ActorName | 'guest', url: string, form?: Record<string, string>) => {
    const session = actor === 'guest' ? '' : `quire_session=${world.actors[actor].session}; `;
    const csrf = actor === 'guest' ? world.csrf : world.actors[actor].csrf;
    return send(
      port,
      {
        index: -1,
        route: url,
        method: form ? 'POST' : 'GET',
        path: url,
        headers: {
          host: `127.0.0.1:${port}`,
          cookie: `${session}quire_csrf=${world.csrf}`,
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(form ? { body: Buffer.from(new URLSearchParams({ ...form, _csrf: csrf }).toString()) } : {}),
        recipe: [],
      },
      'setup',
    );
  };
  const state = new WorldState(target.database, world, mail, browse);
  const routes = [...app.quireRoutes].sort();
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  let next = 0;
  let done = 0;
  let shown = 0;
  const errorsBefore = result.serverErrors;
  // How far requests got: mostly 4xx means most never reached a handler's real work.
  const statuses = new Map<string, number>();
  try {
    await state.populate();
    o.progress(`${dialect}: serving on 127.0.0.1:${port}, ${routes.length} routes`);
    const lane = async () => {
      while ((next < o.minRequests || elapsed() < o.seconds) && elapsed() < o.hardSeconds) {
        const index = next++;
        if (index > 0 && index % MAINTAIN_EVERY === 0) await state.maintain();
        const r = generateRequest(o.seed, index, routes[index % routes.length]!, world);
        const id = `${dialect}-${index}`;
        const answer = await send(port, r, id);
        done++;
        const cls = answer.status ? `${String(answer.status)[0]}xx` : 'none';
        statuses.set(cls, (statuses.get(cls) ?? 0) + 1);
        const what = problem(r, answer);
        if (what) {
          result.serverErrors++;
          const stack = errors.get(id);
          const headers = Object.entries(r.headers).map(([k, v]) => `${k}: ${clip(v, 120)}`);
          result.failures.push({
            kind: 'server_error',
            signature: `${r.route} → ${what}: ${stack?.split('\n')[0] ?? ''}`,
            summary: `request #${index} [${dialect}] ${r.method} ${clip(r.path, 200)} (route ${r.route}; ${r.recipe.join(' ')}${r.body ? `; body ${r.body.length} B` : ''}; ${unusual(r)}) → ${what}`,
            detail: [
              `headers: ${headers.join(' | ')}`,
              `server error: ${stack ? stack.split('\n').slice(0, 6).join('\n  ') : 'none recorded'}`,
              ...(r.body ? [`body: ${JSON.stringify(clip(r.body.toString('latin1'), 300))}`] : []),
              `response: ${JSON.stringify(clip(answer.body, 500))}`,
            ].join('\n'),
            inputs: { [`request-${dialect}-${index}.http`]: r.raw ?? asBytes(r, id) },
          });
        }
        errors.delete(id);
        if (elapsed() - shown >= 15) {
          shown = elapsed();
          o.progress(
            `${dialect}: requests ${done} server_errors=${result.serverErrors - errorsBefore} (${shown.toFixed(0)} s)`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: LANES }, lane));
  } finally {
    await app.close();
    await target.dispose();
  }
  result.requests += done;
  const mix = [...statuses].sort().map(([k, n]) => `${k} ${n}`);
  o.progress(`${dialect}: ${done} requests in ${elapsed().toFixed(0)} s (${mix.join(', ')})`);
  if (done < o.minRequests)
    o.progress(`${dialect}: stopped at ${done} of ${o.minRequests} requests, out of time (${o.hardSeconds} s)`);
}

export async function fuzzHttp(o: HttpRunOptions): Promise<HttpRunResult> {
  const result: HttpRunResult = { requests: 0, serverErrors: 0, failures: [] };
  // Downloads are cached on disk: in a temp dir here, not the archive's data/.
  const downloads = mkdtempSync(join(tmpdir(), 'quire-fuzz-downloads-'));
  process.env.QUIRE_DOWNLOADS_DIR = downloads;
  try {
    if (o.databases.includes('sqlite')) await runDatabase(o, 'sqlite', undefined, result);
    if (o.databases.includes('postgres')) {
      const server = startPostgres();
      const stop = () => server.stop();
      process.once('SIGINT', () => {
        stop();
        process.exit(130);
      });
      try {
        await runDatabase(o, 'postgres', server.url, result);
      } finally {
        stop();
      }
    }
  } finally {
    // PDF downloads leave a browser running for a minute; the run is over now.
    await closePdfRenderer();
    rmSync(downloads, { recursive: true, force: true });
  }
  return result;
}
