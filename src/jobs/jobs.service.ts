// What admins see of the job queue and may do with it: its counts, the dead-letter list (jobs
// out of tries), and one more try for a dead job.
import { isAdmin, type SignedIn } from '../accounts/accounts.service.ts';
import { AppError } from '../app-error.ts';
import type { Database } from '../db/database.ts';
import { type DeadJob, jobQueue, type QueueStats } from './queue.ts';

/** Dead jobs shown at most, newest first. */
const DEAD_SHOWN = 100;

function requireAdmin(viewer: SignedIn | null): SignedIn {
  if (!viewer) throw new AppError('sign_in', 'you need to sign in to see the job queue');
  if (!isAdmin(viewer)) throw new AppError('forbidden', 'only admins can see the job queue');
  return viewer;
}

export interface JobsOverview {
  backend: 'table' | 'pg-boss';
  stats: QueueStats;
  dead: DeadJob[];
}

export async function jobsOverview(database: Database, viewer: SignedIn | null): Promise<JobsOverview> {
  requireAdmin(viewer);
  const queue = await jobQueue(database);
  const [stats, dead] = await Promise.all([queue.stats(), queue.deadJobs(DEAD_SHOWN)]);
  return { backend: queue.backend, stats, dead };
}

/** One more try for a dead job; a job that is not (or no longer) dead is a 404. */
export async function retryDeadJob(database: Database, viewer: SignedIn | null, id: string): Promise<void> {
  requireAdmin(viewer);
  const queue = await jobQueue(database);
  if (!(await queue.retryDead(id))) throw new AppError('not_found', `there is no dead job '${id}' to retry`);
}
