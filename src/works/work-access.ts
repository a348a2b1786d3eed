// Who may do what with a work: read it, edit it, or see behind its collection's mask. Every page,
// download, feed and API answer about one work asks here first.
import type { SignedIn } from '../accounts/accounts.service.ts';
import { moderatesCollectionOf, worksModeratedBy } from '../collections/collections.repo.ts';
import type { Database } from '../db/database.ts';
import * as works from './works.repo.ts';

export type WorkAccess = 'none' | 'read' | 'edit';

/** What the rules need to know of one work for one viewer, asked only when the rules come to it. */
interface Facts {
  visibility: works.Visibility | undefined;
  created: () => Promise<boolean>;
  moderates: () => Promise<boolean>;
}

/**
 * The rules, once for every way of asking: its creators (and admins) edit a work; others read it
 * when it is posted, not hidden by an admin, and — if restricted — they are signed in; an
 * unrevealed work is there only for its collection's moderators until the reveal.
 */
async function decide(viewer: SignedIn | null, f: Facts): Promise<WorkAccess> {
  const v = f.visibility;
  if (!v) return 'none';
  if (viewer && (viewer.role === 'admin' || (await f.created()))) return 'edit';
  if (v.draft || v.hiddenByAdmin || (v.restricted && !viewer)) return 'none';
  if (v.unrevealed && !(viewer && (await f.moderates()))) return 'none';
  return 'read';
}

/** Queries of one work, each run at most once. */
function factsOf(
  database: Database,
  workId: number,
  viewer: SignedIn | null,
  visibility: works.Visibility | undefined,
) {
  let moderates: Promise<boolean> | undefined;
  return {
    visibility,
    created: () => (viewer ? works.isCreatorOf(database.db, workId, viewer.id) : Promise.resolve(false)),
    moderates: () =>
      (moderates ??= viewer ? moderatesCollectionOf(database.db, workId, viewer.id) : Promise.resolve(false)),
  };
}

/**
 * What the viewer may do with a work (see `decide`). Everything that shows or changes a work asks
 * this first; 'none' answers as a 404 so drafts stay secret.
 */
export async function workAccess(database: Database, workId: number, viewer: SignedIn | null): Promise<WorkAccess> {
  return decide(viewer, factsOf(database, workId, viewer, await works.getVisibility(database.db, workId)));
}

/** What the viewer may do with a work, and whether they see behind its collection's mask. */
export interface WorkView {
  access: WorkAccess;
  unmasked: boolean;
}

/**
 * `workAccess` and `seesUnmasked` together, each fact read once: a work page asks both, and a
 * moderator's role matters only for a work that is masked.
 */
export async function workViewOf(database: Database, workId: number, viewer: SignedIn | null): Promise<WorkView> {
  const f = factsOf(database, workId, viewer, await works.getVisibility(database.db, workId));
  const access = await decide(viewer, f);
  if (access !== 'read') return { access, unmasked: access === 'edit' };
  const masked = f.visibility!.unrevealed || f.visibility!.anonymous;
  return { access, unmasked: masked && (await f.moderates()) };
}

/** `workAccess` for many works in a fixed number of queries, for listings; works that do not exist are 'none'. */
export async function workAccessMany(
  database: Database,
  workIds: number[],
  viewer: SignedIn | null,
): Promise<Map<number, WorkAccess>> {
  const ids = [...new Set(workIds)];
  const [visibility, created, moderated] = await Promise.all([
    works.getVisibilities(database.db, ids),
    viewer && viewer.role !== 'admin' ? works.worksCreatedBy(database.db, ids, viewer.id) : new Set<number>(),
    viewer ? worksModeratedBy(database.db, ids, viewer.id) : new Set<number>(),
  ]);
  const access = new Map<number, WorkAccess>();
  for (const id of ids) {
    const facts: Facts = {
      visibility: visibility.get(id),
      created: async () => created.has(id),
      moderates: async () => moderated.has(id),
    };
    access.set(id, await decide(viewer, facts));
  }
  return access;
}

/**
 * Whether the viewer sees an anonymous or unrevealed work as it is: its creators, admins and the
 * moderators of a collection it is in. Everyone else gets the masked work (see `blurbs`).
 */
export async function seesUnmasked(database: Database, workId: number, viewer: SignedIn | null): Promise<boolean> {
  if (!viewer) return false;
  if ((await workAccess(database, workId, viewer)) === 'edit') return true;
  return moderatesCollectionOf(database.db, workId, viewer.id);
}

/** Whether a work is there for signed-in readers only: a guest is asked to sign in, not told it is gone. */
export async function onlyForSignedIn(database: Database, workId: number): Promise<boolean> {
  const v = await works.getVisibility(database.db, workId);
  return !!v && v.restricted && !v.draft && !v.hiddenByAdmin;
}

/** Whether the work is anonymous now (in an anonymous or unrevealed collection before its reveal). */
export async function workIsAnonymous(database: Database, workId: number): Promise<boolean> {
  const v = await works.getVisibility(database.db, workId);
  return !!v && (v.anonymous || v.unrevealed);
}
