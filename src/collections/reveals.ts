// The reveal step on a timer, as `quire serve` runs it: every minute, each process reveals the
// collections whose time has come (revealDue claims each one with an update, so processes never
// reveal one twice). A job queue may later run revealDue instead; it needs nothing but the database.
import type { Database } from '../db/database.ts';
import { revealDue } from './collections.service.ts';

export const REVEAL_EVERY_MS = 60_000;

export function startRevealing(
  database: Database,
  opts: { everyMs?: number; log?: (message: string) => void } = {},
): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    running = revealDue(database)
      .then((n) => {
        if (n > 0) opts.log?.(`revealed ${n} collection${n === 1 ? '' : 's'}`);
      })
      .catch((e: unknown) => opts.log?.(`reveal step failed: ${(e as Error).message}`))
      .finally(() => {
        running = null;
        if (!stopped) timer = setTimeout(tick, opts.everyMs ?? REVEAL_EVERY_MS).unref();
      });
  };
  timer = setTimeout(tick, 0).unref();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
