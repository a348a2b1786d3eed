// Running jobs in a process, as `quire serve` and `quire worker` both do: the archive's queue, the
// handlers with what this process has (its mail sender, the analysis on a worker thread), and a
// runner polling as the settings say.
import type { MailSender } from '../accounts/mail.ts';
import { readSetting } from '../config.ts';
import type { Database } from '../db/database.ts';
import { archiveCanon } from '../tags/wrangling.service.ts';
import { TextWorkers } from '../works/text-worker.ts';
import { jobHandlers } from './handlers.ts';
import { RECURRING } from './kinds.ts';
import { jobQueue } from './queue.ts';
import { JobRunner } from './runner.ts';

export interface ProcessJobs {
  runner: JobRunner;
  /** Stops claiming, waits for the jobs under way (handing back what outlasts `drainMs`), closes what it opened. */
  stop(drainMs?: number): Promise<{ finished: number; released: number }>;
}

export async function startProcessJobs(
  database: Database,
  opts: { mail: MailSender; origin: string; processName: string },
): Promise<ProcessJobs> {
  const queue = await jobQueue(database);
  // Re-analysis reads the text on a thread of its own, as posting does, so no text holds this one.
  const text = new TextWorkers({ size: 1 });
  const handlers = jobHandlers({
    database,
    queue,
    mail: opts.mail,
    origin: opts.origin,
    publicOrigin: readSetting('publicUrl'),
    suggest: async (parsed) => text.suggest(parsed, await archiveCanon(database)),
    processName: opts.processName,
  });
  const runner = new JobRunner(queue, handlers, {
    concurrency: readSetting('jobsConcurrency'),
    pollMs: readSetting('jobsPollMs'),
    recurring: RECURRING,
  });
  runner.start();
  return {
    runner,
    async stop(drainMs) {
      try {
        return await runner.stop(drainMs);
      } finally {
        await text.close();
        opts.mail.close?.();
      }
    },
  };
}
