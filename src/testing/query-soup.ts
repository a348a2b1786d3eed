// Random and hostile search queries, for the parser's robustness tests and its benchmark.

/** mulberry32: a seeded generator, so a failure can be replayed. */
export function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/** Pieces of the query language and of hostile text, glued at random into queries. */
const PIECES = [
  '"',
  '"',
  '(',
  ')',
  '|',
  '-',
  ':',
  '>',
  '<',
  '=',
  '>=',
  '..',
  '\\',
  ' ',
  ' ',
  '  ',
  '\t',
  '\n',
  'fandom:',
  'tag:',
  'any:(',
  'rating:',
  'warning:',
  'category:',
  'ship:',
  'words>',
  'words:',
  'kudos<',
  'sort:',
  'sort:-',
  'lang:',
  'posted:',
  'updated<',
  'complete:',
  'wip:',
  'single:',
  'crossover:',
  'creator:',
  'fandon:',
  'OR',
  'AND',
  'NOT',
  'Naruto',
  'One Piece',
  '1000',
  '1,000',
  '10k',
  '7d',
  '3m',
  '2024-02-29',
  '2023-02-29',
  'explicit',
  'teen',
  'none',
  'kudos',
  'true',
  'only',
  'é',
  '\u0301',
  '😀',
  '\ud83d',
  '僕',
  'Ω',
  '\u00a0',
  '\u200b',
  '\u0000',
];
/** A query of at least `length` characters from random pieces. */
export function querySoup(rand: () => number, length: number): string {
  let s = '';
  while (s.length < length) s += PIECES[Math.floor(rand() * PIECES.length)];
  return s;
}

/** Inputs built to make a careless parser backtrack or loop: long runs of one mark, deep nesting, huge soups. */
export function hostileQueries(rand: () => number): string[] {
  return [
    '"'.repeat(5000),
    '('.repeat(5000),
    'fandom:' + '('.repeat(3000),
    'any:(' + 'a|'.repeat(2000),
    'fandom:("' + 'x'.repeat(3000),
    '-'.repeat(5000),
    'words>'.repeat(1000),
    '\\'.repeat(5000),
    'a:'.repeat(2500),
    'fandonn:x '.repeat(300),
    querySoup(rand, 2000),
    querySoup(rand, 100_000),
  ];
}
