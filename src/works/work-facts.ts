// What one request knows of one work, each fact read at most once: its row (and so its
// visibility and comment policy), its creators, and whether a given reader moderates a collection
// it is in. A work page asks these from many places (the access check, the work itself, kudos,
// comments, curation); on PostgreSQL each read is a round trip, so they share one memo made for the
// request. It lives no longer than the request: a change committed after it was read shows on the
// next one, as it would had each part read for itself a moment earlier.
import type { CreatorRow } from '../accounts/accounts.repo.ts';
import { creatorsForWorks } from '../accounts/accounts.repo.ts';
import { moderatesCollectionOf } from '../collections/collections.repo.ts';
import type { Database } from '../db/database.ts';
import * as works from './works.repo.ts';

/** An account credited on the work, not the archive's own. */
export interface CreatorAccount {
  id: number;
  username: string;
  role: string;
}

export interface WorkFacts {
  readonly workId: number;
  /** The work's row, undefined when there is none. */
  row(): Promise<works.WorkRow | undefined>;
  visibility(): Promise<works.Visibility | undefined>;
  /** Its credits in byline order, whatever the viewer may see of them. */
  creators(): Promise<CreatorRow[]>;
  /** The user ids behind its credits, each once. */
  creatorUserIds(): Promise<number[]>;
  /** The accounts behind its credits (not the archive's own), in credit order. */
  creatorAccounts(): Promise<CreatorAccount[]>;
  isCreator(userId: number): Promise<boolean>;
  /** Whether the user owns or moderates a collection the work is in. */
  moderatedBy(userId: number): Promise<boolean>;
}

function once<T>(read: () => Promise<T>): () => Promise<T> {
  let kept: Promise<T> | undefined;
  return () => (kept ??= read());
}

/** A memo of one work's facts for one request; pass it to everything that asks about the work. */
export function workFacts(database: Database, workId: number): WorkFacts {
  const row = once(() => works.getWork(database.db, workId));
  const creators = once(() => creatorsForWorks(database.db, [workId]));
  const moderates = new Map<number, Promise<boolean>>();
  return {
    workId,
    row,
    visibility: async () => {
      const r = await row();
      return r && works.toVisibility(r);
    },
    creators,
    creatorUserIds: async () => [...new Set((await creators()).map((c) => c.userId))],
    creatorAccounts: async () => accountsOf(await creators()),
    isCreator: async (userId) => (await creators()).some((c) => c.userId === userId),
    moderatedBy: (userId) => {
      let answer = moderates.get(userId);
      if (!answer) {
        answer = moderatesCollectionOf(database.db, workId, userId);
        moderates.set(userId, answer);
      }
      return answer;
    },
  };
}

/** Each account once, at its first credit; the archive's own accounts left out. */
function accountsOf(rows: CreatorRow[]): CreatorAccount[] {
  const first = new Map<number, { account: CreatorAccount; position: number }>();
  for (const c of rows) {
    if (c.role === 'system') continue;
    const seen = first.get(c.userId);
    if (!seen || c.position < seen.position)
      first.set(c.userId, { account: { id: c.userId, username: c.username, role: c.role }, position: c.position });
  }
  return [...first.values()]
    .sort((a, b) => a.position - b.position || a.account.id - b.account.id)
    .map((f) => f.account);
}
