// Deleting a collection, as on AO3: its owners (or an admin) only, after typing its name. Its
// items, people and prompt meme go with it; the works stay, and stop being anonymous or
// unrevealed on its account; its subcollections stay as collections of their own. One
// transaction: a failure leaves the collection as it was.
import type { SignedIn } from '../accounts/accounts.service.ts';
import { AppError } from '../app-error.ts';
import { retryingConflicts, type Database } from '../db/database.ts';
import * as repo from './collections.repo.ts';
import { syncWorks } from './collections.service.ts';

/** What the confirmation page says will go: counts of works, bookmarks and subcollections. */
export async function deletionSummary(database: Database, viewer: SignedIn, name: string) {
  const c = await mustOwn(database.db, viewer, name);
  const [works, children] = await Promise.all([
    repo.workIdsOfCollection(database.db, c.id),
    repo.subcollections(database.db, c.id),
  ]);
  return { collection: c, works: works.length, subcollections: children.map((s) => s.name) };
}

async function mustOwn(db: Database['db'], viewer: SignedIn, name: string): Promise<repo.CollectionRow> {
  const c = await repo.collectionByName(db, name);
  if (!c) throw new AppError('not_found', `collection '${name}' was not found`);
  if (viewer.role !== 'admin' && (await repo.roleOf(db, c.id, viewer.id)) !== 'owner')
    throw new AppError('forbidden', 'only the collection’s owners can delete it');
  return c;
}

export async function deleteCollection(
  database: Database,
  viewer: SignedIn,
  name: string,
  confirmation: string,
): Promise<void> {
  await retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      const c = await mustOwn(trx, viewer, name);
      if (confirmation.trim().toLowerCase() !== c.name.toLowerCase())
        throw new AppError('invalid', `type the collection's name, ${c.name}, to delete it`);
      const workIds = await repo.workIdsOfCollection(trx, c.id);
      await repo.deleteCollection(trx, c.id);
      await syncWorks(trx, workIds);
    }),
  );
}
