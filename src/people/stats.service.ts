// A writer's statistics: per posted work and in total, hits, kudos, comments, bookmarks,
// subscriptions and words, and the same over time, for the writer alone (and admins). AO3 readers
// triage by these counts; writers want them, and want to see when readers came.
import type { Database } from '../db/database.ts';
import type { SignedIn } from '../accounts/accounts.service.ts';
import { creatorByUsername } from '../accounts/accounts.service.ts';
import { AppError } from '../app-error.ts';
import { activityByDay, postedWorksOf, type WorkStatsRow } from './stats.repo.ts';
import { ACTIVITY, type Activity, STATS_PERIODS, STATS_SORTS, type StatsSort } from './stats.ts';

/** One bar of the charts: a day, or a week in the longer periods, from `start` on. */
export interface ActivityBucket extends Record<Activity, number> {
  start: string;
}

export interface WriterStats {
  username: string;
  sort: StatsSort;
  works: WorkStatsRow[];
  totals: Omit<WorkStatsRow, 'id' | 'title' | 'postedAt'> & { works: number };
  /** Over time: the period in days, the work it is narrowed to (null: all), and its buckets oldest first. */
  period: number;
  work: { id: number; title: string } | null;
  bucketDays: number;
  series: ActivityBucket[];
}

export interface StatsOptions {
  sort?: string;
  days?: string;
  work?: string;
  /** Today, for tests; the clock otherwise. */
  now?: Date;
}

const DAY_MS = 24 * 3600 * 1000;

export async function writerStats(
  database: Database,
  viewer: SignedIn | null,
  username: string,
  opts: StatsOptions = {},
): Promise<WriterStats> {
  if (!viewer) throw new AppError('sign_in', 'sign in to see your statistics');
  const user = await creatorByUsername(database, username);
  if (!user) throw new AppError('not_found', `there is no creator called '${username}'`);
  if (user.id !== viewer.id && viewer.role !== 'admin')
    throw new AppError('forbidden', "a writer's statistics are for the writer alone");
  const by: StatsSort = (STATS_SORTS as readonly string[]).includes(opts.sort ?? '')
    ? (opts.sort as StatsSort)
    : 'hits';
  const works = await postedWorksOf(database.db, user.id);
  works.sort((a, b) => {
    if (by === 'title') return a.title.localeCompare(b.title);
    if (by === 'posted') return b.postedAt.localeCompare(a.postedAt);
    return b[by] - a[by] || a.title.localeCompare(b.title);
  });
  const sum = (k: 'words' | Activity) => works.reduce((n, w) => n + w[k], 0);

  const period = STATS_PERIODS.find((p) => String(p) === opts.days) ?? STATS_PERIODS[0];
  const work = opts.work ? works.find((w) => String(w.id) === opts.work) : undefined;
  if (opts.work && !work) throw new AppError('not_found', `${username} has no posted work ${opts.work}`);
  const bucketDays = period > 31 ? 7 : 1;
  const series = await activitySeries(
    database,
    work ? [work.id] : works.map((w) => w.id),
    period,
    bucketDays,
    opts.now ?? new Date(),
  );
  return {
    username: user.username,
    sort: by,
    works,
    totals: {
      works: works.length,
      words: sum('words'),
      hits: sum('hits'),
      kudos: sum('kudos'),
      comments: sum('comments'),
      bookmarks: sum('bookmarks'),
      subscriptions: sum('subscriptions'),
    },
    period,
    work: work ? { id: work.id, title: work.title } : null,
    bucketDays,
    series,
  };
}

/** The last `days` days up to today, in buckets of `bucketDays`, each with every activity's count (zero included). */
async function activitySeries(
  database: Database,
  workIds: number[],
  days: number,
  bucketDays: number,
  now: Date,
): Promise<ActivityBucket[]> {
  const today = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00.000Z`);
  const count = Math.ceil(days / bucketDays);
  const first = today - (count * bucketDays - 1) * DAY_MS;
  const buckets: ActivityBucket[] = Array.from({ length: count }, (_, i) => ({
    start: new Date(first + i * bucketDays * DAY_MS).toISOString().slice(0, 10),
    hits: 0,
    kudos: 0,
    comments: 0,
    bookmarks: 0,
    subscriptions: 0,
  }));
  const rows = await activityByDay(database.db, workIds, buckets[0]!.start);
  for (const r of rows) {
    const i = Math.floor((Date.parse(`${r.day}T00:00:00.000Z`) - first) / (bucketDays * DAY_MS));
    const b = buckets[i];
    if (b) b[r.activity] += r.n;
  }
  return buckets;
}

/** The per-work table as CSV (RFC 4180: quoted fields, CRLF), for a spreadsheet. */
export function worksCsv(s: WriterStats): string {
  const head = ['work_id', 'title', 'posted', 'words', ...ACTIVITY];
  const rows = s.works.map((w) => [w.id, w.title, w.postedAt.slice(0, 10), w.words, ...ACTIVITY.map((a) => w[a])]);
  return csv([head, ...rows]);
}

/** The activity over time as CSV: one row per day or week. */
export function activityCsv(s: WriterStats): string {
  return csv([['period_start', ...ACTIVITY], ...s.series.map((b) => [b.start, ...ACTIVITY.map((a) => b[a])])]);
}

function csv(rows: (string | number)[][]): string {
  const field = (v: string | number) => {
    const text = String(v);
    // A leading = + - @ would be a formula to a spreadsheet: a title is text, never code.
    const safe = /^[=+\-@\t\r]/.test(text) && typeof v === 'string' ? `'${text}` : text;
    return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  return rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}
