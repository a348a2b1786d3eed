import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addPseud, signIn, signUp, type SignedIn } from '../accounts/accounts.service.ts';
import { AppError } from '../app-error.ts';
import type { Database } from '../db/database.ts';
import { creatorPage } from '../people/people.service.ts';
import { parseQuery } from '../search/query-parser.ts';
import { searchWorks } from '../search/search.service.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { makeUser, relate } from '../testing/users.ts';
import {
  answerInvitation,
  countMyInvitations,
  leaveWork,
  myInvitations,
  pendingForWork,
} from './creatorships.service.ts';
import { createDraft, orphanWork, saveWork } from './posting.service.ts';
import type { WorkFields } from './posting-rules.ts';
import { getWorkPage, workAccess } from './works.service.ts';
import { workFields } from '../testing/works.ts';

const fields = (over: Partial<WorkFields> = {}): WorkFields => workFields(over);

async function posted(database: Database, writer: SignedIn, over: Partial<WorkFields> = {}): Promise<number> {
  const id = await createDraft(database, writer, { text: 'The lamp at Gull Rock had been dark for nine nights.' });
  await saveWork(database, writer, id, fields(over), { post: true });
  return id;
}

const creators = async (database: Database, id: number) =>
  (await getWorkPage(database, id))!.creators.map((c) => c.pseud);
const byCreator = async (database: Database, name: string) =>
  (await searchWorks(database, parseQuery(`creator:${name}`).query)).works.map((w) => w.id);
const refusedAs = (kind: string) => (e: unknown) => e instanceof AppError && e.kind === kind;

describeEachDialect('co-creator invitations', (ctx) => {
  test('another user’s pseud is invited, and credited nowhere until they accept', async () => {
    const wren = await makeUser(ctx.database, 'wren');
    const ada = await makeUser(ctx.database, 'ada');
    const bob = await makeUser(ctx.database, 'bob');
    const id = await posted(ctx.database, wren, { coCreators: ['ada'] });

    assert.deepEqual(await creators(ctx.database, id), ['wren']);
    assert.equal(await workAccess(ctx.database, id, ada), 'read', 'an invitation gives no control');
    assert.deepEqual(await byCreator(ctx.database, 'ada'), []);
    assert.equal((await creatorPage(ctx.database, null, 'ada')).works.works.length, 0);
    assert.deepEqual(
      (await pendingForWork(ctx.database, wren, id)).map((i) => i.pseud),
      ['ada'],
    );
    assert.deepEqual(await pendingForWork(ctx.database, bob, id), [], 'only its creators see the pending list');

    const mine = await myInvitations(ctx.database, ada);
    assert.deepEqual(
      mine.map((i) => [i.workId, i.title, i.pseud, i.invitedBy]),
      [[id, 'The Lamp', 'ada', 'wren']],
    );
    assert.equal(await countMyInvitations(ctx.database, ada), 1);
    assert.deepEqual(await myInvitations(ctx.database, bob), []);

    await assert.rejects(answerInvitation(ctx.database, bob, mine[0]!.id, 'accept'), refusedAs('forbidden'));
    await assert.rejects(answerInvitation(ctx.database, wren, mine[0]!.id, 'accept'), refusedAs('forbidden'));
    assert.deepEqual(await creators(ctx.database, id), ['wren']);

    // Saving the work again does not invite twice.
    await saveWork(ctx.database, wren, id, fields({ coCreators: ['ada'] }), { post: false });
    assert.equal(await countMyInvitations(ctx.database, ada), 1);

    await answerInvitation(ctx.database, ada, mine[0]!.id, 'accept');
    assert.deepEqual(await creators(ctx.database, id), ['wren', 'ada']);
    assert.equal(await workAccess(ctx.database, id, ada), 'edit');
    assert.deepEqual(await byCreator(ctx.database, 'ada'), [id]);
    assert.deepEqual(
      (await creatorPage(ctx.database, null, 'ada')).works.works.map((w) => w.id),
      [id],
    );
    assert.deepEqual(await myInvitations(ctx.database, ada), []);
    assert.deepEqual(await pendingForWork(ctx.database, wren, id), []);
    await assert.rejects(answerInvitation(ctx.database, ada, mine[0]!.id, 'accept'), refusedAs('not_found'));
  });

  test('a user who blocked the writer cannot be invited; a draft’s invitation is answered unseen', async () => {
    const wren = await makeUser(ctx.database, 'wren');
    const ada = await makeUser(ctx.database, 'ada');
    await relate(ctx.database, ada, wren, 'block');
    await assert.rejects(posted(ctx.database, wren, { coCreators: ['ada'] }), /cannot invite 'ada'/);
    const quill = await makeUser(ctx.database, 'quill');
    const draft = await createDraft(ctx.database, wren, { text: 'The lamp was dark.' });
    await saveWork(ctx.database, wren, draft, fields({ coCreators: ['quill'] }), { post: false });
    assert.deepEqual(
      (await myInvitations(ctx.database, quill)).map((i) => [i.workId, i.draft]),
      [[draft, true]],
    );
  });

  test('declining removes the request and credits nothing', async () => {
    const wren = await makeUser(ctx.database, 'wren');
    const ada = await makeUser(ctx.database, 'ada');
    const id = await posted(ctx.database, wren, { coCreators: ['ada'] });
    const [invitation] = await myInvitations(ctx.database, ada);
    await answerInvitation(ctx.database, ada, invitation!.id, 'decline');
    assert.deepEqual(await myInvitations(ctx.database, ada), []);
    assert.deepEqual(await pendingForWork(ctx.database, wren, id), []);
    assert.deepEqual(await creators(ctx.database, id), ['wren']);
    assert.deepEqual(await byCreator(ctx.database, 'ada'), []);
  });

  test('a writer’s own pseuds are credited without an invitation', async () => {
    const wren = await makeUser(ctx.database, 'wren');
    await addPseud(ctx.database, wren, 'Gullwing');
    const id = await posted(ctx.database, wren, { coCreators: ['Gullwing'] });
    assert.deepEqual(await creators(ctx.database, id), ['wren', 'Gullwing']);
    assert.deepEqual(await pendingForWork(ctx.database, wren, id), []);
    assert.deepEqual(await myInvitations(ctx.database, wren), []);
  });

  test('a creator leaves a work only while another creator remains', async () => {
    const wren = await makeUser(ctx.database, 'wren');
    const ada = await makeUser(ctx.database, 'ada');
    const bob = await makeUser(ctx.database, 'bob');
    const id = await posted(ctx.database, wren, { coCreators: ['ada'] });
    await assert.rejects(leaveWork(ctx.database, wren, id), refusedAs('conflict'), 'the only creator cannot leave');
    await assert.rejects(leaveWork(ctx.database, ada, id), refusedAs('forbidden'), 'an invitee is no creator yet');
    const [invitation] = await myInvitations(ctx.database, ada);
    await answerInvitation(ctx.database, ada, invitation!.id, 'accept');
    await assert.rejects(leaveWork(ctx.database, bob, id), refusedAs('forbidden'));

    await leaveWork(ctx.database, wren, id);
    assert.deepEqual(await creators(ctx.database, id), ['ada']);
    assert.equal(await workAccess(ctx.database, id, wren), 'read');
    assert.deepEqual(await byCreator(ctx.database, 'wren'), []);
    await assert.rejects(leaveWork(ctx.database, ada, id), refusedAs('conflict'));
  });
});

describeEachDialect('orphan_account', (ctx) => {
  test('a real system user that no one can sign in as or sign up as', async () => {
    const row = await ctx.database.db
      .selectFrom('users')
      .select(['role', 'password_hash'])
      .where('username', '=', 'orphan_account')
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { role: 'system', password_hash: null });
    await assert.rejects(signIn(ctx.database, 'orphan_account', '', '127.0.0.1'), /do not match/);
    await assert.rejects(
      signUp(ctx.database, { username: 'Orphan_Account', email: '', password: 'a-long-enough-password' }),
      /reserved/,
    );
  });

  test('orphaning keeps or drops the pseud name, and the writer lets go of the work', async () => {
    const wren = await makeUser(ctx.database, 'wren');
    const ada = await makeUser(ctx.database, 'ada');
    const kept = await posted(ctx.database, wren, { coCreators: ['ada'] });
    const dropped = await posted(ctx.database, wren);

    await orphanWork(ctx.database, wren, kept, { keepPseud: true });
    await orphanWork(ctx.database, wren, dropped, { keepPseud: false });
    const credit = async (id: number) =>
      (await getWorkPage(ctx.database, id))!.creators.map((c) => [c.pseud, c.username, c.orphaned]);
    assert.deepEqual(await credit(kept), [['wren', 'orphan_account', true]]);
    assert.deepEqual(await credit(dropped), [['orphan_account', 'orphan_account', true]]);
    for (const id of [kept, dropped]) {
      assert.equal(await workAccess(ctx.database, id, wren), 'read', 'still readable, no longer editable');
      assert.equal(await workAccess(ctx.database, id, null), 'read');
    }
    assert.deepEqual(await myInvitations(ctx.database, ada), [], 'no one joins a work its writer let go of');
    // A kept pseud is still a name to search by; the writer's page no longer lists either work.
    assert.deepEqual(await byCreator(ctx.database, 'wren'), [kept]);
    assert.equal((await creatorPage(ctx.database, null, 'wren')).works.works.length, 0);
    await assert.rejects(
      saveWork(ctx.database, wren, kept, fields({ title: 'Mine again' }), { post: false }),
      /only the work’s creators/,
    );
  });
});
