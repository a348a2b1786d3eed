// Co-creators by consent, as on AO3: naming another user's pseud on a work invites it, and the
// credit appears (byline, creator page, search, feeds, downloads, the API) only when that user
// accepts; declining drops the request. A writer's own pseuds need no invitation. A creator may
// take themselves off a work while another creator remains.
import type { SignedIn } from '../accounts/accounts.service.ts';
import { creatorsForWorks } from '../accounts/accounts.repo.ts';
import { AppError } from '../app-error.ts';
import { retryingConflicts, type Database } from '../db/database.ts';
import { reindexWorks } from '../search/indexing.service.ts';
import * as repo from './creatorships.repo.ts';
import * as works from './works.repo.ts';
import { workAccess } from './works.service.ts';

export type { UserInvitationRow, WorkInvitationRow } from './creatorships.repo.ts';

/** Invites these pseuds to the work (again asking nothing of a pseud invited already). */
export async function inviteCreators(
  trx: Database['db'],
  workId: number,
  inviterId: number,
  pseudIds: number[],
  at: string,
): Promise<void> {
  for (const pseudId of pseudIds) await repo.insertInvitation(trx, { workId, pseudId, invitedBy: inviterId, at });
}

/** Whether the invited user has blocked the writer asking: then there is no asking. */
export async function refusesInvitations(database: Database, invitee: number, from: number): Promise<boolean> {
  return repo.hasBlocked(database.db, invitee, from);
}

/** The invitations still waiting on a work, for the edit form of its creators (and admins). */
export async function pendingForWork(
  database: Database,
  viewer: SignedIn,
  workId: number,
): Promise<repo.WorkInvitationRow[]> {
  if ((await workAccess(database, workId, viewer)) !== 'edit') return [];
  return repo.invitationsForWork(database.db, workId);
}

/** The invitations waiting for the viewer's answer. */
export async function myInvitations(database: Database, viewer: SignedIn): Promise<repo.UserInvitationRow[]> {
  return repo.invitationsForUser(database.db, viewer.id);
}

export async function countMyInvitations(database: Database, viewer: SignedIn): Promise<number> {
  return repo.countInvitationsForUser(database.db, viewer.id);
}

export type Answer = 'accept' | 'decline';

/** The invited user, and only they, accepts (the credit appears) or declines (the request goes). */
export async function answerInvitation(
  database: Database,
  viewer: SignedIn,
  invitationId: number,
  answer: Answer,
): Promise<{ workId: number }> {
  return retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      const invitation = await repo.getInvitation(trx, invitationId);
      if (!invitation) throw new AppError('not_found', `co-creator invitation ${invitationId} was not found`);
      if (invitation.userId !== viewer.id)
        throw new AppError('forbidden', 'only the invited creator can answer this invitation');
      if (!(await repo.deleteInvitation(trx, invitation.id)))
        throw new AppError('conflict', 'this invitation has been answered already');
      if (answer === 'accept') {
        await works.appendCreator(trx, invitation.workId, invitation.pseudId);
        await reindexWorks({ db: trx, dialect: database.dialect }, [invitation.workId]);
      }
      return { workId: invitation.workId };
    }),
  );
}

/** Takes the viewer's pseuds off a work; another creator must remain to answer for it. */
export async function leaveWork(database: Database, viewer: SignedIn, workId: number): Promise<void> {
  if ((await workAccess(database, workId, viewer)) === 'none')
    throw new AppError('not_found', `work ${workId} was not found`);
  await retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      const creators = await creatorsForWorks(trx, [workId]);
      const mine = creators.filter((c) => c.userId === viewer.id);
      if (mine.length === 0) throw new AppError('forbidden', 'you are not one of this work’s creators');
      const rest = creators.filter((c) => c.userId !== viewer.id);
      if (rest.length === 0)
        throw new AppError('conflict', 'you are this work’s only creator: orphan or delete it instead');
      await works.setCreators(
        trx,
        workId,
        rest.map((c) => c.pseudId),
      );
      await works.updateWork(trx, workId, { creator_key: rest[0]!.username.toLowerCase() });
      await reindexWorks({ db: trx, dialect: database.dialect }, [workId]);
    }),
  );
}
