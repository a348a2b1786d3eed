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
  pseuds: string[];
  joined: string;
  works: SearchResult;
  bookmarks: BookmarkListing;
}

export async function creatorPage(
  database: Database,
  viewer: SignedIn | null,
  username: string,
  after?: string,
): Promise<CreatorPage> {
  const user = await creatorByUsername(database, username);
  if (!user) throw new AppError('not_found', `there is no creator called '${username}'`);
  const [pseuds, works, bookmarks] = await Promise.all([
    pseudsOf(database, user),
    searchWorks(
      database,
      { ...emptyQuery(), creator: user.username, limit: CREATOR_WORKS_PAGE, after },
      { viewerId: viewer?.id ?? null, facets: false },
    ),
    bookmarkListing(database, viewer, user.username, { limit: RECENT_BOOKMARKS }),
  ]);
  return { username: user.username, pseuds: pseuds.map((p) => p.name), joined: user.createdAt, works, bookmarks };
}
