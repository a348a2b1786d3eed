// Issue 18: every route the server registers, on both databases, takes generated malformed
// requests (bodies, headers, parameters, identities) without a 5xx or a stack trace. A bounded
// slice of what `npm run fuzz` sends (bench/fuzz/), with a fixed seed so a failure reproduces.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fuzzHttp } from '../../bench/fuzz/http.ts';

test('every route answers malformed requests without a server error, on SQLite and PostgreSQL', async () => {
  const result = await fuzzHttp({
    seed: 'quire-route-test',
    databases: ['sqlite', 'postgres'],
    minRequests: 1200,
    seconds: 30,
    hardSeconds: 240,
    progress() {},
  });
  assert.ok(result.requests >= 2400, `${result.requests} requests sent`);
  assert.deepEqual(
    result.failures.map(
      (f) =>
        `${f.summary}: ${f.detail
          .split('\n')
          .filter((l) => /error/i.test(l))
          .join(' | ')
          .slice(0, 400)}`,
    ),
    [],
  );
});
