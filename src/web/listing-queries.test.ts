// How many statements each listing sends to the database, pinned for a guest and a signed-in
// reader: on PostgreSQL each is a round trip, so a query added per work, tag, creator or bookmark
// (an N+1) must fail here, and so must a fact read twice. Every count is the same on both dialects.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase } from '../db/database.ts';
import { describeEachDialect, holdTransaction } from '../testing/databases.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
import { userNamed } from '../testing/users.ts';
import { creditTo, makeWork } from '../testing/works.ts';

const PAGES = ['/', '/tags/Lighthouses', '/works/search?q=lamp', '/users/cormorant', '/users/gull/bookmarks'];

describeEachDialect('statements a listing sends', (ctx) => {
  test('each listing: the same statements however many works, creators, tags and bookmarks', async () => {
    const sent: string[] = [];
    const database = await openDatabase(ctx.url, { onQuery: (s) => sent.push(s) });
    const app = await testServer(database);
    let release = async () => {};
    try {
      await new TestBrowser(app).signUp('cormorant');
      await new TestBrowser(app).signUp('tern');
      const reader = await new TestBrowser(app).signUp('gull');
      const guest = new TestBrowser(app);
      const [cormorant, tern] = [await userNamed(ctx.database, 'cormorant'), await userNamed(ctx.database, 'tern')];
      const add = async (works: number) => {
        for (let i = 0; i < works; i++) {
          const { workId } = await makeWork(ctx.database, {
            title: `The lamp ${i}`,
            rating: 'General Audiences',
            tags: [
              ['fandom', 'Lighthouses'],
              ['freeform', `Lamp ${i}`],
            ],
          });
          await creditTo(ctx.database, workId, i % 2 === 0 ? cormorant : tern);
          const saved = await reader.post(`/works/${workId}/bookmark`, { notes: 'Kept.', tags: `lamps, lamp ${i}` });
          assert.ok(saved.statusCode < 400, 'bookmarked');
        }
      };
      /** Each page's statements, for the guest and then the reader (a view first, then counted). */
      const counts = async () => {
        const out: Record<string, number> = {};
        for (const [who, browser] of [
          ['guest', guest],
          ['reader', reader],
        ] as const) {
          for (const url of who === 'reader' ? [...PAGES, '/bookmarks'] : PAGES) {
            await browser.get(url);
            sent.length = 0;
            const res = await browser.get(url);
            assert.equal(res.statusCode, 200, url);
            out[`${who} ${url}`] = sent.length;
          }
        }
        return out;
      };
      // A transaction held open elsewhere in the cluster the whole time (on PostgreSQL): each
      // change-log read returns the rows the last one applied, which must cost nothing more.
      release = await holdTransaction(ctx.dialect, ctx.url);
      await add(2);
      const few = await counts();
      await add(6);
      const many = await counts();
      assert.deepEqual(many, few, 'no statement per work, creator, tag or bookmark');
      // A guest's listing: the search index's change log, the page's works (their rows with their
      // tags and creators, one statement), and what the page itself is about (the tag; the creator with their
      // profile and pseuds; the bookmarks' owner, bookmarks and their tags). A reader's adds the
      // session, the inbox count and which of their own exclusions exist (one statement). Words
      // on PostgreSQL: their matches and scores in one statement; SQLite reads each word's
      // occurrences and the full-text index's averages. The facets of a tag's page and of a search
      // count filter tags the search index keeps for the works viewed before (work-filter-lists.ts).
      const words = ctx.dialect === 'postgres' ? 4 : 5;
      assert.deepEqual(few, {
        'guest /': 3,
        'guest /tags/Lighthouses': 5,
        'guest /works/search?q=lamp': words,
        'guest /users/cormorant': 7,
        'guest /users/gull/bookmarks': 4,
        'reader /': 6,
        'reader /tags/Lighthouses': 8,
        'reader /works/search?q=lamp': words + 3,
        'reader /users/cormorant': 10,
        'reader /users/gull/bookmarks': 6,
        'reader /bookmarks': 5,
      });
    } finally {
      await release();
      await app.close();
      await database.close();
    }
  });
});
