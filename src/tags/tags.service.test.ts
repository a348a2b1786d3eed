import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import type { ParsedWork } from '../importers/parsed-work.ts';
import { getWorkPage, importWork } from '../works/works.service.ts';
import { decideSuggestion, tagListing } from './tags.service.ts';

const parsed: ParsedWork = {
  title: 'Ferry',
  provisionalTitle: 'Ferry',
  summary: null,
  notes: [],
  chapters: [{ title: null, html: '<p>Caroline waited for the ferry with Klaus.</p>', notes: [] }],
  language: 'en',
  tags: [{ type: 'rating', name: 'General Audiences' }],
  creators: [],
  source: { filename: 'ferry.txt', format: 'txt' },
};
const suggestions = [
  {
    type: 'fandom' as const,
    name: 'The Vampire Diaries (TV)',
    confidence: 0.92,
    evidence: [{ quote: 'Klaus', start: 37, end: 42 }],
  },
  { type: 'freeform' as const, name: 'Ferries', confidence: 0.5, evidence: [] },
];

describeEachDialect('suggestions', (ctx) => {
  test('accepting makes a suggestion an applied tag that lists the work; rejecting hides it for good', async () => {
    const { workId } = await importWork(ctx.database, parsed, { path: '/f.txt', hash: 'f1' }, suggestions);
    assert.equal(await decideSuggestion(ctx.database, workId, 'the vampire diaries (tv)', 'accept'), 'done');
    assert.equal(await decideSuggestion(ctx.database, workId, 'Ferries', 'reject'), 'done');
    assert.equal(await decideSuggestion(ctx.database, workId, 'Ferries', 'accept'), 'no such suggestion');
    assert.equal(await decideSuggestion(ctx.database, workId, 'Never Suggested', 'accept'), 'no such suggestion');

    const page = (await getWorkPage(ctx.database, workId))!;
    assert.deepEqual(
      page.tags.map((t) => [t.name, t.origin]),
      [
        ['General Audiences', 'author'],
        ['The Vampire Diaries (TV)', 'analysis'],
      ],
    );
    assert.deepEqual(page.suggestions, []);
    const listing = await tagListing(ctx.database, 'The Vampire Diaries (TV)', { limit: 10 });
    assert.deepEqual(listing?.kind === 'listing' && listing.total, { value: 1, exact: true });

    // Re-imported with new text: the analysis proposes the same tags again, the decisions stand.
    await importWork(
      ctx.database,
      { ...parsed, chapters: [{ title: null, html: '<p>New text.</p>', notes: [] }] },
      { path: '/f.txt', hash: 'f2' },
      suggestions,
    );
    const again = (await getWorkPage(ctx.database, workId))!;
    assert.deepEqual(again.suggestions, []);
    assert.ok(again.tags.some((t) => t.name === 'The Vampire Diaries (TV)'));
  });
});
