import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import type { ParsedWork } from '../importers/parsed-work.ts';
import { getAllChapterTexts, getWorkPage, importWork, countWorks } from './works.service.ts';

function lighthouse(overrides: Partial<ParsedWork> = {}): ParsedWork {
  return {
    title: null,
    provisionalTitle: 'The lamp had been dark for…',
    summary: 'Two keepers, one light, a long winter.',
    notes: [{ position: 'beginning', html: '<p>Written for a winter prompt.</p>' }],
    chapters: [
      {
        title: 'Chapter 1: The Lamp',
        html: '<p>The lamp had been dark for nine nights when Wren climbed the stairs.</p>',
        notes: [],
      },
      {
        title: 'Chapter 2: The Thaw',
        html: '<p>By spring the ice let go of the harbour.</p>',
        notes: [{ position: 'end', html: '<p>Thanks for reading!</p>' }],
      },
    ],
    language: 'en',
    tags: [
      { type: 'rating', name: 'General Audiences' },
      { type: 'freeform', name: 'Lighthouses' },
    ],
    creators: [],
    source: { filename: 'lighthouse.txt', format: 'txt' },
    ...overrides,
  };
}

describeEachDialect('works service', (ctx) => {
  test('imports a work whole: chapters, notes in order, tags, creator, provisional title, word count', async () => {
    const { workId, outcome } = await importWork(
      ctx.database,
      lighthouse(),
      { path: '/stories/lighthouse.txt', hash: 'h1' },
      [{ type: 'fandom', name: 'Original Work', confidence: 0.9, evidence: [{ quote: 'Wren', start: 0, end: 4 }] }],
    );
    assert.equal(outcome, 'created');
    const page = await getWorkPage(ctx.database, workId);
    assert.ok(page);
    assert.equal(page.title, 'The lamp had been dark for…');
    assert.equal(page.titleProvisional, true);
    assert.equal(page.chapterCount, 2);
    // 13 + 9 words of chapter text, 5 + 3 of notes.
    assert.equal(page.words, 13 + 9 + 5 + 3);
    assert.deepEqual(
      page.notes.map((n) => n.html),
      ['<p>Written for a winter prompt.</p>'],
    );
    assert.deepEqual(page.chapters[1]!.notes, [{ position: 'end', html: '<p>Thanks for reading!</p>' }]);
    assert.deepEqual(
      page.tags.map((t) => [t.type, t.name, t.origin]),
      [
        ['rating', 'General Audiences', 'author'],
        ['freeform', 'Lighthouses', 'author'],
      ],
    );
    assert.deepEqual(
      page.suggestions.map((t) => [t.type, t.name, t.confidence]),
      [['fandom', 'Original Work', 0.9]],
    );
    assert.deepEqual(page.suggestions[0]!.evidence, [{ quote: 'Wren', start: 0, end: 4 }]);
    assert.deepEqual(page.creators, [{ pseud: 'importer', username: 'importer', system: true, orphaned: false }]);
    const texts = await getAllChapterTexts(ctx.database, workId);
    assert.match(texts[0]!.html, /nine nights/);
  });

  test('the same file again changes nothing; new content at the same path updates in place', async () => {
    const first = await importWork(ctx.database, lighthouse(), { path: '/s/a.txt', hash: 'h1' });
    assert.equal((await importWork(ctx.database, lighthouse(), { path: '/s/a.txt', hash: 'h1' })).outcome, 'unchanged');
    assert.equal(
      (await importWork(ctx.database, lighthouse(), { path: '/elsewhere/a-copy.txt', hash: 'h1' })).outcome,
      'unchanged',
    );
    const before = (await getWorkPage(ctx.database, first.workId))!;
    await new Promise((r) => setTimeout(r, 5));
    const edited = lighthouse({ chapters: [{ title: null, html: '<p>Only one chapter now.</p>', notes: [] }] });
    const again = await importWork(ctx.database, edited, { path: '/s/a.txt', hash: 'h2' });
    assert.deepEqual(again, { workId: first.workId, outcome: 'updated' });
    const after = (await getWorkPage(ctx.database, first.workId))!;
    assert.equal(after.chapterCount, 1);
    assert.equal(after.postedAt, before.postedAt);
    assert.ok(after.updatedAt > before.updatedAt);
    assert.equal(await countWorks(ctx.database), 1);
  });

  test('a failure part-way leaves nothing behind', async () => {
    const broken = lighthouse({ notes: [{ position: 'middle' as 'beginning', html: '<p>x</p>' }] });
    await assert.rejects(importWork(ctx.database, broken, { path: '/s/broken.txt', hash: 'hb' }));
    assert.equal(await countWorks(ctx.database), 0);
    const tags = await ctx.database.db.selectFrom('taggings').selectAll().execute();
    assert.equal(tags.length, 0);
  });
});
