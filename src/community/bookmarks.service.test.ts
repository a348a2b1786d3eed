import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import { emptyQuery } from '../search/query.ts';
import { searchWorks } from '../search/search.service.ts';
import { bookmarkListing, bookmarkOf, deleteBookmark, parseBookmarkTags, saveBookmark } from './bookmarks.service.ts';
import { CommunityError } from './community-error.ts';
import { makeUser } from '../testing/users.ts';
import { makeWork, workCounts } from '../testing/works.ts';

const kind = (k: CommunityError['kind']) => (e: Error) => e instanceof CommunityError && e.kind === k;

test('bookmark tags: commas, trimmed, folded, case-blind duplicates dropped, 75 characters each', () => {
  assert.deepEqual(parseBookmarkTags(' Fluff,  slow   burn ,fluff,, Re-read '), ['Fluff', 'slow burn', 'Re-read']);
  assert.deepEqual(parseBookmarkTags(''), []);
  assert.doesNotThrow(() => parseBookmarkTags('x'.repeat(75)));
  assert.throws(() => parseBookmarkTags(`ok, ${'x'.repeat(76)}`), /at most 75 characters/);
  assert.throws(() => parseBookmarkTags(Array.from({ length: 51 }, (_, i) => `t${i}`).join(',')), /at most 50 tags/);
});

describeEachDialect('bookmarks', (ctx) => {
  test('one per reader and work, edited in place; only public ones are counted', async () => {
    const db = ctx.database;
    const wren = await makeUser(db, 'wren');
    const { workId } = await makeWork(db);
    const first = await saveBookmark(db, wren, workId, {
      notes: 'Loved the <em>lamp</em>',
      tags: 'cozy, reread',
      rec: true,
    });
    assert.equal(first.created, true);
    assert.equal((await workCounts(db, workId)).bookmarks_count, 1);
    const again = await saveBookmark(db, wren, workId, { notes: '', tags: 'comfort', private: true });
    assert.deepEqual(again, { id: first.id, created: false });
    const b = (await bookmarkOf(db, wren, workId))!;
    assert.deepEqual([b.notesHtml, b.tags, b.private, b.rec], [null, ['comfort'], true, false]);
    assert.equal((await workCounts(db, workId)).bookmarks_count, 0, 'private bookmarks are not counted');
    await saveBookmark(db, wren, workId, { private: true });
    assert.equal((await workCounts(db, workId)).bookmarks_count, 0, 'staying private changes nothing');
    await saveBookmark(db, wren, workId, { private: false });
    assert.equal((await workCounts(db, workId)).bookmarks_count, 1);
    const ada = await makeUser(db, 'ada');
    await saveBookmark(db, ada, workId, {});
    assert.equal((await workCounts(db, workId)).bookmarks_count, 2);

    await assert.rejects(deleteBookmark(db, ada, first.id), kind('not_found'), "someone else's bookmark");
    await deleteBookmark(db, wren, first.id);
    assert.equal((await workCounts(db, workId)).bookmarks_count, 1);
    assert.equal(await bookmarkOf(db, wren, workId), null);
    const tags = await db.db.selectFrom('bookmark_tags').select('name').where('bookmark_id', '=', first.id).execute();
    assert.equal(tags.length, 0);
  });

  test('notes are sanitised and limited; hidden works cannot be bookmarked', async () => {
    const db = ctx.database;
    const wren = await makeUser(db, 'wren');
    const { workId } = await makeWork(db);
    await saveBookmark(db, wren, workId, {
      notes: '<p>Hi<script>alert(1)</script><a href="javascript:alert(1)">x</a></p>',
    });
    const b = (await bookmarkOf(db, wren, workId))!;
    assert.doesNotMatch(b.notesHtml!, /script|javascript/);
    await assert.rejects(saveBookmark(db, wren, workId, { notes: 'n'.repeat(5001) }), /at most 5,000 characters/);
    const { workId: hidden } = await makeWork(db);
    await db.db.updateTable('works').set({ hidden_by_admin: 1 }).where('id', '=', hidden).execute();
    await assert.rejects(saveBookmark(db, wren, hidden, {}), kind('not_found'));
  });

  test("lists: the owner sees private ones, others don't; drafts and hidden works drop out; tag filter; paging", async () => {
    const db = ctx.database;
    const [wren, ada] = [await makeUser(db, 'wren'), await makeUser(db, 'ada')];
    const works = [
      (await makeWork(db)).workId,
      (await makeWork(db)).workId,
      (await makeWork(db)).workId,
      (await makeWork(db)).workId,
    ];
    await saveBookmark(db, wren, works[0]!, { tags: 'Cozy' });
    await saveBookmark(db, wren, works[1]!, { private: true, tags: 'cozy' });
    await saveBookmark(db, wren, works[2]!, { rec: true });
    await saveBookmark(db, wren, works[3]!, {});
    await db.db.updateTable('works').set({ draft: 1 }).where('id', '=', works[3]!).execute();

    const own = await bookmarkListing(db, wren, null);
    assert.equal(own.isOwner, true);
    assert.deepEqual(
      own.items.map((i) => i.work.id),
      [works[2], works[1], works[0]],
    );
    const theirs = await bookmarkListing(db, ada, 'WREN');
    assert.equal(theirs.owner.username, 'wren');
    assert.deepEqual(
      theirs.items.map((i) => i.work.id),
      [works[2], works[0]],
    );
    assert.deepEqual(
      (await bookmarkListing(db, null, 'wren', { tag: 'COZY' })).items.map((i) => i.work.id),
      [works[0]],
    );
    assert.deepEqual(
      (await bookmarkListing(db, wren, 'wren', { tag: 'cozy' })).items.map((i) => i.work.id),
      [works[1], works[0]],
    );

    const page1 = await bookmarkListing(db, wren, null, { limit: 2 });
    assert.equal(page1.items.length, 2);
    assert.ok(page1.next);
    const page2 = await bookmarkListing(db, wren, null, { limit: 2, before: page1.next! });
    assert.deepEqual(
      page2.items.map((i) => i.work.id),
      [works[0]],
    );
    assert.equal(page2.next, null);

    await assert.rejects(bookmarkListing(db, null, null), kind('sign_in'));
    await assert.rejects(bookmarkListing(db, null, 'nobody_here'), kind('not_found'));
    await assert.rejects(bookmarkListing(db, null, 'importer'), kind('not_found'), 'the system account has no page');
  });

  test('search sorts by public bookmarks', async () => {
    const db = ctx.database;
    const [a, b] = [(await makeWork(db)).workId, (await makeWork(db)).workId];
    for (const name of ['r1', 'r2']) await saveBookmark(db, await makeUser(db, name), b, {});
    await saveBookmark(db, await makeUser(db, 'r3'), a, {});
    const sorted = await searchWorks(
      db,
      { ...emptyQuery(), sort: { field: 'bookmarks', direction: 'desc' } },
      { facets: false },
    );
    assert.deepEqual(
      sorted.works.map((w) => w.id),
      [b, a],
    );
  });
});
