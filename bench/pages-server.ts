// The server half of `npm run bench:pages`, run in its own process: the archive's real server
// (buildServer, as `quire serve` builds it, request log off) on the benchmark's database, plus
// one route of its own, GET /bench/static?bytes=N, which answers N bytes of fixed HTML (or, with
// unchanged=yes, 304 with no body). That is the ceiling a page is measured against: the same
// framework, hooks and process, no work done.
//
// With a second argument N above 1 it runs as `quire serve --processes N` does (serve-cluster.ts):
// a primary that migrates, then N worker processes of this server sharing the port.
//
// usage: node --import tsx bench/pages-server.ts sqlite:PATH [PROCESSES]
// Prints "listening PORT" (or, with N processes, quire serve's "... at http://HOST:PORT with N
// processes") once it takes requests; stops on SIGTERM.
import cluster from 'node:cluster';
import { servePrimary } from '../src/cli/serve-cluster.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrations.ts';
import { buildServer } from '../src/web/server.ts';

const url = process.argv[2];
const processes = Number(process.argv[3] ?? 1);
if (!url || !Number.isInteger(processes) || processes < 1) {
  console.error('usage: pages-server.ts DATABASE_URL [PROCESSES]');
  process.exit(2);
}
if (cluster.isPrimary && processes > 1) {
  await servePrimary(processes, async () => {
    const database = await openDatabase(url);
    await migrate(database);
    await database.close();
    return database.label;
  });
}
const database = await openDatabase(url);
if (cluster.isPrimary) await migrate(database);
// No analysis (nothing is posted), no API rate limit (the load comes from one address).
const app = await buildServer(database, { logger: false, apiRateLimit: null, suggest: null, metrics: null });

const statics = new Map<number, string>();
app.get('/bench/static', async (req, reply) => {
  // The ceiling of a conditional GET: the same headers, no body.
  if ((req.query as { unchanged?: string }).unchanged === 'yes')
    return reply.code(304).header('etag', 'W/"static"').header('cache-control', 'private, no-cache').send();
  const bytes = Number((req.query as { bytes?: string }).bytes);
  if (!Number.isSafeInteger(bytes) || bytes < 64 || bytes > 50_000_000) return reply.code(400).send('bytes=64..');
  let page = statics.get(bytes);
  if (page === undefined) {
    const head = '<!doctype html><html><body><p>';
    const tail = '</p></body></html>';
    page = head + 'x'.repeat(bytes - head.length - tail.length) + tail;
    statics.set(bytes, page);
  }
  return reply.type('text/html; charset=utf-8').send(page);
});

await app.listen({ port: 0, host: '127.0.0.1' });
await database.readers?.start();
const address = app.server.address();
if (cluster.isPrimary) console.log(`listening ${typeof address === 'object' && address ? address.port : address}`);
process.once('SIGTERM', async () => {
  await app.close();
  await database.close();
  process.exit(0);
});
