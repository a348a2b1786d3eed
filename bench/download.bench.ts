// npm run bench:download — how long an EPUB download of a long work takes to build, beside
// calibre's ebook-convert turning the same work (our single-file HTML download) into an EPUB.
// The work is generated deterministically: 300,000 words in 60 chapters, with dialogue, scene
// breaks, italics and author's notes, so the figure is comparable from run to run.
// Quire: warm-up, then RUNS timed builds of buildEpub (the bytes a cache miss serves), median.
// calibre: CALIBRE_RUNS timed conversions, median (it is a separate process, so no warm-up).
// The last line is machine-readable:
//   bench:download words=N quire_s=A calibre_s=B ratio=R peak_rss_mb=M
// calibre_s and ratio are NA when ebook-convert is not installed (apt-get install calibre).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { countWords, htmlToText } from '../src/analysis/word-count.ts';
import { buildEpub } from '../src/exporters/epub.ts';
import type { ExportableWork } from '../src/exporters/exportable-work.ts';
import { buildHtml } from '../src/exporters/html.ts';

const WORDS = 300_000;
const CHAPTERS = 60;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CALIBRE_RUNS = Number(process.env.BENCH_CALIBRE_RUNS ?? 3);

function generate(): ExportableWork {
  let seed = 20240601;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const people = ['Agnes', 'Wren', 'Ada Harlow', 'Tomas', 'the keeper', 'Ines', 'Oskar', 'the ghost'];
  const places = ['the lamp room', 'the harbour', 'the stair', 'the kitchen', 'the cliff path', 'the boathouse'];
  const verbs = ['climbed to', 'looked out over', 'waited in', 'ran down', 'thought about', 'came back to'];
  const said = [
    '"We should go," {a} said.',
    '"Not yet," {a} whispered, and <em>meant it</em>.',
    '"Did you hear that?" {a} asked {b}.',
    '"I told you so," said {a}.',
  ];
  const narration = [
    '{a} {v} {p} and {b} followed without a word.',
    'The rain had not stopped since morning, and {a} was tired of it.',
    'It was late when {a} {v} {p}; the lamp was already turning.',
    'Nobody in {p} had seen {b} since the winter, and nobody asked.',
    '{a} laughed, and for a moment the room was warm &amp; bright.',
    '{a} remembered the {w} at {w}, and the {w} {b} had brought from {w}.',
    'Somewhere below, the {w} and the {w} went on as if {a} had never come.',
  ];
  // Made-up words, so the text is not a handful of sentences repeated (which would compress
  // far better than prose does).
  const syllables = [
    'ka',
    'ren',
    'dol',
    'mi',
    'tha',
    'sor',
    'ven',
    'lu',
    'bri',
    'od',
    'ash',
    'wyn',
    'tor',
    'el',
    'quin',
  ];
  const word = () => Array.from({ length: 2 + Math.floor(rand() * 2) }, () => pick(syllables)).join('');
  const sentence = () => {
    const a = pick(people);
    let b = pick(people);
    if (b === a) b = people[(people.indexOf(a) + 1) % people.length]!;
    return (rand() < 0.35 ? pick(said) : pick(narration))
      .replace('{a}', a)
      .replace('{b}', b)
      .replace('{v}', pick(verbs))
      .replace('{p}', pick(places))
      .replace(/\{w\}/g, word);
  };
  const perChapter = WORDS / CHAPTERS;
  const chapters: ExportableWork['chapters'] = [];
  let total = 0;
  for (let c = 1; c <= CHAPTERS; c++) {
    const paras: string[] = [];
    let words = 0;
    while (words < perChapter) {
      const parts: string[] = [];
      const n = 2 + Math.floor(rand() * 6);
      for (let k = 0; k < n; k++) parts.push(sentence());
      let p = parts.join(' ');
      const room = perChapter - words;
      let count = countWords(htmlToText(p));
      // The chapter's last paragraph is cut to the exact count, by AO3's counter.
      for (let tokens = p.split(' '); count > room; count = countWords(htmlToText(p)))
        p = (tokens = tokens.slice(0, -1)).join(' ');
      words += count;
      paras.push(rand() < 0.04 ? `<hr><p>${p}</p>` : `<p>${p}</p>`);
    }
    total += words;
    chapters.push({
      position: c,
      title: `Chapter ${c}: ${pick(['The Lamp', 'Fog', 'The Storm', 'Low Tide', 'Letters', 'The Stair'])}`,
      html: paras.join('\n'),
      notes:
        c % 10 === 1 ? [{ position: 'beginning', html: '<p>Thank you for the comments on the last chapter!</p>' }] : [],
    });
  }
  return {
    id: 1,
    url: 'https://quire.example/works/1',
    title: 'The Keeper of Gull Rock',
    creators: ['tidewright'],
    summary: 'A lighthouse, a long winter, and everyone who comes to the rock.',
    language: 'en',
    words: total,
    postedAt: '2024-01-05T08:00:00.000Z',
    updatedAt: '2024-06-01T09:30:00.000Z',
    complete: true,
    tags: [
      { type: 'rating', name: 'Teen And Up Audiences' },
      { type: 'fandom', name: 'Original Work' },
      { type: 'freeform', name: 'Slow Burn' },
    ],
    series: [],
    notes: [{ position: 'end', html: '<p>Thank you for reading.</p>' }],
    chapters,
    archiveName: 'Quire',
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const work = generate();
const words = work.chapters.reduce((sum, c) => sum + countWords(htmlToText(c.html)), 0);
console.log(`work: ${words.toLocaleString('en')} words of chapter text in ${work.chapters.length} chapters`);

buildEpub(work); // warm-up: JIT, module loading
const times: number[] = [];
let size = 0;
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  const bytes = buildEpub(work);
  times.push((performance.now() - t) / 1000);
  size = bytes.byteLength;
}
const quire = median(times);
console.log(
  `quire buildEpub: median ${quire.toFixed(3)} s of ${RUNS} (${times.map((t) => t.toFixed(3)).join(', ')}), ${(size / 1024 / 1024).toFixed(2)} MB`,
);

const dir = mkdtempSync(join(tmpdir(), 'quire-bench-download-'));
let calibre: number | null = null;
try {
  const which = spawnSync('ebook-convert', ['--version'], { encoding: 'utf8' });
  if (which.error || which.status !== 0) {
    console.log('calibre: ebook-convert not found (apt-get install -y calibre); calibre_s=NA');
  } else {
    const input = join(dir, 'work.html');
    writeFileSync(input, buildHtml(work));
    const ctimes: number[] = [];
    for (let i = 0; i < CALIBRE_RUNS; i++) {
      const output = join(dir, `calibre-${i}.epub`);
      const t = performance.now();
      const run = spawnSync('ebook-convert', [input, output], {
        encoding: 'utf8',
        env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' },
        maxBuffer: 64 * 1024 * 1024,
      });
      const s = (performance.now() - t) / 1000;
      if (run.status !== 0) throw new Error(`ebook-convert failed (${run.status}): ${run.stderr.slice(-2000)}`);
      ctimes.push(s);
      console.log(`calibre run ${i + 1}: ${s.toFixed(2)} s, ${(statSync(output).size / 1024 / 1024).toFixed(2)} MB`);
    }
    calibre = median(ctimes);
    console.log(
      `calibre ebook-convert (${which.stdout.split('\n')[0]}): median ${calibre.toFixed(2)} s of ${CALIBRE_RUNS}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const peak = process.resourceUsage().maxRSS / 1024;
const ratio = calibre === null ? 'NA' : (calibre / quire).toFixed(1);
if (calibre !== null) console.log(`quire is ${ratio}x faster than calibre (target: 20x)`);
console.log(
  `bench:download words=${words} quire_s=${quire.toFixed(3)} calibre_s=${calibre === null ? 'NA' : calibre.toFixed(2)} ratio=${ratio} peak_rss_mb=${peak.toFixed(0)}`,
);
