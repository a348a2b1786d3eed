import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import type { Database } from './database.ts';
import { TEXT_IN_ROW } from './migrations/text-in-row.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { parsedWork } from '../testing/works.ts';
import { importWork } from '../works/works.service.ts';
import { searchWorks } from '../search/search.service.ts';
import { ok } from '../search/test-query.ts';

/** A work whose text document is a few kilobytes (more than fits a row out of the box, less than a page). */
async function longWork(database: Database, n: number): Promise<number> {
  const words = Array.from({ length: 300 }, (_, i) => `w${n}x${i.toString(36)}`).join(' ');
  const { workId } = await importWork(
    database,
    parsedWork({
      title: `Lighthouse keeper ${n}`,
      chapters: [{ title: null, html: `<p>the lighthouse keeper ${words}</p>`, notes: [] }],
    }),
    { path: `/long/${n}`, hash: `long${n}` },
  );
  return workId;
}

/** PostgreSQL: bytes of documents kept out of line, in the TOAST table. */
async function toastBytes(database: Database): Promise<number> {
  const r = await sql<{ n: string }>`
    SELECT pg_relation_size(reltoastrelid) AS n FROM pg_class WHERE relname = 'work_text'`.execute(database.db);
  return Number(r.rows[0]!.n);
}

describeEachDialect('text documents in their rows', (ctx) => {
  test('a long document is found by a phrase and ranked; on PostgreSQL it is kept in its row', async () => {
    const id = await longWork(ctx.database, 1);
    const found = await searchWorks(ctx.database, ok('"lighthouse keeper"'), { facets: false });
    assert.deepEqual(
      found.works.map((w) => w.id),
      [id],
    );
    if (ctx.dialect !== 'postgres') return;
    const size = await sql<{
      n: number;
    }>`SELECT pg_column_size(document) AS n FROM work_text WHERE work_id = ${id}`.execute(ctx.database.db);
    assert.ok(size.rows[0]!.n > 2_100, `the document is ${size.rows[0]!.n} bytes`);
    assert.equal(await toastBytes(ctx.database), 0);
  });

  test('PostgreSQL: migration 29 moves documents stored out of line into their rows', async () => {
    if (ctx.dialect !== 'postgres') return;
    const db = ctx.database.db;
    // As the table was before it: documents over about 2 kB go to the TOAST table.
    await sql`ALTER TABLE work_text ALTER COLUMN document SET STORAGE EXTENDED, RESET (toast_tuple_target)`.execute(db);
    const ids = [await longWork(ctx.database, 2), await longWork(ctx.database, 3)];
    assert.ok((await toastBytes(ctx.database)) > 0, 'stored out of line first');
    for (const statement of TEXT_IN_ROW.flatMap((m) => m.postgres ?? [])) await sql.raw(statement).execute(db);
    assert.equal(await toastBytes(ctx.database), 0);
    const found = await searchWorks(ctx.database, ok('"lighthouse keeper" sort:title'), { facets: false });
    assert.deepEqual(
      found.works.map((w) => w.id),
      ids,
    );
  });
});
