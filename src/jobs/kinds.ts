// Every kind of job the archive runs, with how it is retried. Data only: the queues read it to
// set themselves up (pg-boss makes one queue per kind), the runner to know what it may claim;
// what each kind does is in handlers.ts.

export interface JobPolicy {
  /** Tries in all, the first included; a job that fails this many times is dead (the dead-letter list). */
  attempts: number;
  /** Seconds before the first retry. */
  retryDelaySeconds: number;
  /** Each further retry waits twice as long as the one before. */
  backoff: boolean;
  /**
   * How long a claimed job is its process's: past this, the job is taken to have died with its
   * process (a kill, a crash) and goes back to waiting, counted as a failed try.
   */
  leaseSeconds: number;
}

export const JOB_KINDS = {
  /** One round of the mail sender: due digests bundled, due outbox rows sent (notices/mailer.ts). */
  'notices.deliver': { attempts: 3, retryDelaySeconds: 5, backoff: true, leaseSeconds: 600 },
  /** One work's text analysed again against the archive's canon; its open suggestions replaced. */
  'works.reanalyse': { attempts: 5, retryDelaySeconds: 30, backoff: true, leaseSeconds: 300 },
  /** A wrangled tag: a re-analysis queued for every work that carries or was suggested it. */
  'tags.reanalyse': { attempts: 5, retryDelaySeconds: 30, backoff: true, leaseSeconds: 300 },
  /** The most read works of the last day: a download built ahead for each that lacks one. */
  'downloads.popular': { attempts: 3, retryDelaySeconds: 60, backoff: true, leaseSeconds: 600 },
  /** One work's download in one format built into the download cache. */
  'downloads.prepare': { attempts: 3, retryDelaySeconds: 60, backoff: true, leaseSeconds: 600 },
  /** Collections whose reveal time has come: their works and creators shown (collections.service revealDue). */
  'collections.reveal': { attempts: 3, retryDelaySeconds: 30, backoff: true, leaseSeconds: 300 },
  /** Exchanges whose sign-up close time has come: their sign-ups closed (exchanges.service closeDue). */
  'exchanges.close': { attempts: 3, retryDelaySeconds: 30, backoff: true, leaseSeconds: 300 },
  /** Open assignments whose exchange is due soon: their writers reminded once (assignments.service remindDue). */
  'exchanges.remind': { attempts: 3, retryDelaySeconds: 60, backoff: true, leaseSeconds: 300 },
  /** One gift exchange matched: its assignments kept as drafts for the moderators (assignments.service). */
  'exchanges.match': { attempts: 3, retryDelaySeconds: 30, backoff: true, leaseSeconds: 600 },
  /** One sent assignment told to its writer by mail, with the recipient's requests. */
  'exchanges.assignment-mail': { attempts: 5, retryDelaySeconds: 60, backoff: true, leaseSeconds: 120 },
  /**
   * A probe: records its start, waits, records its end (job_probes). It shows that some process
   * runs jobs, and lets a test count how often a job ran.
   */
  'jobs.probe': { attempts: 3, retryDelaySeconds: 0, backoff: false, leaseSeconds: 2 },
} as const satisfies Record<string, JobPolicy>;

export type JobKind = keyof typeof JOB_KINDS;

export const KIND_NAMES = Object.keys(JOB_KINDS) as JobKind[];

export function isJobKind(kind: string): kind is JobKind {
  return Object.hasOwn(JOB_KINDS, kind);
}

/** The wait before the next try after `failures` failed ones (the table queue; pg-boss adds jitter). */
export function retryDelayMs(policy: JobPolicy, failures: number): number {
  const base = policy.retryDelaySeconds * 1000;
  return policy.backoff ? base * 2 ** Math.max(0, failures - 1) : base;
}

/** Jobs that come back by themselves, every so often. */
export const RECURRING: { kind: JobKind; everyMs: number }[] = [
  { kind: 'notices.deliver', everyMs: 15_000 },
  { kind: 'downloads.popular', everyMs: 60 * 60_000 },
  // A reveal is due at a minute the moderators chose: it happens within a minute of it, visited or not.
  { kind: 'collections.reveal', everyMs: 60_000 },
  // Sign-ups close at the minute the moderators chose, whether or not anyone visits.
  { kind: 'exchanges.close', everyMs: 60_000 },
  { kind: 'exchanges.remind', everyMs: 15 * 60_000 },
];
