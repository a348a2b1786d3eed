// PostgreSQL's corpus rows go in with COPY (corpus-copy.repo.ts), SQLite's with INSERTs: the same
// corpus must come out of both, row for row, and COPY's text format must carry any text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { loadCanon } from '../analysis/canon.ts';
import type { Database } from '../db/database.ts';
import { freshDatabase } from '../testing/databases.ts';
import { readSetting } from '../config.ts';
import { copyText } from './corpus-copy.repo.ts';
import { CorpusGenerator } from './corpus.ts';
import { loadCorpus } from './corpus.repo.ts';

test("COPY's text format escapes what would end a field or a row, and writes null as \\N", () => {
  const rows = [
    [1, 'tab\there', 'new\nline', null],
    [2, 'back\\slash \\N', 'return\r', 'ünïcødé 中文 "quoted" \'single\''],
  ];
  assert.equal(
    [...copyText(rows)].join(''),
    '1\ttab\\there\tnew\\nline\t\\N\n2\tback\\\\slash \\\\N\treturn\\r\tünïcødé 中文 "quoted" \'single\'\n',
  );
});

/** Every loaded table's rows in key order, as plain values; the text index as what it finds. */
async function contents(database: Database): Promise<Record<string, unknown[]>> {
  const dump = async (table: string, order: string) =>
    (await sql.raw<Record<string, unknown>>(`SELECT * FROM ${table} ORDER BY ${order}`).execute(database.db)).rows.map(
      (r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])),
    );
  const out: Record<string, unknown[]> = {};
  for (const [table, order] of [
    // Not the archive's own account, which the migrations make when they run.
    ["users WHERE role <> 'system'", 'id'],
    ["pseuds WHERE user_id IN (SELECT id FROM users WHERE role <> 'system')", 'id'],
    ['tags', 'id'],
    ['tag_parents', 'parent_id, child_id'],
    ['works', 'id'],
    ['chapters', 'id'],
    ['work_creators', 'work_id, position'],
    ['taggings', 'work_id, tag_id'],
    ['work_filters', 'work_id, tag_id'],
  ] as const)
    out[table.split(' ')[0]!] = await dump(table, order);
  return out;
}

test('a corpus copied into PostgreSQL holds what the same corpus inserted into SQLite holds', {
  skip: readSetting('testPgUrl') || readSetting('ci') ? false : 'no QUIRE_TEST_PG_URL (npm test sets it)',
}, async () => {
  const generator = new CorpusGenerator(loadCanon(), { works: 400, seed: 'copy', bodyWords: 60 });
  const lite = await freshDatabase('sqlite');
  const pg = await freshDatabase('postgres');
  try {
    const version = async () =>
      Number((await sql<{ v: number }>`SELECT version AS v FROM content_version`.execute(pg.database.db)).rows[0]!.v);
    const before = await version();
    // Two chunks' worth in two loads, the second appended, so ids continue across COPYs.
    for (const database of [lite.database, pg.database]) {
      await loadCorpus(database, generator, { from: 0, count: 250 }, { worker: false });
      await loadCorpus(database, generator, { from: 250, count: 150 }, { worker: false });
    }
    // The version triggers paused for the load are back, and the archive's version moved.
    const paused = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM pg_trigger WHERE tgenabled = 'D'`.execute(
      pg.database.db,
    );
    assert.equal(Number(paused.rows[0]!.n), 0);
    assert.ok((await version()) > before);
    const [a, b] = [await contents(lite.database), await contents(pg.database)];
    for (const table of Object.keys(a)) {
      assert.ok(a[table]!.length > 0, `${table} has rows`);
      assert.deepEqual(b[table], a[table], table);
    }
    // The text index: PostgreSQL's documents for every work, each finding its work by its title.
    const docs = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM work_text`.execute(pg.database.db);
    assert.equal(Number(docs.rows[0]!.n), 400);
    const title = generator.work(321).title;
    const found = await sql<{ id: number }>`
        SELECT work_id AS id FROM work_text WHERE document @@ plainto_tsquery('simple', ${title})`.execute(
      pg.database.db,
    );
    assert.ok(found.rows.some((r) => Number(r.id) === 322));
  } finally {
    await lite.dispose();
    await pg.dispose();
  }
});
