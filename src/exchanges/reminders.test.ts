import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import { exchangeAt, runJobs } from '../testing/gift-exchanges.ts';
import { makeUser } from '../testing/users.ts';
import { REMIND_BEFORE_MS, remindDue } from './assignments.service.ts';

const DAY = 24 * 60 * 60 * 1000;

describeEachDialect('gift-exchange reminders', (ctx) => {
  test('writers with open assignments are reminded once as the due date nears; done or defaulted ones are not', async () => {
    const { db } = ctx.database;
    const owner = await makeUser(ctx.database, 'remindmod');
    const writers = [];
    for (const n of ['ria', 'sol', 'tam', 'uli'])
      writers.push(await makeUser(ctx.database, n, { email: `${n}@example.org` }));
    await exchangeAt(ctx.database, owner, 'bell_swap', writers, 'sent');
    await runJobs(ctx.database); // the assignments' own mail, out of the way
    const sent = await db
      .selectFrom('exchange_assignments')
      .selectAll()
      .where('giver_id', 'is not', null)
      .orderBy('id')
      .execute();
    assert.equal(sent.length, 4, 'a ring of four: everyone writes');

    const now = new Date('2030-01-10T12:00:00Z');
    const due = new Date(now.getTime() + REMIND_BEFORE_MS + DAY).toISOString();
    await db.updateTable('exchanges').set({ assignments_due_at: due }).execute();
    assert.equal(await remindDue(ctx.database, now), 0, 'too early');

    // One writer has posted, one has defaulted: neither is reminded.
    await db
      .updateTable('exchange_assignments')
      .set({ fulfilled_at: now.toISOString() })
      .where('id', '=', sent[0]!.id)
      .execute();
    await db
      .updateTable('exchange_assignments')
      .set({ defaulted_at: now.toISOString() })
      .where('id', '=', sent[1]!.id)
      .execute();
    const later = new Date(now.getTime() + 2 * DAY);
    assert.equal(await remindDue(ctx.database, later), 2);
    assert.equal(await remindDue(ctx.database, later), 0, 'once');

    const mail = await runJobs(ctx.database);
    const reminders = mail.filter((m) => m.subject.startsWith('Reminder: '));
    const owed = await db
      .selectFrom('exchange_assignments')
      .innerJoin('users', 'users.id', 'exchange_assignments.giver_id')
      .select('users.email')
      .where('exchange_assignments.id', 'in', [sent[2]!.id, sent[3]!.id])
      .execute();
    assert.deepEqual(reminders.map((m) => m.to).sort(), owed.map((r) => r.email).sort());
    assert.match(reminders[0]!.text, /is not posted yet/);

    // Past the due date, no reminder is sent at all.
    await db.updateTable('exchange_assignments').set({ reminded_at: null }).execute();
    assert.equal(await remindDue(ctx.database, new Date(new Date(due).getTime() + DAY)), 0);
  });
});
