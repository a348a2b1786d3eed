// npm run bench:analysis — how long analyze() takes on a 100,000-word novel.
// Uses the first 100,000 words of a novel from ../shared/eval/novels/ when that folder exists;
// otherwise generates 100,000 words deterministically (names, dialogue, narration) so that the
// figure is comparable from run to run. Warm-up, then RUNS timed runs; prints the median.
// The last line is machine-readable:
//   bench:analysis words=N seconds=S words_per_second=W peak_rss_mb=M

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../src/analysis/analyze.ts';
import { indexCanon, loadCanon } from '../src/analysis/canon.ts';
import { countWords } from '../src/analysis/word-count.ts';

const WORDS = 100_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NOVELS = resolve(ROOT, '..', 'shared', 'eval', 'novels');

/** The first `n` words of `text`, cut at the end of the word (whitespace kept as written). */
function firstWords(text: string, n: number): string {
  const re = /\S+/g;
  let count = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (/[\p{L}\p{N}]/u.test(m[0]) && ++count === n) return text.slice(0, m.index + m[0].length);
  }
  return text;
}

/** A deterministic pseudo-novel: a small grammar over names, places and speech. */
function generate(n: number): string {
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const people = ['Mara', 'Tomas', 'Ines', 'Oskar', 'Lena', 'Piet', 'Clara Voss', 'Jonah Reyes'];
  const places = ['the harbour', 'the mill', 'the station', 'the kitchen', 'the old road', 'the church'];
  const verbs = ['walked to', 'looked at', 'waited by', 'ran past', 'thought about', 'came back to'];
  const lines = [
    '"We should go," {a} said.',
    '"Not yet," {a} whispered.',
    '"Did you hear that?" {a} asked {b}.',
    '"I told you so," said {a}.',
  ];
  const narration = [
    '{a} {v} {p} and {b} followed without a word.',
    'The rain had not stopped since morning, and {a} was tired of it.',
    '{a} kissed {b} once, quickly, by the door.',
    'It was late when {a} {v} {p}; the lamps were already lit.',
    'Nobody in {p} had seen {b} since the winter.',
    '{a} laughed, and for a moment the room was warm.',
  ];
  const out: string[] = [];
  let words = 0;
  let chapter = 1;
  while (words < n) {
    if (words >= chapter * 5000) out.push(`\n\nChapter ${++chapter}\n\n`);
    const a = pick(people);
    let b = pick(people);
    if (b === a) b = people[(people.indexOf(a) + 1) % people.length]!;
    const s = (rand() < 0.35 ? pick(lines) : pick(narration))
      .replace('{a}', a)
      .replace('{b}', b)
      .replace('{v}', pick(verbs))
      .replace('{p}', pick(places));
    out.push(s, rand() < 0.3 ? '\n\n' : ' ');
    words += s.split(/\s+/).length;
  }
  return firstWords(out.join(''), n);
}

function source(): { name: string; text: string } {
  if (existsSync(NOVELS)) {
    for (const file of readdirSync(NOVELS)
      .filter((f) => f.endsWith('.txt'))
      .sort()) {
      const text = readFileSync(join(NOVELS, file), 'utf8');
      if (countWords(text) >= WORDS) return { name: file, text: firstWords(text, WORDS) };
    }
  }
  return { name: 'generated', text: generate(WORDS) };
}

const { name, text } = source();
const words = countWords(text);
const canon = indexCanon(loadCanon());

// Warm-up: JIT and the lexicons' first use. The caches inside the analysis are keyed by the
// string's value, so each run gets a text of its own (trailing spaces differ) to measure real work.
const copy = (i: number) => text + ' '.repeat(i);
analyze(copy(0), canon);

const times: number[] = [];
for (let i = 1; i <= RUNS; i++) {
  const input = copy(i);
  const t0 = performance.now();
  analyze(input, canon);
  times.push((performance.now() - t0) / 1000);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
const rss = process.resourceUsage().maxRSS / 1024;
console.log(`text: ${name}, ${words} words, ${text.length} characters; ${RUNS} runs after a warm-up`);
console.log(`runs (s): ${times.map((t) => t.toFixed(3)).join(' ')}`);
console.log(
  `bench:analysis words=${words} seconds=${median.toFixed(3)} words_per_second=${Math.round(words / median)} peak_rss_mb=${Math.round(rss)}`,
);
