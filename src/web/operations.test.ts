// The operational endpoints on a real server and database: liveness, readiness (database and
// schema), the request log's ids, and Prometheus metrics, which are off unless a setting says so.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { jobQueue, stopJobQueue } from '../jobs/queue.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { testServer } from '../testing/server.ts';
import { makeWork } from '../testing/works.ts';
import { LATEST_SCHEMA_VERSION } from '../db/migrations.ts';

describeEachDialect('operations', (ctx) => {
  test('/healthz answers without a database; /readyz is 200 when migrated, 503 when behind or unreachable', async () => {
    const app = await testServer(ctx.database);
    try {
      const health = await app.inject({ method: 'GET', url: '/healthz' });
      assert.equal(health.statusCode, 200);
      assert.equal(health.cookies.length, 0, 'a probe gets no CSRF cookie');
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(ready.statusCode, 200);
      assert.deepEqual(JSON.parse(ready.body), { ok: true, database: 'ready' });

      await sql`DELETE FROM schema_migrations WHERE version = ${LATEST_SCHEMA_VERSION}`.execute(ctx.database.db);
      const behind = await app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(behind.statusCode, 503);
      assert.deepEqual(JSON.parse(behind.body), { ok: false, database: 'migrations pending' });

      await sql`INSERT INTO schema_migrations (version, name, applied_at) VALUES (${LATEST_SCHEMA_VERSION + 1}, 'newer', '2026-01-01T00:00:00Z')`.execute(
        ctx.database.db,
      );
      const ahead = await app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(ahead.statusCode, 503);
      assert.equal(JSON.parse(ahead.body).database, 'schema newer than this Quire');

      await sql`DROP TABLE schema_migrations`.execute(ctx.database.db);
      const unreachable = await app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(unreachable.statusCode, 503);
      assert.equal(JSON.parse(unreachable.body).database, 'unreachable');
      assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, 'alive all the same');
    } finally {
      await app.close();
    }
  });

  test('/metrics is not served by default', async () => {
    const app = await testServer(ctx.database);
    try {
      assert.equal((await app.inject({ method: 'GET', url: '/metrics' })).statusCode, 404);
    } finally {
      await app.close();
    }
  });

  test('/metrics, once on, has request durations by route pattern and status class, the database and the process', async () => {
    const { workId } = await makeWork(ctx.database);
    const app = await testServer(ctx.database, { metrics: {} });
    const queue = await jobQueue(ctx.database);
    await queue.enqueue('jobs.probe', {}, { runAt: new Date(Date.now() - 60_000) });
    await queue.enqueue('jobs.probe', {}, { runAt: new Date(Date.now() + 3_600_000) });
    try {
      assert.equal((await app.inject({ method: 'GET', url: `/works/${workId}` })).statusCode, 200);
      // A second guest's view of the page is served from the render cache.
      assert.equal((await app.inject({ method: 'GET', url: `/works/${workId}` })).statusCode, 200);
      assert.equal((await app.inject({ method: 'GET', url: '/works/999999' })).statusCode, 404);
      assert.equal((await app.inject({ method: 'GET', url: '/no/such/page' })).statusCode, 404);
      const res = await app.inject({ method: 'GET', url: '/metrics' });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
      const m = res.body;
      const series = (name: string, labels: string) =>
        new RegExp(`^${name}\\{${labels.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\} \\d`, 'm');
      assert.match(
        m,
        series('quire_http_request_duration_seconds_count', 'method="GET",route="/works/:id",status_class="2xx"'),
      );
      assert.match(
        m,
        series('quire_http_request_duration_seconds_count', 'method="GET",route="/works/:id",status_class="4xx"'),
      );
      assert.match(
        m,
        series('quire_http_request_duration_seconds_count', 'method="GET",route="unmatched",status_class="4xx"'),
      );
      assert.match(
        m,
        /^quire_http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/works\/:id",status_class="2xx"\} 2$/m,
      );
      assert.doesNotMatch(m, new RegExp(`route="/works/${workId}"`), 'no raw URL becomes a label');
      assert.doesNotMatch(m, /no\/such\/page/);
      assert.match(m, /^quire_http_requests_in_flight \d+$/m);
      assert.match(m, new RegExp(`^quire_db_info\\{dialect="${ctx.dialect}"\\} 1$`, 'm'));
      if (ctx.dialect === 'postgres') {
        assert.match(m, /^quire_db_pool_connections\{state="open"\} [1-9]\d*$/m);
        assert.match(m, /^quire_db_pool_connections\{state="idle"\} \d+$/m);
        assert.match(m, /^quire_db_pool_connections\{state="waiting"\} 0$/m);
      } else {
        assert.match(m, /^quire_db_read_workers \d+$/m);
      }
      // One job due a minute ago, one scheduled: the queue's depth by state and the oldest's age.
      assert.match(m, /^quire_job_queue_depth\{state="waiting"\} 1$/m);
      assert.match(m, /^quire_job_queue_depth\{state="scheduled"\} 1$/m);
      assert.match(m, /^quire_job_queue_depth\{state="running"\} 0$/m);
      assert.match(m, /^quire_job_queue_depth\{state="dead"\} 0$/m);
      const age = Number(/^quire_job_oldest_waiting_seconds (\S+)$/m.exec(m)?.[1]);
      assert.ok(age >= 59 && age < 300, `oldest waiting job: ${age} s`);
      assert.match(m, /^quire_page_cache_lookups_total\{result="hit"\} [1-9]\d*$/m);
      assert.match(m, /^quire_page_cache_lookups_total\{result="miss"\} [1-9]\d*$/m);
      assert.match(m, /^quire_page_cache_bytes [1-9]\d*$/m);
      assert.match(m, /^process_cpu_user_seconds_total \d/m);
      assert.match(m, /^process_resident_memory_bytes \d/m);
      assert.match(m, /^nodejs_eventloop_lag_seconds \d/m);
      assert.match(m, /^nodejs_heap_size_used_bytes \d/m);
    } finally {
      await app.close();
      await stopJobQueue(ctx.database);
    }
  });

  test('/metrics behind a token answers only that bearer', async () => {
    const app = await testServer(ctx.database, { metrics: { token: 'scrape-me-please' } });
    try {
      assert.equal((await app.inject({ method: 'GET', url: '/metrics' })).statusCode, 401);
      const wrong = { authorization: 'Bearer scrape-me-pleasf' };
      assert.equal((await app.inject({ method: 'GET', url: '/metrics', headers: wrong })).statusCode, 401);
      const right = { authorization: 'Bearer scrape-me-please' };
      const res = await app.inject({ method: 'GET', url: '/metrics', headers: right });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /quire_http_request_duration_seconds/);
    } finally {
      await app.close();
    }
  });

  test("each request has an id in its response; a client's X-Request-Id is believed only when trusted", async () => {
    const sent = { 'x-request-id': 'from-the-proxy-42' };
    const plain = await testServer(ctx.database);
    try {
      const ours = await plain.inject({ method: 'GET', url: '/healthz', headers: sent });
      assert.match(String(ours.headers['x-request-id']), /^[0-9a-f-]{36}$/);
      const again = await plain.inject({ method: 'GET', url: '/healthz' });
      assert.notEqual(again.headers['x-request-id'], ours.headers['x-request-id']);
    } finally {
      await plain.close();
    }
    const trusting = await testServer(ctx.database, { trustRequestId: true });
    try {
      const theirs = await trusting.inject({ method: 'GET', url: '/healthz', headers: sent });
      assert.equal(theirs.headers['x-request-id'], 'from-the-proxy-42');
      const forged = await trusting.inject({
        method: 'GET',
        url: '/healthz',
        headers: { 'x-request-id': 'a"} {"level":60' },
      });
      assert.match(String(forged.headers['x-request-id']), /^[0-9a-f-]{36}$/, 'an id that is not plain is replaced');
    } finally {
      await trusting.close();
    }
  });
});
