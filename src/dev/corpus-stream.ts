// Where a corpus load's works come from (corpus.repo.ts): generated in this thread, or in a worker
// thread a couple of chunks ahead of the writer. No SQL here: the worker loads only the generator.

import { CorpusGenerator, type CorpusOptions, type CorpusTag, type CorpusWork } from './corpus.ts';
import { Worker } from 'node:worker_threads';
import { loadCanon } from '../analysis/canon.ts';

/** Works per transaction: big enough to amortise commits, small enough to show progress. */
const WORKS_PER_TRANSACTION = 5000;
/** Chunks the worker may have ready ahead of the writer: enough to never wait, little memory. */
const WORKER_AHEAD = 2;
// ---- where the works come from ----------------------------------------------------------------

export async function* inProcess(
  generator: CorpusGenerator,
  range: { from: number; count: number },
): AsyncGenerator<CorpusWork[]> {
  for (let start = range.from; start < range.from + range.count; start += WORKS_PER_TRANSACTION) {
    const works: CorpusWork[] = [];
    for (let i = start; i < Math.min(range.from + range.count, start + WORKS_PER_TRANSACTION); i++)
      works.push(generator.work(i));
    yield works;
  }
}

/** A work between threads: its tags as numbers into the tag definitions sent so far. */
type WireWork = Omit<CorpusWork, 'tags'> & { tags: number[] };
interface WireChunk {
  works: WireWork[];
  /** Tags first seen in this chunk, numbered on from the ones before. */
  defs: CorpusTag[];
}
interface WorkerInput {
  module: string;
  /** tsx's loader, when this module is TypeScript run as it is; the build in dist/ needs none. */
  tsx: string | null;
  options: CorpusOptions;
  from: number;
  count: number;
}

/**
 * The same works as inProcess, generated in a worker thread a couple of chunks ahead of the
 * writer. Tags travel once, then as numbers, and come back as one object each, so the writer
 * still finds them by identity.
 */
export async function* inWorker(
  options: CorpusOptions,
  range: { from: number; count: number },
): AsyncGenerator<CorpusWork[]> {
  const workerData: WorkerInput = {
    module: import.meta.url,
    tsx: import.meta.url.endsWith('.ts') ? import.meta.resolve('tsx/esm/api') : null,
    options,
    ...range,
  };
  // The main thread's loader does not reach a worker: it registers tsx itself when it has to.
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
     (workerData.tsx ? import(workerData.tsx).then(({ register }) => register()) : Promise.resolve())
       .then(() => import(workerData.module)).then((m) => m.generatorWorker());`,
    { eval: true, workerData, execArgv: [] },
  );
  const ready: WireChunk[] = [];
  let failure: Error | undefined;
  let finished = false;
  let wake: (() => void) | undefined;
  worker.on('message', (m: WireChunk) => {
    ready.push(m);
    wake?.();
  });
  worker.on('error', (e) => {
    failure = e;
    wake?.();
  });
  worker.on('exit', (code) => {
    if (code === 0) finished = true;
    else failure ??= new Error(`the corpus generator thread stopped (exit code ${code})`);
    wake?.();
  });
  const defs: CorpusTag[] = [];
  try {
    for (let done = 0; done < range.count; ) {
      while (ready.length === 0 && !failure && !finished) await new Promise<void>((resolve) => (wake = resolve));
      const chunk = ready.shift();
      if (!chunk) throw failure ?? new Error('the corpus generator thread ended before the last work');
      worker.postMessage(1);
      defs.push(...chunk.defs);
      done += chunk.works.length;
      yield chunk.works.map((w) => ({ ...w, tags: w.tags.map((i) => defs[i]!) }));
    }
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}

/** The worker thread's side of inWorker; exported for the worker only. */
export async function generatorWorker(): Promise<void> {
  const { parentPort, workerData } = await import('node:worker_threads');
  const { options, from, count } = workerData as WorkerInput;
  if (!parentPort) throw new Error('generatorWorker runs in a worker thread');
  const generator = new CorpusGenerator(loadCanon(), options);
  const numbers = new Map<CorpusTag, number>();
  let credits = WORKER_AHEAD;
  let wake: (() => void) | undefined;
  parentPort.on('message', (n: number) => {
    credits += n;
    wake?.();
  });
  for (let start = from; start < from + count; start += WORKS_PER_TRANSACTION) {
    while (credits <= 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
    const chunk: WireChunk = { works: [], defs: [] };
    for (let i = start; i < Math.min(from + count, start + WORKS_PER_TRANSACTION); i++) {
      const w = generator.work(i);
      const tags = w.tags.map((t) => {
        let n = numbers.get(t);
        if (n === undefined) {
          n = numbers.size;
          numbers.set(t, n);
          chunk.defs.push(t);
        }
        return n;
      });
      chunk.works.push({ ...w, tags });
    }
    parentPort.postMessage(chunk);
  }
  parentPort.close();
}
