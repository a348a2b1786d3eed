import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import { addBlock } from './blocks.service.ts';
import { CurationError } from './curation-error.ts';
import { makeUser } from '../testing/users.ts';
import { makeSeries, makeWork } from '../testing/works.ts';
import * as subs from './subscriptions.service.ts';

const rejects = (p: Promise<unknown>, status: number, pattern: RegExp) =>
  assert.rejects(p, (e: unknown) => e instanceof CurationError && e.status === status && pattern.test(e.message));

describeEachDialect('subscriptions', (ctx) => {
  test('a reader may follow works they can read, other creators and series; no one else', async () => {
    const db = ctx.database;
    const wren = await makeUser(db, 'wren');
    const ash = await makeUser(db, 'ash');
    const { workId } = await makeWork(db, { title: 'Posted', creator: ash });
    const draft = await makeWork(db, { title: 'Draft', creator: ash, draft: true });
    const seriesId = await makeSeries(db, 'Saga', [workId]);

    assert.deepEqual(await subs.subscribe(db, wren, { type: 'work', id: workId }), { label: 'Posted', created: true });
    assert.deepEqual(
      await subs.subscribe(db, wren, { type: 'work', id: workId }),
      { label: 'Posted', created: false },
      'twice is once',
    );
    assert.equal((await subs.subscribe(db, wren, { type: 'creator', id: ash.id })).label, 'ash');
    assert.equal((await subs.subscribe(db, wren, { type: 'series', id: seriesId })).label, 'Saga');
    await rejects(subs.subscribe(db, wren, { type: 'work', id: draft.workId }), 404, /work \d+ was not found/);
    await rejects(subs.subscribe(db, wren, { type: 'work', id: 999_999 }), 404, /not found/);
    await rejects(subs.subscribe(db, wren, { type: 'series', id: 999_999 }), 404, /series 999999 was not found/);
    await rejects(subs.subscribe(db, wren, { type: 'creator', id: wren.id }), 422, /cannot subscribe to yourself/);
    const importer = await db.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'importer')
      .executeTakeFirstOrThrow();
    await rejects(subs.subscribe(db, wren, { type: 'creator', id: importer.id }), 404, /no creator/);
    // The draft's own creator may follow it (nothing forbids it; they are never notified anyway).
    assert.equal((await subs.subscribe(db, ash, { type: 'work', id: draft.workId })).created, true);

    const mine = await subs.subscriptionsOf(db, wren);
    assert.deepEqual(mine.map((s) => [s.targetType, s.label]).sort(), [
      ['creator', 'ash'],
      ['series', 'Saga'],
      ['work', 'Posted'],
    ]);
    assert.equal(await subs.unsubscribe(db, wren, { type: 'work', id: workId }), true);
    assert.equal(
      await subs.unsubscribe(db, wren, { type: 'work', id: workId }),
      false,
      'not subscribed: nothing to do',
    );
    assert.equal(await subs.isSubscribed(db.db, wren.id, { type: 'work', id: workId }), false);
    assert.equal(await subs.isSubscribed(db.db, wren.id, { type: 'creator', id: ash.id }), true);
    assert.equal((await subs.subscriptionsOf(db, ash)).length, 1, "one reader's list is theirs alone");
  });

  test('parseTarget names what was wrong', () => {
    assert.deepEqual(subs.parseTarget('series', '12'), { type: 'series', id: 12 });
    assert.throws(() => subs.parseTarget('user', '1'), /not something to subscribe to/);
    assert.throws(() => subs.parseTarget('work', '0'), /work '0' was not found/);
    assert.throws(() => subs.parseTarget('work', '99999999999'), /not found/);
  });

  test('a new work reaches its creators’ subscribers, not the creator, not a muter, never for a draft', async () => {
    const db = ctx.database;
    const ash = await makeUser(db, 'ash');
    const birch = await makeUser(db, 'birch');
    const fan = await makeUser(db, 'fan');
    const muter = await makeUser(db, 'muter');
    const other = await makeUser(db, 'other');
    for (const r of [fan, muter, birch]) await subs.subscribe(db, r, { type: 'creator', id: ash.id });
    await subs.subscribe(db, other, { type: 'creator', id: birch.id });
    await addBlock(db, muter, 'ash', 'mute');

    const { workId } = await makeWork(db, { title: 'Co-written', creator: ash });
    // birch co-writes it: birch's subscription to ash must not notify birch about their own work.
    const birchPseud = await db.db
      .selectFrom('pseuds')
      .select('id')
      .where('user_id', '=', birch.id)
      .executeTakeFirstOrThrow();
    await db.db.insertInto('work_creators').values({ work_id: workId, pseud_id: birchPseud.id, position: 1 }).execute();

    assert.equal(
      await subs.notifySubscribers(db, { kind: 'new_work', workId }),
      2,
      'fan (via ash) and other (via birch)',
    );
    assert.equal(
      await subs.notifySubscribers(db, { kind: 'new_work', workId }),
      0,
      'a repeated call notifies nobody twice',
    );
    assert.equal(await subs.unreadCount(db.db, fan.id), 1);
    assert.equal(await subs.unreadCount(db.db, other.id), 1);
    assert.equal(await subs.unreadCount(db.db, muter.id), 0, 'muted the creator');
    assert.equal(await subs.unreadCount(db.db, birch.id), 0, 'a creator is not told of their own work');
    assert.equal(await subs.unreadCount(db.db, ash.id), 0);

    const draft = await makeWork(db, { title: 'Not yet', creator: ash, draft: true });
    assert.equal(
      await subs.notifySubscribers(db, { kind: 'new_work', workId: draft.workId }),
      0,
      'drafts notify nobody',
    );
    const hidden = await makeWork(db, { title: 'Hidden by an admin', creator: ash });
    await db.db.updateTable('works').set({ hidden_by_admin: 1 }).where('id', '=', hidden.workId).execute();
    assert.equal(await subs.notifySubscribers(db, { kind: 'new_work', workId: hidden.workId }), 0);
  });

  test('a new chapter reaches work, creator and series subscribers once each; a series work reaches series subscribers', async () => {
    const db = ctx.database;
    const ash = await makeUser(db, 'ash');
    const all = await makeUser(db, 'all_three');
    const workFan = await makeUser(db, 'work_fan');
    const seriesFan = await makeUser(db, 'series_fan');
    const { workId, chapterIds } = await makeWork(db, { title: 'Long One', creator: ash, chapters: 2 });
    const seriesId = await makeSeries(db, 'Cycle', [workId]);
    for (const target of [
      { type: 'work', id: workId },
      { type: 'creator', id: ash.id },
      { type: 'series', id: seriesId },
    ] as const) {
      await subs.subscribe(db, all, target);
    }
    await subs.subscribe(db, workFan, { type: 'work', id: workId });
    await subs.subscribe(db, seriesFan, { type: 'series', id: seriesId });
    await subs.subscribe(db, ash, { type: 'work', id: workId });

    assert.equal(await subs.notifySubscribers(db, { kind: 'new_chapter', workId, chapterId: chapterIds[1]! }), 3);
    assert.equal(await subs.notifySubscribers(db, { kind: 'new_chapter', workId, chapterId: chapterIds[1]! }), 0);
    const [item] = (await subs.inbox(db, all)).items;
    assert.equal(item?.kind, 'new_chapter');
    assert.equal(item?.chapterPosition, 2);
    assert.equal(item?.workTitle, 'Long One');
    assert.equal(await subs.unreadCount(db.db, ash.id), 0);
    const otherWork = await makeWork(db, { title: 'Elsewhere', creator: ash });
    assert.equal(
      await subs.notifySubscribers(db, { kind: 'new_chapter', workId: otherWork.workId, chapterId: chapterIds[0]! }),
      0,
      'a chapter of another work is no event',
    );

    const second = await makeWork(db, { title: 'Part Two', creator: ash });
    await db.db
      .insertInto('series_works')
      .values({ series_id: seriesId, work_id: second.workId, position: 2 })
      .execute();
    assert.equal(
      await subs.notifySubscribers(db, { kind: 'new_work', workId: second.workId }),
      1,
      'all_three follows ash',
    );
    assert.equal(
      await subs.notifySubscribers(db, { kind: 'series_work', seriesId, workId: second.workId }),
      1,
      'series_fan; all_three heard of it already',
    );
    const [seriesItem] = (await subs.inbox(db, seriesFan)).items;
    assert.equal(seriesItem?.kind, 'series_work');
    assert.equal(seriesItem?.seriesTitle, 'Cycle');
    const loose = await makeWork(db, { title: 'Not in it', creator: ash });
    assert.equal(
      await subs.notifySubscribers(db, { kind: 'series_work', seriesId, workId: loose.workId }),
      0,
      'only works in the series',
    );
  });

  test('notifications written in a transaction that rolls back are gone with it', async () => {
    const db = ctx.database;
    const ash = await makeUser(db, 'ash');
    const fan = await makeUser(db, 'fan');
    await subs.subscribe(db, fan, { type: 'creator', id: ash.id });
    const { workId } = await makeWork(db, { title: 'Rolled back', creator: ash });
    await assert.rejects(
      db.db.transaction().execute(async (trx) => {
        assert.equal(await subs.notifySubscribers({ db: trx, dialect: db.dialect }, { kind: 'new_work', workId }), 1);
        throw new Error('posting failed');
      }),
      /posting failed/,
    );
    assert.equal(await subs.unreadCount(db.db, fan.id), 0);
  });

  test('the inbox: newest first, read marks, pages, and only the reader’s own items', async () => {
    const db = ctx.database;
    const ash = await makeUser(db, 'ash');
    const fan = await makeUser(db, 'fan');
    const nosy = await makeUser(db, 'nosy');
    await subs.subscribe(db, fan, { type: 'creator', id: ash.id });
    await subs.subscribe(db, nosy, { type: 'creator', id: ash.id });
    const ids: number[] = [];
    for (let i = 1; i <= subs.INBOX_PAGE + 2; i++) {
      const { workId } = await makeWork(db, { title: `Work ${i}`, creator: ash });
      await subs.notifySubscribers(db, { kind: 'new_work', workId }, new Date(Date.UTC(2030, 0, 1, 0, 0, i)));
      ids.push(workId);
    }
    const first = await subs.inbox(db, fan);
    assert.equal(first.items.length, subs.INBOX_PAGE);
    assert.equal(first.items[0]!.workTitle, `Work ${subs.INBOX_PAGE + 2}`, 'newest first');
    assert.equal(first.unread, subs.INBOX_PAGE + 2);
    assert.notEqual(first.next, null);
    const second = await subs.inbox(db, fan, { before: first.next! });
    assert.deepEqual(
      second.items.map((i) => i.workTitle),
      ['Work 2', 'Work 1'],
    );
    assert.equal(second.next, null);

    const nosyItems = (await subs.inbox(db, nosy)).items.map((i) => i.id);
    assert.equal(await subs.markRead(db, fan, nosyItems), 0, "another reader's items are not mine to mark");
    assert.equal(await subs.unreadCount(db.db, nosy.id), subs.INBOX_PAGE + 2);
    assert.equal(await subs.markRead(db, fan, [first.items[0]!.id, first.items[1]!.id]), 2);
    assert.equal(await subs.unreadCount(db.db, fan.id), subs.INBOX_PAGE);
    assert.equal(
      (await subs.inbox(db, fan, { unreadOnly: true })).items.every((i) => i.readAt === null),
      true,
    );
    assert.equal(await subs.markAllRead(db, fan), subs.INBOX_PAGE);
    assert.equal(await subs.unreadCount(db.db, fan.id), 0);
    assert.equal(await subs.deleteReadItems(db, fan), subs.INBOX_PAGE + 2);
    assert.equal((await subs.inbox(db, fan)).items.length, 0);
    assert.equal((await subs.inbox(db, nosy)).items.length, subs.INBOX_PAGE, 'untouched');
  });

  test('items about a work that went back to draft, or by someone muted since, leave the inbox and the count', async () => {
    const db = ctx.database;
    const ash = await makeUser(db, 'ash');
    const fan = await makeUser(db, 'fan');
    await subs.subscribe(db, fan, { type: 'creator', id: ash.id });
    const a = await makeWork(db, { title: 'A', creator: ash });
    const b = await makeWork(db, { title: 'B', creator: ash });
    await subs.notifySubscribers(db, { kind: 'new_work', workId: a.workId });
    await subs.notifySubscribers(db, { kind: 'new_work', workId: b.workId });
    assert.equal(await subs.unreadCount(db.db, fan.id), 2);
    await db.db.updateTable('works').set({ draft: 1 }).where('id', '=', a.workId).execute();
    assert.equal(await subs.unreadCount(db.db, fan.id), 1);
    assert.deepEqual(
      (await subs.inbox(db, fan)).items.map((i) => i.workTitle),
      ['B'],
    );
    await addBlock(db, fan, 'ash', 'mute');
    assert.equal(await subs.unreadCount(db.db, fan.id), 0);
    assert.deepEqual((await subs.inbox(db, fan)).items, []);
  });
});
