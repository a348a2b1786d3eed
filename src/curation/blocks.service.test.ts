import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import * as blocks from './blocks.service.ts';
import { makeUser } from '../testing/users.ts';
import { makeWork } from '../testing/works.ts';

describeEachDialect('blocking and muting', (ctx) => {
  test('by username, whatever the case; not yourself, not the importer, not someone who does not exist', async () => {
    const db = ctx.database;
    const wren = await makeUser(db, 'wren');
    const ash = await makeUser(db, 'Ash_Tree');
    await makeWork(db, { title: 'Imported' });
    assert.deepEqual(await blocks.addBlock(db, wren, 'ash_tree', 'block'), { username: 'Ash_Tree', created: true });
    assert.deepEqual(
      await blocks.addBlock(db, wren, '@Ash_Tree', 'block'),
      { username: 'Ash_Tree', created: false },
      'twice is once',
    );
    await blocks.addBlock(db, wren, ' ASH_TREE ', 'mute');
    await assert.rejects(blocks.addBlock(db, wren, 'WREN', 'block'), /you cannot block yourself/);
    await assert.rejects(blocks.addBlock(db, wren, 'wren', 'mute'), /you cannot mute yourself/);
    await assert.rejects(blocks.addBlock(db, wren, 'nobody_here', 'block'), /there is no account named 'nobody_here'/);
    await assert.rejects(blocks.addBlock(db, wren, '', 'mute'), /enter the username of the account to mute/);
    await assert.rejects(blocks.addBlock(db, wren, 'importer', 'mute'), /archive's own account/);
    assert.throws(() => blocks.parseKind('ban'), /neither block nor mute/);

    const lists = await blocks.blocksOf(db, wren);
    assert.deepEqual(
      lists.blocked.map((u) => u.username),
      ['Ash_Tree'],
    );
    assert.deepEqual(
      lists.muted.map((u) => u.username),
      ['Ash_Tree'],
    );
    assert.deepEqual(await blocks.blocksOf(db, ash), { blocked: [], muted: [] }, 'not told, and not theirs');
    assert.equal(await blocks.isBlocking(db.db, wren.id, ash.id), true);
    assert.equal(await blocks.isBlocking(db.db, ash.id, wren.id), false, 'one way');
    assert.equal(await blocks.isMuting(db.db, wren.id, ash.id), true);
    assert.deepEqual(await blocks.mutedUserIds(db.db, wren.id), [ash.id]);

    assert.equal(await blocks.removeBlock(db, wren, 'ash_tree', 'block'), true);
    assert.equal(await blocks.removeBlock(db, wren, 'ash_tree', 'block'), false);
    assert.equal(await blocks.removeBlock(db, wren, 'nobody_here', 'block'), false);
    assert.equal(await blocks.isBlocking(db.db, wren.id, ash.id), false);
    assert.equal(await blocks.isMuting(db.db, wren.id, ash.id), true, 'unblocking leaves the mute');
  });

  test('an e-mail address does not find an account', async () => {
    const db = ctx.database;
    const wren = await makeUser(db, 'wren');
    await db.db
      .insertInto('users')
      .values({
        username: 'secret',
        email: 'secret@example.org',
        password_hash: 'x',
        role: 'reader',
        created_at: new Date().toISOString(),
      })
      .execute();
    await assert.rejects(blocks.addBlock(db, wren, 'secret@example.org', 'block'), /there is no account named/);
  });
});
