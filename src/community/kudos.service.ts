// Kudos: one per account and one per guest address on each work, never on one's own work.
// AO3's rules; a guest is known only by the keyed hash of their address (guest-key.ts).
import type { Database } from '../db/database.ts';
import { workCreatorUserIds, type WorkFacts, workFacts } from '../works/works.service.ts';
import { accessOrNotFound, type Actor } from './actor.ts';
import { CommunityError } from './community-error.ts';
import { guestKey } from './guest-key.ts';
import * as repo from './kudos.repo.ts';
import { queueNotice } from '../notices/outbox.ts';

/** How many givers' names the work page lists before "and N more users". */
export const KUDOS_NAMES_SHOWN = 50;

function giverOf(actor: Actor): repo.Giver {
  return actor.user ? { userId: actor.user.id } : { guestKey: guestKey(actor.address) };
}

export async function leaveKudos(database: Database, actor: Actor, workId: number): Promise<void> {
  const facts = workFacts(database, workId);
  await accessOrNotFound(database, workId, actor.user, facts);
  const creators = await workCreatorUserIds(database, workId, facts);
  if (actor.user && creators.includes(actor.user.id)) {
    throw new CommunityError('invalid', "You can't leave kudos on your own work.");
  }
  const added = await database.db.transaction().execute(async (trx) => {
    const at = new Date().toISOString();
    if (!(await repo.insertKudos(trx, workId, giverOf(actor), at))) return false;
    // Kudos are mailed only in the creators' daily digest, queued with the kudos itself.
    const giver = actor.user ? [actor.user.id] : [];
    await queueNotice(trx, creators, { event: 'kudos', actors: giver, actorId: actor.user?.id ?? null, workId, at });
    return true;
  });
  if (!added) throw new CommunityError('invalid', 'You have already left kudos here. :)');
}

export interface KudosView {
  workId: number;
  /** Newest first, at most KUDOS_NAMES_SHOWN. */
  usernames: string[];
  /** Account holders beyond the names listed. */
  moreUsers: number;
  guests: number;
  /** Whether this viewer may press the button now; `given` says why not when it is false. */
  canGive: boolean;
  given: boolean;
}

export async function kudosView(
  database: Database,
  actor: Actor,
  workId: number,
  facts?: WorkFacts,
): Promise<KudosView> {
  const [summary, given, creators] = await Promise.all([
    repo.kudosSummary(database.db, workId, KUDOS_NAMES_SHOWN),
    repo.hasKudos(database.db, workId, giverOf(actor)),
    actor.user ? workCreatorUserIds(database, workId, facts) : Promise.resolve([]),
  ]);
  const ownWork = actor.user !== null && creators.includes(actor.user.id);
  return {
    workId,
    usernames: summary.usernames,
    moreUsers: summary.users - summary.usernames.length,
    guests: summary.guests,
    canGive: !given && !ownWork,
    given,
  };
}
