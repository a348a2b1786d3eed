import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addPseud } from '../accounts/accounts.service.ts';
import { makeSynonym, setCanonical } from '../tags/wrangling.service.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
import { makeUser, pseudNamed, relate } from '../testing/users.ts';
import { makeWork } from '../testing/works.ts';
import { BOOKMARK_SEARCH_PAGE, type BookmarkSearchInput, searchBookmarks } from './bookmark-search.service.ts';
import { saveBookmark } from './bookmarks.service.ts';

describeEachDialect('bookmark search', (ctx) => {
  async function world() {
    const wren = await makeUser(ctx.database, 'wren');
    const robin = await makeUser(ctx.database, 'robin');
    await addPseud(ctx.database, robin, 'Redbreast');
    const writer = await makeUser(ctx.database, 'writer');
    const tags = (...freeforms: string[]): [string, string][] => [
      ['fandom', 'Original Work'],
      ...freeforms.map((f): [string, string] => ['freeform', f]),
    ];
    const { workId: lamps } = await makeWork(ctx.database, { title: 'Lamps', creator: writer, tags: tags('Fluff') });
    const { workId: ice } = await makeWork(ctx.database, { title: 'Ice', creator: writer, tags: tags('Angst') });
    const { workId: locked } = await makeWork(ctx.database, {
      title: 'Locked',
      creator: writer,
      tags: tags('Fluff'),
      restricted: true,
    });
    const { workId: draft } = await makeWork(ctx.database, { title: 'Draft', creator: writer, tags: tags('Fluff') });
    await saveBookmark(ctx.database, wren, lamps, {
      notes: 'So <em>warm</em>. Read it twice.',
      tags: 'cosy, Winter',
      rec: true,
    });
    await saveBookmark(ctx.database, wren, ice, { tags: 'winter' });
    await saveBookmark(ctx.database, robin, lamps, { notes: 'warm enough', private: true });
    await saveBookmark(ctx.database, robin, ice, { notes: 'Cold.', tags: 'Winter' });
    await saveBookmark(ctx.database, robin, locked, { tags: 'winter', rec: true });
    await saveBookmark(ctx.database, wren, draft, { tags: 'winter' });
    await ctx.database.db.updateTable('works').set({ draft: 1 }).where('id', '=', draft).execute();
    return { wren, robin, writer, lamps, ice, locked };
  }

  const titles = async (viewer: Awaited<ReturnType<typeof makeUser>> | null, input: BookmarkSearchInput) =>
    (await searchBookmarks(ctx.database, viewer, input)).items.map((i) => `${i.work.title} by ${i.bookmark.username}`);

  test("finds public bookmarks by the work's tags, the bookmarker's tags, recs, notes and bookmarker", async () => {
    const { wren } = await world();
    // Latest bookmarked first; private, draft and (for a guest) restricted works' bookmarks never.
    assert.deepEqual(await titles(null, { bookmarkTags: 'WINTER' }), ['Ice by robin', 'Ice by wren', 'Lamps by wren']);
    assert.deepEqual(await titles(wren, { bookmarkTags: 'winter' }), [
      'Locked by robin',
      'Ice by robin',
      'Ice by wren',
      'Lamps by wren',
    ]);
    assert.deepEqual(await titles(null, { bookmarkTags: 'winter, cosy' }), ['Lamps by wren']);
    assert.deepEqual(await titles(null, { workTags: 'Fluff' }), ['Lamps by wren']);
    assert.deepEqual(await titles(wren, { workTags: 'fluff, Original Work' }), ['Locked by robin', 'Lamps by wren']);
    assert.deepEqual(await titles(wren, { recOnly: true }), ['Locked by robin', 'Lamps by wren']);
    assert.deepEqual(await titles(null, { notes: 'WARM' }), ['Lamps by wren'], 'a private note is not searched');
    assert.deepEqual(await titles(null, { notes: '%' }), []);
    assert.deepEqual(await titles(wren, { bookmarker: 'Robin' }), ['Locked by robin', 'Ice by robin']);
    assert.deepEqual(await titles(wren, { bookmarker: 'redbreast' }), [], 'robin bookmarked under the default pseud');
    assert.deepEqual(await titles(null, { bookmarker: 'nobody' }), []);

    // A synonym finds its canonical tag's works, through the same filters as the work search.
    await makeWork(ctx.database, { title: 'Other', tags: [['freeform', 'Fluffy']] });
    await setCanonical(ctx.database, 'Fluff', true);
    await makeSynonym(ctx.database, 'Fluffy', 'Fluff');
    assert.deepEqual(await titles(null, { workTags: 'Fluffy' }), ['Lamps by wren']);
    const unknown = await searchBookmarks(ctx.database, null, { workTags: 'No Such Tag' });
    assert.deepEqual([unknown.items.length, unknown.notices], [0, ["no tag is named 'No Such Tag' in this archive"]]);
    const empty = await searchBookmarks(ctx.database, null, {});
    assert.deepEqual([empty.asked, empty.items.length], [false, 0]);
  });

  test('mutes hide bookmarks by the muted and of their works; blocks hide nothing', async () => {
    const { wren, robin, writer } = await world();
    await relate(ctx.database, wren, robin, 'mute');
    assert.deepEqual(await titles(wren, { bookmarkTags: 'winter' }), ['Ice by wren', 'Lamps by wren']);
    await relate(ctx.database, robin, writer, 'mute');
    assert.deepEqual(await titles(robin, { bookmarkTags: 'winter' }), []);
    await relate(ctx.database, writer, wren, 'block');
    assert.deepEqual(await titles(writer, { bookmarker: 'wren' }), ['Ice by wren', 'Lamps by wren']);
  });

  test('pages by date bookmarked', async () => {
    const reader = await makeUser(ctx.database, 'reader');
    for (let i = 0; i < BOOKMARK_SEARCH_PAGE + 2; i++) {
      const { workId } = await makeWork(ctx.database, { title: `Work ${i}` });
      await saveBookmark(ctx.database, reader, workId, { tags: 'pile' });
    }
    const first = await searchBookmarks(ctx.database, null, { bookmarkTags: 'pile' });
    assert.equal(first.total, BOOKMARK_SEARCH_PAGE + 2);
    assert.equal(first.items[0]!.work.title, `Work ${BOOKMARK_SEARCH_PAGE + 1}`);
    assert.ok(first.next);
    const second = await searchBookmarks(ctx.database, null, { bookmarkTags: 'pile', after: first.next! });
    assert.deepEqual(
      second.items.map((i) => i.work.title),
      ['Work 1', 'Work 0'],
    );
    assert.equal(second.next, null);
    const mangled = await searchBookmarks(ctx.database, null, { bookmarkTags: 'pile', after: 'not-a-cursor' });
    assert.equal(mangled.items.length, BOOKMARK_SEARCH_PAGE);
  });

  test('the page and its JSON twin escape what readers wrote', async () => {
    const reader = await makeUser(ctx.database, 'reader');
    await addPseud(ctx.database, reader, '<script>x</script>');
    const pseud = await pseudNamed(ctx.database, reader.id, '<script>x</script>');
    const { workId } = await makeWork(ctx.database, { title: '<img src=x onerror=alert(1)>' });
    await saveBookmark(ctx.database, reader, workId, {
      notes: 'Nice <script>alert(2)</script> read',
      tags: '<b>bold</b>',
      rec: true,
    });
    await ctx.database.db.updateTable('bookmarks').set({ pseud_id: pseud }).execute();
    const app = await testServer(ctx.database);
    try {
      const guest = new TestBrowser(app);
      const page = await guest.get('/bookmarks/search?bookmarker=%3Cscript%3Ex%3C%2Fscript%3E&rec=1');
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /<script>|<img src=x|<b>bold/);
      assert.match(
        page.body,
        /Bookmarked by <a href="\/users\/reader\/bookmarks">&lt;script&gt;x&lt;\/script&gt; \(reader\)<\/a>/,
      );
      assert.match(page.body, /&lt;b&gt;bold&lt;\/b&gt;/);
      assert.match(page.body, /value="&lt;script&gt;x&lt;\/script&gt;"/);
      assert.match(page.body, /1 bookmark found/);
      assert.match(page.body, /<span aria-current="page">Bookmarks<\/span>/);
      assert.equal((await guest.get('/bookmarks/search?notes=a&notes=b&after=%%%')).statusCode, 200);
      const json = JSON.parse((await guest.get('/api/v1/bookmarks/search?bookmark_tags=%3Cb%3Ebold%3C%2Fb%3E')).body);
      assert.deepEqual(json.bookmarks[0].bookmarker, { pseud: '<script>x</script>', username: 'reader' });
      assert.deepEqual(json.bookmarks[0].tags, ['<b>bold</b>']);
      assert.doesNotMatch(json.bookmarks[0].notes, /<script>/);
    } finally {
      await app.close();
    }
  });
});
