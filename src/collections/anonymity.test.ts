// The leak test: a work in an anonymous and unrevealed collection, and one in an anonymous one,
// read through every surface a guest, a subscriber and its gift's recipient can reach. Before the
// reveal no surface names the creator, and none shows the unrevealed work's title; once the reveal
// time passes (the reveal step, as serve's timer runs it), both appear.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
import { leaks } from '../testing/leaks.ts';
import { postThroughForm } from '../testing/works.ts';
import { revealDue } from './collections.service.ts';

const WRITER = 'wrenfieldquill';
const HIDDEN_TITLE = 'Gullrock Lantern';
const ANON_TITLE = 'Saltmarsh Beacon';
/** Every surface that lists, shows or counts works, as the reader with this browser reaches it. */
function surfaces(hidden: string, anon: string, series: string): string[] {
  return [
    `/series/${series}`,
    `/series/${series}/feed.atom`,
    `/downloads/series/${series}/harbour-lights.epub`,
    `/api/v1/series/${series}`,
    `/works/${anon}/comments`,
    `/works/${hidden}/comments`,
    '/history',
    '/bookmarks/search?work_tags=Original+Work',
    '/',
    '/works',
    `/works/${anon}`,
    `/works/${anon}/chapters/1`,
    `/works/search?q=${encodeURIComponent('Gull Rock')}`,
    `/works/search?q=creator%3A${WRITER}`,
    `/works/search/feed.atom?q=creator%3A${WRITER}`,
    '/works/search/feed.atom',
    '/tags/Original%20Work',
    '/tags/Original%20Work/feed.atom',
    `/users/${WRITER}`,
    `/users/${WRITER}/pseuds/${WRITER}`,
    `/users/${WRITER}/works/feed.atom`,
    `/people/search?q=${WRITER}`,
    '/collections/yuletide_x',
    '/collections/yuletide_x/feed.atom',
    '/opds/collections/yuletide_x',
    '/collections/anon_x',
    '/collections/anon_x/feed.atom',
    '/opds/recent',
    `/opds/search?q=${encodeURIComponent('Gull Rock')}`,
    '/api/v1/works',
    `/api/v1/works/${anon}`,
    `/api/v1/works/search?q=${encodeURIComponent('Gull Rock')}`,
    `/api/v1/users/${WRITER}`,
    `/api/v1/people/search?q=${WRITER}`,
    '/api/v1/collections/yuletide_x',
    '/api/v1/collections/anon_x',
    `/downloads/works/${anon}/saltmarsh-beacon.html`,
    `/downloads/works/${anon}/saltmarsh-beacon.epub`,
    `/downloads/works/${anon}/saltmarsh-beacon.txt`,
    '/users/giftee/gifts',
    `/works/${hidden}`,
    `/works/${hidden}/chapters/1`,
    `/api/v1/works/${hidden}`,
    `/downloads/works/${hidden}/gullrock-lantern.html`,
  ];
}

/** What a body gives away: the creator's name anywhere but their own pages, or the hidden title. */
function leaksTo(reader: TestBrowser, urls: string[], hidden: string): Promise<string[]> {
  return leaks(reader, urls, { creators: [WRITER], titles: [HIDDEN_TITLE] }, (url, body) => {
    // A creator's own page, and a search for their name, name them as they should: what they must
    // not do is list either work, or count it.
    const found: string[] = [];
    if (url.includes(WRITER) && (body.includes(`/works/${hidden}`) || body.includes(ANON_TITLE)))
      found.push(`${url}: lists an anonymous work`);
    if (url.startsWith('/api/v1/people/search')) {
      const works = (JSON.parse(body) as { people: { works: { value: number } }[] }).people[0]?.works.value;
      if (works !== 0) found.push(`${url}: counts ${works} works`);
    }
    return found;
  });
}

describeEachDialect('anonymous and unrevealed collections', (ctx) => {
  test('no surface names the creator or shows the unrevealed work until the reveal time passes', async () => {
    const app = await testServer(ctx.database, { suggest: null });
    const mod = await new TestBrowser(app).signUp('modkit');
    const writer = await new TestBrowser(app).signUp(WRITER);
    const fan = await new TestBrowser(app).signUp('fanreader');
    const giftee = await new TestBrowser(app).signUp('giftee');
    const guest = new TestBrowser(app);
    await fan.post('/subscriptions', { type: 'creator', username: WRITER });

    const reveal = new Date(Date.now() + 24 * 3600_000).toISOString().slice(0, 16);
    for (const [name, settings] of [
      ['yuletide_x', { unrevealed: '1', anonymous: '1', reveal_at: reveal }],
      ['anon_x', { anonymous: '1' }],
    ] as const) {
      const res = await mod.post('/collections', { name, title: `The ${name} event`, open: '1', ...settings });
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    }
    const hidden = await postThroughForm(writer, { title: HIDDEN_TITLE, collections: 'yuletide_x', gifts: 'giftee' });
    const anon = await postThroughForm(writer, { title: ANON_TITLE, collections: 'anon_x', series: 'Harbour Lights' });
    const { id: seriesId } = await ctx.database.db
      .selectFrom('series')
      .select('id')
      .where('title', '=', 'Harbour Lights')
      .executeTakeFirstOrThrow();
    const series = String(seriesId);
    // Readers open, bookmark and keep the anonymous work: their history and bookmarks show it.
    for (const reader of [fan, giftee]) {
      await reader.get(`/works/${anon}`);
      await reader.post(`/works/${anon}/bookmark`, { notes: 'Lovely.', tags: 'lights' });
    }
    // A comment by the creator on their anonymous work must not name them either.
    await writer.post(`/works/${anon}/comments`, { body: 'Thank you for reading!' });

    const urls = surfaces(hidden, anon, series);
    for (const [who, reader] of [
      ['guest', guest],
      ['a subscriber', fan],
      ['the recipient', giftee],
    ] as const) {
      assert.deepEqual(await leaksTo(reader, [...urls, '/inbox'], hidden), [], `before the reveal, as ${who}`);
    }
    const page = await guest.get(`/works/${anon}`);
    assert.match(page.body, /by Anonymous/);
    assert.match(page.body, new RegExp(ANON_TITLE));
    assert.equal((await guest.get(`/works/${hidden}`)).statusCode, 404);
    for (const url of [`/series/${series}`, '/bookmarks/search?work_tags=Original+Work', '/collections/anon_x'])
      assert.match((await guest.get(url)).body, new RegExp(ANON_TITLE), `${url} lists the anonymous work`);
    assert.match((await fan.get('/history')).body, new RegExp(ANON_TITLE));
    // Its creator still finds it among their own works.
    for (const url of [`/users/${WRITER}`, `/works/search?q=creator%3A${WRITER}`])
      assert.match((await writer.get(url)).body, new RegExp(ANON_TITLE), url);

    // Its creator and the collection's moderator see it as it is.
    for (const reader of [writer, mod]) {
      const own = await reader.get(`/works/${hidden}`);
      assert.equal(own.statusCode, 200);
      assert.match(own.body, new RegExp(HIDDEN_TITLE));
      assert.match(own.body, new RegExp(`href="/users/${WRITER}"`));
      assert.match(own.body, /Unrevealed: readers cannot see this work/);
    }

    // Nothing changes before the reveal time; then the step reveals it, as serve's timer would.
    assert.equal(await revealDue(ctx.database, new Date()), 0);
    assert.equal(await revealDue(ctx.database, new Date(Date.now() + 25 * 3600_000)), 1);
    assert.equal(await revealDue(ctx.database, new Date(Date.now() + 26 * 3600_000)), 0, 'once');

    const after = await guest.get(`/works/${hidden}`);
    assert.equal(after.statusCode, 200);
    assert.match(after.body, new RegExp(HIDDEN_TITLE));
    assert.match(after.body, new RegExp(`href="/users/${WRITER}"`));
    assert.match(after.body, /For <a href="\/users\/giftee\/gifts">giftee<\/a>/);
    for (const url of [
      `/users/${WRITER}`,
      `/works/search?q=creator%3A${WRITER}`,
      '/collections/yuletide_x',
      '/collections/yuletide_x/feed.atom',
      '/opds/collections/yuletide_x',
      `/users/${WRITER}/works/feed.atom`,
      `/api/v1/works/${hidden}`,
      `/downloads/works/${hidden}/gullrock-lantern.html`,
    ]) {
      const res = await guest.get(url);
      assert.ok(res.body.includes(HIDDEN_TITLE), `${url} shows the revealed work`);
    }
    assert.match((await giftee.get('/inbox')).body, new RegExp(`A gift for you: <a href="/works/${hidden}">`));
    assert.match((await giftee.get('/users/giftee/gifts')).body, new RegExp(HIDDEN_TITLE));
    // The anonymous collection has no reveal time: its work stays anonymous.
    assert.deepEqual(await leaksTo(guest, [`/works/${anon}`, `/api/v1/works/${anon}`], hidden), []);
  });
});
