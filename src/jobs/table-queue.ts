// The job queue on SQLite: the `jobs` table, polled by the processes that run jobs. A claim is one
// UPDATE (jobs.repo.ts), so no two processes run one job; a claim carries a lease, and a job
// whose lease ran out is taken to have died with its process and counts as a failed try.
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { type JobPolicy, retryDelayMs } from './kinds.ts';
import * as repo from './jobs.repo.ts';
import type { ClaimedJob, DeadJob, EnqueueOptions, JobPayload, JobQueue, JobState, QueueStats } from './queue.ts';

/** Finished jobs are kept this long (their keys with them), then forgotten. */
const KEEP_DONE_MS = 24 * 60 * 60_000;

export class TableQueue implements JobQueue {
  readonly backend = 'table';
  /** Names this process in `claimed_by`. */
  private readonly me = `${process.pid}-${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly database: Database,
    private readonly policies: Record<string, JobPolicy>,
    private readonly now: () => Date,
  ) {}

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  private policy(kind: string): JobPolicy {
    const policy = this.policies[kind];
    if (!policy) throw new Error(`no job kind "${kind}"`);
    return policy;
  }

  async enqueue(kind: string, payload: JobPayload, opts: EnqueueOptions = {}): Promise<string | null> {
    const at = this.now().toISOString();
    const id = await repo.insertJob(opts.trx ?? this.database.db, {
      kind,
      payload: JSON.stringify(payload),
      key: opts.key ?? null,
      maxAttempts: this.policy(kind).attempts,
      runAt: opts.runAt?.toISOString() ?? at,
      at,
    });
    return id === null ? null : String(id);
  }

  async claim(kinds: readonly string[], limit: number): Promise<ClaimedJob[]> {
    const now = this.now();
    const rows = await repo.claimJobs(
      this.database.db,
      kinds,
      limit,
      now.toISOString(),
      (kind) => new Date(now.getTime() + this.policy(kind).leaseSeconds * 1000).toISOString(),
      this.me,
    );
    return rows.map((r) => ({ id: String(r.id), kind: r.kind, payload: JSON.parse(r.payload), attempt: r.attempts }));
  }

  async complete(job: ClaimedJob): Promise<void> {
    await repo.markDone(this.database.db, Number(job.id), job.attempt, this.now().toISOString());
  }

  async fail(job: ClaimedJob, error: string): Promise<'retry' | 'dead'> {
    const now = this.now();
    const retryAt = new Date(now.getTime() + retryDelayMs(this.policy(job.kind), job.attempt)).toISOString();
    // A try no longer current (its lease ran out and another process took the job) changes nothing.
    return (
      (await repo.markFailed(this.database.db, Number(job.id), job.attempt, error, now.toISOString(), retryAt)) ??
      'retry'
    );
  }

  async release(job: ClaimedJob): Promise<void> {
    await repo.release(this.database.db, Number(job.id), job.attempt, this.now().toISOString());
  }

  async expireLeases(): Promise<number> {
    const now = this.now();
    const at = now.toISOString();
    let expired = 0;
    for (const row of await repo.expiredLeases(this.database.db, at)) {
      const policy = this.policies[row.kind];
      const retryAt = new Date(now.getTime() + (policy ? retryDelayMs(policy, row.attempts) : 0)).toISOString();
      if (await repo.failExpired(this.database.db, row.id, row.attempts, at, retryAt)) expired++;
    }
    await repo.forgetDone(this.database.db, new Date(now.getTime() - KEEP_DONE_MS).toISOString());
    return expired;
  }

  async deadJobs(limit: number): Promise<DeadJob[]> {
    return (await repo.deadJobs(this.database.db, limit)).map((r) => ({
      id: String(r.id),
      kind: r.kind,
      payload: JSON.parse(r.payload),
      attempts: r.attempts,
      lastError: r.last_error,
      diedAt: r.finished_at,
    }));
  }

  async retryDead(id: string): Promise<boolean> {
    if (!/^[1-9]\d{0,15}$/.test(id)) return false;
    return repo.retryDead(this.database.db, Number(id), this.now().toISOString());
  }

  async inspect(id: string): Promise<JobState | null> {
    const r = await repo.job(this.database.db, Number(id));
    if (!r) return null;
    return { state: r.state as JobState['state'], attempts: r.attempts, runAt: r.run_at, lastError: r.last_error };
  }

  async stats(): Promise<QueueStats> {
    const now = this.now();
    const c = await repo.counts(this.database.db, now.toISOString());
    return {
      waiting: c.waiting,
      scheduled: c.scheduled,
      running: c.running,
      dead: c.dead,
      oldestWaitingSeconds: c.oldestDue ? Math.max(0, (now.getTime() - Date.parse(c.oldestDue)) / 1000) : 0,
    };
  }
}
