// Who is doing something: a signed-in reader, or a guest known by their client address (which is
// only ever stored as a keyed hash, see guest-key.ts).
import type { SignedIn } from '../accounts/accounts.service.ts';
import type { Database } from '../db/database.ts';
import { workAccess, type WorkAccess, type WorkFacts, workFacts } from '../works/works.service.ts';
import { CommunityError } from './community-error.ts';

export interface Actor {
  user: SignedIn | null;
  /** The client address; hashed before it goes anywhere. */
  address: string;
}

/**
 * The viewer's access to a work, refusing as "not found" when they may not see it. `facts` is the
 * request's memo of the work, when it has one.
 */
export async function accessOrNotFound(
  database: Database,
  workId: number,
  user: SignedIn | null,
  facts: WorkFacts = workFacts(database, workId),
): Promise<Exclude<WorkAccess, 'none'>> {
  const access = await workAccess(database, workId, user, facts);
  if (access === 'none') throw new CommunityError('not_found', `work ${workId} was not found`);
  return access;
}

export function requireUser(user: SignedIn | null, doing: string): SignedIn {
  if (!user) throw new CommunityError('sign_in', `you need to sign in to ${doing}`);
  return user;
}
