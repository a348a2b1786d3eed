// An anonymous prompt names its prompter nowhere but to the moderators: not on the prompt list,
// the prompt's page, the JSON API, another reader's claims, the filler's inbox, the collection's
// pages or feed, the filling work's page, nor the prompter's own creator page. The moderators see the name, as on AO3.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
import { postThroughForm } from '../testing/works.ts';

const SECRET = 'hushprompter';

describeEachDialect('anonymous prompts', (ctx) => {
  test('no page, feed or API response names an anonymous prompter, except to the moderators', async () => {
    const app = await testServer(ctx.database, { suggest: null });
    const mod = await new TestBrowser(app).signUp('mememod');
    const prompter = await new TestBrowser(app).signUp(SECRET);
    const writer = await new TestBrowser(app).signUp('filler');
    const guest = new TestBrowser(app);
    const ok = async (res: ReturnType<TestBrowser['get']>) => {
      const r = await res;
      assert.ok(r.statusCode < 400, `${r.statusCode}: ${r.body.slice(0, 300)}`);
      return r;
    };
    await ok(mod.post('/collections', { name: 'hushmeme', title: 'Hush meme', open: '1' }));
    await ok(
      mod.post('/collections/hushmeme/prompt_meme', {
        prompts_open: '1',
        anonymous_allowed: '1',
        prompts_per_member: '5',
        tag_types: 'fandom',
      }),
    );
    const posted = await ok(
      prompter.post('/collections/hushmeme/prompts', {
        title: 'Quiet <b>harbour</b>',
        description: 'Someone waits by the water.',
        fandom: 'Original Work',
        anonymous: '1',
      }),
    );
    const id = /\/prompts\/(\d+)/.exec(String(posted.headers.location))![1];
    await ok(writer.post(`/prompts/${id}/claim`, {}));
    const workId = await postThroughForm(writer, { title: 'By the Water' });
    assert.doesNotMatch((await ok(guest.get(`/works/${workId}`))).body, /In response to/);
    await ok(writer.post(`/prompts/${id}/fill`, { work_id: workId }));
    // A guest's cached work page follows the fill (the prompt tables move the content version).
    assert.match(
      (await ok(guest.get(`/works/${workId}`))).body,
      /In response to a prompt \(<a href="\/prompts\/\d+">Quiet &lt;b&gt;harbour&lt;\/b&gt;<\/a>\) by Anonymous in <a href="\/collections\/hushmeme">Hush meme<\/a>/,
    );

    const surfaces = [
      '/collections/hushmeme/prompts',
      `/prompts/${id}`,
      '/collections/hushmeme/prompts?fandom=Original%20Work',
      '/collections/hushmeme/prompts?status=filled',
      '/api/v1/collections/hushmeme/prompts',
      `/api/v1/prompts/${id}`,
      '/collections/hushmeme',
      '/collections/hushmeme/feed.atom',
      `/works/${workId}`,
    ];
    for (const [who, browser] of [
      ['guest', guest],
      ['filler', writer],
    ] as const)
      for (const url of surfaces) {
        const body = (await ok(browser.get(url))).body;
        assert.ok(!body.includes(SECRET), `${url} names the prompter to ${who}`);
      }
    assert.ok(!(await ok(writer.get('/claims'))).body.includes(SECRET));
    assert.ok(!(await ok(writer.get('/inbox'))).body.includes(SECRET));
    assert.ok(!(await ok(guest.get(`/users/${SECRET}`))).body.includes('Quiet'), 'not on their creator page');

    const page = (await ok(prompter.get(`/prompts/${id}`))).body;
    assert.match(page, /Anonymous <span class="muted">\(your prompt\)<\/span>/);
    assert.match(page, /Quiet &lt;b&gt;harbour&lt;\/b&gt;/, 'escaped');
    assert.match((await ok(mod.get(`/prompts/${id}`))).body, new RegExp(`>${SECRET}</a> \\(anonymous to readers\\)`));
    assert.match(
      (await ok(prompter.get('/inbox'))).body,
      /A work fills your prompt: <a href="\/works\/\d+">By the Water<\/a>/,
    );
    assert.match((await ok(guest.get(`/prompts/${id}`))).body, /By the Water/, 'the fill is listed');
  });
});
