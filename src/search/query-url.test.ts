import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseQuery } from './query-parser.ts';
import { emptyQuery, type QueryError, type WorkQuery } from './query.ts';
import { joinAnyGroup, queryFromParams, queryToParams, splitAnyGroup } from './query-url.ts';
import { random } from '../testing/query-soup.ts';

const NOW = new Date('2025-03-31T15:30:00Z');
const fromUrl = (search: string) => queryFromParams(new URLSearchParams(search), { now: NOW });

function ok(search: string): WorkQuery {
  const { query, errors } = fromUrl(search);
  assert.deepEqual(errors, [], `unexpected errors for ${search}`);
  return query;
}

function oneError(
  search: string,
  param: string,
  message: RegExp,
  covers: string,
  severity: QueryError['severity'] = 'error',
): void {
  const { errors } = fromUrl(search);
  assert.equal(errors.length, 1, `expected one error for ${search}, got ${JSON.stringify(errors)}`);
  const e = errors[0]!;
  assert.equal(e.param, param);
  assert.match(e.message, message);
  assert.equal(e.severity, severity);
  const value = new URLSearchParams(search).getAll(param).find((v) => v.slice(e.start, e.end) === covers);
  assert.ok(value !== undefined, `offsets ${e.start}-${e.end} of ${param} do not cover ${JSON.stringify(covers)}`);
}

describe('queryFromParams', () => {
  test('an empty URL is an empty search', () => {
    assert.deepEqual(ok(''), emptyQuery());
  });

  test('q is parsed with the query-box grammar', () => {
    const q = ok('q=' + encodeURIComponent('dragons -angst fandom:(Naruto | Bleach) kudos>10'));
    assert.deepEqual(q.text.terms, ['dragons']);
    assert.deepEqual(q.text.excludedTerms, ['angst']);
    assert.equal(q.anyOf.length, 1);
    assert.deepEqual(q.ranges, { kudos: { min: 11 } });
  });

  test('include[], exclude[] and any[] take tag names of any type, with or without brackets', () => {
    const q = ok(
      'include[]=Fluff&include=Angst&exclude[]=Gore&exclude=Major+Character+Death&any[]=Hurt%2FComfort|Whump&any=A|B',
    );
    assert.deepEqual(q.includeTags, [{ name: 'Fluff' }, { name: 'Angst' }]);
    assert.deepEqual(q.excludeTags, [{ name: 'Gore' }, { name: 'Major Character Death' }]);
    assert.deepEqual(q.anyOf, [
      [{ name: 'Hurt/Comfort' }, { name: 'Whump' }],
      [{ name: 'A' }, { name: 'B' }],
    ]);
  });

  test('any: \\| is a pipe inside a name, \\\\ a backslash; empty choices are skipped', () => {
    assert.deepEqual(splitAnyGroup('a\\|b|c\\\\|d\\x'), [
      { text: 'a|b', start: 0, end: 4 },
      { text: 'c\\', start: 5, end: 8 },
      { text: 'd\\x', start: 9, end: 12 },
    ]);
    assert.deepEqual(ok('any=' + encodeURIComponent('a\\|b||c|')).anyOf, [[{ name: 'a|b' }, { name: 'c' }]]);
    for (const names of [
      ['a|b', 'c'],
      ['back\\slash', 'pipe|'],
      ['\\|', '|\\'],
    ]) {
      assert.deepEqual(
        splitAnyGroup(joinAnyGroup(names)).map((i) => i.text),
        names,
      );
    }
  });

  test('typed tag parameters, each repeatable; closed vocabularies by alias or AO3 name', () => {
    const q = ok(
      'rating=explicit&warning=Major+Character+Death&warning=none&category=F%2FM&fandom=Naruto&fandom=Bleach&relationship=A%2FB&character=Sakura&freeform=Fluff',
    );
    assert.deepEqual(q.includeTags, [
      { type: 'rating', name: 'Explicit' },
      { type: 'warning', name: 'Major Character Death' },
      { type: 'warning', name: 'No Archive Warnings Apply' },
      { type: 'category', name: 'F/M' },
      { type: 'fandom', name: 'Naruto' },
      { type: 'fandom', name: 'Bleach' },
      { type: 'relationship', name: 'A/B' },
      { type: 'character', name: 'Sakura' },
      { type: 'freeform', name: 'Fluff' },
    ]);
  });

  test('words, dates, language, status, crossover, sort, after, limit', () => {
    const q = ok(
      'words_from=1000&words_to=5%2C000&posted_from=2024-01-01&posted_to=2024-03&updated_from=2025&updated_to=2025-03-15' +
        '&language=pt-br&complete=false&single_chapter=true&crossover=exclude&sort=kudos&dir=asc&after=abc.123_-~&limit=50',
    );
    assert.deepEqual(q.ranges, {
      words: { min: 1000, max: 5000 },
      posted: { from: '2024-01-01', to: '2024-03-31' },
      updated: { from: '2025-01-01', to: '2025-03-15' },
    });
    assert.equal(q.language, 'pt-BR');
    assert.equal(q.complete, false);
    assert.equal(q.singleChapter, true);
    assert.equal(q.crossover, 'exclude');
    assert.deepEqual(q.sort, { field: 'kudos', direction: 'asc' });
    assert.equal(q.after, 'abc.123_-~');
    assert.equal(q.limit, 50);
  });

  test('dir alone turns the default sort; sort alone takes its natural direction', () => {
    assert.deepEqual(ok('dir=asc').sort, { field: 'updated', direction: 'asc' });
    assert.deepEqual(ok('q=dragons&dir=asc').sort, { field: 'best_match', direction: 'asc' });
    assert.deepEqual(ok('sort=title').sort, { field: 'title', direction: 'asc' });
    assert.deepEqual(ok('sort=kudos_count').sort, { field: 'kudos', direction: 'desc' });
    assert.deepEqual(ok('sort=-title').sort, { field: 'title', direction: 'desc' });
  });

  test('parameters and q meet in one query: ranges intersect, repeats collapse', () => {
    const q = ok('q=' + encodeURIComponent('words>1000 fandom:Naruto') + '&words_to=5000&fandom=naruto');
    assert.deepEqual(q.ranges.words, { min: 1001, max: 5000 });
    assert.deepEqual(q.includeTags, [{ type: 'fandom', name: 'Naruto' }]);
  });

  test('empty fields (as a GET form sends them) and unknown parameters are ignored', () => {
    assert.deepEqual(ok('q=&rating=&words_from=&sort=&limit=&utm_source=x&page=2&include[]='), emptyQuery());
  });

  test('bad values: an error naming the parameter, offsets into its value; the rest still applies', () => {
    oneError('words_from=abc', 'words_from', /^words_from needs a whole number, got 'abc'$/, 'abc');
    oneError('words_to=-5', 'words_to', /^words_to needs a whole number/, '-5');
    oneError(
      'posted_from=2024-02-30',
      'posted_from',
      /^posted_from needs a date like 2024-01-31, got '2024-02-30'$/,
      '2024-02-30',
    );
    oneError('updated_to=yesterday', 'updated_to', /^updated_to needs a date/, 'yesterday');
    oneError(
      'rating=spicy',
      'rating',
      /^unknown rating 'spicy'; use one of: general, teen, mature, explicit, notrated$/,
      'spicy',
    );
    oneError(
      'language=Elvish',
      'language',
      /^language needs a language like es, pt-BR or Spanish, got 'Elvish'$/,
      'Elvish',
    );
    oneError('complete=maybe', 'complete', /^complete needs true or false, got 'maybe'$/, 'maybe');
    oneError('single_chapter=2', 'single_chapter', /^single_chapter needs true or false/, '2');
    oneError('crossover=sometimes', 'crossover', /^crossover needs only or exclude, got 'sometimes'$/, 'sometimes');
    oneError(
      'sort=foo',
      'sort',
      /^sort: unknown sort 'foo'; sort by one of: best_match, title, creator, posted, updated, words, kudos, hits, comments, bookmarks$/,
      'foo',
    );
    oneError('dir=up', 'dir', /^dir needs asc or desc, got 'up'$/, 'up');
    oneError('limit=abc', 'limit', /^limit needs a whole number from 1 to 100, got 'abc'$/, 'abc');
    oneError('after=' + 'x'.repeat(600), 'after', /^after is not a cursor from this archive$/, 'x'.repeat(600));
    oneError('include[]=' + 'x'.repeat(151), 'include[]', /at most 150 characters/, 'x'.repeat(151));
    oneError('any=ok|' + 'y'.repeat(151), 'any', /at most 150 characters/, 'y'.repeat(151));
    oneError('q=words%3Eabc', 'q', /^words needs a number, got 'abc'$/, 'abc');

    const { query, errors } = fromUrl('words_from=abc&words_to=900&rating=spicy&fandom=Naruto');
    assert.equal(errors.length, 2);
    assert.deepEqual(query.ranges, { words: { max: 900 } });
    assert.deepEqual(query.includeTags, [{ type: 'fandom', name: 'Naruto' }]);
  });

  test('limit: 1 to 100, default 20; out of range is an error and clamps', () => {
    assert.equal(ok('').limit, 20);
    assert.equal(ok('limit=1').limit, 1);
    assert.equal(ok('limit=100').limit, 100);
    oneError('limit=500', 'limit', /^limit is from 1 to 100; got 500, using 100$/, '500');
    assert.equal(fromUrl('limit=500').query.limit, 100);
    oneError('limit=0', 'limit', /using 20/, '0');
    assert.equal(fromUrl('limit=0').query.limit, 20);
  });

  test('a sort in q and another in sort: the parameter wins, with a warning', () => {
    oneError('q=sort%3Ahits&sort=kudos', 'sort', /^only one sort applies: using kudos, not hits$/, 'kudos', 'warning');
    assert.equal(fromUrl('q=sort%3Ahits&sort=kudos').query.sort.field, 'kudos');
  });

  test('at most 50 tag filters across q and parameters', () => {
    const search = Array.from({ length: 60 }, (_, i) => `include[]=t${i}`).join('&');
    const { query, errors } = fromUrl(search);
    assert.equal(query.includeTags.length, 50);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.param, 'include[]');
  });
});

describe('queryToParams', () => {
  test('canonical URLs: only what differs from an empty search, in a fixed order', () => {
    const cases: [string, string][] = [
      ['', ''],
      ['dragons', 'q=dragons'],
      ['rating:explicit fandom:Naruto', 'rating=Explicit&fandom=Naruto'],
      ['tag:Fluff -tag:Gore any:(A | B)', 'include%5B%5D=Fluff&exclude%5B%5D=Gore&any%5B%5D=A%7CB'],
      ['-fandom:"Harry Potter"', 'q=-fandom%3A%22Harry+Potter%22'],
      ['fandom:(Naruto | Bleach)', 'q=fandom%3A%28Naruto+%7C+Bleach%29'],
      ['words:1000-5000 kudos>10', 'q=kudos%3E%3D11&words_from=1000&words_to=5000'],
      ['posted:2024 updated>=2025-01-15', 'posted_from=2024-01-01&posted_to=2024-12-31&updated_from=2025-01-15'],
      ['updated:7d', 'q=updated%3A7d'],
      [
        'lang:es complete:true single:false crossover:only',
        'language=es&complete=true&single_chapter=false&crossover=only',
      ],
      ['creator:bob', 'q=creator%3Abob'],
      ['sort:kudos', 'sort=kudos'],
      ['sort:kudos-asc', 'sort=kudos&dir=asc'],
      ['sort:updated-asc', 'dir=asc'],
      ['dragons sort:updated', 'q=dragons&sort=updated'],
      ['sort:title', 'sort=title'],
      ['sort:-title', 'sort=title&dir=desc'],
    ];
    for (const [input, search] of cases) {
      const { query, errors } = parseQuery(input, { now: NOW });
      assert.deepEqual(errors, []);
      assert.equal(queryToParams(query).toString(), search, input);
    }
  });

  test('after and limit travel when set', () => {
    const q = { ...emptyQuery(), after: 'opaque==', limit: 50 };
    assert.equal(queryToParams(q).toString(), 'after=opaque%3D%3D&limit=50');
  });
});

describe('round trips', () => {
  const QUERIES = [
    '',
    'dragons "slow burn" -angst -"major character death"',
    'fandom:"Harry Potter - J. K. Rowling" rating:explicit -warning:mcd category:f/m character:Hermione ship:"A/B" freeform:Fluff',
    'fandom:(Naruto | Bleach | "One Piece") any:(Fluff | "a | b" | "back\\\\slash") any:(fandom:Naruto | Sakura)',
    'tag:Fluff -tag:Gore tag:"a|b" -tag:"x\\\\y" rating:(teen | mature)',
    'words>1000 words<5000 kudos>=10 hits:100 comments<=5 bookmarks:2.. chapters>1',
    'posted:7d updated<30d posted<=2025-03-30 updated>=2020',
    'posted:30d..x',
    'updated:2023-02 posted:2024-01-01',
    'lang:pt-br complete:false single:true crossover:exclude creator:"Some One"',
    'dragons sort:title',
    'sort:-title',
    'sort:kudos-asc',
    'sort:updated-asc',
    'sort:best_match',
    'dragons sort:best_match-asc',
    '--x Re:Zero "back\\\\slash" tag:a\\b tag:">x" creator:"=y"',
    'ünïcödé 僕のヒーローアカデミア fandom:"僕のヒーローアカデミア | Boku no Hero Academia" tag:😀',
  ];
  for (const input of QUERIES) {
    test(`query box -> URL -> query: ${input || '(empty)'}`, () => {
      const { query } = parseQuery(input, { now: NOW });
      const search = queryToParams(query).toString();
      const back = fromUrl(search);
      assert.deepEqual(
        back.errors.filter((e) => e.severity === 'error'),
        [],
        search,
      );
      assert.deepEqual(back.query, query, search);
      assert.equal(queryToParams(back.query).toString(), search);
    });
  }

  test('after and limit round-trip', () => {
    const query = { ...parseQuery('dragons', { now: NOW }).query, after: 'eyJ1IjoiMjAyNSJ9', limit: 7 };
    assert.deepEqual(fromUrl(queryToParams(query).toString()).query, query);
  });

  const URLS = [
    'include%5B%5D=Fluff&exclude%5B%5D=Gore&any%5B%5D=A%7CB%5C%7CC',
    'rating=Explicit&warning=No+Archive+Warnings+Apply&category=F%2FM&fandom=Naruto&relationship=A%2FB&character=C&freeform=D',
    'words_from=1000&words_to=5000&posted_from=2024-01-01&posted_to=2024-03-31&updated_from=2025-01-01&updated_to=2025-03-15',
    'q=dragons&language=es&complete=true&single_chapter=false&crossover=only&sort=kudos&dir=asc&after=c&limit=21',
  ];
  for (const search of URLS) {
    test(`canonical URL -> query -> the same URL: ${search}`, () => {
      assert.equal(queryToParams(ok(search)).toString(), search);
    });
  }

  test('relative dates stay relative through the URL', () => {
    const search = queryToParams(parseQuery('updated:7d', { now: NOW }).query).toString();
    const later = queryFromParams(new URLSearchParams(search), { now: new Date('2025-04-30T00:00:00Z') }).query;
    assert.deepEqual(later.ranges.updated, { from: '2025-04-23', fromAgo: { amount: 7, unit: 'day' } });
  });

  test('the same URL gives the same query', () => {
    const search = 'q=dragons+fandom%3A%28A+%7C+B%29&rating=teen&words_from=10&sort=kudos';
    assert.deepEqual(fromUrl(search), fromUrl(search));
  });
});

test('fuzz: whatever the query box makes, the URL carries unchanged', () => {
  const rand = random(4242); // seeded, so a failure can be replayed
  const pieces = [
    '"',
    '(',
    ')',
    '|',
    '-',
    ':',
    '>',
    '<',
    '..',
    '\\',
    ' ',
    ' ',
    'fandom:',
    'tag:',
    'any:(',
    'rating:',
    'ship:',
    'words>',
    'kudos<',
    'sort:',
    'lang:',
    'posted:',
    'updated<',
    'complete:',
    'creator:',
    'Naruto',
    'One Piece',
    '1000',
    '7d',
    '2024-02',
    'teen',
    'true',
    'é',
    '😀',
    '\ud83d',
    '&',
    '=',
    '+',
    '%',
    '#',
    '?',
    '[]',
  ];
  for (let i = 0; i < 2000; i++) {
    let input = '';
    const length = Math.floor(rand() * 100);
    while (input.length < length) input += pieces[Math.floor(rand() * pieces.length)];
    const { query } = parseQuery(input, { now: NOW });
    const search = queryToParams(query).toString();
    assert.deepEqual(fromUrl(search).query, query, `${JSON.stringify(input)} -> ${search}`);
  }
});
