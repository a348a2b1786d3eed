// Text files built to be hard for the readers: nesting on both sides of the limits in
// src/importers/markup-limits.ts and far past them, element counts at the limit, huge lines, runs
// of Markdown marks, unclosed syntax, NUL bytes and controls. Each maker returns [recipe, text].
import { MARKUP_LIMITS } from '../../src/importers/markup-limits.ts';
import { list, type Rng } from './rng.ts';
import { ODD, sentence } from './stories.ts';

/** Depths either side of the nesting limit, and far past it. */
export function depth(rng: Rng): number {
  const n = MARKUP_LIMITS.nesting;
  return rng.weighted([
    [3, rng.range(2, 100)],
    [4, rng.pick([n - 2, n - 1, n, n + 1, n + 10])],
    [0.2, 1000],
    [0.05, 20_000],
  ]);
}

/** A count for repeated shapes: mostly small, now and then large. Large ones are slow to read, so rare. */
export function count(rng: Rng): number {
  return rng.weighted([
    [85, rng.range(10, 2000)],
    [14, rng.range(2000, 20_000)],
    [0.5, rng.range(20_000, 200_000)],
  ]);
}

/** Sentences up to about `size` characters. */
function filler(rng: Rng, size: number): string {
  const parts: string[] = [];
  for (let len = 0; len < size; ) {
    const s = sentence(rng, 0.02);
    parts.push(s);
    len += s.length + 1;
  }
  return parts.join(' ');
}

export function hostileTxt(rng: Rng): [string, string | Buffer] {
  const big = rng.weighted([
    [8, rng.range(1_000, 50_000)],
    [1, rng.range(50_000, 500_000)],
    [0.1, rng.range(1_000_000, 4_000_000)],
  ]);
  return rng.recipe<string | Buffer>({
    'huge-line': () => filler(rng, big),
    'long-word': () => 'a'.repeat(big),
    'many-lines': () => 'x\n'.repeat(big >> 1),
    'many-headings': () => Array.from({ length: big >> 7 }, (_, i) => `Chapter ${i}\n\n${sentence(rng)}`).join('\n\n'),
    'header-spam': () => `Title: ${'t'.repeat(100)}\n`.repeat(big >> 7) + 'Body.\n',
    'nul-bytes': () => filler(rng, 2000).replace(/ /g, () => (rng.chance(0.2) ? '\0' : ' ')),
    'all-nul': () => Buffer.alloc(rng.range(1, 5000)),
    controls: () => Array.from({ length: 3000 }, () => String.fromCharCode(rng.int(32))).join(''),
    whitespace: () => ' \t\n\u00a0\u3000\u2028'.repeat(rng.range(1, 5000)),
    separators: () => `${rng.pick(list('***|~~~|---|* * *|#'))}\n\n`.repeat(big >> 4) + 'End.',
    'random-bytes': () => rng.bytes(rng.range(1, 20_000)),
    htmlish: () => `<p>${filler(rng, 3000)}</p>`.repeat(rng.range(1, 50)),
    'odd-mix': () => Array.from({ length: 2000 }, () => rng.pick(ODD)).join(rng.pick([' ', '\n', '\n\n'])),
  });
}

export function hostileMd(rng: Rng): [string, string] {
  const limit = MARKUP_LIMITS.inlineMarks;
  const marks = rng.pick([100, 500, limit - 1, limit + 1, 5000]);
  const n = count(rng);
  const d = depth(rng);
  // Nested lines grow with the square of the depth: kept to depths that stay under a few MB.
  const lines = Math.min(d, 1000);
  // Three long runs pass the limit on runs but not marked: long ones now and then, kept small in bytes.
  const run = rng.chance(0.1) ? 60_000 : n;
  return rng.recipe<string>({
    [`mark-runs-${marks}`]: () => rng.pick(list('*a |_a |**a|`a |[a |~a ')).repeat(marks),
    'many-marked-paragraphs': () => `${'*a '.repeat(limit - 1)}\n\n`.repeat(rng.range(2, 20)),
    [`nested-quotes-${d}`]: () => `${'>'.repeat(d)} deep\n`,
    [`nested-quote-lines-${lines}`]: () =>
      Array.from({ length: lines }, (_, i) => `${'> '.repeat(i + 1)}line`).join('\n'),
    [`nested-lists-${lines}`]: () => Array.from({ length: lines }, (_, i) => `${'  '.repeat(i)}- item`).join('\n'),
    [`inline-html-${d}`]: () => `${'<div>'.repeat(d)}x${'</div>'.repeat(d)}`,
    [`brackets-${Math.min(n, marks)}`]: () => `${'['.repeat(Math.min(n, marks))}a${']'.repeat(Math.min(n, marks))}(b)`,
    [`link-parens-${n}`]: () => `[a](${'('.repeat(n)}`,
    [`link-parens-closed-${n}`]: () => `[a](${'(b'.repeat(n)}${')'.repeat(n)})`,
    [`backticks-${n}`]: () => `${'`'.repeat(n)} code ${'`'.repeat(Math.max(1, n - 1))}`,
    [`angle-${n}`]: () => `${'<'.repeat(n)}a${'>'.repeat(n >> 1)}`,
    [`autolinks-${n}`]: () => `www.${'a_'.repeat(n)} http://${'a.'.repeat(n)}`,
    [`table-${n}`]: () => `${'|a'.repeat(n)}|\n${'|-'.repeat(n)}|\n${'|x'.repeat(n)}|`,
    [`refdefs-${n}`]: () => `${'[x]: http://a "t"\n'.repeat(n)}\n${'[x][x] '.repeat(Math.min(n, 900))}`,
    [`escapes-${n}`]: () => `${'\\'.repeat(n)}*`,
    [`headings-${n}`]: () => `${'#'.repeat(rng.range(1, 50))} ${sentence(rng)}\n`.repeat(n >> 2 || 1),
    [`setext-${n}`]: () => 'a\n===\n'.repeat(n >> 2 || 1),
    [`emphasis-stack-${run}`]: () => `${'*'.repeat(run)}a${'*'.repeat(run)} ${'_'.repeat(run)}b`,
    'front-matter-odd': () =>
      `---\ntitle: [${'"'.repeat(rng.int(9))}\ntags: {a: [b, {c: d}]}\n\t: :\n${rng.chance(0.5) ? '---\n' : ''}Body.`,
    [`entities-${n}`]: () => '&#99999999999; &#x110000; &#xD800; &#0; &amp '.repeat(n >> 2 || 1),
    [`unclosed-fence-${n}`]: () => `\`\`\`\n${sentence(rng).repeat(n >> 4 || 1)}`,
  });
}

const TAGS = list('div|span|b|i|blockquote|font|section|a|em|p|li|td|table|ruby');

export function hostileHtml(rng: Rng): [string, string] {
  const d = depth(rng);
  const tag = rng.pick(TAGS);
  const el = rng.weighted([
    [60, count(rng)],
    [1, MARKUP_LIMITS.elements - 10],
    [1, MARKUP_LIMITS.elements + 10],
  ]);
  const n = count(rng);
  return rng.recipe<string>({
    [`nest-${tag}-${d}`]: () => `<body>${`<${tag}>`.repeat(d)}deep${`</${tag}>`.repeat(d)}</body>`,
    [`unclosed-${tag}-${d}`]: () => `<body>${`<${tag}>text `.repeat(d)}`,
    [`nest-mixed-${d}`]: () => Array.from({ length: d }, () => `<${rng.pick(TAGS)}>`).join('x'),
    [`nest-table-${d}`]: () => `${'<table><tr><td>'.repeat(d)}cell`,
    [`nest-list-${d}`]: () => `${'<ul><li>'.repeat(d)}item`,
    [`elements-${el}`]: () => '<p>a</p>'.repeat(el),
    [`br-${el}`]: () => 'x<br>'.repeat(el),
    [`attributes-${n}`]: () => `<p ${Array.from({ length: n }, (_, i) => `a${i}="${i}"`).join(' ')}>x</p>`,
    [`attribute-value-${n}`]: () => `<p title="${'v'.repeat(n * 10)}" style="${'x:y;'.repeat(n)}">x</p>`,
    entities: () => '&amp;&#0;&#xD800;&#1114112;&#99999999999;&notanentity;&'.repeat(n >> 3 || 1),
    'comment-unclosed': () => `<p>a</p><!--${'x'.repeat(n)}`,
    'script-unclosed': () => `<p>a</p><script>${'x<p>'.repeat(n)}`,
    'cdata-pi': () => `<![CDATA[${'x'.repeat(n)}]]><?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><p>&a;</p>`,
    [`headings-${n}`]: () => Array.from({ length: n >> 4 || 1 }, (_, i) => `<h2>Chapter ${i}</h2><p>x</p>`).join(''),
    foreign: () => `<svg>${'<g>'.repeat(d)}</svg><math>${'<mrow>'.repeat(d)}</math><p>text</p>`,
    dangerous: () =>
      '<p><a href="javascript:alert(1)">a</a><img src=x onerror=alert(1)><iframe src=//x></iframe><style>*{}</style>text</p>',
    'dl-tags-odd': () => `<dl class="tags">${'<dt>Rating:</dt><dd>'.repeat(rng.range(1, 300))}<p>Body.</p>`,
  });
}
