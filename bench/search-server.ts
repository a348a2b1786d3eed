// The server half of `npm run bench:search`, run in its own process as the archive runs in
// production, so that the client's allocations and collections are not the server's: the
// archive's real server (buildServer, request log off, no API rate limit since the load comes from
// one address) on a corpus the benchmark built, its filter index loaded before it listens (the
// searches it times are the warm archive's), plus GET /bench/index, the index's memory in bytes
// (after the mix, with every tag's postings the queries loaded), and GET /bench/stats, the
// process's CPU time and garbage collections so far (the client takes the difference per class).
//
// usage: node --import tsx bench/search-server.ts DATABASE_URL
// Prints "listening PORT index_load_s=S" once it takes requests; stops on SIGTERM.
import { PerformanceObserver } from 'node:perf_hooks';
import { openDatabase } from '../src/db/database.ts';
import { FilterIndex } from '../src/search/filter-index.ts';
import { buildServer } from '../src/web/server.ts';

const url = process.argv[2];
if (!url) {
  console.error('usage: search-server.ts DATABASE_URL');
  process.exit(2);
}
const database = await openDatabase(url);
const started = performance.now();
const index = FilterIndex.of(database);
await index.whenReady();
const loadSeconds = (performance.now() - started) / 1000;
const app = await buildServer(database, { logger: false, apiRateLimit: null, suggest: null, metrics: null });
app.get('/bench/index', async () => ({ bytes: index.memoryBytes() }));
// Every collection's pause, read/written by the client around each class's timed requests.
const gc = { count: 0, over5ms: 0, maxMs: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gc.count++;
    if (e.duration > 5) gc.over5ms++;
    gc.maxMs = Math.max(gc.maxMs, e.duration);
  }
}).observe({ entryTypes: ['gc'] });
app.get('/bench/stats', async () => {
  const cpu = process.cpuUsage();
  const out = { cpuMs: (cpu.user + cpu.system) / 1000, ...gc };
  gc.maxMs = 0;
  return out;
});
await app.listen({ port: 0, host: '127.0.0.1' });
await database.readers?.start();
const address = app.server.address();
console.log(
  `listening ${typeof address === 'object' && address ? address.port : address} index_load_s=${loadSeconds.toFixed(2)}`,
);
process.once('SIGTERM', async () => {
  await app.close();
  await database.close();
  process.exit(0);
});
