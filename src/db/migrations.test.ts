import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { LATEST_SCHEMA_VERSION, migrate, schemaVersion, SchemaTooNewError } from './migrations.ts';
import { CONSENT } from './migrations/consent.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { parseDatabaseUrl, DatabaseUrlError } from './database.ts';
import { creatorsForWorks, ensureSystemPseud } from '../accounts/accounts.repo.ts';
import { makeWork } from '../testing/works.ts';

describeEachDialect('migrations', (ctx) => {
  test('a fresh database is at the latest version and migrating again does nothing', async () => {
    assert.equal(await schemaVersion(ctx.database.db), LATEST_SCHEMA_VERSION);
    assert.deepEqual(await migrate(ctx.database), []);
  });

  test('refuses a database whose schema is newer than the code', async () => {
    await ctx.database.db
      .insertInto('schema_migrations')
      .values({ version: LATEST_SCHEMA_VERSION + 1, name: 'from the future', applied_at: new Date().toISOString() })
      .execute();
    await assert.rejects(
      migrate(ctx.database),
      (e: unknown) => e instanceof SchemaTooNewError && /upgrade Quire/.test(e.message),
    );
  });

  test('the orphan_account migration moves works orphaned to the importer’s pseud onto it', async () => {
    const db = ctx.database.db;
    const { workId } = await makeWork(ctx.database);
    const oldPseud = await ensureSystemPseud(db, 'orphan_account');
    await db.updateTable('work_creators').set({ pseud_id: oldPseud }).where('work_id', '=', workId).execute();
    // As a database this change has not reached yet: the migration's own statements again (run
    // directly, since later migrations stand between it and a re-run of migrate()).
    const orphaning = CONSENT.find((m) => m.name.startsWith('accounts: orphan_account'))!;
    for (const statement of orphaning[ctx.dialect] ?? []) await sql.raw(statement).execute(db);
    const [credit] = await creatorsForWorks(db, [workId]);
    assert.deepEqual([credit?.pseud, credit?.username, credit?.system], ['orphan_account', 'orphan_account', true]);
    const users = await db.selectFrom('users').select('id').where('username', '=', 'orphan_account').execute();
    assert.equal(users.length, 1, 'run again, the account is not made twice');
    assert.equal(
      await db.selectFrom('pseuds').select('id').where('id', '=', oldPseud).executeTakeFirst(),
      undefined,
      'the importer’s orphan pseud is gone',
    );
  });

  test('foreign keys hold: a tagging cannot point at a missing work', async () => {
    const now = new Date().toISOString();
    const tag = await ctx.database.db
      .insertInto('tags')
      .values({ name: 'Fluff', name_key: 'fluff', type: 'freeform', canonical: 1, synonym_of: null, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await assert.rejects(
      sql`INSERT INTO taggings (work_id, tag_id, origin, status, created_at) VALUES (999999, ${tag.id}, 'author', 'applied', ${now})`.execute(
        ctx.database.db,
      ),
    );
  });
});

test('database URLs: sqlite and postgres accepted, anything else named in the error', () => {
  assert.deepEqual(parseDatabaseUrl('sqlite:data/x.db'), { dialect: 'sqlite', path: 'data/x.db' });
  assert.deepEqual(parseDatabaseUrl('sqlite:///tmp/x.db'), { dialect: 'sqlite', path: '/tmp/x.db' });
  assert.equal(parseDatabaseUrl('postgresql://u@h/db').dialect, 'postgres');
  assert.throws(
    () => parseDatabaseUrl('mysql://root:secret@h/db'),
    (e: unknown) => e instanceof DatabaseUrlError && /mysql:\/\/root:\*\*\*@h\/db/.test(e.message),
  );
  assert.throws(() => parseDatabaseUrl('sqlite:'), DatabaseUrlError);
});
