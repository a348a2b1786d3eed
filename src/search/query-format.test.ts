// The parsed query written back (formatQuery) and read aloud (describeQuery), and the parser's
// robustness against random and hostile input. query-parser.test.ts covers the grammar itself.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NOW, ok, parse } from './test-query.ts';
import { formatQuery } from './query-format.ts';
import { parseQuery } from './query-parser.ts';
import { describeQuery, emptyQuery } from './query.ts';
import { hostileQueries, querySoup, random } from '../testing/query-soup.ts';

describe('formatQuery', () => {
  const cases = [
    '',
    'dragons "slow burn" -angst -"major character death"',
    'fandom:"Harry Potter - J. K. Rowling" rating:explicit -warning:mcd category:f/m',
    'fandom:(Naruto | Bleach | "One Piece") any:(Fluff | "a | b") any:(fandom:Naruto | Sakura)',
    'fandom:(Teen Wolf (TV) | "Re:Zero") tag:"(weird" tag:"\\"quoted\\""',
    'words>1000 words<5000 kudos>=10 hits:100 comments<=5 bookmarks:2.. chapters>1',
    'posted:7d updated<30d posted<=2025-03-30 updated>=2020',
    'posted:2024-01-01 updated:2023-02',
    'lang:pt-br complete:false single:true crossover:exclude creator:"Some One"',
    'sort:title dragons',
    'sort:-title',
    'sort:kudos-asc',
    'sort:updated-asc',
    'sort:best_match',
    'dragons sort:best_match-asc',
    '--x Re:Zero "back\\\\slash" tag:a\\b tag:">x" creator:"=y" tag:-z',
  ];
  for (const input of cases) {
    test(`round trip: ${input || '(empty)'}`, () => {
      const q = ok(input);
      const text = formatQuery(q);
      assert.deepEqual(ok(text), q, text);
      assert.equal(formatQuery(ok(text)), text);
    });
  }

  test('canonical spelling', () => {
    assert.equal(
      formatQuery(ok('rating:teen words>1000 -fandom:(A | B) fandom:(Naruto | "One Piece") sort:kudos')),
      'rating:"Teen And Up Audiences" -fandom:A -fandom:B fandom:(Naruto | One Piece) words>=1001 sort:kudos',
    );
    assert.equal(formatQuery(emptyQuery()), '');
  });
});

describe('describeQuery', () => {
  test('the results-page sentence', () => {
    const q = ok(
      'fandom:(Naruto | Bleach) rating:explicit words:1000-5000 -warning:"major character death" sort:kudos',
    );
    assert.equal(
      describeQuery(q),
      'Works in Naruto or Bleach, rated Explicit, 1,000–5,000 words, excluding Major Character Death, sorted by kudos',
    );
  });

  test('nothing asked: all works; the default sort is not mentioned', () => {
    assert.equal(describeQuery(ok('')), 'All works');
    assert.equal(describeQuery(ok('sort:updated')), 'All works');
    assert.equal(describeQuery(ok('dragons sort:best_match')), 'Works matching dragons');
  });

  test('everything at once', () => {
    const q = ok(
      'dragons "slow burn" -angst -"sad end" fandom:Naruto fandom:(A | B) character:Sakura ship:X/Y tag:Fluff any:(fandom:C | D) kudos>=10 chapters:1 hits<=5 posted:7d updated<2025-06 lang:es complete:false single:true crossover:only creator:bob -tag:Gore sort:title-desc',
    );
    assert.equal(
      describeQuery(q),
      'Works matching dragons "slow burn", in Naruto and (A or B), with X/Y, featuring Sakura, tagged Fluff and (C or D), at least 10 kudos, at most 5 hits, 1 chapter, ' +
        'posted in the last 7 days, updated until 2025-05-31, in Spanish, in progress, single-chapter, crossovers only, by bob, excluding Gore, not mentioning angst or "sad end", sorted by title (descending)',
    );
  });

  test('ranges read naturally', () => {
    assert.equal(describeQuery(ok('words>=1')), 'Works with at least 1 word');
    assert.equal(describeQuery(ok('kudos<=5 words:1000')), 'Works with 1,000 words, at most 5 kudos');
    assert.equal(describeQuery(ok('crossover:only')), 'Works that are crossovers');
    assert.equal(
      describeQuery(ok('posted:2024-01-01..2024-03-31 updated:2024-05-05')),
      'Works posted 2024-01-01 to 2024-03-31, updated on 2024-05-05',
    );
    assert.equal(
      describeQuery(ok('posted:30d posted<7d')),
      'Works posted in the last 30 days and more than 7 days ago',
    );
    assert.equal(
      describeQuery(ok('complete:true single:false crossover:exclude')),
      'Works that are complete, multi-chapter, no crossovers',
    );
    assert.equal(describeQuery(ok('wip:true')), 'Works in progress');
  });
});

describe('robustness', () => {
  // How fast the parser is on these inputs is measured by npm run bench:query, not here.
  test('random operator soup never throws and formats back to itself', () => {
    const rand = random(20250331);
    for (let i = 0; i < 3000; i++) {
      const input = querySoup(rand, Math.floor(rand() * 120));
      const { query, errors } = parse(input);
      for (const e of errors) {
        assert.ok(
          e.start >= 0 && e.start <= e.end && e.end <= input.length,
          `offsets of ${JSON.stringify(e)} in ${JSON.stringify(input)}`,
        );
        assert.ok(e.message.length > 0);
      }
      const text = formatQuery(query);
      const again = parse(text);
      assert.deepEqual(again.query, query, `format of ${JSON.stringify(input)} is ${JSON.stringify(text)}`);
      // Only a contradiction the reader wrote (an empty range) survives into the canonical text.
      const left = again.errors.filter((e) => e.severity === 'error' && !e.message.startsWith('no work '));
      assert.deepEqual(left, [], `canonical text ${JSON.stringify(text)} has errors`);
    }
  });

  test('long hostile inputs give a query of bounded size', () => {
    for (const input of hostileQueries(random(7))) {
      const r = parse(input);
      assert.ok(r.query.includeTags.length + r.query.excludeTags.length + r.query.anyOf.flat().length <= 50);
    }
  });

  test('non-string input from loose callers does not throw', () => {
    assert.deepEqual(parseQuery(undefined as unknown as string, { now: NOW }).query, emptyQuery());
  });

  test('deterministic: the same input gives the same result', () => {
    const rand = random(99);
    for (let i = 0; i < 200; i++) {
      const input = querySoup(rand, 80);
      assert.deepEqual(parse(input), parse(input));
    }
  });
});
