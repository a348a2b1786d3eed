// Tallies and calibration shared by the evaluation scripts (eval.ts, eval-realfic.ts).

export const SIGNALS = [
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
export type Signal = (typeof SIGNALS)[number];

/** Counts for precision (right / proposed) and recall (found / expected). */
export interface Tally {
  right: number;
  proposed: number;
  found: number;
  expected: number;
  /** Each proposal's confidence and whether it was right, for calibration. */
  calls: { confidence: number; right: boolean }[];
}

export const fmt = (x: number) => x.toFixed(2);

export function emptyTallies(): Record<Signal, Tally> {
  return Object.fromEntries(
    SIGNALS.map((s): [Signal, Tally] => [s, { right: 0, proposed: 0, found: 0, expected: 0, calls: [] }]),
  ) as Record<Signal, Tally>;
}

/**
 * Expected calibration error: proposals binned by confidence (tenths), each bin's |accuracy -
 * mean confidence| weighted by its share. 0 means "80 % sure" is right 80 % of the time.
 */
function expectedCalibrationError(calls: { confidence: number; right: boolean }[]): number {
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

export function printCalibration(tallies: Record<Signal, Tally>): void {
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
