// Read-only SQLite connections on worker threads, for the few queries worth splitting across
// cores. better-sqlite3 runs a query on the thread that asks, so one query uses one core; FTS5
// ranking a common phrase at a million works (bm25 over ~35,000 matches) is most of a search,
// with the other cores idle. Split by id range, each part runs on its own worker at once.
import { Worker } from 'node:worker_threads';

/** What a worker opens: the archive's file, with the main connection's page cache. */
export interface ReadTarget {
  path: string;
  cacheKib: number;
}

/** What a worker is asked: one read-only statement and its parameters (Kysely's compiled query). */
export interface ReadRequest {
  id: number;
  sql: string;
  parameters: readonly unknown[];
}

/** What it answers: the rows as arrays of column values, or why not. */
export type ReadReply = { id: number; rows: unknown[][] } | { id: number; error: string };

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve(rows: unknown[][]): void; reject(e: Error): void }>;
}

export class ReadWorkerError extends Error {}

/**
 * Workers start on first use, not when the database opens: a test or a CLI command that never
 * splits a query never pays a thread's start and memory for them. A worker holds the process
 * open only while it has work, so a forgotten pool does not keep a command from exiting.
 */
export class ReadWorkers {
  private readonly slots: (Slot | null)[];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly target: ReadTarget,
    readonly size: number,
  ) {
    this.slots = Array.from({ length: size }, () => null);
  }

  /** Runs one statement on the least busy worker; its rows come back as arrays of column values. */
  run(sql: string, parameters: readonly unknown[]): Promise<unknown[][]> {
    if (this.closed) return Promise.reject(new ReadWorkerError('the read workers are closed'));
    const slot = this.leastBusy();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.ref();
      slot.worker.postMessage({ id, sql, parameters } satisfies ReadRequest);
    });
  }

  /** Starts every worker now (a server does, so that its first split query does not wait). */
  async start(): Promise<void> {
    await Promise.all(this.slots.map(() => this.run('SELECT 1', [])));
  }

  async close(): Promise<void> {
    this.closed = true;
    const running = this.slots.filter((s): s is Slot => s !== null);
    this.slots.fill(null);
    for (const slot of running) this.fail(slot, new ReadWorkerError('the read workers closed before the query ended'));
    await Promise.all(running.map((s) => s.worker.terminate()));
  }

  private leastBusy(): Slot {
    let best = -1;
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i];
      if (!slot) {
        best = i;
        break;
      }
      if (best < 0 || slot.pending.size < this.slots[best]!.pending.size) best = i;
    }
    return (this.slots[best] ??= this.spawn(best));
  }

  private spawn(index: number): Slot {
    // Plain JavaScript: it runs without the TypeScript loader even when the sources do, which
    // would add to a worker's memory and start-up time. No flags of this process's own (--eval,
    // --test) apply to it.
    const worker = new Worker(new URL('./read-worker.mjs', import.meta.url), {
      workerData: this.target satisfies ReadTarget,
      execArgv: [],
    });
    const slot: Slot = { worker, pending: new Map() };
    worker.unref();
    worker.on('message', (reply: ReadReply) => {
      const waiting = slot.pending.get(reply.id);
      if (!waiting) return;
      slot.pending.delete(reply.id);
      if (slot.pending.size === 0) worker.unref();
      if ('error' in reply) waiting.reject(new ReadWorkerError(reply.error));
      else waiting.resolve(reply.rows);
    });
    // A worker that dies (out of memory, a crash in the driver) fails what it was asked; the next
    // query starts another in its place. A file it cannot open fails each statement instead.
    const lost = (e: Error) => {
      if (this.slots[index] === slot) this.slots[index] = null;
      this.fail(slot, e);
    };
    worker.on('error', (e: unknown) =>
      lost(new ReadWorkerError(`a read worker failed: ${e instanceof Error ? e.message : String(e)}`)),
    );
    worker.on('exit', (code) => lost(new ReadWorkerError(`a read worker exited (code ${code})`)));
    return slot;
  }

  private fail(slot: Slot, e: Error): void {
    for (const waiting of slot.pending.values()) waiting.reject(e);
    slot.pending.clear();
  }
}
