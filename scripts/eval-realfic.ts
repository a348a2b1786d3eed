// Real fan works in the realfic layout (labels.json and texts/) for `npm run eval`: the scorer that
// ships beside realfic-dev, then our own calibration of every proposal against the authors' tags.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { analyze } from '../src/analysis/analyze.ts';
import type { CanonIndex } from '../src/analysis/canon-types.ts';
import { emptyTallies, printCalibration, type Signal, type Tally } from './eval-tallies.ts';

/**
 * Real fan works in the realfic layout (`labels.json` and `texts/`), scored by the scorer that
 * ships beside realfic-dev (it runs `quire analyze`).
 */
export function evalRealfic(root: string, shared: string, dir: string): void {
  const scorer = join(shared, 'eval', 'score-realfic.mjs');
  console.log(`\n${basename(dir)}: real AO3 works against their authors' tags`);
  if (!existsSync(scorer)) {
    console.log(`  no ${scorer}; skipped`);
    return;
  }
  const args = [scorer, '--run', ...(process.argv.includes('--details') ? ['--details'] : [])];
  const run = spawnSync(process.execPath, args, {
    cwd: root,
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
export function realficCalibration(canon: CanonIndex, dir: string, tallies = emptyTallies()): Record<Signal, Tally> {
  if (!existsSync(join(dir, 'labels.json'))) return tallies;
  const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as Record<string, RealficLabel>;
  const own = emptyTallies();
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
  const call = (signal: Signal, confidence: number, right: boolean) => {
    own[signal].calls.push({ confidence, right });
    tallies[signal].calls.push({ confidence, right });
  };
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
    // A field the author left empty says nothing of what was proposed for it (as in the scorer).
    if (label.characters.length)
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
    // "Creator Chose Not To Use Archive Warnings", or no warning at all in the labels, says nothing
    // about the content: such works are left out.
    if (label.warnings.length && !label.warnings.some((w) => /chose not/i.test(w))) {
      for (const w of a.warnings) call('warnings', w.confidence, label.warnings.includes(w.name));
      const named = a.warnings.map((w) => w.name).filter((w) => w !== NONE);
      balance.warningsAdded += named.filter((w) => !label.warnings.includes(w)).length;
      balance.warningsMissed += label.warnings.filter((w) => w !== NONE && !named.includes(w)).length;
    }
    if (label.freeforms.length)
      for (const f of a.freeforms) call('freeforms', f.confidence, has(label.freeforms, fold, f.name));
    if (label.categories?.length) {
      for (const c of a.categories) call('categories', c.confidence, label.categories.includes(c.name));
      categories.works++;
      if (a.categories[0] && label.categories.includes(a.categories[0].name)) categories.first++;
    }
  }
  console.log(`${basename(dir)}: every proposal, at any confidence, against the authors' tags`);
  printCalibration(own);
  // Thresholds are set so that errors fall on both sides: as many too high as too low.
  console.log(
    `  errors by side: rating too high=${balance.ratingHigh} too low=${balance.ratingLow}; warnings added=${balance.warningsAdded} missed=${balance.warningsMissed}`,
  );
  // AO3 lets a work carry several categories; the first suggestion is right when it is one of them.
  console.log(`  category: first suggestion among the author's ${categories.first}/${categories.works}`);
  return tallies;
}
