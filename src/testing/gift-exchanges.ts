// Gift exchanges for tests: the moderators' settings of a small exchange, and the job runs that a
// worker process would make (matching, the close, the assignment mail) done on demand.
import type { Mail } from '../accounts/mail.ts';
import type { Database } from '../db/database.ts';
import { type HandlerContext, jobHandlers } from '../jobs/handlers.ts';
import { RECURRING } from '../jobs/kinds.ts';
import { jobQueue } from '../jobs/queue.ts';
import { JobRunner } from '../jobs/runner.ts';

/** Form fields as a service reads them. */
export const form = (fields: Record<string, string>) => (name: string) => fields[name];

/** Two requests and offers at most, a fandom each from a short list; fandoms must match. */
export const SETTINGS = {
  signups_open: '1',
  request_min: '1',
  request_max: '2',
  request_fandom_min: '1',
  request_fandom_max: '1',
  request_character_max: '2',
  request_character_any: '1',
  request_description: 'required',
  offer_min: '1',
  offer_max: '2',
  offer_fandom_min: '1',
  offer_fandom_max: '1',
  offer_character_max: '2',
  offer_character_any: '1',
  eligible_fandoms: 'Harbour Lights\nSalt Roads\nTide Clock\nQuiet Bay',
  match_fandom: '1',
  requests_to_match: '1',
};

/** Runs every job that is due, as a worker would, and returns the mail it sent. */
export async function runJobs(database: Database, more: Partial<HandlerContext> = {}): Promise<Mail[]> {
  const sent: Mail[] = [];
  const queue = await jobQueue(database);
  const handlers = jobHandlers({
    database,
    queue,
    mail: { send: async (m) => void sent.push(m) },
    origin: 'https://archive.example',
    publicOrigin: null,
    processName: 'test',
    ...more,
  });
  const runner = new JobRunner(queue, handlers, { recurring: RECURRING.filter((r) => r.kind !== 'notices.deliver') });
  for (let i = 0; i < 10; i++) {
    await runner.poll();
    await runner.settled();
    const s = await queue.stats();
    if (s.waiting === 0 && s.running === 0) break;
  }
  return sent;
}
