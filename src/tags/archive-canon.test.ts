// Issue 12: "Canon that grows with the archive". Wranglers' canonical characters under a canonical
// fandom become evidence for that fandom on the next text, with no change to the data files.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { indexCanon } from '../analysis/canon.ts';
import type { Canon } from '../analysis/canon-types.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { importWork } from '../works/works.service.ts';
import { TextWorkers } from '../works/text-worker.ts';
import { withArchiveCanon } from './archive-canon.ts';
import { archiveCanon, setCanonical, setParent } from './wrangling.service.ts';

const bundled: Canon = {
  fandoms: [
    {
      name: 'Beacon Isles (TV)',
      aliases: [],
      media: 'TV Shows',
      related: [],
      characters: [{ name: 'Wren Haldane', aliases: ['Wren'], gender: 'female' }],
      terms: [],
      relationships: [],
    },
  ],
};

test('wrangled characters join their fandom, or make a new one; synonyms become aliases', () => {
  const grown = withArchiveCanon(bundled, [
    { fandom: 'Beacon Isles (TV)', name: 'Wren Haldane', type: 'character', synonyms: ['Wrennie'] },
    { fandom: 'Beacon Isles (TV)', name: 'Ada Osk', type: 'character', synonyms: [] },
    { fandom: 'Harbour Lights (TV)', name: 'Marisol Vance', type: 'character', synonyms: ['Sol'] },
    { fandom: 'Harbour Lights (TV)', name: 'Marisol Vance/Teodor Lind', type: 'relationship', synonyms: [] },
  ]);
  const beacon = grown.fandoms.find((f) => f.name === 'Beacon Isles (TV)')!;
  assert.deepEqual(
    beacon.characters.map((c) => [c.name, c.aliases]),
    [
      ['Wren Haldane', ['Wren', 'Wrennie']],
      ['Ada Osk', []],
    ],
  );
  const harbour = grown.fandoms.find((f) => f.name === 'Harbour Lights (TV)')!;
  assert.deepEqual(
    harbour.characters.map((c) => c.name),
    ['Marisol Vance'],
  );
  assert.deepEqual(harbour.relationships, ['Marisol Vance/Teodor Lind']);
  assert.equal(indexCanon(grown).charactersByAlias.get('sol')?.[0]?.fandom.name, 'Harbour Lights (TV)');
  assert.equal(bundled.fandoms[0]!.characters.length, 1, 'the bundled canon is left as it was');
});

const workers = new TextWorkers({ size: 1 });
after(() => workers.close());

const STORY = `Marisol Vance climbed to the lamp room at dusk. Teodor Lind was already there.
"You're late," Teodor said. Marisol shrugged and set down the oil.
Marisol trimmed the wick while Teodor watched the harbour. "Ships tonight," Marisol said.
Teodor nodded. Later Teodor walked Marisol down the cliff path, and Marisol laughed at something Teodor said.`;

describeEachDialect('canon that grows with the archive', (ctx) => {
  test('a fandom the bundled canon lacks is suggested once wranglers have set up its characters', async () => {
    const parsed = (await workers.parse(Buffer.from(STORY), 'story.txt'))!;
    const fandomsOf = async () =>
      (await workers.suggest(parsed, await archiveCanon(ctx.database)))
        .filter((s) => s.type === 'fandom')
        .map((s) => s.name);
    assert.ok(!(await fandomsOf()).includes('Harbour Lights (TV)'), 'unknown before wrangling');
    // Someone posted with these tags; a wrangler makes them canonical and files the characters.
    await importWork(
      ctx.database,
      {
        ...parsed,
        tags: [
          { type: 'fandom', name: 'Harbour Lights (TV)' },
          { type: 'character', name: 'Marisol Vance' },
          { type: 'character', name: 'Teodor Lind' },
        ],
      },
      { path: '/tmp/first-harbour-story.txt', hash: 'first-harbour-story' },
    );
    for (const name of ['Harbour Lights (TV)', 'Marisol Vance', 'Teodor Lind'])
      await setCanonical(ctx.database, name, true);
    await setParent(ctx.database, 'Marisol Vance', 'Harbour Lights (TV)', true);
    await setParent(ctx.database, 'Teodor Lind', 'Harbour Lights (TV)', true);
    assert.ok((await fandomsOf()).includes('Harbour Lights (TV)'), 'suggested after wrangling');
  });
});
