// The job queue's one interface, and the queue of a database: a jobs table that the archive's
// processes poll on SQLite (table-queue.ts), pg-boss on PostgreSQL (pg-boss-queue.ts). Whoever
// enqueues, runs (runner.ts) or lists jobs (the admin page, the metrics) sees only this.
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Schema } from '../db/schema.ts';
import { JOB_KINDS, type JobPolicy } from './kinds.ts';
import { PgBossQueue } from './pg-boss-queue.ts';
import { TableQueue } from './table-queue.ts';

export type JobPayload = Record<string, unknown>;

export interface EnqueueOptions {
  /** Not before this time (a scheduled job); now by default. */
  runAt?: Date;
  /** At most one job with this key: a second enqueue with it adds nothing and returns null. */
  key?: string;
  /** Enqueue inside this transaction, so that the job exists only if the change commits. */
  trx?: Kysely<Schema>;
}

export interface ClaimedJob {
  id: string;
  kind: string;
  payload: JobPayload;
  /** This try, 1 for the first. */
  attempt: number;
}

export interface DeadJob {
  id: string;
  kind: string;
  payload: JobPayload;
  attempts: number;
  lastError: string | null;
  /** When its last try failed (ISO-8601). */
  diedAt: string | null;
}

export interface JobState {
  state: 'waiting' | 'running' | 'done' | 'dead';
  attempts: number;
  /** When it may next run (ISO-8601). */
  runAt: string;
  lastError: string | null;
}

export interface QueueStats {
  /** Due and not yet claimed. */
  waiting: number;
  /** Scheduled for later (including retries waiting out their delay). */
  scheduled: number;
  running: number;
  dead: number;
  /** Seconds since the oldest waiting job became due; 0 when none waits. */
  oldestWaitingSeconds: number;
}

export interface JobQueue {
  readonly backend: 'table' | 'pg-boss';
  /** Makes ready what the backend needs (pg-boss: its schema and a queue per kind); idempotent. */
  start(): Promise<void>;
  /** The job's id, or null when its key was taken. */
  enqueue(kind: string, payload: JobPayload, opts?: EnqueueOptions): Promise<string | null>;
  /** Up to `limit` due jobs of these kinds, each now this process's alone until done, failed or its lease runs out. */
  claim(kinds: readonly string[], limit: number): Promise<ClaimedJob[]>;
  complete(job: ClaimedJob): Promise<void>;
  /** A failed try: the job waits for its next (`retry`), or is dead when it had its last. */
  fail(job: ClaimedJob, error: string): Promise<'retry' | 'dead'>;
  /** A job this process stops without finishing (shutting down): back to waiting, due now. */
  release(job: ClaimedJob): Promise<void>;
  /** Running jobs whose lease ran out (their process died) fail their try; old finished jobs are forgotten. */
  expireLeases(): Promise<unknown>;
  deadJobs(limit: number): Promise<DeadJob[]>;
  /** One more try for a dead job; false when there is no such dead job. */
  retryDead(id: string): Promise<boolean>;
  inspect(id: string): Promise<JobState | null>;
  stats(): Promise<QueueStats>;
  stop(): Promise<void>;
}

export interface QueueOptions {
  /** Kinds and their retry policies (the archive's by default; tests add their own). */
  policies?: Record<string, JobPolicy>;
  /** The clock of the table queue (tests move it); pg-boss keeps PostgreSQL's. */
  now?: () => Date;
}

/** A new queue over this database; call start() before using it. */
export function openJobQueue(database: Database, opts: QueueOptions = {}): JobQueue {
  const policies = opts.policies ?? JOB_KINDS;
  return database.dialect === 'postgres'
    ? new PgBossQueue(database, policies)
    : new TableQueue(database, policies, opts.now ?? (() => new Date()));
}

const shared = new WeakMap<Database, Promise<JobQueue>>();

/**
 * The archive's queue over this database, started on first use and shared by everything in the
 * process that enqueues or lists jobs; stopped when the database's owner calls stopJobQueue.
 */
export function jobQueue(database: Database): Promise<JobQueue> {
  let queue = shared.get(database);
  if (!queue) {
    const q = openJobQueue(database);
    queue = q.start().then(() => q);
    queue.catch(() => shared.delete(database));
    shared.set(database, queue);
  }
  return queue;
}

/** Stops the shared queue of this database, if it was started. */
export async function stopJobQueue(database: Database): Promise<void> {
  const queue = shared.get(database);
  shared.delete(database);
  await (await queue?.catch(() => null))?.stop();
}

/** Enqueues a job on the archive's queue over this database. */
export async function enqueueJob(
  database: Database,
  kind: keyof typeof JOB_KINDS,
  payload: JobPayload,
  opts?: EnqueueOptions,
): Promise<string | null> {
  return (await jobQueue(database)).enqueue(kind, payload, opts);
}
