import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { AppError } from '../app-error.ts';
import { PREFERENCES } from '../db/migrations/preferences.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { makeUser } from '../testing/users.ts';
import { sessionWithPreferences, startSession } from './accounts.service.ts';
import { DEFAULT_PREFERENCES, TIME_ZONES } from './preferences.ts';
import { ownPreferencesOf, preferencesFor, updatePreferences } from './preferences.service.ts';

describeEachDialect('preferences', (ctx) => {
  test('a new account starts with the defaults: the notice, warnings shown, UTC, chapter by chapter', async () => {
    const ada = await makeUser(ctx.database, 'ada');
    assert.deepEqual(await preferencesFor(ctx.database, ada), DEFAULT_PREFERENCES);
    const row = await ctx.database.db
      .selectFrom('preferences')
      .selectAll()
      .where('user_id', '=', ada.id)
      .executeTakeFirst();
    assert.ok(row, 'sign-up writes the row');
  });

  test('changes are merged, stored, and read back with the session', async () => {
    const ada = await makeUser(ctx.database, 'ada');
    const saved = await updatePreferences(ctx.database, ada, { hideWarnings: true, timeZone: 'Asia/Tokyo' });
    assert.deepEqual(saved, { ...DEFAULT_PREFERENCES, hideWarnings: true, timeZone: 'Asia/Tokyo' });
    await updatePreferences(ctx.database, ada, { viewAdult: true });
    const session = await sessionWithPreferences(ctx.database, await startSession(ctx.database, ada.id));
    assert.equal(session?.user.id, ada.id);
    assert.deepEqual(session?.preferences, {
      ...DEFAULT_PREFERENCES,
      viewAdult: true,
      hideWarnings: true,
      timeZone: 'Asia/Tokyo',
    });
  });

  test('an unknown time zone is refused as invalid, naming the field, and nothing changes', async () => {
    const ada = await makeUser(ctx.database, 'ada');
    for (const zone of ['Mars/Olympus_Mons', '', 'asia/tokyo', '+09:00']) {
      await assert.rejects(
        updatePreferences(ctx.database, ada, { hideFreeforms: true, timeZone: zone }),
        (e: unknown) => e instanceof AppError && e.kind === 'invalid' && /timeZone/.test(e.message),
        zone,
      );
    }
    assert.deepEqual(await preferencesFor(ctx.database, ada), DEFAULT_PREFERENCES);
    assert.ok(TIME_ZONES.includes('UTC') && TIME_ZONES.includes('America/Sao_Paulo'));
  });

  test('only the account itself may use its preferences, whatever the case of the name', async () => {
    const ada = await makeUser(ctx.database, 'ada');
    assert.equal(ownPreferencesOf(ada, 'ADA'), ada);
    assert.throws(
      () => ownPreferencesOf(ada, 'grace'),
      (e: unknown) => e instanceof AppError && e.kind === 'forbidden',
    );
  });

  test('an account without a row reads the defaults, and saving writes one', async () => {
    const ada = await makeUser(ctx.database, 'ada');
    await ctx.database.db.deleteFrom('preferences').where('user_id', '=', ada.id).execute();
    const session = await sessionWithPreferences(ctx.database, await startSession(ctx.database, ada.id));
    assert.deepEqual(session?.preferences, DEFAULT_PREFERENCES);
    await updatePreferences(ctx.database, ada, { viewFullWork: true });
    assert.equal((await preferencesFor(ctx.database, ada)).viewFullWork, true);
  });

  test('the preferences migration gives accounts made before it the defaults', async () => {
    const ada = await makeUser(ctx.database, 'ada');
    // As before the migration, with ada already there; then the migration's own statements again
    // (run directly: later migrations stand between it and a re-run of migrate()).
    await sql`DROP TABLE preferences`.execute(ctx.database.db);
    for (const statement of PREFERENCES[0]!.statements) await sql.raw(statement).execute(ctx.database.db);
    assert.deepEqual(await preferencesFor(ctx.database, ada), DEFAULT_PREFERENCES);
    const rows = await ctx.database.db.selectFrom('preferences').select('user_id').execute();
    assert.ok(rows.some((r) => r.user_id === ada.id));
  });
});
