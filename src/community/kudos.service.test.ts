import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import { CommunityError } from './community-error.ts';
import { kudosSentence } from './community.html.ts';
import { guestKey } from './guest-key.ts';
import { KUDOS_NAMES_SHOWN, kudosView, leaveKudos } from './kudos.service.ts';
import { makeUser } from '../testing/users.ts';
import { makeWork, workCounts } from '../testing/works.ts';

test('the kudos sentence names readers, then counts the rest', () => {
  assert.equal(
    kudosSentence({ usernames: ['Wren', 'Ada'], moreUsers: 0, guests: 3 }),
    'Wren, Ada and 3 guests left kudos on this work!',
  );
  assert.equal(
    kudosSentence({ usernames: ['Wren'], moreUsers: 0, guests: 1 }),
    'Wren and 1 guest left kudos on this work!',
  );
  assert.equal(kudosSentence({ usernames: [], moreUsers: 0, guests: 2 }), '2 guests left kudos on this work!');
  assert.equal(
    kudosSentence({ usernames: ['A', 'B'], moreUsers: 1200, guests: 0 }),
    'A, B and 1,200 more users left kudos on this work!',
  );
  assert.equal(kudosSentence({ usernames: [], moreUsers: 0, guests: 0 }), null);
});

test('guest keys are keyed hashes, stable within a process, never the address', () => {
  assert.equal(guestKey('10.0.0.1'), guestKey('10.0.0.1'));
  assert.notEqual(guestKey('10.0.0.1'), guestKey('10.0.0.2'));
  assert.match(guestKey('10.0.0.1'), /^[0-9a-f]{64}$/);
});

describeEachDialect('kudos', (ctx) => {
  test('one per account, one per guest address; the count moves with them', async () => {
    const db = ctx.database;
    const [writer, wren, ada] = [await makeUser(db, 'writer'), await makeUser(db, 'Wren'), await makeUser(db, 'Ada')];
    const { workId } = await makeWork(db, { creator: writer });
    await leaveKudos(db, { user: wren, address: '10.0.0.1' }, workId);
    await leaveKudos(db, { user: ada, address: '10.0.0.1' }, workId);
    await assert.rejects(leaveKudos(db, { user: wren, address: '10.0.0.9' }, workId), /already left kudos/);
    for (const address of ['10.0.0.1', '10.0.0.2', '2001:db8::1'])
      await leaveKudos(db, { user: null, address }, workId);
    await assert.rejects(leaveKudos(db, { user: null, address: '10.0.0.2' }, workId), /already left kudos/);
    assert.equal((await workCounts(db, workId)).kudos_count, 5);

    const rows = await db.db.selectFrom('kudos').select(['guest_key']).where('guest_key', 'is not', null).execute();
    assert.ok(
      rows.every((r) => !r.guest_key!.includes('10.0.0') && r.guest_key === r.guest_key!.toLowerCase()),
      'no raw address is stored',
    );

    const view = await kudosView(db, { user: null, address: '10.0.0.3' }, workId);
    assert.deepEqual(view.usernames, ['Ada', 'Wren']);
    assert.equal(view.guests, 3);
    assert.equal(kudosSentence(view), 'Ada, Wren and 3 guests left kudos on this work!');
    assert.equal(view.canGive, true);
    assert.equal((await kudosView(db, { user: null, address: '10.0.0.2' }, workId)).given, true);
  });

  test('creators cannot leave kudos on their own work; hidden works are not found', async () => {
    const db = ctx.database;
    const writer = await makeUser(db, 'writer');
    const { workId } = await makeWork(db, { creator: writer });
    await assert.rejects(
      leaveKudos(db, { user: writer, address: '10.0.0.1' }, workId),
      /can't leave kudos on your own work/,
    );
    assert.equal((await kudosView(db, { user: writer, address: '10.0.0.1' }, workId)).canGive, false);
    await db.db.updateTable('works').set({ hidden_by_admin: 1 }).where('id', '=', workId).execute();
    await assert.rejects(
      leaveKudos(db, { user: null, address: '10.0.0.1' }, workId),
      (e: Error) => e instanceof CommunityError && e.kind === 'not_found',
    );
    await assert.rejects(
      leaveKudos(db, { user: null, address: '10.0.0.1' }, 999_999),
      (e: Error) => e instanceof CommunityError && e.kind === 'not_found',
    );
    assert.equal((await workCounts(db, workId)).kudos_count, 0);
  });

  test('the list names the newest givers and counts the rest', async () => {
    const db = ctx.database;
    const { workId } = await makeWork(db);
    for (let i = 0; i < KUDOS_NAMES_SHOWN + 2; i++)
      await leaveKudos(db, { user: await makeUser(db, `fan_${i}`), address: 'x' }, workId);
    const view = await kudosView(db, { user: null, address: 'y' }, workId);
    assert.equal(view.usernames.length, KUDOS_NAMES_SHOWN);
    assert.equal(view.usernames[0], `fan_${KUDOS_NAMES_SHOWN + 1}`);
    assert.equal(view.moreUsers, 2);
  });
});
