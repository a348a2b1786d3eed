// Who may do what with a work: read it, edit it, or see behind its collection's mask. Every page,
// download, feed and API answer about one work asks here first.
import type { SignedIn } from '../accounts/accounts.service.ts';
import { moderatesCollectionOf, worksModeratedBy } from '../collections/collections.repo.ts';
import type { Database } from '../db/database.ts';
import * as works from './works.repo.ts';

export type WorkAccess = 'none' | 'read' | 'edit';

/**
 * What the viewer may do with a work: its creators (and admins) edit it; others read it when it
 * is posted, not hidden by an admin, and — if restricted — they are signed in. Everything that
 * shows or changes a work asks this first; 'none' answers as a 404 so drafts stay secret.
 */
export async function workAccess(database: Database, workId: number, viewer: SignedIn | null): Promise<WorkAccess> {
  const v = await works.getVisibility(database.db, workId);
  if (!v) return 'none';
  if (viewer && (viewer.role === 'admin' || (await works.isCreatorOf(database.db, workId, viewer.id)))) return 'edit';
  if (v.draft || v.hiddenByAdmin || (v.restricted && !viewer)) return 'none';
  // An unrevealed work is there only for its collection's moderators until the reveal.
  if (v.unrevealed && !(viewer && (await moderatesCollectionOf(database.db, workId, viewer.id)))) return 'none';
  return 'read';
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
  const v = await works.getVisibility(database.db, workId);
  if (!v) return { access: 'none', unmasked: false };
  if (viewer && (viewer.role === 'admin' || (await works.isCreatorOf(database.db, workId, viewer.id))))
    return { access: 'edit', unmasked: true };
  if (v.draft || v.hiddenByAdmin || (v.restricted && !viewer)) return { access: 'none', unmasked: false };
  const moderates =
    viewer !== null && (v.unrevealed || v.anonymous) && (await moderatesCollectionOf(database.db, workId, viewer.id));
  if (v.unrevealed && !moderates) return { access: 'none', unmasked: false };
  return { access: 'read', unmasked: moderates };
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
    const v = visibility.get(id);
    if (!v) access.set(id, 'none');
    else if (viewer && (viewer.role === 'admin' || created.has(id))) access.set(id, 'edit');
    else if (v.draft || v.hiddenByAdmin || (v.restricted && !viewer)) access.set(id, 'none');
    else if (v.unrevealed && !moderated.has(id)) access.set(id, 'none');
    else access.set(id, 'read');
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
