import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import { emptyQuery } from '../search/query.ts';
import { searchWorks } from '../search/search.service.ts';
import { workAccess } from '../works/works.service.ts';
import { commentsView, postComment } from './comments.service.ts';
import { CommunityError } from './community-error.ts';
import { actOnReport, fileReport, openReports } from './reports.service.ts';
import { makeUser } from '../testing/users.ts';
import { makeWork, workCounts } from '../testing/works.ts';

const kind = (k: CommunityError['kind']) => (e: Error) => e instanceof CommunityError && e.kind === k;

describeEachDialect('reports', (ctx) => {
  test('signed-in readers report what they can see, with a 10 to 2,000 character reason, once while open', async () => {
    const db = ctx.database;
    const wren = await makeUser(db, 'wren');
    const { workId } = await makeWork(db);
    await assert.rejects(
      fileReport(db, null, { type: 'work', id: workId, reason: 'Plagiarised from elsewhere' }),
      kind('sign_in'),
    );
    await assert.rejects(
      fileReport(db, wren, { type: 'work', id: workId, reason: 'too short' }),
      /at least 10 characters/,
    );
    await assert.rejects(
      fileReport(db, wren, { type: 'work', id: workId, reason: 'x'.repeat(2001) }),
      /at most 2,000 characters; yours has 2,001/,
    );
    await assert.rejects(
      fileReport(db, wren, { type: 'work', id: 999_999, reason: 'Plagiarised from elsewhere' }),
      kind('not_found'),
    );
    await fileReport(db, wren, { type: 'work', id: workId, reason: '  Plagiarised from elsewhere  ' });
    await assert.rejects(
      fileReport(db, wren, { type: 'work', id: workId, reason: 'Plagiarised, again' }),
      /already reported/,
    );
    await assert.rejects(
      fileReport(db, wren, { type: 'comment', id: 999_999, reason: 'Harassment in comments' }),
      kind('not_found'),
    );
  });

  test('only admins see the queue and act on it', async () => {
    const db = ctx.database;
    const [wren, admin] = [await makeUser(db, 'wren'), await makeUser(db, 'boss', { role: 'admin' })];
    const { workId } = await makeWork(db);
    const id = await fileReport(db, wren, { type: 'work', id: workId, reason: 'Plagiarised from elsewhere' });
    await assert.rejects(openReports(db, null), kind('sign_in'));
    await assert.rejects(openReports(db, wren), kind('forbidden'));
    await assert.rejects(actOnReport(db, wren, id, 'resolve'), kind('forbidden'));
    const open = await openReports(db, admin);
    assert.equal(open.length, 1);
    assert.deepEqual(
      [open[0]!.reporter, open[0]!.reason, open[0]!.work?.id],
      ['wren', 'Plagiarised from elsewhere', workId],
    );
    await assert.rejects(actOnReport(db, admin, id, 'spam_comment'), /not about a comment/);
    await assert.rejects(actOnReport(db, admin, id, 'explode'), /unknown action/);
    await actOnReport(db, admin, id, 'resolve');
    assert.equal((await openReports(db, admin)).length, 0);
  });

  test('hiding a work takes it out of search at once and from readers; unhiding brings it back', async () => {
    const db = ctx.database;
    const [writer, wren, admin] = [
      await makeUser(db, 'writer'),
      await makeUser(db, 'wren'),
      await makeUser(db, 'boss', { role: 'admin' }),
    ];
    const { workId } = await makeWork(db, { creator: writer });
    const id = await fileReport(db, wren, { type: 'work', id: workId, reason: 'Not a story, an advert' });
    const byTag = { ...emptyQuery(), includeTags: [{ name: 'Lighthouses' }] };
    assert.deepEqual(
      (await searchWorks(db, byTag, { facets: false })).works.map((w) => w.id),
      [workId],
    );

    await actOnReport(db, admin, id, 'hide_work');
    assert.deepEqual((await searchWorks(db, byTag, { facets: false })).works, []);
    assert.deepEqual((await searchWorks(db, emptyQuery(), { facets: false })).works, []);
    const filters = await db.db.selectFrom('work_filters').select('tag_id').where('work_id', '=', workId).execute();
    assert.equal(filters.length, 0, 'its search filters are gone');
    assert.equal(await workAccess(db, workId, wren), 'none');
    assert.equal(await workAccess(db, workId, writer), 'edit', 'its creators still see it');
    assert.equal((await openReports(db, admin))[0]!.work?.hidden, true, 'the report stays open pending review');

    await actOnReport(db, admin, id, 'unhide_work');
    assert.deepEqual(
      (await searchWorks(db, byTag, { facets: false })).works.map((w) => w.id),
      [workId],
    );
    assert.equal(await workAccess(db, workId, wren), 'read');
  });

  test('a reported comment deleted as spam leaves the listing and the count; its reports close', async () => {
    const db = ctx.database;
    const [spammer, wren, ada, admin] = [
      await makeUser(db, 'spammer'),
      await makeUser(db, 'wren'),
      await makeUser(db, 'ada'),
      await makeUser(db, 'boss', { role: 'admin' }),
    ];
    const { workId } = await makeWork(db);
    const spam = await postComment(
      db,
      { user: spammer, address: 's' },
      { workId, body: 'Cheap things at example.com' },
    );
    const first = await fileReport(db, wren, { type: 'comment', id: spam.id, reason: 'Spam link in a comment' });
    await fileReport(db, ada, { type: 'comment', id: spam.id, reason: 'This is an advert' });
    assert.match((await openReports(db, admin))[0]!.comment!.html, /Cheap things/);
    await actOnReport(db, admin, first, 'spam_comment');
    assert.equal((await openReports(db, admin)).length, 0);
    assert.equal((await commentsView(db, { user: null, address: 'z' }, workId)).shown, 0);
    assert.equal((await workCounts(db, workId)).comments_count, 0);
  });
});
