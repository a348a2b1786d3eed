// Who a comment is shown as: a reader's pseud, a guest's name, "a former reader", or, on a work
// that is anonymous to the viewer, "Anonymous (Creator)" for its creators' own comments.
import type { SignedIn } from '../accounts/accounts.service.ts';
import type { Database } from '../db/database.ts';
import { seesUnmasked, workIsAnonymous } from '../works/work-access.ts';
import type { WorkFacts } from '../works/work-facts.ts';
import type { ListedComment } from './comments.repo.ts';

export type CommentAuthor =
  | { kind: 'user'; pseud: string; username: string }
  /** One of the work's creators, on a work that is anonymous to this viewer. */
  | { kind: 'anonymous_creator' }
  | { kind: 'guest'; name: string }
  | { kind: 'gone' };

/** The creators whose comments this viewer sees as Anonymous: none unless the work is anonymous to them. */
export async function maskedCreators(
  database: Database,
  viewer: SignedIn | null,
  facts: WorkFacts,
): Promise<ReadonlySet<number>> {
  const { workId } = facts;
  const masked =
    (await workIsAnonymous(database, workId, facts)) && !(await seesUnmasked(database, workId, viewer, facts));
  return new Set(masked ? await facts.creatorUserIds() : []);
}

export function authorOf(r: ListedComment, maskedCreators: ReadonlySet<number>): CommentAuthor {
  if (r.guestName !== null && r.userId === null) return { kind: 'guest', name: r.guestName };
  if (r.userId !== null && maskedCreators.has(r.userId)) return { kind: 'anonymous_creator' };
  if (r.username) return { kind: 'user', pseud: r.pseud ?? r.username, username: r.username };
  return { kind: 'gone' };
}
