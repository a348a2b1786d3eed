import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import { exchangeAt, form, runJobs, SETTINGS } from '../testing/gift-exchanges.ts';
import { makeUser } from '../testing/users.ts';
import { sendAssignments, startMatching } from './assignments.service.ts';
import { removeSignup, saveExchange } from './exchanges.service.ts';

describeEachDialect('taking a participant off a gift exchange', (ctx) => {
  test('moderators remove a sign-up until the assignments go out; a matching made with it is dropped', async () => {
    const { db } = ctx.database;
    const owner = await makeUser(ctx.database, 'offmod');
    const fans = [];
    for (const n of ['vea', 'wyn', 'xan', 'yel']) fans.push(await makeUser(ctx.database, n));
    await exchangeAt(ctx.database, owner, 'tide_swap', fans, 'open');
    const signups = await db.selectFrom('exchange_signups').select(['id', 'user_id']).orderBy('id').execute();
    await assert.rejects(removeSignup(ctx.database, fans[1]!, 'tide_swap', signups[0]!.id), /moderators/);

    await saveExchange(ctx.database, owner, 'tide_swap', form({ ...SETTINGS, signups_open: '' }));
    await startMatching(ctx.database, owner, 'tide_swap');
    await runJobs(ctx.database);
    assert.ok((await db.selectFrom('exchange_assignments').select('id').execute()).length > 0);
    await removeSignup(ctx.database, owner, 'tide_swap', signups[0]!.id);
    assert.deepEqual(
      (await db.selectFrom('exchange_signups').select('user_id').orderBy('id').execute()).map((s) => s.user_id),
      signups.slice(1).map((s) => s.user_id),
    );
    assert.equal((await db.selectFrom('exchange_assignments').select('id').execute()).length, 0, 'matching dropped');
    const x = await db.selectFrom('exchanges').select('matching').executeTakeFirstOrThrow();
    assert.equal(x.matching, 'none');
    await assert.rejects(removeSignup(ctx.database, owner, 'tide_swap', signups[0]!.id), /not in this exchange/);

    await startMatching(ctx.database, owner, 'tide_swap');
    await runJobs(ctx.database);
    await sendAssignments(ctx.database, owner, 'tide_swap');
    await assert.rejects(removeSignup(ctx.database, owner, 'tide_swap', signups[1]!.id), /assignments were sent/);
  });
});
