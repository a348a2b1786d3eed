import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import { addBlock } from './blocks.service.ts';
import { CurationError } from './curation-error.ts';
import * as history from './history.service.ts';
import { makeUser } from '../testing/users.ts';
import { makeWork } from '../testing/works.ts';

const at = (minute: number) => new Date(Date.UTC(2030, 0, 1, 12, minute));

describeEachDialect('reading history', (ctx) => {
  test('recordReading counts visits and remembers the last chapter and time', async () => {
    const db = ctx.database;
    const wren = await makeUser(db, 'wren');
    const { workId } = await makeWork(db, { title: 'Three Parts', chapters: 3 });
    await history.recordReading(db, wren.id, workId, 1, at(1));
    await history.recordReading(db, wren.id, workId, 3, at(2));
    assert.deepEqual(await history.readingOf(db, wren, workId), {
      workId,
      lastChapter: 3,
      visits: 2,
      lastReadAt: at(2).toISOString(),
      markedForLater: false,
    });
    await history.recordReading(db, wren.id, workId, null, at(3));
    assert.equal((await history.readingOf(db, wren, workId))?.lastChapter, null, 'the entire-work view');
    const page = await history.history(db, wren, { later: false });
    assert.equal(page.entries.length, 1);
    assert.equal(page.entries[0]!.work.chapterCount, 3);
    assert.equal(page.entries[0]!.reading.visits, 3);
  });

  test('recordReading works inside the caller’s transaction', async () => {
    const db = ctx.database;
    const wren = await makeUser(db, 'wren');
    const { workId } = await makeWork(db, { title: 'One' });
    await db.db
      .transaction()
      .execute((trx) => history.recordReading({ db: trx, dialect: db.dialect }, wren.id, workId, 1));
    assert.equal((await history.readingOf(db, wren, workId))?.visits, 1);
  });

  test('history lists the most recent first, pages on, and is each reader’s own', async () => {
    const db = ctx.database;
    const wren = await makeUser(db, 'wren');
    const ash = await makeUser(db, 'ash');
    const ids: number[] = [];
    for (let i = 0; i < history.HISTORY_PAGE + 3; i++) {
      const { workId } = await makeWork(db, { title: `Work ${i}` });
      ids.push(workId);
      await history.recordReading(db, wren.id, workId, 1, at(i));
    }
    // Two works read at the same moment still page without loss or repeats.
    await history.recordReading(db, wren.id, ids[0]!, 1, at(10));
    const first = await history.history(db, wren, { later: false });
    assert.equal(first.entries.length, history.HISTORY_PAGE);
    assert.equal(first.entries[0]!.work.title, `Work ${history.HISTORY_PAGE + 2}`);
    const second = await history.history(db, wren, { later: false, after: first.next! });
    assert.equal(second.next, null);
    const seen = [...first.entries, ...second.entries].map((e) => e.work.id);
    assert.equal(new Set(seen).size, ids.length);
    assert.deepEqual(
      [...seen].sort((a, b) => a - b),
      [...ids].sort((a, b) => a - b),
    );
    assert.equal(
      (await history.history(db, wren, { later: false, after: 'not-a-cursor' })).entries.length,
      history.HISTORY_PAGE,
      'a bad cursor is the first page',
    );
    assert.deepEqual((await history.history(db, ash, { later: false })).entries, []);
  });

  test('Marked for Later: on works never opened too; clearing history keeps the marks', async () => {
    const db = ctx.database;
    const wren = await makeUser(db, 'wren');
    const read = await makeWork(db, { title: 'Read and marked' });
    const unread = await makeWork(db, { title: 'Only marked' });
    const plain = await makeWork(db, { title: 'Only read' });
    await history.recordReading(db, wren.id, read.workId, 1, at(1));
    await history.recordReading(db, wren.id, plain.workId, 1, at(2));
    await history.markForLater(db, wren, read.workId, true);
    await history.markForLater(db, wren, unread.workId, true);
    assert.deepEqual(
      (await history.history(db, wren, { later: true })).entries.map((e) => e.work.title),
      ['Read and marked', 'Only marked'],
      'never-opened works last',
    );
    assert.deepEqual(
      (await history.history(db, wren, { later: false })).entries.map((e) => e.work.title),
      ['Only read', 'Read and marked'],
      'a mark alone is no visit',
    );
    await history.recordReading(db, wren.id, read.workId, 1, at(3));
    assert.equal((await history.readingOf(db, wren, read.workId))?.markedForLater, true, 'reading keeps the mark');

    await history.clearHistory(db, wren, plain.workId);
    assert.deepEqual(
      (await history.history(db, wren, { later: false })).entries.map((e) => e.work.title),
      ['Read and marked'],
    );
    await history.clearHistory(db, wren);
    assert.deepEqual((await history.history(db, wren, { later: false })).entries, []);
    assert.deepEqual((await history.history(db, wren, { later: true })).entries.map((e) => e.work.title).sort(), [
      'Only marked',
      'Read and marked',
    ]);

    await history.markForLater(db, wren, unread.workId, false);
    assert.equal(await history.readingOf(db, wren, unread.workId), undefined, 'neither read nor marked: no row');
    await history.markForLater(db, wren, read.workId, false);
    assert.deepEqual((await history.history(db, wren, { later: true })).entries, []);
  });

  test('others’ drafts cannot be marked, and leave the lists; muted creators’ works too', async () => {
    const db = ctx.database;
    const wren = await makeUser(db, 'wren');
    const ash = await makeUser(db, 'ash');
    const draft = await makeWork(db, { title: 'Draft', creator: ash, draft: true });
    await assert.rejects(
      history.markForLater(db, wren, draft.workId, true),
      (e: unknown) => e instanceof CurationError && e.status === 404,
    );
    await history.markForLater(db, ash, draft.workId, true);
    assert.equal((await history.history(db, ash, { later: true })).entries.length, 1, 'a creator sees their own draft');

    const posted = await makeWork(db, { title: 'Posted', creator: ash });
    await history.recordReading(db, wren.id, posted.workId, 1);
    await db.db.updateTable('works').set({ draft: 1 }).where('id', '=', posted.workId).execute();
    assert.deepEqual((await history.history(db, wren, { later: false })).entries, []);
    await db.db.updateTable('works').set({ draft: 0 }).where('id', '=', posted.workId).execute();
    assert.equal((await history.history(db, wren, { later: false })).entries.length, 1);
    await addBlock(db, wren, 'ash', 'mute');
    assert.deepEqual((await history.history(db, wren, { later: false })).entries, []);
  });
});
