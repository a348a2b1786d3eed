// A listing's blurbs come from one statement (blurbs.repo.ts); a work page's from the request's
// memo and the tag rows. Both must say the same about every work, masked alike.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ensureOrphanPseud, ensureSystemPseud } from '../accounts/accounts.repo.ts';
import { openDatabase } from '../db/database.ts';
import { findOrCreateTag, upsertTagging } from '../tags/tags.repo.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { makeUser } from '../testing/users.ts';
import { makeWork } from '../testing/works.ts';
import { workFacts } from './work-facts.ts';
import { setCreators } from './works.repo.ts';
import { getWorkBlurbs, getWorkPage, type WorkBlurb } from './works.service.ts';

describeEachDialect('blurbs', (ctx) => {
  test('a listing reads its blurbs in one statement, the same as a work page reads them', async () => {
    const db = ctx.database.db;
    const gull = await makeUser(ctx.database, 'gull');
    const odd = await db
      .insertInto('pseuds')
      .values({
        user_id: gull.id,
        name: 'Gull <b>&amp; "Tern"</b> ☂',
        is_default: 0,
        created_at: '2030-01-01T00:00:00Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const kept = await ensureOrphanPseud(db, 'Kept name');
    const importer = await ensureSystemPseud(db);
    const made = [];
    for (let i = 0; i < 4; i++) {
      made.push(
        (
          await makeWork(ctx.database, {
            title: `Lamp ${i}`,
            summary: i === 0 ? 'A <lamp> & "wick"' : null,
            tags: [
              ['freeform', `Wick ${i}`],
              ['character', 'The Keeper'],
              ['fandom', 'Lighthouses'],
              ['relationship', 'The Keeper/The Gull'],
            ],
          })
        ).workId,
      );
    }
    const [plain, anonymous, unrevealed, bare] = made as [number, number, number, number];
    await setCreators(db, plain, [odd.id, kept, importer]);
    await setCreators(db, anonymous, [odd.id]);
    await setCreators(db, unrevealed, [kept]);
    await setCreators(db, bare, []);
    await db.updateTable('works').set({ anonymous: 1 }).where('id', '=', anonymous).execute();
    await db.updateTable('works').set({ unrevealed: 1 }).where('id', '=', unrevealed).execute();
    await db.deleteFrom('taggings').where('work_id', '=', bare).execute();
    const evidence = [{ quote: 'the "lamp" <lit>', start: 3, end: 9 }];
    for (const [name, status, confidence] of [
      ['Slow Burn', 'suggested', 0.6],
      ['Found Family', 'suggested', 0.9],
      ['Angst', 'rejected', 0.7],
    ] as const) {
      const tag = await findOrCreateTag(db, 'freeform', name);
      await upsertTagging(db, { workId: plain, tagId: tag.id, origin: 'analysis', status, confidence, evidence });
    }
    await upsertTagging(db, {
      workId: plain,
      tagId: (await findOrCreateTag(db, 'freeform', 'Unreviewed')).id,
      origin: 'analysis',
      status: 'applied',
      confidence: 0.95,
      evidence,
      reviewed: false,
    });

    const sent: string[] = [];
    const counted = await openDatabase(ctx.url, { onQuery: (s) => sent.push(s) });
    try {
      const ids = [bare, unrevealed, 999_999, anonymous, plain];
      const listed = await getWorkBlurbs(counted, ids);
      assert.equal(sent.length, 1, 'one statement for the page of works');
      assert.deepEqual(
        listed.map((b) => b.id),
        [bare, unrevealed, anonymous, plain],
        'in the order asked, a missing work left out',
      );
      // Each blurb as the work page (the memo and the tag rows) reads it, masked alike.
      for (const blurb of listed) {
        const page = await getWorkPage(counted, blurb.id, { facts: workFacts(counted, blurb.id) });
        assert.ok(page);
        const asBlurb = Object.fromEntries(Object.keys(blurb).map((k) => [k, page[k as keyof WorkBlurb]]));
        // A listing leaves out the evidence the page shows beside analysis-applied tags.
        asBlurb.tags = page.tags.map((t) => ({ ...t, evidence: [] }));
        assert.deepEqual(blurb, asBlurb, `work ${blurb.id}`);
        assert.ok(!('suggestions' in blurb), 'a listing carries no suggestions');
      }
    } finally {
      await counted.close();
    }
    const byId = new Map((await getWorkBlurbs(ctx.database, made)).map((b) => [b.id, b]));
    const shown = byId.get(plain)!;
    assert.deepEqual(shown.creators, [
      { pseud: 'Gull <b>&amp; "Tern"</b> ☂', username: 'gull', system: false, orphaned: false },
      { pseud: 'Kept name', username: 'orphan_account', system: true, orphaned: true },
      { pseud: 'importer', username: 'importer', system: true, orphaned: false },
    ]);
    assert.equal(shown.summary, 'A <lamp> & "wick"', 'stored text comes back as it was; pages escape it');
    assert.deepEqual(
      shown.tags.map((t) => [t.type, t.name]),
      [
        ['fandom', 'Lighthouses'],
        ['relationship', 'The Keeper/The Gull'],
        ['character', 'The Keeper'],
        ['freeform', 'Wick 0'],
        ['freeform', 'Unreviewed'],
      ],
      "AO3's order of types",
    );
    assert.ok(shown.tags.some((t) => t.name === 'Unreviewed' && !t.reviewed && t.confidence === 0.95));
    assert.ok(shown.tags.some((t) => t.name === 'Lighthouses' && t.reviewed));
    assert.ok(
      shown.tags.every((t) => t.evidence.length === 0),
      'a listing reads no evidence',
    );
    // Without the request's memo, the page reads the statement's page detail.
    const page = (await getWorkPage(ctx.database, plain))!;
    assert.deepEqual(
      page.tags.find((t) => t.name === 'Unreviewed')?.evidence,
      evidence,
      "the page shows an analysis-applied tag's evidence",
    );
    assert.deepEqual(
      page.suggestions.map((t) => [t.name, t.confidence, t.evidence]),
      [
        ['Found Family', 0.9, evidence],
        ['Slow Burn', 0.6, evidence],
      ],
      'suggestions by confidence with their evidence; the rejected tag nowhere',
    );
    assert.ok(!shown.tags.some((t) => t.name === 'Angst'));
    assert.deepEqual(byId.get(anonymous)!.creators, [], 'an anonymous work names no creator');
    assert.equal(byId.get(anonymous)!.title, 'Lamp 1');
    const mystery = byId.get(unrevealed)!;
    assert.deepEqual([mystery.title, mystery.summary, mystery.tags, mystery.creators], ['Mystery Work', null, [], []]);
    assert.deepEqual([byId.get(bare)!.creators, byId.get(bare)!.tags], [[], []]);
  });
});
