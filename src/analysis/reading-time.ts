// Reading time at an adult's typical silent-reading pace for fiction, ~250 words a minute
// (the figure Medium and most reading-time estimators use), rounded up, never below a minute.

export const WORDS_PER_MINUTE = 250;

export function readingMinutes(words: number): number {
  if (!Number.isFinite(words) || words <= 0) return 1;
  return Math.max(1, Math.ceil(words / WORDS_PER_MINUTE));
}
