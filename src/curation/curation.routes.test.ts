import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDialect } from '../testing/databases.ts';
import { findOrCreateTag } from '../tags/tags.repo.ts';
import { makeSynonym, setCanonical } from '../tags/wrangling.service.ts';
import { registeredRoutes, TestBrowser, testServer } from '../testing/server.ts';
import { recordReading } from './history.service.ts';
import { notifySubscribers } from './subscriptions.service.ts';
import { workPageCuration } from './work-page.ts';
import { makeUser, userNamed } from '../testing/users.ts';
import { makeWork, makeSeries } from '../testing/works.ts';

const XSS = '<script>alert(1)</script>';

/** Where a reader's own pages live; the routes under them come from the real route table. */
const CURATION_PATHS = [
  '/inbox',
  '/subscriptions',
  '/history',
  '/searches',
  '/account/blocked',
  '/account/blocklist',
  '/account/hidden',
];

describeEachDialect('curation pages', (ctx) => {
  let app: FastifyInstance;

  async function setup() {
    app = await testServer(ctx.database);
    // The work page is the lead's; a bare route shows what workPageCuration gives it.
    app.get('/test/tools/:id', async (req, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send((await workPageCuration(ctx.database, req, { workId: Number((req.params as { id: string }).id) })).value),
    );
    const alice = await new TestBrowser(app).signUp('alice');
    const bob = await new TestBrowser(app).signUp('bob');
    const ids = async (name: string) => (await userNamed(ctx.database, name)).id;
    return { alice, bob, aliceId: await ids('alice'), bobId: await ids('bob') };
  }

  test('guests get 401 on every page and form; forms without the CSRF token get 403', async () => {
    app = await testServer(ctx.database);
    const guest = new TestBrowser(app);
    const routes = registeredRoutes(app, CURATION_PATHS);
    assert.equal(routes.length, 21, 'every curation page and form');
    for (const [method, path] of routes) {
      const url = path.replace(':id', '1');
      const res =
        method === 'GET'
          ? await guest.get(url)
          : await guest.post(url, {
              id: '1',
              type: 'work',
              work: '1',
              username: 'x',
              tag: 'x',
              name: 'x',
              params: 'q=x',
            });
      assert.equal(res.statusCode, 401, `${method} ${url}`);
      if (method === 'GET') assert.match(res.body, /sign in/i);
    }
    const { alice } = await setup();
    assert.equal(
      (await alice.post('/account/blocked', { username: 'bob', kind: 'mute' }, { csrf: false })).statusCode,
      403,
    );
    assert.equal(
      (await alice.post('/searches', { params: 'q=x' }, { origin: 'https://evil.example' })).statusCode,
      403,
    );
  });

  test('subscribe from a work page, see the update in the inbox, mark it read; nobody else sees or marks it', async () => {
    const { alice, bob, aliceId } = await setup();
    const ash = await makeUser(ctx.database, 'ash');
    const first = await makeWork(ctx.database, { title: `First ${XSS}`, creator: ash });

    let res = await alice.post('/subscriptions', {
      type: 'creator',
      username: 'ASH',
      return_to: `/works/${first.workId}`,
    });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/works/${first.workId}`);
    res = await alice.post('/subscriptions', { type: 'work', id: String(first.workId), return_to: '//evil.example/' });
    assert.equal(res.headers.location, '/', 'only paths on this archive');
    res = await alice.get('/subscriptions');
    assert.match(res.body, /<a href="\/works\/search\?q=creator%3A%22ash%22">ash<\/a>/);
    assert.match(res.body, /Unsubscribe from First &lt;script&gt;/);
    assert.doesNotMatch(res.body, /<script>/);

    const second = await makeWork(ctx.database, { title: `Second ${XSS}`, creator: ash });
    assert.equal(await notifySubscribers(ctx.database, { kind: 'new_work', workId: second.workId }), 1);
    res = await alice.get('/inbox');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<title>Inbox \(1\)/);
    assert.match(
      res.body,
      new RegExp(`New work: <a href="/works/${second.workId}">Second &lt;script&gt;alert\\(1\\)&lt;/script&gt;</a>`),
    );
    assert.doesNotMatch(res.body, /<script>/);
    const itemId = /name="item" value="(\d+)"/.exec(res.body)![1]!;

    assert.doesNotMatch((await bob.get('/inbox')).body, /Second/, "bob's inbox is his own");
    assert.equal((await bob.post('/inbox/read', { item: itemId, action: 'selected' })).statusCode, 303);
    assert.match((await alice.get('/inbox')).body, /<title>Inbox \(1\)/, "bob cannot mark alice's items read");

    res = await alice.post('/inbox/read', { action: 'selected' });
    assert.match((await alice.get(res.headers.location as string)).body, /Select the updates to mark read first/);
    res = await alice.post('/inbox/read', { item: itemId, action: 'selected' });
    assert.equal(res.headers.location, '/inbox?done=read');
    res = await alice.get('/inbox?done=read');
    assert.match(res.body, /Marked read\./);
    assert.match(res.body, /Nothing unread\./);

    assert.equal((await alice.post('/subscriptions', { type: 'creator', id: String(aliceId) })).statusCode, 422);
    assert.match(
      (await alice.post('/subscriptions', { type: 'creator', username: 'alice' })).body,
      /you cannot subscribe to yourself/,
    );
    assert.equal((await alice.post('/subscriptions', { type: 'work', id: '99999' })).statusCode, 404);
    assert.equal((await alice.post('/subscriptions', { type: 'planet', id: '1' })).statusCode, 422);
    res = await alice.post('/subscriptions/remove', { type: 'creator', username: 'ash' });
    assert.equal(res.headers.location, '/subscriptions?done=unsubscribed');
    assert.doesNotMatch((await alice.get('/subscriptions')).body, />ash<\/a>/);
  });

  test('history and Marked for Later over HTTP', async () => {
    const { alice, bob, aliceId } = await setup();
    const ash = await makeUser(ctx.database, 'ash');
    const { workId } = await makeWork(ctx.database, { title: 'Three Chapters', chapters: 3, creator: ash });
    const draft = await makeWork(ctx.database, { title: 'Secret Draft', creator: ash, draft: true });
    await recordReading(ctx.database, aliceId, workId, 2);

    let res = await alice.get('/history');
    assert.match(res.body, /Three Chapters/);
    assert.match(res.body, /chapter 2 of 3\. Visited 1 time\./);
    assert.match(res.body, new RegExp(`href="/works/${workId}/chapters/2">Continue reading`));
    assert.doesNotMatch((await bob.get('/history')).body, /Three Chapters/);

    res = await alice.post('/history/later', { work: String(workId), later: '1' });
    assert.equal(res.headers.location, '/history?later=1&done=later');
    res = await alice.get('/history?later=1&done=later');
    assert.match(res.body, /Marked for later\./);
    assert.match(res.body, /Three Chapters/);
    assert.match(res.body, /Remove from Marked for Later/);
    assert.equal(
      (await alice.post('/history/later', { work: String(draft.workId), later: '1' })).statusCode,
      404,
      "someone else's draft",
    );
    assert.equal((await alice.post('/history/later', { work: 'abc' })).statusCode, 404);

    assert.equal((await alice.post('/history/clear', {})).statusCode, 422);
    res = await alice.post('/history/clear', { work: String(workId), return_to: '/history' });
    assert.equal(res.headers.location, '/history');
    assert.doesNotMatch((await alice.get('/history')).body, /Three Chapters/);
    assert.match((await alice.get('/history?later=1')).body, /Three Chapters/, 'the mark stays');
    res = await alice.post('/history/clear', { all: '1' });
    assert.match((await alice.get(res.headers.location as string)).body, /Your history is cleared/);
  });

  test('block and mute by username, with clear errors, escaped', async () => {
    const { alice, bob } = await setup();
    let res = await alice.post('/account/blocked', { username: 'BOB', kind: 'block' });
    assert.equal(res.headers.location, '/account/blocked?done=block');
    res = await alice.get('/account/blocked?done=block');
    assert.match(res.body, /Blocked\. They can no longer comment on your works/);
    assert.match(res.body, /Unblock bob/);
    res = await alice.post('/account/blocked', { username: 'alice', kind: 'mute' });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /you cannot mute yourself/);
    res = await alice.post('/account/blocked', { username: XSS, kind: 'block' });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /there is no account named &#39;&lt;script&gt;alert\(1\)&lt;\/script&gt;&#39;/);
    assert.match(
      res.body,
      /value="&lt;script&gt;alert\(1\)&lt;\/script&gt;"/,
      'the form keeps what was typed, escaped',
    );
    assert.doesNotMatch(res.body, /<script>/);
    assert.equal((await alice.post('/account/blocked', { username: 'bob', kind: 'ban' })).statusCode, 422);
    assert.doesNotMatch((await bob.get('/account/blocked')).body, /alice/, 'bob is not told');
    res = await alice.post('/account/blocked/remove', { username: 'bob', kind: 'block' });
    assert.equal(res.headers.location, '/account/blocked?done=unblock');
    assert.doesNotMatch((await alice.get('/account/blocked')).body, /Unblock bob/);
    assert.doesNotMatch(
      (await alice.get('/account/blocked?done=%3Cscript%3E')).body,
      /<script>/,
      'unknown codes say nothing',
    );
  });

  test('saved searches: save from the search page, run, rename, delete; names escaped; others get 404', async () => {
    const { alice, bob } = await setup();
    let res = await alice.post('/searches', { name: XSS, params: 'q=lanterns&sort=kudos&after=abc' });
    assert.equal(res.headers.location, '/searches?done=saved');
    res = await alice.get('/searches?done=saved');
    assert.match(res.body, /Search saved\./);
    assert.match(
      res.body,
      /<a href="\/works\/search\?q=lanterns&amp;sort=kudos">&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/a>/,
    );
    assert.match(res.body, /Works matching lanterns, sorted by kudos/);
    assert.doesNotMatch(res.body, /<script>/);
    const id = /action="\/searches\/(\d+)\/rename"/.exec(res.body)![1]!;

    assert.doesNotMatch((await bob.get('/searches')).body, /lanterns/);
    assert.equal((await bob.post(`/searches/${id}/rename`, { name: 'mine' })).statusCode, 404);
    assert.equal((await bob.post(`/searches/${id}/delete`)).statusCode, 404);
    assert.equal((await alice.post('/searches/abc/delete')).statusCode, 404);

    res = await alice.post('/searches', { name: 'empty', params: '' });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /nothing to save/);
    res = await alice.post(`/searches/${id}/rename`, { name: 'Lantern fics' });
    assert.equal(res.headers.location, '/searches?done=renamed');
    assert.match((await alice.get('/searches')).body, />Lantern fics<\/a>/);
    res = await alice.post(`/searches/${id}/delete`);
    assert.equal(res.headers.location, '/searches?done=deleted');
    assert.doesNotMatch((await alice.get('/searches')).body, /Lantern fics/);
  });

  test('tag blocklist: a synonym is explained, unknown tags refused and echoed escaped', async () => {
    const { alice, bob } = await setup();
    await makeWork(ctx.database, {
      title: 'Fluffy',
      tags: [
        ['freeform', 'Fluff'],
        ['freeform', 'fluffy'],
      ],
    });
    await setCanonical(ctx.database, 'Fluff', true);
    await makeSynonym(ctx.database, 'fluffy', 'Fluff');
    await findOrCreateTag(ctx.database.db, 'freeform', `Tag ${XSS}`, true);

    let res = await alice.post('/account/blocklist', { tag: 'FLUFFY' });
    assert.equal(res.statusCode, 303);
    res = await alice.get(res.headers.location as string);
    assert.match(res.body, /&#39;fluffy&#39; is a synonym of &#39;Fluff&#39;, so &#39;Fluff&#39; is on your blocklist/);
    assert.match(res.body, /Remove Fluff/);
    assert.match(res.body, /or their synonyms|one of\s+their synonyms/);
    res = await alice.post('/account/blocklist', { tag: `Tag ${XSS}` });
    res = await alice.get(res.headers.location as string);
    assert.match(res.body, /&#39;Tag &lt;script&gt;alert\(1\)&lt;\/script&gt;&#39; is on your blocklist/);
    assert.doesNotMatch(res.body, /<script>/);

    res = await alice.post('/account/blocklist', { tag: `<img src=x onerror=alert(1)>` });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /there is no tag named &#39;&lt;img src=x onerror=alert\(1\)&gt;&#39;/);
    assert.doesNotMatch(res.body, /<img/);
    assert.doesNotMatch((await bob.get('/account/blocklist')).body, /Remove Fluff/);

    const fluffId = /name="tag_id" value="(\d+)"/.exec((await alice.get('/account/blocklist')).body)![1]!;
    assert.equal((await bob.post('/account/blocklist/remove', { tag_id: fluffId })).statusCode, 303);
    assert.match((await alice.get('/account/blocklist')).body, /Remove Fluff/, "bob cannot change alice's list");
    await alice.post('/account/blocklist/remove', { tag_id: fluffId });
    assert.doesNotMatch((await alice.get('/account/blocklist')).body, /Remove Fluff/);
  });

  test('hide a work from its page and a series; they leave the reader’s home page only; unhide from /account/hidden', async () => {
    const { alice, bob } = await setup();
    const { workId } = await makeWork(ctx.database, { title: 'Hide Me' });
    const part = await makeWork(ctx.database, { title: 'Series Part' });
    const seriesId = await makeSeries(ctx.database, `Saga ${XSS}`, [part.workId]);

    let res = await alice.post('/account/hidden', { work: String(workId), return_to: `/works/${workId}` });
    assert.equal(res.headers.location, `/works/${workId}`);
    res = await alice.post('/account/hidden', { series: String(seriesId) });
    assert.equal(res.headers.location, '/account/hidden?done=hidden');
    res = await alice.get('/account/hidden?done=hidden');
    assert.match(res.body, /Hide Me/);
    assert.match(res.body, /Saga &lt;script&gt;/);
    assert.doesNotMatch(res.body, /<script>/);
    const home = (await alice.get('/')).body;
    assert.doesNotMatch(home, /Hide Me|Series Part/);
    assert.match((await bob.get('/')).body, /Hide Me/);
    assert.doesNotMatch((await bob.get('/account/hidden')).body, /Hide Me/);

    assert.equal((await alice.post('/account/hidden', { work: '99999' })).statusCode, 404);
    assert.equal((await alice.post('/account/hidden', {})).statusCode, 422);
    res = await alice.post('/account/hidden/remove', {
      work: String(workId),
      return_to: '/account/hidden?done=unhidden',
    });
    assert.equal(res.headers.location, '/account/hidden?done=unhidden');
    assert.match((await alice.get('/')).body, /Hide Me/);
  });

  test('the work page tools: subscribe to the work and its creators, mark for later, hide it or its series; creators and guests see less', async () => {
    const { alice, bob, bobId } = await setup();
    const { workId } = await makeWork(ctx.database, { title: 'Tools', creator: { id: bobId } });
    await makeSeries(ctx.database, `Saga ${XSS}`, [workId]);

    let tools = (await alice.get(`/test/tools/${workId}`)).body;
    for (const label of [
      'Subscribe to this work',
      'Subscribe to bob',
      'Mark for Later',
      'Hide this work',
      'Hide the series Saga &lt;script&gt;',
    ])
      assert.ok(tools.includes(label), label);
    assert.doesNotMatch(tools, /<script>/);
    assert.match(tools, new RegExp(`name="return_to" value="/test/tools/${workId}"`));
    const res = await alice.post('/subscriptions', {
      type: 'creator',
      username: 'bob',
      return_to: `/test/tools/${workId}`,
    });
    tools = (await alice.get(res.headers.location as string)).body;
    assert.ok(tools.includes('Unsubscribe from bob'));
    await alice.post('/history/later', { work: String(workId), later: '1' });
    await alice.post('/account/hidden', { work: String(workId) });
    tools = (await alice.get(`/test/tools/${workId}`)).body;
    assert.ok(tools.includes('Remove from Marked for Later'));
    assert.ok(tools.includes('Unhide this work'));

    const own = (await bob.get(`/test/tools/${workId}`)).body;
    assert.ok(own.includes('Mark for Later'));
    assert.doesNotMatch(own, /Subscribe|Hide/, 'nothing to follow or hide on one’s own work');
    assert.equal((await new TestBrowser(app).get(`/test/tools/${workId}`)).body, '', 'guests: nothing');
  });
});
