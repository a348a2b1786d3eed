// Reading a writer's file and analysing its text run on worker threads, each task under a time
// budget: a file built to be slow (or a reader's bug) costs one worker, which is ended when the
// budget runs out, never the thread that answers every other request. markup-limits.ts refuses
// the shapes known to be slow before they get here; the budget covers the ones nobody has found.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ImportError } from '../importers/import-error.ts';
import type { ParsedWork } from '../importers/parsed-work.ts';
import type { TagSuggestion } from '../tags/suggestions.ts';
import type { ArchiveCanon } from '../tags/wrangling.service.ts';
import { readSetting } from '../config.ts';

export type TextTask =
  | { id: number; kind: 'parse'; bytes: Uint8Array; filename: string }
  | { id: number; kind: 'suggest'; parsed: ParsedWork; archive?: ArchiveCanon };

export type TextReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; importError: { file: string; reason: string } }
  | { id: number; ok: false; error: string };

/** Thrown when a task ran past its budget and its worker was ended. */
export class TextBudgetError extends Error {}

interface Pending {
  task: TextTask;
  resolve(value: unknown): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  current: Pending | null;
  timer: NodeJS.Timeout | null;
}

const BOOT = new URL('./text-worker-boot.mjs', import.meta.url);
const THREAD = new URL(`./text-worker.thread${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

export interface TextWorkerOptions {
  /** Workers at most (default: two, or one on a single core). */
  size?: number;
  /** Milliseconds one task may run (default QUIRE_TEXT_BUDGET_MS, else 30,000). */
  budgetMs?: number;
  /** Heap limit of one worker in MB, so a file that balloons ends its worker, not the process. */
  heapMb?: number;
}

export class TextWorkers {
  readonly size: number;
  readonly budgetMs: number;
  private readonly heapMb: number;
  private readonly slots: (Slot | null)[];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(opts: TextWorkerOptions = {}) {
    this.size = Math.max(1, opts.size ?? Math.min(2, availableParallelism()));
    this.budgetMs = opts.budgetMs ?? readSetting('textBudgetMs');
    this.heapMb = opts.heapMb ?? 1024;
    this.slots = Array.from({ length: this.size }, () => null);
  }

  /** A file's bytes read into a ParsedWork; an ImportError names the file when it cannot be read. */
  async parse(bytes: Uint8Array, filename: string): Promise<ParsedWork> {
    try {
      return (await this.run({ id: 0, kind: 'parse', bytes, filename })) as ParsedWork;
    } catch (e) {
      if (e instanceof TextBudgetError) {
        throw new ImportError(
          filename,
          `reading it took longer than ${this.budgetMs / 1000} s, the limit for one file (it is built in a way the readers cannot take apart quickly)`,
        );
      }
      throw e;
    }
  }

  /** The analysis' tag suggestions for a parsed work, over the bundled canon and what the archive adds. */
  async suggest(parsed: ParsedWork, archive?: ArchiveCanon): Promise<TagSuggestion[]> {
    return (await this.run({ id: 0, kind: 'suggest', parsed, ...(archive ? { archive } : {}) })) as TagSuggestion[];
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('the text workers are closed'));
    await Promise.all(
      this.slots.map(async (slot, i) => {
        if (!slot) return;
        this.slots[i] = null;
        if (slot.timer) clearTimeout(slot.timer);
        slot.current?.reject(new Error('the text workers are closed'));
        await slot.worker.terminate();
      }),
    );
  }

  private run(task: TextTask): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('the text workers are closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ task: { ...task, id: this.nextId++ }, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    for (let i = 0; i < this.slots.length && this.queue.length > 0; i++) {
      const slot = this.slots[i] ?? this.spawn(i);
      if (!slot.ready || slot.current) continue;
      const next = this.queue.shift()!;
      slot.current = next;
      slot.worker.ref();
      slot.timer = setTimeout(() => this.expire(i, slot), this.budgetMs);
      slot.worker.postMessage(next.task);
    }
  }

  private spawn(i: number): Slot {
    const worker = new Worker(BOOT, {
      workerData: { module: THREAD.href },
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb },
    });
    // Held open while it boots with work waiting; idle, it lets a command exit.
    const slot: Slot = { worker, ready: false, current: null, timer: null };
    worker.on('message', (reply: TextReply | 'ready') => {
      if (reply === 'ready') {
        slot.ready = true;
        this.pump();
        if (!slot.current) worker.unref();
        return;
      }
      const done = slot.current;
      if (!done || done.task.id !== reply.id) return;
      this.finish(slot);
      if (reply.ok) done.resolve(reply.value);
      else if ('importError' in reply) done.reject(new ImportError(reply.importError.file, reply.importError.reason));
      else done.reject(new Error(reply.error));
      this.pump();
    });
    // A worker that dies (out of memory, a crash in a native module) fails its task and is replaced.
    worker.on('error', (e) => this.lose(i, slot, e));
    worker.on('exit', () => this.lose(i, slot, new Error('the text worker stopped')));
    this.slots[i] = slot;
    return slot;
  }

  private finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.current = null;
    slot.worker.unref();
  }

  private expire(i: number, slot: Slot): void {
    const task = slot.current;
    this.lose(i, slot, new TextBudgetError(`a ${task?.task.kind ?? ''} task ran past ${this.budgetMs} ms`));
    void slot.worker.terminate();
  }

  private lose(i: number, slot: Slot, e: Error): void {
    if (this.slots[i] !== slot) return;
    this.slots[i] = null;
    const task = slot.current;
    this.finish(slot);
    // One that dies while booting would die again: the waiting tasks fail instead of looping.
    if (!slot.ready)
      for (const p of this.queue.splice(0)) p.reject(new Error(`a text worker could not start: ${e.message}`));
    if (task) {
      const file = task.task.kind === 'parse' ? task.task.filename : 'the text';
      const outOfMemory = (e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      task.reject(
        outOfMemory
          ? new ImportError(file, `reading it needed more than ${this.heapMb} MB of memory, the limit for one file`)
          : e,
      );
    }
    if (!this.closed) this.pump();
  }
}
