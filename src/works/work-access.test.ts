// workAccessMany and workViewOf answer what workAccess and seesUnmasked answer, work by work, for
// every kind of work and reader: listings and the work page use them, so a difference would show a
// reader what another page hides.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CollectionFields } from '../collections/collection-rules.ts';
import * as collections from '../collections/collections.service.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { makeUser } from '../testing/users.ts';
import { makeWork } from '../testing/works.ts';
import { seesUnmasked, workAccess, workAccessMany, workViewOf } from './work-access.ts';
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
    const anonymous = (await makeWork(db, { creator: writer })).workId;
    await collections.createCollection(db, mod, { ...HIDING, name: 'masks', unrevealed: false, revealAt: '' });
    await collections.addItem(db, writer, 'masks', { workId: anonymous });
    const ids = [posted, draft, restricted, hidden, unrevealed, anonymous, 999_999, posted];
    const masked = new Set([unrevealed, anonymous]);

    const seen = new Set<string>();
    for (const viewer of [null, writer, mod, reader, admin]) {
      const many = await workAccessMany(db, ids, viewer);
      for (const id of ids) {
        const one = await workAccess(db, id, viewer);
        const who = `work ${id} for ${viewer?.username ?? 'a guest'}`;
        assert.equal(many.get(id), one, who);
        const view = await workViewOf(db, id, viewer);
        assert.equal(view.access, one, who);
        // Unmasked matters only for a masked work that is readable; elsewhere nothing is hidden.
        if (masked.has(id) && one !== 'none') assert.equal(view.unmasked, await seesUnmasked(db, id, viewer), who);
        seen.add(one);
      }
    }
    // The cases above reach every answer, so agreeing is not agreeing on 'none' alone.
    assert.deepEqual([...seen].sort(), ['edit', 'none', 'read']);
    assert.equal((await workAccessMany(db, [unrevealed], mod)).get(unrevealed), 'read', 'its moderator reads it');
    assert.equal((await workAccessMany(db, [unrevealed], reader)).get(unrevealed), 'none');
    assert.deepEqual(await workViewOf(db, anonymous, mod), { access: 'read', unmasked: true });
    assert.deepEqual(await workViewOf(db, anonymous, reader), { access: 'read', unmasked: false });
    assert.deepEqual(await workAccessMany(db, [], reader), new Map());
  });
});
