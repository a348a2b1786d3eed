import assert from 'node:assert/strict';
import { AppError } from '../app-error.ts';
import { test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import type { ParsedWork } from '../importers/parsed-work.ts';
import { importWork } from '../works/works.service.ts';
import { addWorkToSeries, createSeries } from './series.repo.ts';
import { getSeries, seriesOfWork, seriesOfWorks } from './series.service.ts';

function story(title: string, creator: string, words: string): ParsedWork {
  return {
    title,
    provisionalTitle: title,
    summary: null,
    notes: [],
    chapters: [{ title: null, html: `<p>${words}</p>`, notes: [] }],
    language: 'en',
    tags: [],
    creators: [creator],
    source: { filename: `${title}.txt`, format: 'txt' },
  };
}

describeEachDialect('series service', (ctx) => {
  async function threeWorks() {
    const ids: number[] = [];
    for (const [i, [title, creator]] of [
      ['Dawn', 'tidewright'],
      ['Noon', 'gullwing'],
      ['Dusk', 'tidewright'],
    ].entries()) {
      ids.push(
        (
          await importWork(ctx.database, story(title!, creator!, 'one two three'), {
            path: `/s/${i}.txt`,
            hash: `h${i}`,
          })
        ).workId,
      );
    }
    return ids;
  }

  test("a series lists its works in the writer's order, with their creators and total words", async () => {
    const [dawn, noon, dusk] = await threeWorks();
    const id = await createSeries(
      ctx.database.db,
      { title: 'A Day at Gull Rock', summary: 'Three hours of one day.' },
      '2024-01-01T00:00:00.000Z',
    );
    await addWorkToSeries(ctx.database.db, id, dusk!, 3, '2024-01-02T00:00:00.000Z');
    await addWorkToSeries(ctx.database.db, id, dawn!, 1, '2024-01-02T00:00:00.000Z');
    await addWorkToSeries(ctx.database.db, id, noon!, 2, '2024-01-02T00:00:00.000Z');
    const series = await getSeries(ctx.database, id, null);
    assert.ok(series);
    assert.equal(series.title, 'A Day at Gull Rock');
    assert.equal(series.summary, 'Three hours of one day.');
    assert.deepEqual(
      series.works.map((w) => [w.title, w.position]),
      [
        ['Dawn', 1],
        ['Noon', 2],
        ['Dusk', 3],
      ],
    );
    assert.deepEqual(series.creators, ['tidewright', 'gullwing']);
    assert.equal(series.words, 9);
    assert.equal(series.complete, true);
    assert.equal(series.updatedAt, '2024-01-02T00:00:00.000Z');
    // Its works were imported just now, after the series last changed.
    assert.ok(series.lastChangeAt > series.updatedAt);
    assert.equal(await getSeries(ctx.database, id + 1, null), undefined);
  });

  test('a work knows its series and its place in each; moving it replaces its place', async () => {
    const [dawn, noon] = await threeWorks();
    const a = await createSeries(ctx.database.db, { title: 'Days' });
    const b = await createSeries(ctx.database.db, { title: 'Mornings' });
    await addWorkToSeries(ctx.database.db, a, dawn!, 1);
    await addWorkToSeries(ctx.database.db, b, dawn!, 4);
    await addWorkToSeries(ctx.database.db, a, noon!, 2);
    assert.deepEqual(await seriesOfWork(ctx.database, dawn!), [
      { id: a, title: 'Days', position: 1 },
      { id: b, title: 'Mornings', position: 4 },
    ]);
    await addWorkToSeries(ctx.database.db, a, dawn!, 3);
    assert.deepEqual(await seriesOfWork(ctx.database, dawn!), [
      { id: a, title: 'Days', position: 3 },
      { id: b, title: 'Mornings', position: 4 },
    ]);
    assert.deepEqual(
      (await getSeries(ctx.database, a, null))!.works.map((w) => w.title),
      ['Noon', 'Dawn'],
    );
    const both = await seriesOfWorks(ctx.database, [dawn!, noon!, 999]);
    assert.deepEqual([...both.keys()].sort(), [dawn!, noon!].sort());
  });

  test('a guest sees only the works a guest may read: no drafts, hidden or restricted works', async () => {
    const [dawn, noon, dusk] = await threeWorks();
    const id = await createSeries(ctx.database.db, { title: 'Days' });
    for (const [k, w] of [dawn!, noon!, dusk!].entries()) await addWorkToSeries(ctx.database.db, id, w, k + 1);
    await ctx.database.db.updateTable('works').set({ draft: 1 }).where('id', '=', noon!).execute();
    await ctx.database.db.updateTable('works').set({ restricted: 1 }).where('id', '=', dusk!).execute();
    const series = await getSeries(ctx.database, id, null);
    assert.deepEqual(
      series!.works.map((w) => w.title),
      ['Dawn'],
    );
    assert.equal(series!.words, 3);
  });

  test('a series a guest can see nothing of: sign in for restricted works, not there at all for drafts', async () => {
    const [dawn, noon] = await threeWorks();
    const members = await createSeries(ctx.database.db, { title: 'Members' });
    await addWorkToSeries(ctx.database.db, members, dawn!, 1);
    await ctx.database.db.updateTable('works').set({ restricted: 1 }).where('id', '=', dawn!).execute();
    await assert.rejects(
      getSeries(ctx.database, members, null),
      (e: unknown) => e instanceof AppError && e.kind === 'sign_in',
    );
    const drafts = await createSeries(ctx.database.db, { title: 'Drafts' });
    await addWorkToSeries(ctx.database.db, drafts, noon!, 1);
    await ctx.database.db.updateTable('works').set({ draft: 1 }).where('id', '=', noon!).execute();
    assert.equal(await getSeries(ctx.database, drafts, null), undefined);
  });
});
