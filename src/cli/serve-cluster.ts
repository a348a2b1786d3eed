// quire serve --processes N: the primary process. It prepares the database once (migrations, the
// sample works) and only then forks N workers, each a whole `quire serve` sharing one listening
// port: node:cluster hands each new connection to the next worker in turn. Everything a reader's
// requests share (sessions, rate limits, guest keys, the search index's change log) lives in the
// database, so the workers behave as one archive. The primary replaces a worker that dies, and on
// SIGTERM or SIGINT asks each to stop as a lone `quire serve` stops (finishing the requests under
// way), exiting once all have.
import cluster, { type Address, type Worker } from 'node:cluster';

/** The address workers listen on, as a URL (cluster's Address: addressType 6 is IPv6). */
function url({ address, port, addressType }: Address): string {
  return `http://${addressType === 6 ? `[${address}]` : address}:${port}`;
}

/**
 * Runs `prepare` (which returns the database's label for the log), then N workers until a signal.
 * Resolves only by exiting the process: 0 when every worker stopped cleanly, 1 otherwise.
 */
export async function servePrimary(processes: number, prepare: () => Promise<string>): Promise<number> {
  const label = await prepare();
  const served = new Set<number>();
  let announced = false;
  let stopping = false;
  let failed = false;

  const finishIfDone = () => {
    if (Object.keys(cluster.workers ?? {}).length > 0) return;
    console.log(failed ? 'quire serve: stopped, not every process cleanly' : 'quire serve: stopped');
    process.exit(failed ? 1 : 0);
  };
  const stopAll = (why: string) => {
    stopping = true;
    console.log(`quire serve: ${why}: stopping ${Object.keys(cluster.workers ?? {}).length} processes`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    finishIfDone();
  };

  cluster.on('listening', (worker: Worker, address) => {
    const first = !served.has(worker.id);
    served.add(worker.id);
    if (!announced && served.size === processes) {
      announced = true;
      console.log(`Quire is serving ${label} at ${url(address)} with ${processes} processes`);
    } else if (announced && first) {
      console.log(`quire serve: process ${worker.process.pid} took the place of one that ended`);
    }
  });
  cluster.on('exit', (worker: Worker, code, signal) => {
    const how = signal ? `by ${signal}` : `with status ${code}`;
    if (stopping) {
      if (code !== 0) {
        failed = true;
        console.error(`quire serve: process ${worker.process.pid} ended ${how}`);
      }
      finishIfDone();
      return;
    }
    if (!served.has(worker.id)) {
      // It never served: a setting, the database or the code is wrong, and a new one would fail alike.
      console.error(`quire serve: process ${worker.process.pid} ended ${how} before it served`);
      failed = true;
      stopAll('a process could not start');
      return;
    }
    console.error(`quire serve: process ${worker.process.pid} ended ${how}; starting another`);
    cluster.fork();
  });

  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`quire serve: ${signal} again: stopping without waiting`);
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      process.exit(1);
    }
    stopAll(signal);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  for (let i = 0; i < processes; i++) cluster.fork();
  return new Promise<number>(() => {});
}
