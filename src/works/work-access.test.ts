// workAccessMany answers what workAccess answers, work by work, for every kind of work and reader:
// listings filter with it, so a difference would show a reader what its own page hides.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CollectionFields } from '../collections/collection-rules.ts';
import * as collections from '../collections/collections.service.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { makeUser } from '../testing/users.ts';
import { makeWork } from '../testing/works.ts';
import { workAccess, workAccessMany } from './work-access.ts';
import { setWorkFlags } from './works.repo.ts';

const HIDING: CollectionFields = {
  name: 'swap',
  title: 'A swap',
  description: '',
  parent: '',
  open: true,
  moderated: false,
  unrevealed: true,
  anonymous: true,
  revealAt: new Date(Date.now() + 3600_000).toISOString().slice(0, 16),
};

describeEachDialect('workAccessMany', (ctx) => {
  test('agrees with workAccess for drafts, restricted, hidden, unrevealed and missing works', async () => {
    const db = ctx.database;
    const writer = await makeUser(db, 'writer');
    const mod = await makeUser(db, 'mod');
    const reader = await makeUser(db, 'reader');
    const admin = await makeUser(db, 'admin', { role: 'admin' });
    const posted = (await makeWork(db, { creator: writer })).workId;
    const draft = (await makeWork(db, { creator: writer, draft: true })).workId;
    const restricted = (await makeWork(db, { creator: writer, restricted: true })).workId;
    const hidden = (await makeWork(db, { creator: writer })).workId;
    await setWorkFlags(db.db, hidden, { hidden_by_admin: 1 });
    const unrevealed = (await makeWork(db, { creator: writer })).workId;
    await collections.createCollection(db, mod, HIDING);
    await collections.addItem(db, writer, 'swap', { workId: unrevealed });
    const ids = [posted, draft, restricted, hidden, unrevealed, 999_999, posted];

    const seen = new Set<string>();
    for (const viewer of [null, writer, mod, reader, admin]) {
      const many = await workAccessMany(db, ids, viewer);
      for (const id of ids) {
        const one = await workAccess(db, id, viewer);
        assert.equal(many.get(id), one, `work ${id} for ${viewer?.username ?? 'a guest'}`);
        seen.add(one);
      }
    }
    // The cases above reach every answer, so agreeing is not agreeing on 'none' alone.
    assert.deepEqual([...seen].sort(), ['edit', 'none', 'read']);
    assert.equal((await workAccessMany(db, [unrevealed], mod)).get(unrevealed), 'read', 'its moderator reads it');
    assert.equal((await workAccessMany(db, [unrevealed], reader)).get(unrevealed), 'none');
    assert.deepEqual(await workAccessMany(db, [], reader), new Map());
  });
});
