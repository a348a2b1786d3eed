// The work form's collections and gifts: checked before the form's transaction (each a problem
// tied to its field, as the other fields' are) and written inside it, before the work is
// reindexed and its subscribers told, so an anonymous work is anonymous from its first moment.
import type { SignedIn } from '../accounts/accounts.service.ts';
import { AppError, optionalId } from '../app-error.ts';
import type { Database } from '../db/database.ts';
import { giftsOfWork, recipientNames, setWorkGifts } from '../gifts/gifts.service.ts';
import { collectionNames } from './collection-rules.ts';
import * as repo from './collections.repo.ts';
import { setWorkCollections } from './collections.service.ts';
import { fillFromWorkForm, promptForPosting } from '../prompt-memes/prompt-memes.service.ts';

export interface CollectionAndGiftFields {
  /** Comma-separated collection names; undefined leaves the work's collections as they are. */
  collections?: string;
  /** Comma-separated recipients (pseuds or any name); undefined leaves its gifts as they are. */
  gifts?: string;
  /** The id of a prompt the work fills once posted (a claim's "post a new work"). */
  fillsPrompt?: string;
}

export interface CheckedFields {
  collections?: string[];
  gifts?: string[];
  fillsPrompt?: number;
  problems: { field: string; message: string }[];
}

export async function checkCollectionAndGiftFields(
  database: Database,
  viewer: SignedIn,
  workId: number,
  f: CollectionAndGiftFields,
): Promise<CheckedFields> {
  const out: CheckedFields = { problems: [] };
  const problem = (field: string, e: unknown) => {
    if (!(e instanceof AppError)) throw e;
    out.problems.push({ field, message: e.message });
  };
  if (f.collections !== undefined) {
    try {
      const names = collectionNames(f.collections);
      const current = await repo.collectionsOfWork(database.db, workId);
      for (const name of names) {
        const c = await repo.collectionByName(database.db, name);
        if (!c) throw new AppError('invalid', `there is no collection named '${name}'`);
        const role = await repo.roleOf(database.db, c.id, viewer.id);
        const already = current.some((i) => i.id === c.id);
        if (!c.open && !already && role !== 'owner' && role !== 'moderator')
          throw new AppError('invalid', `the collection '${c.name}' is closed to new works`);
      }
      out.collections = names;
    } catch (e) {
      problem('collections', e);
    }
  }
  if (f.gifts !== undefined) {
    try {
      out.gifts = recipientNames(f.gifts);
    } catch (e) {
      problem('gifts', e);
    }
  }
  if (f.fillsPrompt !== undefined) {
    const id = optionalId(f.fillsPrompt);
    if (await promptForPosting(database, id)) out.fillsPrompt = id;
    else out.problems.push({ field: 'fills_prompt', message: 'that prompt is not open to fills' });
  }
  return out;
}

/** Fills the prompt the form names, in its transaction, once the work is posted. */
export async function applyPromptFill(trx: Database['db'], viewer: SignedIn, workId: number, checked: CheckedFields) {
  if (checked.fillsPrompt !== undefined) await fillFromWorkForm(trx, viewer, checked.fillsPrompt, workId);
}

/** Writes what was checked, in the form's transaction. */
export async function applyCollectionAndGiftFields(
  trx: Database['db'],
  viewer: SignedIn,
  workId: number,
  checked: CheckedFields,
  at: string,
): Promise<void> {
  if (checked.collections) await setWorkCollections(trx, viewer, workId, checked.collections, at);
  if (checked.gifts) await setWorkGifts(trx, viewer, workId, checked.gifts, at);
}

/** What the edit form shows in the two fields now. */
export async function currentCollectionAndGiftFields(
  database: Database,
  workId: number,
): Promise<{ collections: string; gifts: string }> {
  const [collections, gifts] = await Promise.all([
    repo.collectionsOfWork(database.db, workId),
    giftsOfWork(database, workId),
  ]);
  return {
    collections: collections
      .filter((c) => c.creatorApproved)
      .map((c) => c.name)
      .join(', '),
    gifts: gifts.map((g) => g.recipient).join(', '),
  };
}
