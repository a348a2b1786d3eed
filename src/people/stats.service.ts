// A writer's statistics: per posted work and in total, hits, kudos, comments, bookmarks and
// words, for the writer alone (and admins). AO3 readers triage by these counts; writers want them.
import type { Database } from '../db/database.ts';
import type { SignedIn } from '../accounts/accounts.service.ts';
import { creatorByUsername } from '../accounts/accounts.service.ts';
import { AppError } from '../app-error.ts';
import { postedWorksOf, type WorkStatsRow } from './stats.repo.ts';

export const STATS_SORTS = ['hits', 'kudos', 'comments', 'bookmarks', 'words', 'title', 'posted'] as const;
export type StatsSort = (typeof STATS_SORTS)[number];

export interface WriterStats {
  username: string;
  sort: StatsSort;
  works: WorkStatsRow[];
  totals: Omit<WorkStatsRow, 'id' | 'title' | 'postedAt'> & { works: number };
}

export async function writerStats(
  database: Database,
  viewer: SignedIn | null,
  username: string,
  sort: string | undefined,
): Promise<WriterStats> {
  if (!viewer) throw new AppError('sign_in', 'sign in to see your statistics');
  const user = await creatorByUsername(database, username);
  if (!user) throw new AppError('not_found', `there is no creator called '${username}'`);
  if (user.id !== viewer.id && viewer.role !== 'admin')
    throw new AppError('forbidden', "a writer's statistics are for the writer alone");
  const by: StatsSort = (STATS_SORTS as readonly string[]).includes(sort ?? '') ? (sort as StatsSort) : 'hits';
  const works = await postedWorksOf(database.db, user.id);
  works.sort((a, b) => {
    if (by === 'title') return a.title.localeCompare(b.title);
    if (by === 'posted') return b.postedAt.localeCompare(a.postedAt);
    return b[by] - a[by] || a.title.localeCompare(b.title);
  });
  const sum = (k: 'words' | 'hits' | 'kudos' | 'comments' | 'bookmarks') => works.reduce((n, w) => n + w[k], 0);
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
    },
  };
}
