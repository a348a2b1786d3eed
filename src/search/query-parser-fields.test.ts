// The query language's fields other than tags: language, status, crossover, creator and dates
// (absolute and relative). query-parser.test.ts covers words, counts, sort, tags and limits.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ok, oneError, parse } from './test-query.ts';
import { parseQuery } from './query-parser.ts';

describe('language, status, crossover, creator', () => {
  test('language codes, normalised as works store them', () => {
    assert.equal(ok('lang:es').language, 'es');
    assert.equal(ok('language:ES').language, 'es');
    assert.equal(ok('lang:pt-br').language, 'pt-BR');
    assert.equal(ok('lang:zh_hant').language, 'zh-Hant');
    assert.equal(ok('lang:Spanish').language, 'es');
    assert.equal(ok('language:"norwegian bokmål"').language, 'nb');
    assert.equal(ok('lang:Chinese').language, 'zh');
    oneError('lang:Elvish', /^lang needs a language like es, pt-BR or Spanish, got 'Elvish'$/, 'Elvish');
    oneError('lang:e', /^lang needs a language/, 'e');
    oneError('lang:es lang:fr', /only one language applies: using fr, not es/, 'lang:fr', 'warning');
  });

  test('complete, wip, single, crossover', () => {
    assert.equal(ok('complete:true').complete, true);
    assert.equal(ok('complete:false').complete, false);
    assert.equal(ok('complete:yes').complete, true);
    assert.equal(ok('wip:true').complete, false);
    assert.equal(ok('wip:false').complete, true);
    assert.equal(ok('single:true').singleChapter, true);
    assert.equal(ok('single:false').singleChapter, false);
    assert.equal(ok('crossover:only').crossover, 'only');
    assert.equal(ok('crossover:exclude').crossover, 'exclude');
    assert.equal(parse('crossover:only crossover:include').query.crossover, undefined);
    oneError('complete:maybe', /^complete needs true or false, got 'maybe'$/, 'maybe');
    oneError('single:1x', /single needs true or false/, '1x');
    oneError('crossover:sometimes', /^crossover needs only or exclude, got 'sometimes'$/, 'sometimes');
    oneError(
      'complete:true wip:true',
      /only one completion filter applies: using in progress, not complete/,
      'wip:true',
      'warning',
    );
  });

  test('creator', () => {
    assert.equal(ok('creator:astolat').creator, 'astolat');
    assert.equal(ok('author:"Some  One"').creator, 'Some One');
    assert.equal(ok('by:x').creator, 'x');
  });

  test('only tags can be excluded', () => {
    oneError('-words>100', /^words: can't be excluded with '-'$/, '-words>100');
    oneError('-lang:es', /lang: can't be excluded/, '-lang:es');
  });

  test('non-tag fields take : only; counts and dates take comparisons', () => {
    oneError('sort>kudos', /^sort takes ':' \(like sort:value\), not '>'$/, 'sort>kudos');
  });
});

describe('dates', () => {
  test('absolute dates by day, month and year, with every comparison', () => {
    const cases: [string, object][] = [
      ['posted>2024-01-01', { from: '2024-01-02' }],
      ['posted>=2024-01-01', { from: '2024-01-01' }],
      ['posted<2024-01-01', { to: '2023-12-31' }],
      ['posted<=2024-01-01', { to: '2024-01-01' }],
      ['posted:2024-01-01', { from: '2024-01-01', to: '2024-01-01' }],
      ['posted:2024-02', { from: '2024-02-01', to: '2024-02-29' }],
      ['posted:2023-02', { from: '2023-02-01', to: '2023-02-28' }],
      ['posted:2024', { from: '2024-01-01', to: '2024-12-31' }],
      ['posted>2024', { from: '2025-01-01' }],
      ['posted<2025-06', { to: '2025-05-31' }],
      ['posted<=2025-06', { to: '2025-06-30' }],
      ['posted:2024-01..2024-03', { from: '2024-01-01', to: '2024-03-31' }],
      ['posted:2024-01-15..', { from: '2024-01-15' }],
      ['posted:..2024', { to: '2024-12-31' }],
      ['posted:2024-1-5', { from: '2024-01-05', to: '2024-01-05' }],
      ['created_at:>=0999-12-31', { from: '0999-12-31' }],
    ];
    for (const [input, range] of cases) assert.deepEqual(ok(input).ranges.posted, range, input);
    assert.deepEqual(ok('updated<2025-06').ranges, { updated: { to: '2025-05-31' } });
    assert.deepEqual(ok('revised_at>=2024-06-01').ranges, { updated: { from: '2024-06-01' } });
  });

  test('relative: within the last N days, weeks, months, years (dates compare, not ages)', () => {
    const day = (n: number) => ({ amount: n, unit: 'day' });
    assert.deepEqual(ok('posted:7d').ranges.posted, { from: '2025-03-24', fromAgo: day(7) });
    assert.deepEqual(ok('posted>7d').ranges.posted, { from: '2025-03-24', fromAgo: day(7) });
    assert.deepEqual(ok('posted>=7days').ranges.posted, { from: '2025-03-24', fromAgo: day(7) });
    assert.deepEqual(ok('updated>30d').ranges.updated, { from: '2025-03-01', fromAgo: day(30) });
    assert.deepEqual(ok('updated<30d').ranges.updated, { to: '2025-02-28', toAgo: day(30) });
    assert.deepEqual(ok('updated:2w').ranges.updated, { from: '2025-03-17', fromAgo: { amount: 2, unit: 'week' } });
    // 31 March less one month is the last day of February.
    assert.deepEqual(ok('updated:1m').ranges.updated, { from: '2025-02-28', fromAgo: { amount: 1, unit: 'month' } });
    assert.deepEqual(ok('updated:"13 months"').ranges.updated, {
      from: '2024-02-29',
      fromAgo: { amount: 13, unit: 'month' },
    });
    assert.deepEqual(ok('updated:1y').ranges.updated, { from: '2024-03-31', fromAgo: { amount: 1, unit: 'year' } });
    assert.deepEqual(ok('posted:0d').ranges.posted, { from: '2025-03-31', fromAgo: day(0) });
  });

  test('a relative and an absolute bound narrow one range', () => {
    assert.deepEqual(ok('posted:30d posted<=2025-03-20').ranges.posted, {
      from: '2025-03-01',
      fromAgo: { amount: 30, unit: 'day' },
      to: '2025-03-20',
    });
    assert.deepEqual(ok('posted:30d posted>=2025-03-20').ranges.posted, { from: '2025-03-20' });
  });

  test('errors: impossible days, bad forms, too far back, an empty range', () => {
    for (const bad of [
      '2023-02-29',
      '2024-13',
      '2024-00-10',
      '24-01-01',
      '2024-01-01-01',
      'yesterday',
      '7x',
      '101y',
      '2024..x',
      '..',
    ]) {
      const e = oneError(
        `posted:${bad}`,
        /^posted needs a date like 2024-01-31, 2024-01 or 2024, or a time back from now like 7d, 2w, 3m or 1y; got '/,
        bad,
      );
      assert.equal(e.start, 7);
    }
    oneError(
      'posted>2025 posted<2024',
      /no work was posted on or after 2026-01-01 and on or before 2023-12-31/,
      'posted<2024',
    );
  });

  test('relative dates depend only on the given now', () => {
    const a = parseQuery('posted:7d', { now: new Date('2024-03-01T00:00:00Z') }).query.ranges.posted;
    const b = parseQuery('posted:7d', { now: new Date('2024-03-01T23:59:59Z') }).query.ranges.posted;
    assert.deepEqual(a, { from: '2024-02-23', fromAgo: { amount: 7, unit: 'day' } });
    assert.deepEqual(a, b);
  });
});
