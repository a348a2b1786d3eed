// A text worker's entry point. Plain JavaScript so that it can register the TypeScript loader the
// worker needs when the sources run as they are (the main thread's loader does not reach workers);
// a compiled build names a .js module and loads it directly.
import { workerData } from 'node:worker_threads';

if (workerData.module.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.module);
