// The synthetic corpus's dates and a work's shape beyond its text (corpus.ts): chapters and
// completion by length, when it was updated, and its hits, kudos, bookmarks and comments.

import type { Rng } from './random.ts';

/** Dates: AO3 opened to the public in late 2009; the corpus ends on a fixed day, not "now". */
export const START_MS = Date.UTC(2009, 10, 14);
export const CORPUS_END_MS = Date.UTC(2026, 10, 1);
/** New works per year on AO3 grew ~22% a year on average over 2009-2024. */
export const YEARLY_GROWTH = 1.22;
const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;
/**
 * Chapters grow with length: short works are one-shots (AO3: ~60% of works are single-chapter),
 * long ones are split into chapters of ~3,500 words; one-shots are almost always complete, under
 * a third of multi-chapter works are (AO3 is full of works in progress): ~70% complete overall.
 */
export function chaptersFor(
  rng: Rng,
  words: number,
): { chapterCount: number; expectedChapters: number | null; complete: boolean } {
  const oneShot = words < 1000 || rng.chance(1 / (1 + (words / 4500) ** 1.8));
  if (oneShot) {
    const complete = rng.chance(0.97);
    return { chapterCount: 1, expectedChapters: complete ? 1 : rng.chance(0.5) ? null : 2 + rng.int(4), complete };
  }
  const perChapter = rng.logNormal(3500, 0.5);
  const chapterCount = Math.min(100, Math.max(2, Math.round(words / perChapter)));
  const complete = rng.chance(0.3);
  if (complete) return { chapterCount, expectedChapters: chapterCount, complete };
  return { chapterCount, expectedChapters: rng.chance(0.5) ? null : chapterCount + 1 + rng.int(10), complete };
}

/** Updated on or after posting: one-shots mostly never, serials over weeks per chapter. */
export function updatedFor(rng: Rng, postedMs: number, chapters: number): number {
  let span: number;
  if (chapters === 1) span = rng.chance(0.85) ? 0 : rng.logNormal(5, 1.5) * DAY_MS;
  else span = (chapters - 1) * rng.logNormal(9, 0.9) * DAY_MS;
  return Math.min(CORPUS_END_MS, Math.max(postedMs, Math.floor((postedMs + span) / 1000) * 1000));
}

/**
 * Long tails, hits >> kudos >> bookmarks > comments, as AO3's blurbs show: hits log-normal around a
 * few hundred, more for older and longer works; kudos ~6% of hits, bookmarks ~12% of kudos,
 * comment threads ~7% of kudos and more on multi-chapter works.
 */
export function statsFor(
  rng: Rng,
  postedMs: number,
  words: number,
  chapters: number,
): { hits: number; kudos: number; bookmarks: number; comments: number } {
  const ageYears = Math.max(0, (CORPUS_END_MS - postedMs) / YEAR_MS);
  const round = (x: number) => Math.floor(x + rng.next());
  const hits = round(rng.logNormal(350, 1.2) * Math.sqrt(1 + ageYears) * (words / 3000) ** 0.35);
  const kudos = Math.min(hits, round(hits * Math.min(0.5, rng.logNormal(0.06, 0.5))));
  const bookmarks = Math.min(kudos, round(kudos * rng.logNormal(0.12, 0.6)));
  const comments = round(kudos * rng.logNormal(0.05, 0.8) * chapters ** 0.3);
  return { hits, kudos, bookmarks, comments };
}
