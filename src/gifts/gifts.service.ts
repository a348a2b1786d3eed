// Gifts, as on AO3: a work's creator names recipients, each a pseud of the archive (its user is
// told in their inbox and by e-mail, and may refuse the gift, which then leaves their gifts page and the work's
// gift line for good) or any other name as free text. A user's gifts page lists what they accepted.
import type { SignedIn } from '../accounts/accounts.service.ts';
import { findPseudByName } from '../accounts/accounts.repo.ts';
import { AppError } from '../app-error.ts';
import { retryingConflicts, type Database } from '../db/database.ts';
import { queueNotice } from '../notices/outbox.ts';
import { splitTags } from '../works/posting-rules.ts';
import * as repo from './gifts.repo.ts';

export type { GiftRow } from './gifts.repo.ts';
export const MAX_GIFTS = 20;
export const RECIPIENT_MAX = 100;

/** "Alice, my sister" as names, each cleaned as a tag name is; case-blind duplicates dropped. */
export function recipientNames(raw: string): string[] {
  const names = splitTags([raw]);
  const out = names.filter((n, i) => names.findIndex((m) => m.toLowerCase() === n.toLowerCase()) === i);
  if (out.some((n) => n.length > RECIPIENT_MAX))
    throw new AppError('invalid', `a gift's recipient is at most ${RECIPIENT_MAX} characters`);
  if (out.length > MAX_GIFTS) throw new AppError('invalid', `a work can be a gift to at most ${MAX_GIFTS} recipients`);
  return out;
}

/**
 * Makes the work's gifts the names given (in the work form's transaction): a name that is a pseud
 * becomes that user's gift and lands in their inbox; a gift they refused stays refused; names
 * taken off the list are no longer given.
 */
export async function setWorkGifts(
  trx: Database['db'],
  viewer: SignedIn,
  workId: number,
  names: string[],
  at: string,
): Promise<void> {
  const current = await repo.giftsOfWork(trx, workId);
  const wanted: { pseudId: number | null; userId: number | null; name: string }[] = [];
  for (const name of names) {
    const pseud = await findPseudByName(trx, name);
    wanted.push(
      pseud && pseud.userId !== viewer.id
        ? { pseudId: pseud.id, userId: pseud.userId, name: pseud.name }
        : { pseudId: null, userId: null, name },
    );
  }
  const same = (g: repo.GiftRow, w: (typeof wanted)[number]) =>
    w.pseudId !== null
      ? g.pseudId === w.pseudId
      : g.pseudId === null && g.recipient.toLowerCase() === w.name.toLowerCase();
  for (const g of current) if (!g.refused && !wanted.some((w) => same(g, w))) await repo.deleteGift(trx, g.id);
  for (const w of wanted) {
    if (current.some((g) => same(g, w))) continue;
    await repo.insertGift(trx, { workId, pseudId: w.pseudId, recipient: w.name, at });
    if (w.userId !== null) {
      await repo.notifyRecipient(trx, w.userId, workId, at);
      await queueNotice(trx, [w.userId], { event: 'gift', actors: [viewer.id], workId, at });
    }
  }
}

/** The work's gifts as its gift line shows them: refused ones left out. */
export async function giftsOfWork(database: Database, workId: number): Promise<repo.GiftRow[]> {
  return (await repo.giftsOfWork(database.db, workId)).filter((g) => !g.refused);
}

export async function giftsForUser(database: Database, userId: number): Promise<repo.GiftRow[]> {
  return repo.giftsForUser(database.db, userId);
}

/** The recipient, and only they, refuses a gift. */
export async function refuseGift(database: Database, viewer: SignedIn, giftId: number): Promise<void> {
  await retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      const gift = await repo.getGift(trx, giftId);
      if (!gift) throw new AppError('not_found', `gift ${giftId} was not found`);
      if (gift.username?.toLowerCase() !== viewer.username.toLowerCase())
        throw new AppError('forbidden', 'only its recipient can refuse a gift');
      if (!gift.refused) await repo.refuseGift(trx, gift.id, new Date().toISOString());
    }),
  );
}
