import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { describeEachDialect } from '../testing/databases.ts';
import { makeUser } from '../testing/users.ts';
import { makeWork } from '../testing/works.ts';
import type { Database } from './database.ts';

const version = async (db: Database['db'], workId: number) =>
  Number(
    (await db.selectFrom('work_versions').select('version').where('work_id', '=', workId).executeTakeFirst())
      ?.version ?? 0,
  );

describeEachDialect("a work's own content version", (ctx) => {
  test('moves with each change to the work, once per PostgreSQL transaction, and leaves no session settings behind', async () => {
    const { db } = ctx.database;
    const writer = await makeUser(ctx.database, 'versioner');
    const ids: number[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await makeWork(ctx.database, { title: `Lamp ${i}`, creator: writer })).workId);
    const before = await Promise.all(ids.map((id) => version(db, id)));

    await db.connection().execute(async (conn) => {
      for (const id of ids) {
        await sql`BEGIN`.execute(conn);
        // Two changes to one work's page in one transaction.
        await conn.updateTable('chapters').set({ title: 'Again' }).where('work_id', '=', id).execute();
        await conn.updateTable('chapters').set({ title: 'Once more' }).where('work_id', '=', id).execute();
        await sql`COMMIT`.execute(conn);
      }
      if (ctx.dialect === 'postgres')
        for (const id of ids) {
          // A setting once defined in a session stays defined (empty) after its transaction: null
          // means the trigger never made one.
          const r = await sql<{
            v: string | null;
          }>`SELECT current_setting(${`quire.work_moved_${id}`}, true) AS v`.execute(conn);
          assert.equal(r.rows[0]!.v, null, `no setting for work ${id} left on the connection`);
        }
    });
    const after = await Promise.all(ids.map((id) => version(db, id)));
    for (const [i, id] of ids.entries()) {
      const moved = after[i]! - before[i]!;
      // SQLite moves it per statement; PostgreSQL once per transaction, at its commit.
      if (ctx.dialect === 'postgres') assert.equal(moved, 1, `work ${id}`);
      else assert.ok(moved >= 1, `work ${id}`);
    }
  });
});
