// The admins' job queue page: the counts and the dead-letter list (escaped), Retry for admins
// alone (the authorization test holds the route to it with every other form).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { promote } from '../accounts/accounts.service.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
import { jobQueue, stopJobQueue } from './queue.ts';

describeEachDialect('the job queue page', (ctx) => {
  test('admins see dead jobs, escaped, and retry one; readers and guests are refused', async () => {
    const app = await testServer(ctx.database, { suggest: null });
    try {
      const queue = await jobQueue(ctx.database);
      const id = (await queue.enqueue('jobs.probe', { token: '<b>probe</b>' }))!;
      await queue.enqueue('jobs.probe', { token: 'waiting' }, { runAt: new Date(Date.now() + 3_600_000) });
      for (let tries = 0; (await queue.inspect(id))?.state !== 'dead'; tries++) {
        const [job] = await queue.claim(['jobs.probe'], 1);
        await queue.fail(job!, `<script>alert(${tries})</script> refused`);
      }
      const admin = await new TestBrowser(app).signUp('jobadmin');
      await promote(ctx.database, 'jobadmin', 'admin');
      const page = await admin.get('/admin/jobs');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<dt>Dead<\/dt><dd>1<\/dd>/);
      assert.match(page.body, /<dt>Scheduled<\/dt><dd>1<\/dd>/);
      assert.match(page.body, /jobs\.probe/);
      assert.match(page.body, /&lt;script&gt;alert\(2\)&lt;\/script&gt; refused/);
      assert.match(page.body, /&lt;b&gt;probe&lt;\/b&gt;/);
      assert.doesNotMatch(page.body, /<script|<b>probe/);

      const reader = await new TestBrowser(app).signUp('jobreader');
      assert.equal((await reader.get('/admin/jobs')).statusCode, 403);
      assert.equal((await reader.post(`/admin/jobs/${id}/retry`, {})).statusCode, 403);
      assert.equal((await new TestBrowser(app).get('/admin/jobs')).statusCode, 401);
      assert.equal((await queue.inspect(id))?.state, 'dead', 'refused requests change nothing');

      const retried = await admin.post(`/admin/jobs/${id}/retry`, {});
      assert.equal(retried.statusCode, 303);
      assert.equal(retried.headers.location, '/admin/jobs?retried=1');
      assert.equal((await queue.inspect(id))?.state, 'waiting');
      assert.match((await admin.get('/admin/jobs?retried=1')).body, /No dead jobs\./);
      assert.equal((await admin.post(`/admin/jobs/${id}/retry`, {})).statusCode, 404, 'no longer dead');
      assert.equal((await admin.post('/admin/jobs/../retry', {})).statusCode, 404);
      assert.equal((await admin.post('/admin/jobs/12abc/retry', {})).statusCode, 404);
    } finally {
      await app.close();
      await stopJobQueue(ctx.database);
    }
  });
});
