// A creator's page: who they are on the archive (their pseuds and the profile they write) and what
// of theirs a viewer may see: works, through the same search as every listing (so drafts,
// restricted works and blocks apply), their series, and their public bookmarks.
import type { Database } from '../db/database.ts';
import type { SignedIn } from '../accounts/accounts.service.ts';
import { creatorByUsername } from '../accounts/accounts.service.ts';
import { AppError } from '../app-error.ts';
import { bookmarkListing, type BookmarkListing } from '../community/bookmarks.service.ts';
import { PROFILE_MAX_CHARS, readerHtml, UserTextError } from '../community/user-text.ts';
import type { SanitizedHtml } from '../markup/html.ts';
import { emptyQuery } from '../search/query.ts';
import { searchWorks, type SearchResult } from '../search/search.service.ts';
import { seriesByPseuds, type SeriesView } from '../series/series.service.ts';
import * as profiles from './profiles.repo.ts';

/** Works on one page of a creator's listing, and bookmarks shown beside them. */
export const CREATOR_WORKS_PAGE = 20;
const RECENT_BOOKMARKS = 5;

export interface CreatorPage {
  username: string;
  /** The pseud whose page this is, or null for the whole creator. */
  pseud: string | null;
  pseuds: string[];
  joined: string;
  /** What they wrote about themselves (sanitised), or null. */
  profile: SanitizedHtml | null;
  works: SearchResult;
  /** Series with their works that the viewer may see. */
  series: SeriesView[];
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
  // The account, its profile and its pseuds in one read: everything else here waits for it.
  const user = await profiles.creatorFacts(database.db, username);
  if (!user) throw new AppError('not_found', `there is no creator called '${username}'`);
  const { pseuds } = user;
  const pseud = pseudName === undefined ? null : pseuds.find((p) => p.name.toLowerCase() === pseudName.toLowerCase());
  if (pseud === undefined) throw new AppError('not_found', `${user.username} has no pseud called '${pseudName}'`);
  const pseudIds = pseud ? [pseud.id] : pseuds.map((p) => p.id);
  const [works, bookmarks, series] = await Promise.all([
    searchWorks(
      database,
      { ...emptyQuery(), limit: CREATOR_WORKS_PAGE, after },
      { viewerId: viewer?.id ?? null, facets: false, pseudIds },
    ),
    bookmarkListing(database, viewer, user, { limit: RECENT_BOOKMARKS }),
    seriesByPseuds(database, viewer, pseudIds),
  ]);
  return {
    username: user.username,
    pseud: pseud?.name ?? null,
    pseuds: pseuds.map((p) => p.name),
    joined: user.createdAt,
    profile: user.profile,
    works,
    series,
    bookmarks,
  };
}

/** What the user wrote about themselves, or null. */
export async function profileOf(database: Database, userId: number): Promise<SanitizedHtml | null> {
  return profiles.profileOf(database.db, userId);
}

/**
 * Saves what `username` wrote about themselves: plain text or the readers' HTML, sanitised, at
 * most PROFILE_MAX_CHARS; empty text clears it. Only the creator may, not even an admin.
 */
export async function updateProfile(
  database: Database,
  viewer: SignedIn,
  username: string,
  text: string,
): Promise<void> {
  const user = await creatorByUsername(database, username);
  if (!user) throw new AppError('not_found', `there is no creator called '${username}'`);
  if (user.id !== viewer.id) throw new AppError('forbidden', 'only its creator may change a profile');
  let html: SanitizedHtml | null = null;
  if (text.trim()) {
    try {
      html = readerHtml(text, { what: 'your profile', maxChars: PROFILE_MAX_CHARS });
    } catch (e) {
      if (e instanceof UserTextError) throw new AppError('invalid', e.message);
      throw e;
    }
  }
  await profiles.setProfile(database.db, user.id, html);
}
