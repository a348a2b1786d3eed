// Gift exchanges for tests: the moderators' settings of a small exchange, and the job runs that a
// worker process would make (matching, the close, the assignment mail) done on demand.
import type { SignedIn } from '../accounts/accounts.service.ts';
import type { Mail } from '../accounts/mail.ts';
import { createCollection } from '../collections/collections.service.ts';
import type { Database } from '../db/database.ts';
import { type HandlerContext, jobHandlers } from '../jobs/handlers.ts';
import { RECURRING } from '../jobs/kinds.ts';
import { jobQueue } from '../jobs/queue.ts';
import { JobRunner } from '../jobs/runner.ts';
import { sendAssignments, startMatching } from '../exchanges/assignments.service.ts';
import { saveExchange, saveSignup } from '../exchanges/exchanges.service.ts';

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

/**
 * An exchange run to the stage asked for: the owner makes the collection a gift exchange, the
 * participants sign up in a ring of fandoms (each offers what the next requests), and then sign-ups
 * close, matching runs and the assignments are sent, as far as `stage` says.
 */
export async function exchangeAt(
  database: Database,
  owner: SignedIn,
  name: string,
  participants: SignedIn[],
  stage: 'open' | 'sent',
): Promise<void> {
  await createCollection(database, owner, {
    ...{ name, title: `The ${name} exchange`, description: 'Gifts for the season.', parent: '' },
    ...{ open: true, moderated: false, unrevealed: false, anonymous: false, revealAt: '' },
  });
  await saveExchange(database, owner, name, form(SETTINGS));
  const fandoms = ['Harbour Lights', 'Salt Roads', 'Tide Clock', 'Quiet Bay'];
  for (const [i, user] of participants.entries())
    await saveSignup(
      database,
      user,
      name,
      form({
        request_1_fandom: fandoms[i % 4]!,
        request_1_description: `A story for ${user.username}.`,
        offer_1_fandom: fandoms[((i + 1) % participants.length) % 4]!,
      }),
    );
  if (stage === 'open') return;
  await saveExchange(database, owner, name, form({ ...SETTINGS, signups_open: '' }));
  await startMatching(database, owner, name);
  await runJobs(database);
  await sendAssignments(database, owner, name);
}
