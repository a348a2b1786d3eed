import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SignedIn } from '../accounts/accounts.service.ts';
import type { Database } from '../db/database.ts';
import { emptyQuery } from '../search/query.ts';
import { searchWorks } from '../search/search.service.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { makeUser } from '../testing/users.ts';
import { makeWork } from '../testing/works.ts';
import { getWorkBlurbs, workAccess } from '../works/works.service.ts';
import type { CollectionFields } from './collection-rules.ts';
import * as collections from './collections.service.ts';

const FIELDS: CollectionFields = {
  name: '',
  title: 'An event',
  description: '',
  parent: '',
  open: true,
  moderated: false,
  unrevealed: false,
  anonymous: false,
  revealAt: '',
};

async function inCollection(database: Database, name: string, viewer: SignedIn | null = null): Promise<number[]> {
  const view = await collections.collectionView(database, name, viewer);
  const found = await searchWorks(
    database,
    { ...emptyQuery(), limit: 50 },
    {
      viewerId: viewer?.id ?? null,
      collectionIds: collections.searchScope(view),
    },
  );
  return found.works.map((w) => w.id).sort((a, b) => a - b);
}

const refusal = (kind: string) => (e: unknown) => (e as { kind?: string }).kind === kind;

describeEachDialect('collections', (ctx) => {
  test('a moderated collection holds a work only once a moderator approves; a rejected one leaves', async () => {
    const mod = await makeUser(ctx.database, 'mod');
    const writer = await makeUser(ctx.database, 'writer');
    const other = await makeUser(ctx.database, 'other');
    await collections.createCollection(ctx.database, mod, { ...FIELDS, name: 'fest', moderated: true });
    const { workId } = await makeWork(ctx.database, { creator: writer });
    await assert.rejects(collections.addItem(ctx.database, other, 'fest', { workId }), refusal('forbidden'));
    await collections.addItem(ctx.database, writer, 'fest', { workId });
    assert.deepEqual(await inCollection(ctx.database, 'fest'), []);
    const [waiting] = (await collections.manageView(ctx.database, mod, 'fest')).awaiting;
    assert.equal(waiting?.workId, workId);
    await assert.rejects(collections.manageView(ctx.database, writer, 'fest'), refusal('forbidden'));
    await assert.rejects(collections.moderateItem(ctx.database, writer, waiting!.id, 'approve'), refusal('forbidden'));
    await collections.moderateItem(ctx.database, mod, waiting!.id, 'approve');
    assert.deepEqual(await inCollection(ctx.database, 'fest'), [workId]);
    await collections.moderateItem(ctx.database, mod, waiting!.id, 'reject');
    assert.deepEqual(await inCollection(ctx.database, 'fest'), []);
  });

  test('a closed collection takes works from its moderators only; a moderator named by an owner may', async () => {
    const owner = await makeUser(ctx.database, 'owner');
    const helper = await makeUser(ctx.database, 'helper');
    const { workId } = await makeWork(ctx.database, { creator: helper });
    await collections.createCollection(ctx.database, owner, { ...FIELDS, name: 'closed_one', open: false });
    await assert.rejects(collections.addItem(ctx.database, helper, 'closed_one', { workId }), refusal('invalid'));
    await assert.rejects(
      collections.setParticipant(ctx.database, helper, 'closed_one', 'helper', 'moderator'),
      refusal('forbidden'),
    );
    await collections.setParticipant(ctx.database, owner, 'closed_one', 'helper', 'moderator');
    await collections.addItem(ctx.database, helper, 'closed_one', { workId });
    assert.deepEqual(await inCollection(ctx.database, 'closed_one'), [workId]);
    await assert.rejects(
      collections.setParticipant(ctx.database, owner, 'closed_one', 'owner', 'remove'),
      refusal('conflict'),
      'the last owner stays',
    );
  });

  test("a moderator's invitation joins a work only when its creator accepts", async () => {
    const mod = await makeUser(ctx.database, 'mod');
    const writer = await makeUser(ctx.database, 'writer');
    const { workId } = await makeWork(ctx.database, { creator: writer });
    await collections.createCollection(ctx.database, mod, { ...FIELDS, name: 'recs', anonymous: true });
    await collections.invite(ctx.database, mod, 'recs', { workId });
    assert.deepEqual(await inCollection(ctx.database, 'recs'), []);
    const [blurb] = await getWorkBlurbs(ctx.database, [workId]);
    assert.equal(blurb!.anonymous, false, 'an invitation alone hides nothing');
    const [invitation] = await collections.myInvitations(ctx.database, writer);
    assert.equal(invitation?.collection, 'recs');
    await assert.rejects(
      collections.answerInvitation(ctx.database, mod, invitation!.itemId, 'accept'),
      refusal('forbidden'),
    );
    await collections.answerInvitation(ctx.database, writer, invitation!.itemId, 'accept');
    assert.deepEqual(await inCollection(ctx.database, 'recs'), [workId]);
    const [after] = await getWorkBlurbs(ctx.database, [workId]);
    assert.deepEqual([after!.anonymous, after!.creators], [true, []]);
    assert.deepEqual(await collections.myInvitations(ctx.database, writer), []);
  });

  test("a parent collection lists its subcollections' works; only the parent's owner makes one", async () => {
    const owner = await makeUser(ctx.database, 'owner');
    const stranger = await makeUser(ctx.database, 'stranger');
    const { workId } = await makeWork(ctx.database, { creator: owner });
    await collections.createCollection(ctx.database, owner, { ...FIELDS, name: 'big_bang' });
    await assert.rejects(
      collections.createCollection(ctx.database, stranger, { ...FIELDS, name: 'bb_art', parent: 'big_bang' }),
      refusal('forbidden'),
    );
    await collections.createCollection(ctx.database, owner, { ...FIELDS, name: 'bb_2026', parent: 'big_bang' });
    await collections.addItem(ctx.database, owner, 'bb_2026', { workId });
    assert.deepEqual(await inCollection(ctx.database, 'big_bang'), [workId]);
    const view = await collections.collectionView(ctx.database, 'BB_2026', null);
    assert.equal(view.parent?.name, 'big_bang');
    await assert.rejects(
      collections.createCollection(ctx.database, owner, { ...FIELDS, name: 'BIG_BANG' }),
      refusal('conflict'),
      'names are unique whatever their case',
    );
  });

  test('settings hide and show works at once; the reveal time reveals them, once, in whichever process', async () => {
    const mod = await makeUser(ctx.database, 'mod');
    const writer = await makeUser(ctx.database, 'writer');
    const reader = await makeUser(ctx.database, 'reader');
    const { workId } = await makeWork(ctx.database, { creator: writer });
    await collections.createCollection(ctx.database, mod, { ...FIELDS, name: 'swap' });
    await collections.addItem(ctx.database, writer, 'swap', { workId });
    const soon = new Date(Date.now() + 3600_000).toISOString().slice(0, 16);
    const hiding = { ...FIELDS, unrevealed: true, anonymous: true, revealAt: soon };
    await assert.rejects(collections.updateSettings(ctx.database, writer, 'swap', hiding), refusal('forbidden'));
    await collections.updateSettings(ctx.database, mod, 'swap', hiding);
    assert.equal(await workAccess(ctx.database, workId, reader), 'none');
    assert.equal(await workAccess(ctx.database, workId, mod), 'read', 'its moderators read it');
    // Another collection's moderator cannot open it by inviting it.
    const prober = await makeUser(ctx.database, 'prober');
    await collections.createCollection(ctx.database, prober, { ...FIELDS, name: 'probe' });
    await assert.rejects(collections.invite(ctx.database, prober, 'probe', { workId }), refusal('invalid'));
    assert.equal(await workAccess(ctx.database, workId, prober), 'none');
    assert.deepEqual(await inCollection(ctx.database, 'swap', reader), []);
    const later = new Date(Date.now() + 2 * 3600_000);
    const [first, second] = await Promise.all([
      collections.revealDue(ctx.database, later),
      collections.revealDue(ctx.database, later),
    ]);
    assert.equal(first + second, 1);
    assert.equal(await workAccess(ctx.database, workId, reader), 'read');
    assert.deepEqual(await inCollection(ctx.database, 'swap', reader), [workId]);
    // A reveal time moved back into the future hides the works again until then.
    await collections.updateSettings(ctx.database, mod, 'swap', hiding);
    assert.equal(await workAccess(ctx.database, workId, reader), 'none');
    await collections.updateSettings(ctx.database, mod, 'swap', FIELDS);
    assert.equal(await workAccess(ctx.database, workId, reader), 'read');
  });

  test('names and reveal times are checked', async () => {
    const owner = await makeUser(ctx.database, 'owner');
    for (const bad of [
      { name: 'has space' },
      { name: 'new' },
      { name: 'ok_name', title: ' ' },
      { name: 'ok_name', revealAt: 'tomorrow' },
    ])
      await assert.rejects(
        collections.createCollection(ctx.database, owner, { ...FIELDS, ...bad }),
        refusal('invalid'),
        JSON.stringify(bad),
      );
    const listed = await collections.listCollections(ctx.database, { query: 'ok_' });
    assert.deepEqual(listed.collections, []);
  });
});
