import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import { importPaths, printableName, summarise } from './import.service.ts';
import { searchWorks } from '../search/search.service.ts';
import { emptyQuery } from '../search/query.ts';
import { decideSuggestion } from '../tags/tags.service.ts';
import { countWorks, getAllChapterTexts, getWorkPage } from './works.service.ts';
import { buildEpub } from '../exporters/epub.ts';
import { sampleWork } from '../testing/exportable-works.ts';

const GOOD = `The ferry left at six, and Odile was not on it.

"She'll come," said Marguerite, though she did not believe it.

By seven the harbour lights were on, and by eight the last boat had gone.`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'quire-import-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function badBatch(): void {
  writeFileSync(join(dir, 'good.txt'), GOOD);
  writeFileSync(join(dir, 'junk.txt'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3, 0, 0, 0xff, 0xfe, 0, 0]));
  writeFileSync(join(dir, 'latin1.txt'), Buffer.from('Caf\xe9 au lait, na\xefve', 'latin1'));
  writeFileSync(join(dir, 'broken.docx'), 'PK\x03\x04 this is not really a zip');
  writeFileSync(join(dir, 'empty.txt'), '');
  writeFileSync(join(dir, 'huge.txt'), '');
  truncateSync(join(dir, 'huge.txt'), 50 * 1024 * 1024);
}

describeEachDialect('batch import', (ctx) => {
  test('one good file and five bad: the good one is stored, each bad one named with its reason', async () => {
    badBatch();
    const results = await importPaths(ctx.database, [dir]);
    const byFile = Object.fromEntries(results.map((r) => [r.file.slice(dir.length + 1), r]));
    assert.equal(byFile['good.txt']?.outcome, 'created');
    const reasons = Object.fromEntries(
      results
        .filter((r) => r.outcome === 'failed')
        .map((r) => [r.file.slice(dir.length + 1), 'reason' in r ? r.reason : '']),
    );
    assert.deepEqual(Object.keys(reasons).sort(), ['broken.docx', 'empty.txt', 'huge.txt', 'junk.txt', 'latin1.txt']);
    assert.match(reasons['junk.txt']!, /binary/);
    assert.match(reasons['latin1.txt']!, /UTF-8/);
    assert.match(reasons['broken.docx']!, /docx/);
    assert.match(reasons['empty.txt']!, /empty/);
    assert.match(reasons['huge.txt']!, /50\.0 MB; the limit is 10 MB/);
    assert.equal(summarise(results), '6 files: 1 created, 0 updated, 0 unchanged, 5 failed');
    assert.equal(await countWorks(ctx.database), 1);
    const work = await getWorkPage(ctx.database, (byFile['good.txt'] as { workId: number }).workId);
    assert.equal(work?.words, 11 + 10 + 15);
    assert.equal(work?.titleProvisional, true);
  });

  test('importing the folder again duplicates nothing; a missing path is a failure, not a crash', async () => {
    writeFileSync(join(dir, 'good.txt'), GOOD);
    writeFileSync(join(dir, 'notes.json'), '{}');
    await importPaths(ctx.database, [dir]);
    const again = await importPaths(ctx.database, [dir, join(dir, 'nope.txt')]);
    assert.deepEqual(
      again.map((r) => [r.file.slice(dir.length + 1), r.outcome]),
      [
        ['notes.json', 'skipped'],
        ['nope.txt', 'failed'],
        ['good.txt', 'unchanged'],
      ],
    );
    assert.equal(await countWorks(ctx.database), 1);
  });

  // Issue 18, finding 5: every file was parsed and analysed before its hash was checked, so a
  // re-import cost as much as a fresh one and an interrupted import never got further.
  test('an unchanged file is neither read nor analysed again; a changed one is', async () => {
    for (const name of ['one.txt', 'two.txt', 'three.txt']) writeFileSync(join(dir, name), `${GOOD}\n\n${name}`);
    let analysed = 0;
    const suggest = () => {
      analysed++;
      return [];
    };
    await importPaths(ctx.database, [dir], { suggest });
    assert.equal(analysed, 3);
    const again = await importPaths(ctx.database, [dir], { suggest });
    assert.deepEqual(
      again.map((r) => r.outcome),
      ['unchanged', 'unchanged', 'unchanged'],
    );
    assert.equal(analysed, 3, 'no unchanged file is analysed again');
    writeFileSync(join(dir, 'two.txt'), `${GOOD}\n\nThe second file, changed.`);
    const changed = await importPaths(ctx.database, [dir], { suggest });
    assert.deepEqual(
      changed.map((r) => [r.file.slice(dir.length + 1), r.outcome]),
      [
        ['one.txt', 'unchanged'],
        ['three.txt', 'unchanged'],
        ['two.txt', 'updated'],
      ],
    );
    assert.equal(analysed, 4);
  });

  // Issue 13: an archivist's import left every tag a suggestion, so nothing was findable and every
  // work sat behind the adult notice as Not Rated.
  test('an import applies the tags the analysis is sure of, marked unreviewed; the rest stay suggestions', async () => {
    writeFileSync(join(dir, 'ferry.txt'), GOOD);
    writeFileSync(join(dir, 'tagged.md'), `---\nfandom: [Beacon Isles]\n---\n\n${GOOD}`);
    const ev = [{ quote: 'ferry', start: 9, end: 14 }];
    const suggest = () => [
      { type: 'fandom' as const, name: 'Harbour Lights (TV)', confidence: 0.93, evidence: ev },
      { type: 'rating' as const, name: 'General Audiences', confidence: 0.85, evidence: [] },
      { type: 'relationship' as const, name: 'Marguerite/Odile', confidence: 0.48, evidence: ev },
    ];
    const results = await importPaths(ctx.database, [dir], { suggest, applySuggestionsAt: 0.8 });
    const id = (name: string) => (results.find((r) => r.file.endsWith(name)) as { workId: number }).workId;
    const work = (await getWorkPage(ctx.database, id('ferry.txt')))!;
    assert.deepEqual(
      work.tags.map((t) => [t.type, t.name, t.origin, t.reviewed]),
      [
        ['rating', 'General Audiences', 'analysis', false],
        ['fandom', 'Harbour Lights (TV)', 'analysis', false],
      ],
    );
    assert.deepEqual(
      work.suggestions.map((s) => s.name),
      ['Marguerite/Odile'],
      'below 0.8 it stays a suggestion',
    );
    const found = await searchWorks(
      ctx.database,
      { ...emptyQuery(), includeTags: [{ name: 'Harbour Lights (TV)' }] },
      { viewerId: null, facets: false },
    );
    assert.deepEqual(
      found.works.map((w) => w.id),
      [id('ferry.txt')],
      'the applied fandom is findable',
    );
    // A person's fandom in the file wins over the analysis' guess of that type.
    const tagged = (await getWorkPage(ctx.database, id('tagged.md')))!;
    assert.deepEqual(
      tagged.tags.filter((t) => t.type === 'fandom').map((t) => [t.name, t.origin]),
      [['Beacon Isles', 'author']],
    );
    assert.ok(tagged.suggestions.some((s) => s.name === 'Harbour Lights (TV)'));

    // Undo takes an unreviewed tag off; keep marks it reviewed.
    assert.equal(await decideSuggestion(ctx.database, id('ferry.txt'), 'Harbour Lights (TV)', 'reject'), 'done');
    assert.equal(await decideSuggestion(ctx.database, id('ferry.txt'), 'General Audiences', 'accept'), 'done');
    const after = (await getWorkPage(ctx.database, id('ferry.txt')))!;
    assert.deepEqual(
      after.tags.map((t) => [t.name, t.reviewed]),
      [['General Audiences', true]],
    );
    const gone = await searchWorks(
      ctx.database,
      { ...emptyQuery(), includeTags: [{ name: 'Harbour Lights (TV)' }] },
      { viewerId: null, facets: false },
    );
    assert.deepEqual(gone.works, []);
    assert.equal(
      await decideSuggestion(ctx.database, id('ferry.txt'), 'General Audiences', 'reject'),
      'no such suggestion',
      "a reviewed tag is the creator's now",
    );
  });

  test('an import with --apply-suggestions none keeps every tag a suggestion', async () => {
    writeFileSync(join(dir, 'ferry.txt'), GOOD);
    const suggest = () => [{ type: 'fandom' as const, name: 'Harbour Lights (TV)', confidence: 0.99, evidence: [] }];
    const [result] = await importPaths(ctx.database, [dir], { suggest, applySuggestionsAt: null });
    const work = (await getWorkPage(ctx.database, (result as { workId: number }).workId))!;
    assert.deepEqual(work.tags, []);
    assert.equal(work.suggestions.length, 1);
  });

  // Issue 18, finding 8: a file whose name was not UTF-8 was reported as "no such file".
  test('a file in a folder whose name is not UTF-8 is named, with its bytes escaped', async () => {
    writeFileSync(join(dir, 'good.txt'), GOOD);
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/bad`), Buffer.from([0xff]), Buffer.from('.txt')]), GOOD);
    const results = await importPaths(ctx.database, [dir]);
    const bad = results.find((r) => r.file.endsWith('bad\\xff.txt'));
    assert.equal(bad?.outcome, 'skipped');
    assert.match((bad as { reason: string }).reason, /not valid UTF-8/);
  });

  // Issue 18, finding 8: a symbolic link to /etc/passwd named on the command line was imported.
  test('links are followed only within the folder named', async () => {
    const outsideDir = mkdtempSync(join(tmpdir(), 'quire-outside-'));
    try {
      writeFileSync(join(outsideDir, 'private.txt'), `${GOOD}\n\nNot for the archive.`);
      writeFileSync(join(dir, 'story.txt'), GOOD);
      symlinkSync(join(outsideDir, 'private.txt'), join(dir, 'secret.txt'));
      symlinkSync(join(dir, 'story.txt'), join(dir, 'alias.txt'));
      const results = await importPaths(ctx.database, [dir]);
      const byFile = Object.fromEntries(results.map((r) => [r.file.slice(dir.length + 1), r]));
      assert.equal(byFile['secret.txt']?.outcome, 'skipped');
      assert.match((byFile['secret.txt'] as { reason: string }).reason, /outside the folder named/);
      // A link within the folder is followed: the same text, so one of the two is 'unchanged'.
      assert.deepEqual([byFile['alias.txt']?.outcome, byFile['story.txt']?.outcome], ['created', 'unchanged']);
      const [named] = await importPaths(ctx.database, [join(dir, 'secret.txt')]);
      assert.equal(named?.outcome, 'failed');
      assert.equal(await countWorks(ctx.database), 1);
    } finally {
      rmSync(outsideDir, { recursive: true, force: true });
    }
  });

  test('an EPUB round trip through import keeps text, chapters, notes, tags, series and dates', async () => {
    const original = sampleWork({
      chapters: [
        ...sampleWork().chapters,
        { position: 3, title: 'Chapter 3: The Storm', html: '<p>The storm came in from the west.</p>', notes: [] },
      ],
    });
    writeFileSync(join(dir, 'keeper.epub'), buildEpub(original));
    const [result] = await importPaths(ctx.database, [dir]);
    assert.equal(result?.outcome, 'created');
    const work = (await getWorkPage(ctx.database, (result as { workId: number }).workId))!;
    assert.equal(work.title, original.title);
    assert.equal(work.summary, original.summary);
    assert.deepEqual(
      work.creators.map((c) => c.pseud),
      original.creators,
    );
    assert.deepEqual(
      work.chapters.map((c) => c.title),
      original.chapters.map((c) => c.title),
    );
    assert.deepEqual(
      work.tags.map((t) => `${t.type}:${t.name}`).sort(),
      original.tags.map((t) => `${t.type}:${t.name}`).sort(),
    );
    assert.deepEqual(
      work.notes.map((n) => n.html),
      original.notes.map((n) => n.html),
    );
    assert.deepEqual(
      work.chapters[0]!.notes.map((n) => n.position),
      ['beginning', 'end'],
    );
    assert.equal(work.postedAt, original.postedAt);
    // The preface states the updated date as a day, as AO3's downloads do.
    assert.equal(work.updatedAt.slice(0, 10), original.updatedAt.slice(0, 10));
    assert.equal(work.complete, false);
    const texts = await getAllChapterTexts(ctx.database, work.id);
    assert.match(texts[2]!.html, /storm came in from the west/);
    const series = await ctx.database.db
      .selectFrom('series_works')
      .innerJoin('series', 'series.id', 'series_works.series_id')
      .select(['series.title', 'series_works.position'])
      .where('work_id', '=', work.id)
      .execute();
    assert.deepEqual(series, [{ title: 'The Lighthouse Cycle', position: 2 }]);
  });

  test('suggestions from the suggester are stored with the work', async () => {
    writeFileSync(join(dir, 'good.txt'), GOOD);
    const [result] = await importPaths(ctx.database, [dir], {
      suggest: (parsed) =>
        [
          {
            type: 'character' as const,
            name: 'Odile',
            confidence: 0.8,
            evidence: [{ quote: 'Odile', start: 0, end: 5 }],
          },
        ].filter(() => parsed.chapters.length === 1),
    });
    const work = await getWorkPage(ctx.database, (result as { workId: number }).workId);
    assert.deepEqual(
      work?.suggestions.map((s) => s.name),
      ['Odile'],
    );
  });
});

test('a file name that is not UTF-8 is shown with its bytes escaped', () => {
  assert.equal(
    printableName(Buffer.from([0x73, 0x74, 0x6f, 0x72, 0x79, 0xff, 0x2e, 0x74, 0x78, 0x74])),
    'story\\xff.txt',
  );
  assert.equal(printableName(Buffer.from('café.txt')), 'café.txt');
});
