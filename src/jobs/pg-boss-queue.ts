// The job queue on PostgreSQL: pg-boss (docs/ARCHITECTURE.md says why), one pg-boss queue per job
// kind with the kind's retry policy. pg-boss claims with FOR UPDATE SKIP LOCKED, retries with
// backoff (plus jitter), and fails a job whose lease (`expireInSeconds`) ran out; a job that had
// its last try stays in its table as `failed`, which is the dead-letter list here. Its SQL runs on
// the archive's own pool (pg-boss.repo.ts), so an enqueue can join the caller's transaction.
import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { Database } from '../db/database.ts';
import type { JobPolicy } from './kinds.ts';
import * as repo from './pg-boss.repo.ts';
import type { ClaimedJob, DeadJob, EnqueueOptions, JobPayload, JobQueue, JobState, QueueStats } from './queue.ts';

/** How long a dead job stays listed (and retryable) before pg-boss archives it. */
const KEEP_DEAD_SECONDS = 30 * 24 * 60 * 60;
/** pg-boss's archiving and deleting of old jobs, at most this often per process. */
const HOUSEKEEPING_MS = 10 * 60_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A job id made from a key: pg-boss inserts with ON CONFLICT DO NOTHING, so a key is taken once. */
function idOfKey(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const STATES: Record<string, JobState['state']> = {
  created: 'waiting',
  retry: 'waiting',
  active: 'running',
  completed: 'done',
  cancelled: 'done',
  failed: 'dead',
};

interface Housekeeping {
  expire(): Promise<void>;
  archive(): Promise<void>;
  drop(): Promise<void>;
}

export class PgBossQueue implements JobQueue {
  readonly backend = 'pg-boss';
  private readonly boss: PgBoss;
  private readonly names: string[];
  private lastHousekeeping = 0;
  /** Where pg-boss's SQL goes while start() sets up queues: that transaction, else the pool. */
  private setUpExecutor: repo.SqlExecutor | null = null;

  constructor(
    private readonly database: Database,
    private readonly policies: Record<string, JobPolicy>,
  ) {
    this.names = Object.keys(policies);
    const pool = repo.executor(database.db);
    this.boss = new PgBoss({
      db: { executeSql: (text, values) => (this.setUpExecutor ?? pool).executeSql(text, values) },
      schema: repo.PG_BOSS_SCHEMA,
      migrate: true,
      // No timers of pg-boss's own: the runner expires leases and keeps house (expireLeases).
      supervise: false,
      schedule: false,
      archiveFailedAfterSeconds: KEEP_DEAD_SECONDS,
    });
    this.boss.on('error', (e: Error) => console.error(`pg-boss: ${e.message}`));
  }

  async start(): Promise<void> {
    await this.boss.start();
    // Processes started together (quire serve --processes N, workers beside it) create the same
    // queues at once; each creation attaches a partition to pg-boss's job table, and two of them
    // interleaved can end in a deadlock. One transaction per process, behind one advisory lock,
    // sets them up in turn: the first creates, the others find them made and update them.
    await this.database.db.transaction().execute(async (trx) => {
      await repo.lockQueueSetUp(trx);
      this.setUpExecutor = repo.executor(trx);
      try {
        await this.setUpQueues();
      } finally {
        this.setUpExecutor = null;
      }
    });
  }

  private async setUpQueues(): Promise<void> {
    for (const [name, p] of Object.entries(this.policies)) {
      const options = {
        policy: 'standard' as const,
        retryLimit: p.attempts - 1,
        retryDelay: p.retryDelaySeconds,
        retryBackoff: p.backoff,
        expireInSeconds: p.leaseSeconds,
      };
      await this.boss.createQueue(name, { name, ...options });
      // A queue made by an older release takes this release's policy.
      await this.boss.updateQueue(name, { name, ...options });
    }
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: false, close: false });
  }

  async enqueue(kind: string, payload: JobPayload, opts: EnqueueOptions = {}): Promise<string | null> {
    if (!this.policies[kind]) throw new Error(`no job kind "${kind}"`);
    return this.boss.send(kind, payload, {
      ...(opts.key !== undefined ? { id: idOfKey(opts.key) } : {}),
      ...(opts.runAt ? { startAfter: opts.runAt } : {}),
      ...(opts.trx ? { db: repo.executor(opts.trx) } : {}),
    });
  }

  async claim(kinds: readonly string[], limit: number): Promise<ClaimedJob[]> {
    const claimed: ClaimedJob[] = [];
    for (const kind of kinds) {
      if (claimed.length >= limit) break;
      const jobs = await this.boss.fetch<JobPayload>(kind, {
        batchSize: limit - claimed.length,
        includeMetadata: true,
      });
      for (const j of jobs) claimed.push({ id: j.id, kind, payload: j.data ?? {}, attempt: j.retryCount + 1 });
    }
    return claimed;
  }

  async complete(job: ClaimedJob): Promise<void> {
    await this.boss.complete(job.kind, job.id);
  }

  async fail(job: ClaimedJob, error: string): Promise<'retry' | 'dead'> {
    await this.boss.fail(job.kind, job.id, { message: error.slice(0, 2000) });
    const row = await repo.jobById(this.database.db, job.id);
    return row?.state === 'failed' ? 'dead' : 'retry';
  }

  async release(job: ClaimedJob): Promise<void> {
    await repo.releaseJob(this.database.db, job.kind, job.id);
  }

  async expireLeases(): Promise<void> {
    const boss = this.boss as unknown as Housekeeping;
    await boss.expire();
    if (Date.now() - this.lastHousekeeping > HOUSEKEEPING_MS) {
      this.lastHousekeeping = Date.now();
      await boss.archive();
      await boss.drop();
    }
  }

  async deadJobs(limit: number): Promise<DeadJob[]> {
    return (await repo.failedJobs(this.database.db, this.names, limit)).map((r) => ({
      id: r.id,
      kind: r.name,
      payload: r.data ?? {},
      attempts: r.retry_count + 1,
      lastError: r.output?.message ?? r.output?.value?.message ?? null,
      diedAt: r.completed_on ? new Date(r.completed_on).toISOString() : null,
    }));
  }

  async retryDead(id: string): Promise<boolean> {
    if (!UUID.test(id)) return false;
    const row = await repo.jobById(this.database.db, id);
    if (row?.state !== 'failed' || !this.policies[row.name]) return false;
    const r = await this.boss.retry(row.name, id);
    return (r as unknown as { affected: number }).affected > 0;
  }

  async inspect(id: string): Promise<JobState | null> {
    if (!UUID.test(id)) return null;
    const r = await repo.jobById(this.database.db, id);
    if (!r) return null;
    return {
      state: STATES[r.state] ?? 'done',
      attempts: r.retry_count + (r.started_on ? 1 : 0),
      runAt: new Date(r.start_after).toISOString(),
      lastError: r.output?.message ?? r.output?.value?.message ?? null,
    };
  }

  async stats(): Promise<QueueStats> {
    const c = await repo.counts(this.database.db, this.names);
    return {
      waiting: c.waiting,
      scheduled: c.scheduled,
      running: c.running,
      dead: c.dead,
      oldestWaitingSeconds: c.oldest_seconds,
    };
  }
}
