// npm run eval — how well analyze() proposes what a careful human tagger would, signal by signal.
//   1. the team corpus, eval/corpus/*.txt against eval/corpus/labels.json;
//   2. the shared seeds, ../shared/seeds/ against its labels.json, when that folder exists;
//   3. real fan works, ../shared/eval/realfic-dev/ with their authors' tags, through that folder's own
//      scorer (score-realfic.mjs --run), when it exists, and our own calibration over them; then
//      any further set in the same layout named by `--realfic DIR` (kept outside the project);
//   4. LitBank character detection last, so the final line is its scorer's `precision= recall= f1=`.
// Each labelled set also reports calibration: the expected calibration error (ECE, 10 bins) of
// each signal's confidences against whether the proposal was right. ../shared may be moved with
// QUIRE_SHARED_DIR.
// Labels: `acceptable*` fields count as right but are not required; `mentionedOnly` characters may
// be omitted without penalty (and count as right when proposed).
//   node --import tsx scripts/eval.ts [--details] [--reliability] [--realfic DIR ...]

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../src/analysis/analyze.ts';
import { indexCanon, loadCanon } from '../src/analysis/canon.ts';
import type { CanonIndex } from '../src/analysis/canon-types.ts';
import type { Analysis } from '../src/analysis/types.ts';
import { readSetting } from '../src/config.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = readSetting('sharedDir');

interface Label {
  wordCount?: number;
  language?: string;
  pov?: string;
  tense?: string;
  fandoms?: string[];
  acceptableFandoms?: string[];
  characters?: Record<string, string[]>;
  mentionedOnly?: Record<string, string[]>;
  acceptableCharacters?: Record<string, string[]> | string[];
  relationships?: string[];
  acceptableRelationships?: string[];
  rating?: string;
  acceptableRatings?: string[];
  warnings?: string[];
  acceptableWarnings?: string[];
  authorNotes?: string[];
  summary?: string | null;
  freeforms?: string[];
  acceptableFreeforms?: string[];
}

const SIGNALS = [
  'fandoms',
  'characters',
  'relationships',
  'rating',
  'warnings',
  'pov',
  'tense',
  'language',
  'summary',
  'notes',
  'freeforms',
  'categories',
] as const;
type Signal = (typeof SIGNALS)[number];

/** Counts for precision (right / proposed) and recall (found / expected). */
interface Tally {
  right: number;
  proposed: number;
  found: number;
  expected: number;
  /** Each proposal's confidence and whether it was right, for calibration. */
  calls: { confidence: number; right: boolean }[];
}

interface Miss {
  file: string;
  signal: Signal;
  missing: string[];
  extra: string[];
}

const norm = (s: string) => s.toLowerCase().replace(/[’‘]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim();

/** Score a set-valued signal. */
function scoreSet(
  tally: Tally,
  got: string[],
  expected: string[],
  acceptable: string[] = [],
  confidences: number[] = [],
): { missing: string[]; extra: string[] } {
  const g = new Set(got.map(norm));
  const want = new Set(expected.map(norm));
  const ok = new Set([...want, ...acceptable.map(norm)]);
  const extra = got.filter((x) => !ok.has(norm(x)));
  got.forEach((x, i) => {
    const confidence = confidences[i];
    if (confidence !== undefined) tally.calls.push({ confidence, right: ok.has(norm(x)) });
  });
  const missing = expected.filter((x) => !g.has(norm(x)));
  tally.proposed += got.length;
  tally.right += got.length - extra.length;
  tally.expected += expected.length;
  tally.found += expected.length - missing.length;
  return { missing, extra };
}

/** Words of a text, for comparing notes and summaries that differ in spacing or a label. */
function wordsOf(s: string): string[] {
  return norm(s).match(/[\p{L}\p{N}']+/gu) ?? [];
}

/** Two passages match when most of the words of each are in the other. */
function samePassage(a: string, b: string): boolean {
  const wa = wordsOf(a);
  const wb = wordsOf(b);
  if (!wa.length || !wb.length) return wa.length === wb.length;
  const sa = new Set(wa);
  const sb = new Set(wb);
  const inB = wa.filter((w) => sb.has(w)).length / wa.length;
  const inA = wb.filter((w) => sa.has(w)).length / wb.length;
  return inA >= 0.8 && inB >= 0.8;
}

function scorePassages(tally: Tally, got: string[], expected: string[]): { missing: string[]; extra: string[] } {
  const used = new Set<number>();
  const extra: string[] = [];
  for (const g of got) {
    const i = expected.findIndex((e, k) => !used.has(k) && samePassage(g, e));
    if (i >= 0) used.add(i);
    else extra.push(g);
  }
  const missing = expected.filter((_, k) => !used.has(k));
  tally.proposed += got.length;
  tally.right += got.length - extra.length;
  tally.expected += expected.length;
  tally.found += expected.length - missing.length;
  return { missing, extra };
}

/**
 * Characters: a proposal is right when its name or one of its aliases is a labelled character's
 * name or alias (on-page, mentioned-only or acceptable); recall counts only on-page characters.
 */
function scoreCharacters(tally: Tally, analysis: Analysis, label: Label): { missing: string[]; extra: string[] } {
  const onPage = Object.entries(label.characters ?? {});
  const acceptableChars = Array.isArray(label.acceptableCharacters)
    ? label.acceptableCharacters.map((n): [string, string[]] => [n, []])
    : Object.entries(label.acceptableCharacters ?? {});
  const optional = [...Object.entries(label.mentionedOnly ?? {}), ...acceptableChars];
  const keys = (name: string, aliases: string[]) => new Set([name, ...aliases].map(norm));
  const goldKeys = onPage.map(([n, a]) => keys(n, a));
  const optionalKeys = optional.map(([n, a]) => keys(n, a));
  const found = new Set<number>();
  const extra: string[] = [];
  for (const c of analysis.characters) {
    const mine = [c.name, ...c.aliases].map(norm);
    const hit = goldKeys.findIndex((k) => mine.some((m) => k.has(m)));
    const optional = optionalKeys.some((k) => mine.some((m) => k.has(m)));
    if (hit >= 0) found.add(hit);
    else if (!optional) extra.push(c.name);
    tally.calls.push({ confidence: c.confidence, right: hit >= 0 || optional });
  }
  const missing = onPage.filter((_, i) => !found.has(i)).map(([n]) => n);
  tally.proposed += analysis.characters.length;
  tally.right += analysis.characters.length - extra.length;
  tally.expected += onPage.length;
  tally.found += found.size;
  return { missing, extra };
}

function evaluate(
  name: string,
  dir: string,
  canon: CanonIndex,
  misses: Miss[],
  tallies: Record<Signal, Tally>,
): { files: number; words: { within: number; total: number } } {
  const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as Record<string, Label>;
  const words = { within: 0, total: 0 };
  let files = 0;
  for (const [file, label] of Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))) {
    const path = join(dir, file);
    if (!existsSync(path)) {
      console.log(`  ${name}: ${file} is labelled but missing; skipped`);
      continue;
    }
    files++;
    const text = readFileSync(path, 'utf8');
    const a = analyze(text, canon);
    const record = (signal: Signal, r: { missing: string[]; extra: string[] }) => {
      if (r.missing.length || r.extra.length) misses.push({ file: `${name}/${file}`, signal, ...r });
    };
    if (label.fandoms)
      record(
        'fandoms',
        scoreSet(
          tallies.fandoms,
          a.fandoms.map((p) => p.name),
          label.fandoms,
          label.acceptableFandoms,
          a.fandoms.map((p) => p.confidence),
        ),
      );
    if (label.characters) record('characters', scoreCharacters(tallies.characters, a, label));
    if (label.relationships)
      record(
        'relationships',
        scoreSet(
          tallies.relationships,
          a.relationships.map((p) => p.name),
          label.relationships,
          label.acceptableRelationships,
          a.relationships.map((p) => p.confidence),
        ),
      );
    if (label.rating)
      record(
        'rating',
        scoreSet(tallies.rating, [a.rating.name], [label.rating], label.acceptableRatings, [a.rating.confidence]),
      );
    if (label.warnings)
      record(
        'warnings',
        scoreSet(
          tallies.warnings,
          a.warnings.map((p) => p.name),
          label.warnings,
          label.acceptableWarnings,
          a.warnings.map((p) => p.confidence),
        ),
      );
    if (label.pov) record('pov', scoreSet(tallies.pov, [a.pov], [label.pov]));
    if (label.tense) record('tense', scoreSet(tallies.tense, [a.tense], [label.tense]));
    if (label.language) record('language', scoreSet(tallies.language, [a.language], [label.language]));
    if (label.summary !== undefined)
      record(
        'summary',
        scorePassages(tallies.summary, a.summary ? [a.summary] : [], label.summary ? [label.summary] : []),
      );
    if (label.authorNotes) record('notes', scorePassages(tallies.notes, a.notes, label.authorNotes));
    if (label.freeforms)
      record(
        'freeforms',
        scoreSet(
          tallies.freeforms,
          a.freeforms.map((p) => p.name),
          label.freeforms,
          label.acceptableFreeforms,
          a.freeforms.map((p) => p.confidence),
        ),
      );
    if (label.wordCount) {
      words.total++;
      if (Math.abs(a.words - label.wordCount) <= label.wordCount * 0.01) words.within++;
    }
  }
  return { files, words };
}

const fmt = (x: number) => x.toFixed(2);

function printTallies(title: string, tallies: Record<Signal, Tally>): void {
  console.log(`\n${title}`);
  console.log(
    `  ${'signal'.padEnd(14)} ${'precision'.padStart(9)} ${'recall'.padStart(7)}   right/proposed  found/expected`,
  );
  for (const s of SIGNALS) {
    const t = tallies[s];
    if (!t.proposed && !t.expected) continue;
    const p = t.proposed ? t.right / t.proposed : 1;
    const r = t.expected ? t.found / t.expected : 1;
    console.log(
      `  ${s.padEnd(14)} ${fmt(p).padStart(9)} ${fmt(r).padStart(7)}   ${`${t.right}/${t.proposed}`.padStart(14)}  ${`${t.found}/${t.expected}`.padStart(14)}`,
    );
  }
}

function printMisses(misses: Miss[]): void {
  if (!misses.length) {
    console.log('  no misses');
    return;
  }
  const cut = (s: string) => (s.length > 60 ? s.slice(0, 59) + '…' : s);
  let last = '';
  for (const m of misses) {
    const head = m.file === last ? ''.padEnd(36) : cut(m.file).padEnd(36);
    last = m.file;
    const parts = [
      m.missing.length ? `missing ${m.missing.map((x) => `"${cut(x)}"`).join(', ')}` : '',
      m.extra.length ? `extra ${m.extra.map((x) => `"${cut(x)}"`).join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    console.log(`  ${head} ${m.signal.padEnd(13)} ${parts}`);
  }
}

function emptyTallies(): Record<Signal, Tally> {
  return Object.fromEntries(
    SIGNALS.map((s): [Signal, Tally] => [s, { right: 0, proposed: 0, found: 0, expected: 0, calls: [] }]),
  ) as Record<Signal, Tally>;
}

/**
 * Expected calibration error: proposals binned by confidence (tenths), each bin's |accuracy -
 * mean confidence| weighted by its share. 0 means "80 % sure" is right 80 % of the time.
 */
export function expectedCalibrationError(calls: { confidence: number; right: boolean }[]): number {
  if (!calls.length) return 0;
  const bins = Array.from({ length: 10 }, () => ({ n: 0, right: 0, confidence: 0 }));
  for (const c of calls) {
    const b = bins[Math.min(9, Math.floor(c.confidence * 10))]!;
    b.n++;
    b.right += c.right ? 1 : 0;
    b.confidence += c.confidence;
  }
  return bins.reduce(
    (sum, b) => (b.n ? sum + (b.n / calls.length) * Math.abs(b.right / b.n - b.confidence / b.n) : sum),
    0,
  );
}

function printCalibration(tallies: Record<Signal, Tally>): void {
  const parts = SIGNALS.filter((s) => tallies[s].calls.length).map(
    (s) => `${s}=${fmt(expectedCalibrationError(tallies[s].calls))} (n=${tallies[s].calls.length})`,
  );
  if (parts.length) console.log(`  calibration (ECE): ${parts.join(' ')}`);
  if (!process.argv.includes('--reliability')) return;
  // The bins behind each ECE: how often a proposal made at that confidence was right.
  for (const s of SIGNALS.filter((x) => tallies[x].calls.length)) {
    const bins = Array.from({ length: 10 }, () => ({ n: 0, right: 0 }));
    for (const c of tallies[s].calls) {
      const b = bins[Math.min(9, Math.floor(c.confidence * 10))]!;
      b.n++;
      b.right += c.right ? 1 : 0;
    }
    const cells = bins.flatMap((b, i) => (b.n ? [`${i / 10}-${(i + 1) / 10}: ${b.right}/${b.n}`] : []));
    console.log(`    ${s.padEnd(14)} ${cells.join('  ')}`);
  }
}

/**
 * Real fan works in the realfic layout (`labels.json` and `texts/`), scored by the scorer that
 * ships beside realfic-dev (it runs `quire analyze`).
 */
function evalRealfic(dir: string): void {
  const scorer = join(SHARED, 'eval', 'score-realfic.mjs');
  console.log(`\n${basename(dir)}: real AO3 works against their authors' tags`);
  if (!existsSync(scorer)) {
    console.log(`  no ${scorer}; skipped`);
    return;
  }
  const args = [scorer, '--run', ...(process.argv.includes('--details') ? ['--details'] : [])];
  const run = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { ...process.env, REALFIC_DIR: dir },
  });
  process.stdout.write(run.stdout ?? '');
  if (run.status !== 0) console.log(`  the scorer failed (${run.status}): ${(run.stderr ?? '').trim().slice(0, 500)}`);
}

const RATING_ORDER = ['General Audiences', 'Teen And Up Audiences', 'Mature', 'Explicit'];
const NONE = 'No Archive Warnings Apply';

/** The authors' tags of one real work, as the realfic labels give them. */
interface RealficLabel {
  fandoms: string[];
  characters: string[];
  relationships: string[];
  rating: string;
  warnings: string[];
  freeforms: string[];
  categories?: string[];
}

/**
 * Calibration on the real works: is a suggestion made at 80 % among the author's own tags about 80 %
 * of the time? Every proposal counts, at whatever confidence; characters as the suggestions show
 * them (on the page, a canon character or an original-character tag). Names are compared without
 * case, punctuation or AO3's disambiguators, and relationships by their people and their kind.
 */
function realficCalibration(canon: CanonIndex, dir: string): void {
  if (!existsSync(join(dir, 'labels.json'))) return;
  const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as Record<string, RealficLabel>;
  const tallies = emptyTallies();
  const fold = (s: string) =>
    s
      .toLowerCase()
      .replace(/\s*\([^)]*\)/g, '')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  const relationship = (s: string) =>
    `${s.includes('/') ? '/' : '&'}${s
      .split(/\/| & /)
      .map(fold)
      .sort()
      .join('|')}`;
  const call = (signal: Signal, confidence: number, right: boolean) =>
    tallies[signal].calls.push({ confidence, right });
  const balance = { ratingHigh: 0, ratingLow: 0, warningsAdded: 0, warningsMissed: 0 };
  const categories = { works: 0, first: 0 };
  for (const [id, label] of Object.entries(labels)) {
    const path = join(dir, 'texts', `${id}.txt`);
    if (!existsSync(path)) continue;
    const a = analyze(readFileSync(path, 'utf8'), canon);
    const has = (list: string[], f: (s: string) => string, name: string) => list.some((x) => f(x) === f(name));
    // "Harry Potter - Rowling" and "Harry Potter - J. K. Rowling" are one fandom.
    const fandomKey = (s: string) => fold(s.split(' - ')[0]!);
    for (const p of a.fandoms) call('fandoms', p.confidence, has(label.fandoms, fandomKey, p.name));
    const fanWork = a.fandoms.length > 0;
    for (const c of a.characters) {
      if (!c.onPage || (fanWork && c.canonical === null && !c.name.startsWith('Original '))) continue;
      call('characters', c.confidence, has(label.characters, fold, c.name));
    }
    if (label.relationships.length)
      for (const r of a.relationships)
        call('relationships', r.confidence, has(label.relationships, relationship, r.name));
    if (label.rating && label.rating !== 'Not Rated') {
      call('rating', a.rating.confidence, a.rating.name === label.rating);
      const step = RATING_ORDER.indexOf(a.rating.name) - RATING_ORDER.indexOf(label.rating);
      if (step > 0) balance.ratingHigh++;
      if (step < 0) balance.ratingLow++;
    }
    // "Creator Chose Not To Use Archive Warnings" says nothing about the content: such works are left out.
    if (!label.warnings.some((w) => /chose not/i.test(w))) {
      for (const w of a.warnings) call('warnings', w.confidence, label.warnings.includes(w.name));
      const named = a.warnings.map((w) => w.name).filter((w) => w !== NONE);
      balance.warningsAdded += named.filter((w) => !label.warnings.includes(w)).length;
      balance.warningsMissed += label.warnings.filter((w) => w !== NONE && !named.includes(w)).length;
    }
    for (const f of a.freeforms) call('freeforms', f.confidence, has(label.freeforms, fold, f.name));
    if (label.categories?.length) {
      for (const c of a.categories) call('categories', c.confidence, label.categories.includes(c.name));
      categories.works++;
      if (a.categories[0] && label.categories.includes(a.categories[0].name)) categories.first++;
    }
  }
  console.log(`${basename(dir)}: every proposal, at any confidence, against the authors' tags`);
  printCalibration(tallies);
  // Thresholds are set so that errors fall on both sides: as many too high as too low.
  console.log(
    `  errors by side: rating too high=${balance.ratingHigh} too low=${balance.ratingLow}; warnings added=${balance.warningsAdded} missed=${balance.warningsMissed}`,
  );
  // AO3 lets a work carry several categories; the first suggestion is right when it is one of them.
  console.log(`  category: first suggestion among the author's ${categories.first}/${categories.works}`);
}

async function main(): Promise<void> {
  const canon = indexCanon(loadCanon());
  const sets: [string, string][] = [
    ['corpus', join(ROOT, 'eval', 'corpus')],
    ['seeds', join(SHARED, 'seeds')],
  ];
  for (const [name, dir] of sets) {
    if (!existsSync(join(dir, 'labels.json'))) {
      console.log(`${name}: no ${join(dir, 'labels.json')}; skipped`);
      continue;
    }
    const misses: Miss[] = [];
    const tallies = emptyTallies();
    const started = performance.now();
    const { files, words } = evaluate(name, dir, canon, misses, tallies);
    const seconds = (performance.now() - started) / 1000;
    printTallies(
      `${name}: ${files} files (${dir}), ${seconds.toFixed(1)} s; word count within 1%: ${words.within}/${words.total}`,
      tallies,
    );
    printCalibration(tallies);
    console.log(`\n${name}: misses per file`);
    printMisses(misses);
  }

  // realfic-dev, and any further real sets kept outside the project (`--realfic DIR`, repeatable).
  const realfic = [join(SHARED, 'eval', 'realfic-dev')];
  process.argv.forEach((a, i) => {
    if (a === '--realfic' && process.argv[i + 1]) realfic.push(resolve(process.argv[i + 1]!));
  });
  for (const dir of realfic) {
    evalRealfic(dir);
    realficCalibration(canon, dir);
  }

  console.log('\nLitBank named characters (character detection, no canon):');
  let litbank: typeof import('./eval-litbank.ts') | null = null;
  try {
    litbank = await import('./eval-litbank.ts');
  } catch (e) {
    console.log(`  scripts/eval-litbank.ts could not be loaded: ${(e as Error).message}`);
  }
  const score = litbank ? await litbank.evalLitbank(SHARED, { details: process.argv.includes('--details') }) : null;
  if (!score) console.log(`  no LitBank data under ${join(SHARED, 'eval', 'litbank-characters')}; skipped`);
}

await main();
