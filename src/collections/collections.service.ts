// Collections, as on AO3: a name (its URL), a title and description, owners and moderators; open
// or closed to new items, moderated or not (items wait for a moderator), anonymous (creators shown
// as "Anonymous") and unrevealed (works hidden) until the reveal; subcollections under a parent.
// Works and bookmarks join by their creator's choice, or by a moderator's invitation that the
// creator accepts. What anonymous and unrevealed hide is kept as flags on works (works.anonymous,
// works.unrevealed), written here and by `revealDue`, which serve runs on a timer.
import type { SignedIn } from '../accounts/accounts.service.ts';
import { creatorsForWorks, findUserByUsername } from '../accounts/accounts.repo.ts';
import { AppError } from '../app-error.ts';
import { retryingConflicts, type Database } from '../db/database.ts';
import { rebuildWorkFilters } from '../tags/filters.repo.ts';
import * as works from '../works/works.repo.ts';
import * as repo from './collections.repo.ts';
import { checkFields, type CollectionFields } from './collection-rules.ts';

export type { CollectionRow, ParticipantRow, PendingRow, Role } from './collections.repo.ts';
export type Tx = Database['db'];

export const LIST_PAGE = 50;

async function mustFind(db: Tx, name: string): Promise<repo.CollectionRow> {
  const c = await repo.collectionByName(db, name);
  if (!c) throw new AppError('not_found', `collection '${name}' was not found`);
  return c;
}

/** Owners and moderators run a collection; admins may step in. */
async function mustModerate(db: Tx, c: repo.CollectionRow, viewer: SignedIn, ownerOnly = false): Promise<void> {
  if (viewer.role === 'admin') return;
  const role = await repo.roleOf(db, c.id, viewer.id);
  if (role === 'owner' || (!ownerOnly && role === 'moderator')) return;
  throw new AppError(
    'forbidden',
    ownerOnly ? 'only the collection’s owners can do that' : 'only the collection’s moderators can do that',
  );
}

async function parentFor(db: Tx, viewer: SignedIn, name: string, self?: number): Promise<number | null> {
  if (!name) return null;
  const parent = await repo.collectionByName(db, name);
  if (!parent) throw new AppError('invalid', `there is no collection named '${name}' to be the parent`);
  if (parent.id === self || parent.parent_id !== null)
    throw new AppError('invalid', 'a subcollection’s parent must be a top-level collection other than itself');
  await mustModerate(db, parent, viewer, true);
  return parent.id;
}

export async function createCollection(database: Database, viewer: SignedIn, f: CollectionFields): Promise<string> {
  const values = checkFields(f, true);
  return retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      if (await repo.collectionByName(trx, f.name))
        throw new AppError('conflict', `a collection named '${f.name}' already exists`);
      const now = new Date().toISOString();
      const parent = await parentFor(trx, viewer, f.parent);
      const id = await repo.insertCollection(trx, f.name, { ...values, parent_id: parent }, now);
      await repo.setRole(trx, id, viewer.id, 'owner', now);
      return f.name;
    }),
  );
}

/** The owners change the settings; works are hidden or shown again at once to match. */
export async function updateSettings(
  database: Database,
  viewer: SignedIn,
  name: string,
  f: CollectionFields,
): Promise<void> {
  const values = checkFields(f, false);
  await retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      const c = await mustFind(trx, name);
      await mustModerate(trx, c, viewer, true);
      const now = new Date().toISOString();
      const parent = await parentFor(trx, viewer, f.parent, c.id);
      if (parent !== null && (await repo.subcollections(trx, c.id)).length > 0)
        throw new AppError('invalid', 'a collection with subcollections cannot become one');
      await repo.updateCollection(trx, c.id, { ...values, parent_id: parent }, now);
      // A reveal time moved into the future hides again what it revealed.
      if (values.reveal_at === null || values.reveal_at > now) await repo.setRevealed(trx, c.id, null);
      else await repo.setRevealed(trx, c.id, now);
      await syncWorks(trx, await repo.workIdsOfCollection(trx, c.id));
    }),
  );
}

/** Owners name moderators (and other owners) by username, or take them off. */
export async function setParticipant(
  database: Database,
  viewer: SignedIn,
  name: string,
  username: string,
  role: repo.Role | 'remove',
): Promise<void> {
  await retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      const c = await mustFind(trx, name);
      await mustModerate(trx, c, viewer, true);
      const user = await findUser(trx, username);
      if (role === 'remove') {
        const owners = (await repo.participants(trx, c.id)).filter((p) => p.role === 'owner');
        if (owners.length === 1 && owners[0]!.userId === user.id)
          throw new AppError('conflict', 'a collection keeps at least one owner');
        await repo.removeParticipant(trx, c.id, user.id);
      } else await repo.setRole(trx, c.id, user.id, role, new Date().toISOString());
    }),
  );
}

async function findUser(db: Tx, username: string): Promise<{ id: number }> {
  const user = await findUserByUsername(db, username.trim());
  if (!user || user.role === 'system') throw new AppError('invalid', `there is no user named '${username}'`);
  return user;
}

/**
 * Writes the works' anonymous and unrevealed flags from their collections; a work whose flags
 * moved gets its search filters rebuilt (an unrevealed work has none) and its creator sort key
 * hidden or restored.
 */
export async function syncWorks(trx: Tx, workIds: number[]): Promise<void> {
  const changed = await repo.syncWorkFlags(trx, [...new Set(workIds)]);
  if (changed.length === 0) return;
  const creators = await creatorsForWorks(trx, changed);
  for (const id of changed) {
    const v = await works.getVisibility(trx, id);
    const first = creators.find((c) => c.workId === id);
    await works.updateWork(trx, id, {
      creator_key: v?.anonymous || v?.unrevealed ? '' : (first?.username ?? '').toLowerCase(),
    });
  }
  await rebuildWorkFilters(trx, changed);
}

/**
 * A creator puts their own work, or a reader their own public bookmark, into a collection: open
 * ones only (unless they run it), approved at once unless it is moderated (its moderators' own
 * items always are). A moderator's invitation of the same item is accepted by this.
 */
async function addOwnItem(
  trx: Tx,
  viewer: SignedIn,
  c: repo.CollectionRow,
  what: { workId: number } | { bookmarkId: number },
  at: string,
): Promise<void> {
  const probe = {
    id: 0,
    collectionId: c.id,
    workId: 'workId' in what ? what.workId : null,
    bookmarkId: 'bookmarkId' in what ? what.bookmarkId : null,
  } as repo.ItemRow;
  if (!(await repo.answersForItem(trx, probe, viewer.id)))
    throw new AppError('forbidden', 'only its creator can put a work or bookmark into a collection');
  if ('bookmarkId' in what && !(await repo.bookmarkIsPublic(trx, what.bookmarkId)))
    throw new AppError('invalid', 'a private bookmark cannot join a collection');
  const existing = await repo.findItem(trx, c.id, what);
  if (existing) {
    if (!existing.creatorApproved) await repo.approveItem(trx, existing.id, 'creator');
    return;
  }
  const role = await repo.roleOf(trx, c.id, viewer.id);
  const runs = role === 'owner' || role === 'moderator';
  if (!c.open && !runs) throw new AppError('invalid', `the collection '${c.name}' is closed to new items`);
  await repo.insertItem(trx, {
    collectionId: c.id,
    ...what,
    creatorApproved: true,
    collectionApproved: !c.moderated || runs,
    addedBy: viewer.id,
    at,
  });
}

/**
 * The work form's collections: the work joins each named collection (see addOwnItem) and leaves
 * those it was in that the list no longer names. Called in the form's transaction.
 */
export async function setWorkCollections(
  trx: Tx,
  viewer: SignedIn,
  workId: number,
  names: string[],
  at: string,
): Promise<void> {
  const wanted = new Map<number, repo.CollectionRow>();
  for (const name of names) {
    const c = await mustFind(trx, name);
    wanted.set(c.id, c);
  }
  for (const item of await repo.collectionsOfWork(trx, workId))
    if (!wanted.has(item.id) && item.creatorApproved) await repo.deleteItem(trx, item.itemId);
  for (const c of wanted.values()) await addOwnItem(trx, viewer, c, { workId }, at);
  await syncWorks(trx, [workId]);
}

/** A creator's own work joins the collection inside the caller's transaction (a prompt's fill). */
export async function addOwnWork(trx: Tx, viewer: SignedIn, name: string, workId: number): Promise<void> {
  const c = await mustFind(trx, name);
  await addOwnItem(trx, viewer, c, { workId }, new Date().toISOString());
  await syncWorks(trx, [workId]);
}

/** A creator adds a work, or a reader a bookmark, of their own from the collection's page. */
export async function addItem(
  database: Database,
  viewer: SignedIn,
  name: string,
  what: { workId: number } | { bookmarkId: number },
): Promise<void> {
  await retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      const c = await mustFind(trx, name);
      await addOwnItem(trx, viewer, c, what, new Date().toISOString());
      if ('workId' in what) await syncWorks(trx, [what.workId]);
    }),
  );
}

/**
 * A moderator invites a work (or a bookmark) into the collection: it is in once its creator
 * accepts in their inbox, never before.
 */
export async function invite(
  database: Database,
  viewer: SignedIn,
  name: string,
  what: { workId?: number; bookmarkId?: number },
): Promise<void> {
  await retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      const c = await mustFind(trx, name);
      await mustModerate(trx, c, viewer);
      if (what.workId !== undefined) {
        const v = await works.getVisibility(trx, what.workId);
        if (!v || v.draft || v.hiddenByAdmin || v.unrevealed)
          throw new AppError('invalid', `there is no work ${what.workId} to invite`);
      } else if (!(await repo.bookmarkIsPublic(trx, what.bookmarkId ?? 0)))
        throw new AppError('invalid', `there is no public bookmark ${what.bookmarkId} to invite`);
      await repo.insertItem(trx, {
        collectionId: c.id,
        ...what,
        creatorApproved: false,
        collectionApproved: true,
        addedBy: viewer.id,
        at: new Date().toISOString(),
      });
    }),
  );
}

/** The creator (or the bookmark's reader) answers a moderator's invitation. */
export async function answerInvitation(
  database: Database,
  viewer: SignedIn,
  itemId: number,
  answer: 'accept' | 'decline',
): Promise<void> {
  await retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      const item = await repo.getItem(trx, itemId);
      if (!item || item.creatorApproved)
        throw new AppError('not_found', `collection invitation ${itemId} was not found`);
      if (!(await repo.answersForItem(trx, item, viewer.id)))
        throw new AppError('forbidden', 'only the creator can answer this invitation');
      if (answer === 'accept') await repo.approveItem(trx, item.id, 'creator');
      else await repo.deleteItem(trx, item.id);
      if (item.workId !== null) await syncWorks(trx, [item.workId]);
    }),
  );
}

/** Moderators approve an item waiting for them, or reject (remove) any item of their collection. */
export async function moderateItem(
  database: Database,
  viewer: SignedIn,
  itemId: number,
  decision: 'approve' | 'reject',
): Promise<string> {
  return retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      const item = await repo.getItem(trx, itemId);
      const c = item && (await repo.collectionById(trx, item.collectionId));
      if (!item || !c) throw new AppError('not_found', `collection item ${itemId} was not found`);
      await mustModerate(trx, c, viewer);
      if (decision === 'approve') await repo.approveItem(trx, item.id, 'collection');
      else await repo.deleteItem(trx, item.id);
      if (item.workId !== null) await syncWorks(trx, [item.workId]);
      return c.name;
    }),
  );
}

/**
 * Reveals every collection whose reveal time has come: its works and creators are shown from then
 * on. Safe in any number of processes at once (each collection is claimed by one update) and at
 * any interval; `quire serve` calls it on a timer. Returns the collections revealed.
 */
export async function revealDue(database: Database, now: Date = new Date()): Promise<number> {
  const due = await repo.dueReveals(database.db, now.toISOString());
  let revealed = 0;
  for (const id of due) {
    await retryingConflicts(() =>
      database.db.transaction().execute(async (trx) => {
        if (!(await repo.setRevealed(trx, id, now.toISOString()))) return;
        revealed++;
        await syncWorks(trx, await repo.workIdsOfCollection(trx, id));
      }),
    );
  }
  return revealed;
}

// ---- reading --------------------------------------------------------------------------------

export interface CollectionView {
  collection: repo.CollectionRow;
  parent: repo.CollectionRow | undefined;
  children: repo.CollectionRow[];
  participants: repo.ParticipantRow[];
  /** The viewer's part in it; admins count as owners. */
  viewerRole: repo.Role | null;
  /** Whether its works and creators are hidden right now. */
  hiding: { unrevealed: boolean; anonymous: boolean };
}

export async function collectionView(
  database: Database,
  name: string,
  viewer: SignedIn | null,
): Promise<CollectionView> {
  const c = await mustFind(database.db, name);
  const [parent, children, people, role] = await Promise.all([
    c.parent_id === null ? undefined : repo.collectionById(database.db, c.parent_id),
    repo.subcollections(database.db, c.id),
    repo.participants(database.db, c.id),
    viewer ? repo.roleOf(database.db, c.id, viewer.id) : undefined,
  ]);
  const revealed = c.revealed_at !== null;
  return {
    collection: c,
    parent,
    children,
    participants: people,
    viewerRole: viewer?.role === 'admin' ? 'owner' : (role ?? null),
    hiding: { unrevealed: c.unrevealed === 1 && !revealed, anonymous: c.anonymous === 1 && !revealed },
  };
}

/** The collection and its subcollections: whose works its page lists. */
export function searchScope(view: CollectionView): number[] {
  return [view.collection.id, ...view.children.map((c) => c.id)];
}

export function moderates(view: CollectionView): boolean {
  return view.viewerRole === 'owner' || view.viewerRole === 'moderator';
}

export async function listCollections(
  database: Database,
  opts: { query?: string; after?: string },
): Promise<{ collections: repo.CollectionRow[]; next: string | null }> {
  const rows = await repo.listCollections(database.db, { ...opts, limit: LIST_PAGE + 1 });
  const page = rows.slice(0, LIST_PAGE);
  return { collections: page, next: rows.length > LIST_PAGE ? (page.at(-1)?.name_key ?? null) : null };
}

/** What the manage page lists: items waiting for the moderators, and invitations waiting for creators. */
export async function manageView(database: Database, viewer: SignedIn, name: string) {
  const c = await mustFind(database.db, name);
  await mustModerate(database.db, c, viewer);
  const [awaiting, invited, approved] = await Promise.all([
    repo.itemsOfCollection(database.db, c.id, 'awaiting_collection'),
    repo.itemsOfCollection(database.db, c.id, 'awaiting_creator'),
    repo.itemsOfCollection(database.db, c.id, 'approved'),
  ]);
  return { awaiting, invited, approved };
}

/** The collections a work is in, for its page (approved ones) and its form (all of them). */
export async function collectionsOfWork(database: Database, workId: number) {
  return repo.collectionsOfWork(database.db, workId);
}

export async function myInvitations(database: Database, viewer: SignedIn) {
  return repo.invitationsForUser(database.db, viewer.id);
}

/** Bookmarks approved in the collection and public, newest first. */
export async function collectionBookmarkIds(database: Database, collectionIds: number[]): Promise<number[]> {
  return repo.bookmarkIdsOfCollections(database.db, collectionIds);
}
