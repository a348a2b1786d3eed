import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { describeEachDialect } from '../testing/databases.ts';
import { makeUser } from '../testing/users.ts';
import { makeWork } from '../testing/works.ts';
import { getVisibility } from '../works/works.repo.ts';
import { meme, PROMPT } from '../prompt-memes/test-memes.ts';
import * as memes from '../prompt-memes/prompt-memes.service.ts';
import * as collections from './collections.service.ts';
import { deleteCollection } from './collection-deletion.service.ts';

const refusal = (kind: string) => (e: unknown) => (e as { kind?: string }).kind === kind;

describeEachDialect('deleting a collection', (ctx) => {
  async function anonymousMeme() {
    const owner = await makeUser(ctx.database, 'owner');
    const mod = await makeUser(ctx.database, 'mod');
    const writer = await makeUser(ctx.database, 'writer');
    await meme(ctx.database, owner, { anonymous: true });
    await collections.setParticipant(ctx.database, owner, 'kinkmeme', 'mod', 'moderator');
    await collections.createCollection(ctx.database, owner, {
      ...{ name: 'child', title: 'Child', description: '', parent: 'kinkmeme' },
      ...{ open: true, moderated: false, unrevealed: false, anonymous: false, revealAt: '' },
    });
    const id = await memes.postPrompt(ctx.database, writer, 'kinkmeme', PROMPT);
    await memes.claim(ctx.database, writer, id);
    const { workId } = await makeWork(ctx.database, { creator: writer });
    await memes.fill(ctx.database, writer, id, workId);
    assert.equal((await getVisibility(ctx.database.db, workId))?.anonymous, true);
    return { owner, mod, workId };
  }

  const count = async (table: 'collection_items' | 'collection_participants' | 'prompts' | 'prompt_claims') =>
    Number(
      (
        await ctx.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  test('takes its items, people and prompts; its works stay and are shown again; subcollections stand alone', async () => {
    const { owner, mod, workId } = await anonymousMeme();
    await assert.rejects(deleteCollection(ctx.database, mod, 'kinkmeme', 'kinkmeme'), refusal('forbidden'));
    await assert.rejects(deleteCollection(ctx.database, owner, 'kinkmeme', 'wrong'), refusal('invalid'));
    await deleteCollection(ctx.database, owner, 'kinkmeme', 'KinkMeme');
    assert.equal((await getVisibility(ctx.database.db, workId))?.anonymous, false);
    assert.deepEqual(
      [await count('collection_items'), await count('prompts'), await count('prompt_claims')],
      [0, 0, 0],
    );
    assert.equal(await count('collection_participants'), 1, 'the subcollection keeps its owner');
    const child = await collections.collectionView(ctx.database, 'child', null);
    assert.equal(child.parent, undefined, 'the subcollection stands alone');
    await assert.rejects(collections.collectionView(ctx.database, 'kinkmeme', null), refusal('not_found'));
  });

  test('a failure part way leaves everything as it was', async () => {
    const { owner, workId } = await anonymousMeme();
    // Showing the works again is the last step: make the database refuse it.
    if (ctx.database.dialect === 'sqlite')
      await sql`CREATE TRIGGER refuse_unmask BEFORE UPDATE OF anonymous ON works
        BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`.execute(ctx.database.db);
    else {
      await sql`CREATE FUNCTION refuse_unmask() RETURNS trigger LANGUAGE plpgsql
        AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$`.execute(ctx.database.db);
      await sql`CREATE TRIGGER refuse_unmask BEFORE UPDATE OF anonymous ON works
        FOR EACH ROW EXECUTE FUNCTION refuse_unmask()`.execute(ctx.database.db);
    }
    await assert.rejects(deleteCollection(ctx.database, owner, 'kinkmeme', 'kinkmeme'), /refused by the test/);
    assert.ok(await collections.collectionView(ctx.database, 'kinkmeme', null));
    assert.deepEqual(
      [await count('collection_items'), await count('prompts'), await count('prompt_claims')],
      [1, 1, 1],
    );
    assert.equal((await getVisibility(ctx.database.db, workId))?.anonymous, true);
    assert.equal((await collections.collectionView(ctx.database, 'child', null)).parent?.name, 'kinkmeme');
  });
});
