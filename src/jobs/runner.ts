// Runs jobs in this process: `quire worker` does nothing else, `quire serve` does it beside
// answering requests (unless QUIRE_JOBS=off). Each poll it enqueues the recurring jobs whose time
// slot began (keyed by the slot, so however many processes poll, each slot runs once), claims as
// many due jobs as it has room for, and runs their handlers; now and then it fails the jobs whose
// lease ran out, which is how a job of a killed process comes back. Stopping claims nothing new,
// waits for the jobs under way, and hands back those that outlast the wait.
import type { ClaimedJob, JobPayload, JobQueue } from './queue.ts';

export type JobHandler = (payload: JobPayload, job: ClaimedJob) => Promise<void>;

export interface RunnerOptions {
  /** Jobs run at once at most. */
  concurrency?: number;
  /** Milliseconds between polls. */
  pollMs?: number;
  /** Leases are checked every this many polls. */
  leaseCheckEvery?: number;
  recurring?: readonly { kind: string; everyMs: number }[];
  log?: (message: string) => void;
}

export class JobRunner {
  private readonly running = new Map<string, { job: ClaimedJob; done: Promise<void> }>();
  private readonly slots = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> = Promise.resolve();
  private polls = 0;
  private stopped = false;
  private readonly log: (message: string) => void;

  constructor(
    private readonly queue: JobQueue,
    private readonly handlers: Readonly<Record<string, JobHandler>>,
    private readonly opts: RunnerOptions = {},
  ) {
    this.log = opts.log ?? ((m) => console.error(m));
  }

  /** Polls every pollMs until stopped; a poll's failure is logged, never thrown. */
  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.polling = this.poll()
        .catch((e: Error) => this.log(`jobs: a poll failed: ${e.message}`))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.opts.pollMs ?? 1000);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  /** One poll: recurring jobs due, leases now and then, and as many due jobs as there is room for. */
  async poll(now: Date = new Date()): Promise<void> {
    for (const r of this.opts.recurring ?? []) {
      if (!this.handlers[r.kind]) continue;
      const slot = Math.floor(now.getTime() / r.everyMs) * r.everyMs;
      if (this.slots.get(r.kind) === slot) continue;
      const at = new Date(slot);
      await this.queue.enqueue(r.kind, {}, { key: `${r.kind}@${at.toISOString()}`, runAt: at });
      this.slots.set(r.kind, slot);
    }
    if (this.polls++ % (this.opts.leaseCheckEvery ?? 5) === 0) await this.queue.expireLeases();
    const room = (this.opts.concurrency ?? 2) - this.running.size;
    if (room <= 0 || this.stopped) return;
    for (const job of await this.queue.claim(Object.keys(this.handlers), room)) this.run(job);
  }

  /** Every job now under way, finished (for tests and for stopping). */
  async settled(): Promise<void> {
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  private run(job: ClaimedJob): void {
    const done = (async () => {
      try {
        await this.handlers[job.kind]!(job.payload, job);
        await this.queue.complete(job);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        const outcome = await this.queue.fail(job, message).catch((f: Error) => `not recorded (${f.message})`);
        this.log(`jobs: ${job.kind} ${job.id} failed (try ${job.attempt}, ${outcome}): ${message}`);
      }
    })().finally(() => this.running.delete(job.id));
    this.running.set(job.id, { job, done });
  }

  /**
   * Claims nothing more and waits up to `drainMs` for the jobs under way; those still running
   * then go back to the queue (another process takes them) and are left to end with the process.
   */
  async stop(drainMs = 20_000): Promise<{ finished: number; released: number }> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.polling;
    const under = this.running.size;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.settled(),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, drainMs);
      }),
    ]);
    clearTimeout(timer);
    const left = [...this.running.values()].map((r) => r.job);
    for (const job of left) await this.queue.release(job);
    return { finished: under - left.length, released: left.length };
  }
}
