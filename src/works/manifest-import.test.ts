// Issue 13: an archivist's manifest maps files to the metadata an archive's export already has.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import { parseCsv, readManifest } from '../importers/manifest.ts';
import { importManifest } from './import.service.ts';
import { countWorks, getWorkPage } from './works.service.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'quire-manifest-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const RATINGS = ['General Audiences', 'Teen And Up Audiences', 'Mature', 'Explicit'];

/** 50 works of an imaginary closing archive; row 27 (line 28 with the header) has a rating AO3 lacks. */
function writeArchive(): string {
  const lines = ['file,title,creator,rating,warnings,fandoms,characters,tags,posted,series,series_position'];
  for (let i = 1; i <= 50; i++) {
    writeFileSync(
      join(dir, `story-${i}.txt`),
      `The keeper of lamp ${i} climbed the stair.\n\nThe sea was loud that night, and the ${i}th ship came in.`,
    );
    const rating = i === 27 ? 'Teen' : RATINGS[i % 4];
    lines.push(
      `story-${i}.txt,"Lamp ${i}: ""The Keeper""",keeper${i % 7},${rating},No Archive Warnings Apply,Harbour Lights (TV),"Marisol Vance, Teodor Lind",Lighthouses,2011-0${1 + (i % 9)}-1${i % 10},Keepers,${i}`,
    );
  }
  const path = join(dir, 'works.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describeEachDialect('a manifest import', (ctx) => {
  test('49 works stored exactly as the manifest says; the bad row named by its line and reason', async () => {
    const manifest = writeArchive();
    const results = await importManifest(ctx.database, manifest);
    const failed = results.filter((r) => r.outcome === 'failed');
    assert.deepEqual(
      failed.map((r) => [r.file, 'reason' in r ? r.reason : '']),
      [
        [
          `${manifest} line 28`,
          "rating 'Teen' is not one of General Audiences, Teen And Up Audiences, Mature, Explicit, Not Rated",
        ],
      ],
    );
    assert.equal(results.filter((r) => r.outcome === 'created').length, 49);
    assert.equal(await countWorks(ctx.database), 49);
    for (const r of results) {
      if (r.outcome !== 'created') continue;
      const i = Number(/story-(\d+)\.txt$/.exec(r.file)![1]);
      const w = (await getWorkPage(ctx.database, r.workId))!;
      assert.equal(w.title, `Lamp ${i}: "The Keeper"`);
      assert.deepEqual(
        w.creators.map((c) => c.pseud),
        [`keeper${i % 7}`],
      );
      assert.deepEqual(
        w.tags.map((t) => `${t.type}:${t.name}`),
        [
          `rating:${RATINGS[i % 4]}`,
          'warning:No Archive Warnings Apply',
          'fandom:Harbour Lights (TV)',
          'character:Marisol Vance',
          'character:Teodor Lind',
          'freeform:Lighthouses',
        ],
      );
      assert.equal(w.postedAt.slice(0, 10), `2011-0${1 + (i % 9)}-1${i % 10}`);
    }
    // Again: nothing changes.
    const again = await importManifest(ctx.database, manifest);
    assert.equal(again.filter((r) => r.outcome === 'unchanged').length, 49);
  });

  test("a file outside the manifest's folder, or missing, is named with its line", async () => {
    writeFileSync(
      join(dir, 'works.json'),
      JSON.stringify([{ file: '../elsewhere.txt' }, { file: 'missing.txt', title: 'Gone' }]),
    );
    const results = await importManifest(ctx.database, join(dir, 'works.json'));
    assert.deepEqual(
      results.map((r) => [r.file.slice(dir.length + 1), 'reason' in r ? r.reason : '']),
      [
        ['works.json line 1', "../elsewhere.txt is outside the manifest's folder"],
        ['works.json line 2 (missing.txt)', 'no such file'],
      ],
    );
  });
});

test('CSV: quotes, doubled quotes, commas and line breaks inside quotes, blank lines', () => {
  const rows = parseCsv('a,b\n"x, y","say ""hi""\nthere"\n\nlast,1\n');
  assert.deepEqual(rows, [
    { line: 1, cells: ['a', 'b'] },
    { line: 2, cells: ['x, y', 'say "hi"\nthere'] },
    { line: 5, cells: ['last', '1'] },
  ]);
  assert.match(JSON.stringify(readManifest('title\nA\n', 'w.csv')), /no \\"file\\" column/);
  assert.match(JSON.stringify(readManifest('file,colour\na.txt,red\n', 'w.csv')), /unknown column: colour/);
});
