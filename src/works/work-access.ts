// Who may do what with a work: read it, edit it, or see behind its collection's mask. Every page,
// download, feed and API answer about one work asks here first.
import type { SignedIn } from '../accounts/accounts.service.ts';
import { worksModeratedBy } from '../collections/collections.repo.ts';
import type { Database } from '../db/database.ts';
import { type WorkFacts, workFacts } from './work-facts.ts';
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

/**
 * The facts the rules need, from the request's memo. A signed-in reader's creatorship is read
 * beside the work's row, not after it: the rules ask it of every work that exists, and on
 * PostgreSQL that is one wait instead of two.
 */
async function factsOf(facts: WorkFacts, viewer: SignedIn | null): Promise<Facts> {
  const asksCreators = viewer !== null && viewer.role !== 'admin';
  const [visibility] = await Promise.all([facts.visibility(), asksCreators ? facts.creators() : undefined]);
  return {
    visibility,
    created: () => (viewer ? facts.isCreator(viewer.id) : Promise.resolve(false)),
    moderates: () => (viewer ? facts.moderatedBy(viewer.id) : Promise.resolve(false)),
  };
}

/**
 * What the viewer may do with a work (see `decide`). Everything that shows or changes a work asks
 * this first; 'none' answers as a 404 so drafts stay secret. `facts` is the request's memo of the
 * work, when it has one.
 */
export async function workAccess(
  database: Database,
  workId: number,
  viewer: SignedIn | null,
  facts: WorkFacts = workFacts(database, workId),
): Promise<WorkAccess> {
  return decide(viewer, await factsOf(facts, viewer));
}

/** What the viewer may do with a work, and whether they see behind its collection's mask. */
export interface WorkView {
  access: WorkAccess;
  unmasked: boolean;
}

/**
 * `workAccess` and `seesUnmasked` together: a work page asks both, and a moderator's role
 * matters only for a work that is masked.
 */
export async function workViewOf(
  database: Database,
  workId: number,
  viewer: SignedIn | null,
  facts: WorkFacts = workFacts(database, workId),
): Promise<WorkView> {
  const f = await factsOf(facts, viewer);
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
export async function seesUnmasked(
  database: Database,
  workId: number,
  viewer: SignedIn | null,
  facts: WorkFacts = workFacts(database, workId),
): Promise<boolean> {
  if (!viewer) return false;
  if ((await workAccess(database, workId, viewer, facts)) === 'edit') return true;
  return facts.moderatedBy(viewer.id);
}

/** Whether a work is there for signed-in readers only: a guest is asked to sign in, not told it is gone. */
export async function onlyForSignedIn(
  database: Database,
  workId: number,
  facts: WorkFacts = workFacts(database, workId),
): Promise<boolean> {
  const v = await facts.visibility();
  return !!v && v.restricted && !v.draft && !v.hiddenByAdmin;
}

/** Whether the work is anonymous now (in an anonymous or unrevealed collection before its reveal). */
export async function workIsAnonymous(
  database: Database,
  workId: number,
  facts: WorkFacts = workFacts(database, workId),
): Promise<boolean> {
  const v = await facts.visibility();
  return !!v && (v.anonymous || v.unrevealed);
}
