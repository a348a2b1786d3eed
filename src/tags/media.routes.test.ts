import assert from 'node:assert/strict';
import { test } from 'node:test';
import { promote } from '../accounts/accounts.service.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
import { makeWork } from '../testing/works.ts';

describeEachDialect('media pages', (ctx) => {
  test('media with top fandoms, one media A to Z with counts, AO3 URL forms, escaped names', async () => {
    const db = ctx.database;
    await makeWork(db, { tags: [['fandom', 'Supernatural (TV 2005)']] });
    await makeWork(db, { tags: [['fandom', 'Supernatural (TV 2005)']] });
    await makeWork(db, { tags: [['fandom', 'Avatar: The Last Airbender']] });
    await makeWork(db, { tags: [['fandom', '<i>Zine</i> & Co.']] });
    await makeWork(db, { tags: [['fandom', 'Good Omens (TV)']], restricted: true });
    const app = await testServer(db);
    const guest = new TestBrowser(app);

    const index = await guest.get('/media');
    assert.equal(index.statusCode, 200);
    for (const m of ['Anime &amp; Manga', 'TV Shows', 'Video Games', 'Uncategorized Fandoms'])
      assert.match(index.body, new RegExp(`>${m}</a></h2>`));
    assert.match(index.body, /href="\/media\/Cartoons%20\*a\*%20Comics%20\*a\*%20Graphic%20Novels\/fandoms"/);
    assert.match(
      index.body,
      /href="\/tags\/Supernatural%20\(TV%202005\)">Supernatural \(TV 2005\)<\/a> <span class="muted">\(2\)/,
    );
    assert.doesNotMatch(index.body, /Good Omens/, 'a guest sees no fandom only restricted works carry');
    assert.match(index.body, /&lt;i&gt;Zine&lt;\/i&gt; &amp; Co\./);
    assert.match(index.body, /href="\/media">Fandoms<\/a>/, 'the site menu leads here');

    const tv = await guest.get('/media/TV%20Shows/fandoms');
    assert.equal(tv.statusCode, 200);
    assert.match(tv.body, /<h1>TV Shows<\/h1>/);
    assert.match(tv.body, /id="letter-S"[\s\S]*Supernatural \(TV 2005\)/);
    const cartoons = await guest.get('/media/Cartoons%20*a*%20Comics%20*a*%20Graphic%20Novels/fandoms');
    assert.equal(cartoons.statusCode, 200);
    assert.match(cartoons.body, /Avatar: The Last Airbender/);
    const other = await guest.get('/media/Uncategorized%20Fandoms/fandoms');
    assert.match(other.body, /id="letter-other"[\s\S]*href="\/tags\/%3Ci%3EZine%3C\*s\*i%3E%20\*a\*%20Co\*d\*"/);
    assert.equal((await guest.get('/media/Podcasts/fandoms')).statusCode, 404);

    const reader = await new TestBrowser(app).signUp('reader_one');
    assert.match((await reader.get('/media/TV%20Shows/fandoms')).body, /Good Omens \(TV\)/);
  });

  test('a wrangler files a fandom under a media; readers and guests may not', async () => {
    const db = ctx.database;
    await makeWork(db, { tags: [['fandom', 'Our Own Little Zine']] });
    const app = await testServer(db);
    const form = { media: 'Books & Literature' };
    const url = '/admin/tags/Our%20Own%20Little%20Zine/media';
    const guest = new TestBrowser(app);
    assert.equal((await guest.post(url, form)).statusCode, 401);
    const reader = await new TestBrowser(app).signUp('reader_two');
    assert.equal((await reader.post(url, form)).statusCode, 403);
    const wrangler = await new TestBrowser(app).signUp('wrangler_two');
    await promote(db, 'wrangler_two', 'wrangler');
    assert.equal((await wrangler.post(url, form, { csrf: false })).statusCode, 403, 'no CSRF token, no change');
    assert.match((await guest.get('/media/Uncategorized%20Fandoms/fandoms')).body, /Our Own Little Zine/);

    const page = await wrangler.get('/admin/tags/Our%20Own%20Little%20Zine');
    assert.match(
      page.body,
      /Filed under <a href="\/media\/Uncategorized%20Fandoms\/fandoms">Uncategorized Fandoms<\/a>/,
    );
    const set = await wrangler.post(url, form);
    assert.equal(set.statusCode, 303);
    assert.match((await wrangler.get(set.headers.location as string)).body, /now filed under Books &amp; Literature/);
    assert.match((await guest.get('/media/Books%20*a*%20Literature/fandoms')).body, /Our Own Little Zine/);
    assert.doesNotMatch((await guest.get('/media/Uncategorized%20Fandoms/fandoms')).body, /Our Own Little Zine/);

    const bad = await wrangler.post(url, { media: 'Podcasts' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /not one of AO3&#39;s media categories/);
    assert.equal((await wrangler.post('/admin/tags/Nope/media', form)).statusCode, 404);
    assert.equal((await wrangler.post(url, { media: '' })).statusCode, 303);
    assert.match((await guest.get('/media/Uncategorized%20Fandoms/fandoms')).body, /Our Own Little Zine/);
  });
});
