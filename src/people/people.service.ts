// A creator's page: who they are on the archive (their pseuds) and what of theirs a viewer may
// see: works, through the same search as every listing (so drafts, restricted works and blocks
// apply), and their public bookmarks.
import type { Database } from '../db/database.ts';
import type { SignedIn } from '../accounts/accounts.service.ts';
import { creatorByUsername, pseudsOf } from '../accounts/accounts.service.ts';
import { AppError } from '../app-error.ts';
import { bookmarkListing, type BookmarkListing } from '../community/bookmarks.service.ts';
import { emptyQuery } from '../search/query.ts';
import { searchWorks, type SearchResult } from '../search/search.service.ts';

/** Works on one page of a creator's listing, and bookmarks shown beside them. */
export const CREATOR_WORKS_PAGE = 20;
const RECENT_BOOKMARKS = 5;

export interface CreatorPage {
  username: string;
  /** The pseud whose page this is, or null for the whole creator. */
  pseud: string | null;
  pseuds: string[];
  joined: string;
  works: SearchResult;
  bookmarks: BookmarkListing;
}

/** A creator's page, or with `pseudName` one pseud's: the works credited to that name alone. */
export async function creatorPage(
  database: Database,
  viewer: SignedIn | null,
  username: string,
  after?: string,
  pseudName?: string,
): Promise<CreatorPage> {
  const user = await creatorByUsername(database, username);
  if (!user) throw new AppError('not_found', `there is no creator called '${username}'`);
  const pseuds = await pseudsOf(database, user);
  const pseud = pseudName === undefined ? null : pseuds.find((p) => p.name.toLowerCase() === pseudName.toLowerCase());
  if (pseud === undefined) throw new AppError('not_found', `${user.username} has no pseud called '${pseudName}'`);
  const [works, bookmarks] = await Promise.all([
    searchWorks(
      database,
      { ...emptyQuery(), limit: CREATOR_WORKS_PAGE, after },
      { viewerId: viewer?.id ?? null, facets: false, pseudIds: pseud ? [pseud.id] : pseuds.map((p) => p.id) },
    ),
    bookmarkListing(database, viewer, user.username, { limit: RECENT_BOOKMARKS }),
  ]);
  return {
    username: user.username,
    pseud: pseud?.name ?? null,
    pseuds: pseuds.map((p) => p.name),
    joined: user.createdAt,
    works,
    bookmarks,
  };
}
