import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase, type Database } from '../db/database.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { parsedWork } from '../testing/works.ts';
import { importWork } from '../works/works.service.ts';
import { Bitset } from './bitset.ts';
import { PAGE_TUNING } from './page-tuning.ts';
import { shares } from './postgres-ranking.ts';
import type { WorkQuery } from './query.ts';
import { searchWorks, type SearchEngine } from './search.service.ts';
import { ok } from './test-query.ts';

/** How many members of `set` each range holds; throws when a member is in none or in two. */
function counts(set: Bitset, ranges: { from: number; to: number | null }[]): number[] {
  const n = ranges.map(() => 0);
  set.forEachDescending((id) => {
    const holding = ranges.flatMap((r, i) => (id >= r.from && (r.to === null || id <= r.to) ? [i] : []));
    assert.equal(holding.length, 1, `work ${id} is in ${holding.length} ranges`);
    n[holding[0]!]!++;
    return true;
  });
  return n;
}

test('postgres ranking: shares cover the set from its lowest member to its highest, in order', () => {
  let x = 5;
  const next = () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 2 ** 32;
  };
  const set = new Bitset(100_000);
  for (let id = 0; id < 100_000; id++) if (next() < (id < 50_000 ? 0.05 : 0.3)) set.add(id);
  for (const parts of [1, 2, 3, 4]) {
    const ranges = shares(set, parts);
    assert.equal(ranges.length, parts);
    const n = counts(set, ranges);
    const lowest = set.toArray()[0]!;
    let highest = 0;
    set.forEachDescending((id) => ((highest = id), false));
    assert.equal(ranges[0]!.from, lowest);
    assert.equal(ranges.at(-1)!.to, highest);
    for (let i = 1; i < ranges.length; i++) assert.equal(ranges[i]!.from, ranges[i - 1]!.to! + 1);
    // Equal shares of the members, not of the ids: the upper half holds six times as many.
    for (const c of n) assert.ok(Math.abs(c - set.count() / parts) <= 32, `${n} for ${parts} parts`);
  }
});

test('postgres ranking: a small or empty set gives fewer shares, never an empty range', () => {
  assert.deepEqual(shares(new Bitset(1000), 3), []);
  const one = Bitset.fromIds(1000, [700]);
  assert.deepEqual(shares(one, 3), [{ from: 700, to: 700 }]);
  const two = Bitset.fromIds(1000, [3, 900]);
  const ranges = shares(two, 4);
  assert.deepEqual(counts(two, ranges), [1, 1]);
  assert.deepEqual(ranges, [
    { from: 3, to: 895 },
    { from: 896, to: 900 },
  ]);
});

const WORDS = ['kettle', 'harbour', 'storm', 'ferry'];

/** Works with bodies of one to four words repeated, two fandoms, some restricted. */
async function load(database: Database): Promise<void> {
  for (let i = 0; i < 36; i++) {
    const body = Array.from({ length: 3 + (i % 7) }, (_, j) => WORDS[(i * j + j) % (1 + (i % WORDS.length))]).join(' ');
    const { workId } = await importWork(
      database,
      parsedWork({
        title: i % 5 === 0 ? `The ${WORDS[i % 4]} ${i}` : `Work ${i}`,
        summary: i % 3 === 0 ? 'kettle storm' : null,
        chapters: [{ title: null, html: `<p>${body}</p>`, notes: [] }],
        tags: [
          { type: 'rating', name: 'General Audiences' },
          { type: 'fandom', name: i % 2 ? 'Harbour Town' : 'Storm Coast' },
        ],
      }),
      { path: `/ranking/${i}`, hash: `r${i}` },
    );
    if (i % 6 === 1) await database.db.updateTable('works').set({ restricted: 1 }).where('id', '=', workId).execute();
  }
}

async function pagesOf(database: Database, input: string, engine: SearchEngine): Promise<number[]> {
  const ids: number[] = [];
  let q: WorkQuery = { ...ok(input), limit: 4 };
  for (let guard = 0; guard < 50; guard++) {
    const page = await searchWorks(database, q, { engine, facets: false });
    ids.push(...page.works.map((w) => w.id));
    if (!page.next) break;
    q = { ...q, after: page.next };
  }
  return ids;
}

describeEachDialect('postgres ranking', (ctx) => {
  test('best match from the index, ranked in parts on several connections, pages as SQL ranks it', async () => {
    await load(ctx.database);
    const sent: string[] = [];
    const counted = await openDatabase(ctx.url, { onQuery: (s) => sent.push(s) });
    const saved = { ...PAGE_TUNING };
    try {
      for (const parts of [1, 3]) {
        Object.assign(PAGE_TUNING, { postgresSplitFrom: 0, postgresParts: parts });
        for (const input of [
          'kettle',
          'storm ferry',
          '"kettle storm"',
          'harbour -ferry',
          'kettle fandom:"Storm Coast"',
        ]) {
          const bySql = await pagesOf(counted, input, 'sql');
          assert.ok(bySql.length > 0, `${input} finds works`);
          sent.length = 0;
          assert.deepEqual(await pagesOf(counted, input, 'index'), bySql, `${input}, ${parts} parts`);
          const ranked = sent.filter((s) => s.includes('ts_rank_cd')).length;
          const pages = Math.ceil(bySql.length / 4);
          // One statement per part and page: the matches are listed and ranked at once. Parts end
          // on a bitset word, so these few dozen works make two, not three.
          if (ctx.dialect === 'postgres')
            assert.equal(ranked, (parts === 1 ? 1 : 2) * pages, `${input}: ${ranked} ranking statements`);
        }
      }
    } finally {
      Object.assign(PAGE_TUNING, saved);
      await counted.close();
    }
  });
});
