// Every state-changing route, tried by a guest, another reader, the owner and an admin: who may
// do what. The route list comes from the server itself, so a new route without a row here fails
// the test until someone decides who may use it. Every form route also refuses a missing token.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createApiToken, promote, signUp } from '../accounts/accounts.service.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
import { stopJobQueue } from '../jobs/queue.ts';
import { ACTORS, API_CASES, CASES, TOKEN_AUTHENTICATED, type Actor, type World } from './test-authorization-cases.ts';

describeEachDialect('authorization', (ctx) => {
  test('every state-changing route: guest, another reader, the owner, an admin', { timeout: 300_000 }, async () => {
    const app = await testServer(ctx.database, { suggest: null, apiRateLimit: null });
    const routes = app.quireRoutes.filter((r) => /^(POST|PUT|PATCH|DELETE) /.test(r));
    const browsers = {
      guest: new TestBrowser(app),
      other: new TestBrowser(app),
      owner: new TestBrowser(app),
      admin: new TestBrowser(app),
    };
    const users = {
      owner: await signUp(ctx.database, {
        username: 'owner',
        email: 'owner@example.org',
        password: 'a-long-enough-password',
      }),
      other: await signUp(ctx.database, { username: 'other', email: '', password: 'a-long-enough-password' }),
      admin: await signUp(ctx.database, { username: 'admin', email: '', password: 'a-long-enough-password' }),
    };
    await promote(ctx.database, 'admin', 'admin');
    await app.ready();
    for (const name of ['owner', 'other', 'admin'] as const)
      await browsers[name].post('/login', { login: name, password: 'a-long-enough-password' });
    const w: World = { db: ctx.database, app, users, browsers, tokens: {} as World['tokens'] };
    for (const name of ['owner', 'other', 'admin'] as const)
      w.tokens[name] = await createApiToken(ctx.database, users[name], 'authz');

    // Collections, gifts and prompt memes have their own matrices (moderator, owner, member):
    // collections/authorization.test.ts and prompt-memes/authorization.test.ts.
    const unclassified = routes.filter(
      (r) => !CASES[r] && !API_CASES[r] && !/^POST \/(collections|collection_items|gifts|prompts)(\/|$)/.test(r),
    );
    assert.deepEqual(unclassified, [], 'every state-changing route has a row in this test');

    const wrong: string[] = [];
    for (const [route, c] of Object.entries(CASES)) {
      for (const actor of ACTORS) {
        const { url, form } = await c.request(w);
        // Signing up, in or out changes who the browser is: those attempts use a throwaway one.
        const changesIdentity = ['POST /users', 'POST /login', 'POST /logout'].includes(route);
        const browser = !changesIdentity
          ? browsers[actor]
          : actor === 'guest'
            ? new TestBrowser(app)
            : await relogin(app, actor);
        const res = await browser.post(url, form ?? {});
        const ok = res.statusCode < 400;
        if (ok !== c.allowed.includes(actor))
          wrong.push(`${route} as ${actor}: ${res.statusCode} ${ok ? 'allowed' : 'refused'}`);
      }
      if (TOKEN_AUTHENTICATED.includes(route)) {
        // No session and no CSRF token needed: a mail provider posts it; a wrong token is refused.
        const { url, form } = await c.request(w);
        const res = await new TestBrowser(app).post(url, form ?? {}, { csrf: false });
        if (res.statusCode >= 400) wrong.push(`${route} by its link alone: ${res.statusCode}`);
        const forged = await new TestBrowser(app).post(
          url.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A')),
          {},
          { csrf: false },
        );
        if (forged.statusCode !== 404) wrong.push(`${route} with a forged token: ${forged.statusCode}`);
      } else if (!['POST /users', 'POST /login', 'POST /logout'].includes(route)) {
        const { url, form } = await c.request(w);
        const res = await browsers.owner.post(url, form ?? {}, { csrf: false });
        if (res.statusCode !== 403) wrong.push(`${route} without a CSRF token: ${res.statusCode}`);
      }
    }
    for (const [route, c] of Object.entries(API_CASES)) {
      for (const actor of ACTORS) {
        const { url } = await c.request(w);
        const res = await app.inject({
          method: c.method,
          url,
          headers: actor === 'guest' ? {} : { authorization: `Bearer ${w.tokens[actor]}` },
          ...(c.body === undefined ? {} : { payload: c.body as object }),
        });
        const ok = res.statusCode < 400;
        if (ok !== c.allowed.includes(actor)) wrong.push(`${route} as ${actor}: ${res.statusCode}`);
      }
    }
    assert.deepEqual(wrong, []);
    await stopJobQueue(ctx.database);
  });
});

async function relogin(app: FastifyInstance, actor: Exclude<Actor, 'guest'>): Promise<TestBrowser> {
  const b = new TestBrowser(app);
  await b.post('/login', { login: actor, password: 'a-long-enough-password' });
  return b;
}
