import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
import { makeWork } from '../testing/works.ts';

const titles = (body: string) =>
  [...body.matchAll(/<h3 id="work-\d+-title"><a href="\/works\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]);

describeEachDialect('tag pages', (ctx) => {
  test("a tag's works take the search's filters and AO3's sorts, always within the tag", async () => {
    const db = ctx.database;
    const fandom = 'The Vampire Diaries (TV)';
    await makeWork(db, {
      title: 'Bonfire',
      rating: 'Teen And Up Audiences',
      tags: [
        ['fandom', fandom],
        ['character', 'Caroline Forbes'],
      ],
    });
    await makeWork(db, {
      title: 'Ashes',
      rating: 'Explicit',
      tags: [
        ['fandom', fandom],
        ['character', 'Klaus Mikaelson'],
      ],
    });
    await makeWork(db, { title: 'Cinders', rating: 'Teen And Up Audiences', tags: [['fandom', fandom]] });
    await makeWork(db, { title: 'Elsewhere', rating: 'Teen And Up Audiences', tags: [['fandom', 'Naruto']] });
    const app = await testServer(db);
    const guest = new TestBrowser(app);
    const path = '/tags/The%20Vampire%20Diaries%20(TV)';

    const all = await guest.get(path);
    assert.equal(all.statusCode, 200);
    assert.deepEqual(titles(all.body).sort(), ['Ashes', 'Bonfire', 'Cinders']);
    assert.match(all.body, /<h2 id="results-title">3 works<\/h2>/);
    // The sidebar: AO3's sorts (best match only with text), include and exclude boxes from the top tags.
    assert.match(all.body, /<form method="get" action="\/tags\/The%20Vampire%20Diaries%20\(TV\)"/);
    const sorts = [...all.body.matchAll(/<select id="t-sort" name="sort">([\s\S]*?)<\/select>/g)][0]![1]!;
    assert.deepEqual(
      [...sorts.matchAll(/value="(\w+)"/g)].map((m) => m[1]),
      ['updated', 'posted', 'title', 'creator', 'words', 'hits', 'kudos', 'comments', 'bookmarks'],
    );
    assert.match(
      all.body,
      /name="rating" value="Teen And Up Audiences">\s*<label for="inc-rating-\d+">Teen And Up Audiences <span class="muted">\(2\)/,
    );
    assert.match(all.body, /name="character" value="Klaus Mikaelson"/);
    assert.match(all.body, /name="exclude\[\]" value="Explicit"/);
    assert.doesNotMatch(all.body, /name="fandom" value="The Vampire Diaries \(TV\)"/, 'not the tag itself');

    const teen = await guest.get(`${path}?rating=Teen+And+Up+Audiences&sort=title`);
    assert.deepEqual(titles(teen.body), ['Bonfire', 'Cinders'], 'rated Teen, this tag only, A to Z');
    assert.match(teen.body, /value="Teen And Up Audiences" checked>/);
    assert.match(teen.body, /<option value="title" selected>Title<\/option>/);

    const noKlaus = await guest.get(`${path}?exclude%5B%5D=Klaus+Mikaelson&sort=title&dir=desc`);
    assert.deepEqual(titles(noKlaus.body), ['Cinders', 'Bonfire']);
    assert.match(noKlaus.body, /name="exclude\[\]" value="Klaus Mikaelson" checked>/, 'still shown, to take back');
    assert.match(
      noKlaus.body,
      /<input type="hidden" name="dir" value="desc">/,
      'what the form has no field for rides along',
    );

    const text = await guest.get(`${path}?q=Bonfire`);
    assert.deepEqual(titles(text.body), ['Bonfire']);
    assert.match(text.body, /<option value="best_match" selected>Best match<\/option>/);

    const paged = await guest.get(`${path}?limit=1&sort=title`);
    assert.deepEqual(titles(paged.body), ['Ashes']);
    const next = /<a class="button" href="([^"]+)" rel="next">/.exec(paged.body)?.[1]?.replaceAll('&amp;', '&');
    assert.ok(next?.startsWith(`${path}?limit=1&sort=title&after=`), next);
    assert.deepEqual(titles((await guest.get(next!)).body), ['Bonfire']);

    const bad = await guest.get(`${path}?words_from=many`);
    assert.equal(bad.statusCode, 200, "a reader's mistake is shown, not a failure");
    assert.match(bad.body, /words_from needs a whole number/);
    assert.equal((await guest.get(`${path}?sort=sideways`)).statusCode, 200);
  });
});
