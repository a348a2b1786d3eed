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

import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../src/analysis/analyze.ts';
import { indexCanon, loadCanon } from '../src/analysis/canon.ts';
import type { CanonIndex } from '../src/analysis/canon-types.ts';
import type { Analysis } from '../src/analysis/types.ts';
import { readSetting } from '../src/config.ts';
import { evalRealfic, realficCalibration } from './eval-realfic.ts';
import { emptyTallies, fmt, printCalibration, SIGNALS, type Signal, type Tally } from './eval-tallies.ts';

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
  const pooled = emptyTallies();
  for (const dir of realfic) {
    evalRealfic(ROOT, SHARED, dir);
    realficCalibration(canon, dir, pooled);
  }
  // Each real set is small (tens of works): the calibration over all of them together is the steadier.
  if (realfic.length > 1) {
    console.log(`\nreal sets together (${realfic.map((d) => basename(d)).join(', ')}): every proposal`);
    printCalibration(pooled);
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
