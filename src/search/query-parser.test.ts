import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ok, oneError, parse } from './test-query.ts';

describe('free text', () => {
  test('words, phrases and their exclusions', () => {
    const q = ok('dragons "slow burn" -angst -"major character death" hoard');
    assert.deepEqual(q.text, {
      terms: ['dragons', 'hoard'],
      phrases: ['slow burn'],
      excludedTerms: ['angst'],
      excludedPhrases: ['major character death'],
    });
  });

  test('phrases fold whitespace and honour \\" and \\\\ escapes', () => {
    assert.deepEqual(ok('"  slow \t\n burn  "').text.phrases, ['slow burn']);
    assert.deepEqual(ok('"she said \\"no\\"" "back\\\\slash" "a\\b"').text.phrases, [
      'she said "no"',
      'back\\slash',
      'a\\b',
    ]);
  });

  test('a phrase needs no space around it; empty phrases vanish', () => {
    assert.deepEqual(ok('"a b""c d"x').text, {
      terms: ['x'],
      phrases: ['a b', 'c d'],
      excludedTerms: [],
      excludedPhrases: [],
    });
    assert.deepEqual(ok('"" "   "').text.phrases, []);
  });

  test('repeats are kept once; a lone - and punctuation-only words are dropped', () => {
    assert.deepEqual(ok('dragon dragon - | ( ) -- dragon').text.terms, ['dragon']);
  });

  test('-- excludes a word that starts with a dash', () => {
    assert.deepEqual(ok('--fluff').text.excludedTerms, ['-fluff']);
  });

  test('unicode words pass through, NFC-normalised', () => {
    const q = ok('caf\u0065\u0301 僕のヒーローアカデミア "ναι όχι" -Ärger');
    assert.deepEqual(q.text.terms, ['caf\u00e9', '僕のヒーローアカデミア']);
    assert.deepEqual(q.text.phrases, ['ναι όχι']);
    assert.deepEqual(q.text.excludedTerms, ['Ärger']);
  });

  test('AND is what words do already; OR and NOT warn and are dropped', () => {
    assert.deepEqual(ok('fluff AND angst').text.terms, ['fluff', 'angst']);
    const or = oneError('Naruto OR Bleach', /OR is not an operator.*fandom:\(A \| B\)/, 'OR', 'warning');
    assert.equal(or.start, 7);
    assert.deepEqual(parse('Naruto OR Bleach').query.text.terms, ['Naruto', 'Bleach']);
    oneError('fluff NOT angst', /put - before a word/, 'NOT', 'warning');
    assert.deepEqual(ok('or and not').text.terms, ['or', 'and', 'not']);
  });

  test('a colon that is no filter stays in the word: Re:Zero, 10:30, http://x', () => {
    assert.deepEqual(ok('Re:Zero 10:30 http://example.org a:b').text.terms, [
      'Re:Zero',
      '10:30',
      'http://example.org',
      'a:b',
    ]);
  });

  test('field names are case-insensitive', () => {
    assert.deepEqual(ok('FANDOM:Naruto Words>10 SORT:Kudos').includeTags, [{ type: 'fandom', name: 'Naruto' }]);
  });
});

describe('counts', () => {
  const fields = [
    ['words', 'words'],
    ['word_count', 'words'],
    ['kudos', 'kudos'],
    ['kudos_count', 'kudos'],
    ['hits', 'hits'],
    ['comments', 'comments'],
    ['comments_count', 'comments'],
    ['bookmarks', 'bookmarks'],
    ['bookmarks_count', 'bookmarks'],
    ['chapters', 'chapters'],
  ] as const;
  for (const [name, field] of fields) {
    test(`${name} with every comparison`, () => {
      const cases: [string, { min?: number; max?: number }][] = [
        [`${name}>10`, { min: 11 }],
        [`${name}>=10`, { min: 10 }],
        [`${name}<10`, { max: 9 }],
        [`${name}<=10`, { max: 10 }],
        [`${name}=10`, { min: 10, max: 10 }],
        [`${name}:10`, { min: 10, max: 10 }],
        [`${name}:>10`, { min: 11 }],
        [`${name}:<=10`, { max: 10 }],
        [`${name}:10-20`, { min: 10, max: 20 }],
        [`${name}:10..20`, { min: 10, max: 20 }],
        [`${name}:10-`, { min: 10 }],
        [`${name}:..20`, { max: 20 }],
      ];
      for (const [input, range] of cases) assert.deepEqual(ok(input).ranges, { [field]: range }, input);
    });
  }

  test('1,000 and 10k and 1.5k', () => {
    assert.deepEqual(ok('words>=1,000').ranges.words, { min: 1000 });
    assert.deepEqual(ok('words:1.5k-10k').ranges.words, { min: 1500, max: 10000 });
    assert.deepEqual(ok('words<=1.5K').ranges.words, { max: 1500 });
  });

  test('words>1000 words<5000 combine into one range; the tighter bound wins', () => {
    assert.deepEqual(ok('words>1000 words<5000').ranges, { words: { min: 1001, max: 4999 } });
    assert.deepEqual(ok('words>1000 words>=2000 words<=9000 words<10000').ranges, { words: { min: 2000, max: 9000 } });
  });

  test('errors: not a number, nothing below zero, an empty range', () => {
    const e = oneError('fluff words>abc', /^words needs a number, got 'abc'$/, 'abc');
    assert.deepEqual([e.start, e.end], [12, 15]);
    oneError('kudos>1.5', /kudos needs a number, got '1.5'/, '1.5');
    oneError('hits:-', /hits needs a number/, '-');
    oneError('words:1-2-3', /words needs a number/, '1-2-3');
    oneError('kudos<0', /matches nothing/, '0');
    oneError('words>99999999999999999999', /words needs a number/, '99999999999999999999');
    oneError('words>5000 words<1000', /no work has at least 5001 and at most 999 words/, 'words<1000');
    oneError('words>', /^words needs a value$/, 'words>');
    oneError('kudos:(1 | 2)', /kudos takes one value/, '(1 | 2)');
  });
});

describe('sort', () => {
  test('every field and its aliases, in its natural direction', () => {
    const cases: [string, string, string][] = [
      ['best_match', 'best_match', 'desc'],
      ['relevance', 'best_match', 'desc'],
      ['title', 'title', 'asc'],
      ['creator', 'creator', 'asc'],
      ['author', 'creator', 'asc'],
      ['posted', 'posted', 'desc'],
      ['created_at', 'posted', 'desc'],
      ['updated', 'updated', 'desc'],
      ['revised', 'updated', 'desc'],
      ['revised_at', 'updated', 'desc'],
      ['words', 'words', 'desc'],
      ['word_count', 'words', 'desc'],
      ['kudos', 'kudos', 'desc'],
      ['kudos_count', 'kudos', 'desc'],
      ['hits', 'hits', 'desc'],
      ['comments', 'comments', 'desc'],
      ['bookmarks', 'bookmarks', 'desc'],
      ['best-match', 'best_match', 'desc'],
    ];
    for (const [value, field, direction] of cases)
      assert.deepEqual(ok(`sort:${value}`).sort, { field, direction }, value);
  });

  test('direction: -field and field-desc descend, +field and field-asc ascend', () => {
    assert.deepEqual(ok('sort:kudos-asc').sort, { field: 'kudos', direction: 'asc' });
    assert.deepEqual(ok('sort:kudos_asc').sort, { field: 'kudos', direction: 'asc' });
    assert.deepEqual(ok('sort:-kudos').sort, { field: 'kudos', direction: 'desc' });
    assert.deepEqual(ok('sort:-title').sort, { field: 'title', direction: 'desc' });
    assert.deepEqual(ok('sort:+title').sort, { field: 'title', direction: 'asc' });
    assert.deepEqual(ok('sort:title-desc').sort, { field: 'title', direction: 'desc' });
    assert.deepEqual(ok('sort:"kudos asc"').sort, { field: 'kudos', direction: 'asc' });
  });

  test('default: best match with words to match, else most recently updated', () => {
    assert.deepEqual(ok('dragons').sort, { field: 'best_match', direction: 'desc' });
    assert.deepEqual(ok('"slow burn"').sort, { field: 'best_match', direction: 'desc' });
    assert.deepEqual(ok('').sort, { field: 'updated', direction: 'desc' });
    assert.deepEqual(ok('-angst rating:teen').sort, { field: 'updated', direction: 'desc' });
  });

  test('conflicting sorts: the last wins, with a warning on it', () => {
    const { query } = parse('sort:hits dragons sort:kudos');
    assert.deepEqual(query.sort, { field: 'kudos', direction: 'desc' });
    oneError('sort:hits dragons sort:kudos', /^only one sort applies: using kudos, not hits$/, 'sort:kudos', 'warning');
    assert.deepEqual(parse('sort:kudos sort:kudos').errors, []);
    oneError('sort:kudos sort:kudos-asc', /using kudos ascending, not kudos$/, 'sort:kudos-asc', 'warning');
  });

  test('unknown sort lists the valid ones', () => {
    const e = oneError(
      'sort:foo',
      /^unknown sort 'foo'; sort by one of: best_match, title, creator, posted, updated, words, kudos, hits, comments, bookmarks$/,
      'foo',
    );
    assert.deepEqual([e.start, e.end], [5, 8]);
    assert.deepEqual(parse('sort:foo').query.sort, { field: 'updated', direction: 'desc' });
  });
});

describe('ratings, warnings, categories', () => {
  test('every rating by alias and by AO3 name', () => {
    const cases: [string, string][] = [
      ['general', 'General Audiences'],
      ['g', 'General Audiences'],
      ['"General Audiences"', 'General Audiences'],
      ['teen', 'Teen And Up Audiences'],
      ['t', 'Teen And Up Audiences'],
      ['"teen and up audiences"', 'Teen And Up Audiences'],
      ['mature', 'Mature'],
      ['m', 'Mature'],
      ['explicit', 'Explicit'],
      ['EXPLICIT', 'Explicit'],
      ['e', 'Explicit'],
      ['notrated', 'Not Rated'],
      ['not-rated', 'Not Rated'],
      ['"Not Rated"', 'Not Rated'],
    ];
    for (const [value, name] of cases)
      assert.deepEqual(ok(`rating:${value}`).includeTags, [{ type: 'rating', name }], value);
  });

  test('every archive warning', () => {
    const cases: [string, string][] = [
      ['none', 'No Archive Warnings Apply'],
      ['"No Archive Warnings Apply"', 'No Archive Warnings Apply'],
      ['"major character death"', 'Major Character Death'],
      ['mcd', 'Major Character Death'],
      ['violence', 'Graphic Depictions Of Violence'],
      ['"Graphic Depictions Of Violence"', 'Graphic Depictions Of Violence'],
      ['noncon', 'Rape/Non-Con'],
      ['Rape/Non-Con', 'Rape/Non-Con'],
      ['underage', 'Underage Sex'],
      ['"choose not to warn"', 'Creator Chose Not To Use Archive Warnings'],
      ['"Choose Not To Use Archive Warnings"', 'Creator Chose Not To Use Archive Warnings'],
    ];
    for (const [value, name] of cases)
      assert.deepEqual(ok(`warning:${value}`).includeTags, [{ type: 'warning', name }], value);
  });

  test('every category', () => {
    const cases: [string, string][] = [
      ['f/f', 'F/F'],
      ['f/m', 'F/M'],
      ['m/f', 'F/M'],
      ['FM', 'F/M'],
      ['m/m', 'M/M'],
      ['gen', 'Gen'],
      ['multi', 'Multi'],
      ['other', 'Other'],
    ];
    for (const [value, name] of cases)
      assert.deepEqual(ok(`category:${value}`).includeTags, [{ type: 'category', name }], value);
  });

  test('unknown values name the field and list the accepted ones', () => {
    const e = oneError(
      'dragons rating:spicy',
      /^unknown rating 'spicy'; use one of: general, teen, mature, explicit, notrated$/,
      'spicy',
    );
    assert.equal(e.start, 15);
    oneError(
      'warning:"eaten by bears"',
      /unknown warning 'eaten by bears'; use one of: none, violence/,
      '"eaten by bears"',
    );
    oneError('category:x/y', /unknown category 'x\/y'; use one of: F\/F, F\/M, Gen, M\/M, Multi, Other/, 'x/y');
  });

  test('two ratings together are two filters that match nothing, with a warning; rating:(a | b) is either', () => {
    oneError(
      'rating:teen rating:mature',
      /^a work has one rating, so Teen And Up Audiences and Mature together match nothing; for either, use rating:\(a \| b\)$/,
      'rating:mature',
      'warning',
    );
    assert.equal(parse('rating:teen rating:mature').query.includeTags.length, 2);
    assert.deepEqual(parse('rating:teen rating:t').errors, []);
    assert.deepEqual(ok('rating:(teen | mature)').anyOf, [
      [
        { type: 'rating', name: 'Teen And Up Audiences' },
        { type: 'rating', name: 'Mature' },
      ],
    ]);
  });
});

describe('tags', () => {
  test('each tag field, quoted or bare, whitespace folded', () => {
    const q = ok(
      'fandom:"Harry Potter - J. K. Rowling" character:"Hermione  Granger" relationship:"Draco Malfoy/Harry Potter" ship:Klaroline freeform:Fluff tag:AU additional:Angst',
    );
    assert.deepEqual(q.includeTags, [
      { type: 'fandom', name: 'Harry Potter - J. K. Rowling' },
      { type: 'relationship', name: 'Draco Malfoy/Harry Potter' },
      { type: 'relationship', name: 'Klaroline' },
      { type: 'character', name: 'Hermione Granger' },
      { type: 'freeform', name: 'Fluff' },
      { type: 'freeform', name: 'Angst' },
      { name: 'AU' },
    ]);
  });

  test('-fandom: and -tag: exclude', () => {
    const q = ok('-fandom:"Harry Potter" -tag:"Major Character Death" -rating:explicit -ship:Drarry');
    assert.deepEqual(q.excludeTags, [
      { type: 'rating', name: 'Explicit' },
      { type: 'fandom', name: 'Harry Potter' },
      { type: 'relationship', name: 'Drarry' },
      { name: 'Major Character Death' },
    ]);
    assert.deepEqual(q.includeTags, []);
  });

  test('a space after the colon is allowed', () => {
    assert.deepEqual(ok('fandom: Naruto').includeTags, [{ type: 'fandom', name: 'Naruto' }]);
  });

  test('the same tag twice counts once, whatever its case', () => {
    assert.deepEqual(ok('fandom:Naruto fandom:naruto tag:Naruto').includeTags, [
      { type: 'fandom', name: 'Naruto' },
      { name: 'Naruto' },
    ]);
  });

  test('a tag both included and excluded warns', () => {
    oneError('tag:Fluff -tag:fluff', /'fluff' is both included and excluded/, '-tag:fluff', 'warning');
  });

  test('errors: wrong operator, missing value, too long', () => {
    oneError('fandom>Naruto', /^fandom takes ':' \(like fandom:"a tag"\), not '>'$/, 'fandom>Naruto');
    oneError('x fandom:', /^fandom needs a value$/, 'fandom:');
    oneError('fandom:""', /^fandom needs a tag name$/, '""');
    const long = 'x'.repeat(151);
    oneError(`tag:${long}`, /at most 150 characters/, long);
  });

  test('a near-miss field name is an error with a suggestion, not text', () => {
    const e = oneError('fandon:Naruto dragons', /^unknown filter 'fandon'; did you mean 'fandom'\?$/, 'fandon');
    assert.equal(e.start, 0);
    assert.deepEqual(parse('fandon:Naruto dragons').query.text.terms, ['dragons']);
    oneError('-ratng:explicit', /did you mean 'rating'/, 'ratng');
  });
});

describe('any-of groups', () => {
  test('fandom:(Naruto | Bleach | "One Piece")', () => {
    assert.deepEqual(ok('fandom:(Naruto | Bleach | "One Piece")').anyOf, [
      [
        { type: 'fandom', name: 'Naruto' },
        { type: 'fandom', name: 'Bleach' },
        { type: 'fandom', name: 'One Piece' },
      ],
    ]);
  });

  test('bare choices may hold spaces and balanced parentheses, as AO3 fandom names do', () => {
    assert.deepEqual(ok('fandom:(Teen Wolf (TV) | Sherlock (TV)|Supernatural (TV 2005))').anyOf[0], [
      { type: 'fandom', name: 'Teen Wolf (TV)' },
      { type: 'fandom', name: 'Sherlock (TV)' },
      { type: 'fandom', name: 'Supernatural (TV 2005)' },
    ]);
  });

  test('quoted choices may hold | and )', () => {
    assert.deepEqual(ok('any:("a | b" | "c)")').anyOf, [[{ name: 'a | b' }, { name: 'c)' }]]);
  });

  test('any:( ) is untyped; a choice may name its own type', () => {
    assert.deepEqual(ok('any:(fandom:Naruto | character:"Sakura Haruno" | Fluff | rating:teen)').anyOf, [
      [
        { type: 'fandom', name: 'Naruto' },
        { type: 'character', name: 'Sakura Haruno' },
        { name: 'Fluff' },
        { type: 'rating', name: 'Teen And Up Audiences' },
      ],
    ]);
  });

  test('several groups combine with AND; typed groups first', () => {
    const q = ok('any:(Fluff | Angst) fandom:(Naruto | Bleach) tag:(Hurt/Comfort | Whump)');
    assert.deepEqual(q.anyOf, [
      [
        { type: 'fandom', name: 'Naruto' },
        { type: 'fandom', name: 'Bleach' },
      ],
      [{ name: 'Fluff' }, { name: 'Angst' }],
      [{ name: 'Hurt/Comfort' }, { name: 'Whump' }],
    ]);
  });

  test('a group of one is a plain include; repeats collapse; the same group twice counts once', () => {
    assert.deepEqual(ok('fandom:(Naruto)').includeTags, [{ type: 'fandom', name: 'Naruto' }]);
    assert.deepEqual(ok('fandom:(Naruto | naruto)').anyOf, []);
    assert.deepEqual(ok('fandom:(A | B) fandom:(b | a)').anyOf.length, 1);
  });

  test('-fandom:(A | B) excludes both', () => {
    assert.deepEqual(ok('-fandom:(Naruto | Bleach)').excludeTags, [
      { type: 'fandom', name: 'Naruto' },
      { type: 'fandom', name: 'Bleach' },
    ]);
  });

  test('errors: unclosed group, empty choice, text after a quoted choice, bad choice', () => {
    const e = oneError('fandom:(Naruto | Bleach', /^unclosed '\(': add a closing '\)'$/, '(Naruto | Bleach');
    assert.equal(e.start, 7);
    assert.deepEqual(parse('fandom:(Naruto | Bleach').query.anyOf[0]?.length, 2);
    oneError('fandom:(| Naruto | Bleach)', /empty choice/, '|', 'warning');
    oneError('any:("One Piece" x | Bleach)', /expected '\|' or '\)'/, 'x ');
    oneError('rating:(teen | spicy)', /unknown rating 'spicy'/, 'spicy');
    assert.deepEqual(parse('rating:(teen | spicy)').query.includeTags, [
      { type: 'rating', name: 'Teen And Up Audiences' },
    ]);
  });
});

describe('errors and limits', () => {
  test('unclosed quote: error from the quote to the end, then read as words', () => {
    const e = oneError('fluff "slow burn rating:teen', /^unclosed quote/, '"slow burn rating:teen');
    assert.deepEqual([e.start, e.end], [6, 28]);
    const { query } = parse('fluff "slow burn rating:teen');
    assert.deepEqual(query.text.terms, ['fluff', 'slow', 'burn']);
    assert.deepEqual(query.includeTags, [{ type: 'rating', name: 'Teen And Up Audiences' }]);
    assert.deepEqual(parse('-"abc').query.text.excludedTerms, ['abc']);
  });

  test('parsing goes on past errors and reports each, in order', () => {
    const { query, errors } = parse('words>abc sort:foo rating:spicy dragons kudos>5');
    assert.deepEqual(
      errors.map((e) => e.message.split(' ').slice(0, 2).join(' ')),
      ['words needs', 'unknown sort', 'unknown rating'],
    );
    assert.deepEqual(query.text.terms, ['dragons']);
    assert.deepEqual(query.ranges, { kudos: { min: 6 } });
  });

  test('input over 2,000 characters: an error, and the first 2,000 are searched', () => {
    const input = 'word '.repeat(1000);
    const { query, errors } = parse(input);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.message, /at most 2000 characters/);
    assert.deepEqual([errors[0]!.start, errors[0]!.end], [2000, 5000]);
    assert.deepEqual(query.text.terms, ['word']);
  });

  test('at most 50 tag filters, counted across include, exclude and groups; one error', () => {
    const tags = Array.from({ length: 60 }, (_, i) => `tag:t${i}`).join(' ');
    const { query, errors } = parse(`any:(a | b) -tag:x ${tags}`);
    assert.equal(query.includeTags.length + query.excludeTags.length + query.anyOf.flat().length, 50);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.message, /at most 50 tag filters; 't47' and any after it were ignored/);
    assert.equal(parse(`any:(a | b) -tag:x ${tags}`).query.includeTags.at(-1)?.name, 't46');
  });

  test('offsets are UTF-16 indices into the input', () => {
    const input = '😀 ünï words>x';
    const e = oneError(input, /words needs a number/, 'x');
    assert.equal(e.start, input.length - 1);
  });
});
