// Finding people (AO3's people search): pseuds whose name or whose user's name holds the text,
// each with the works the reader may see under it (through the one search, so drafts, restricted
// works and mutes apply) and its public bookmarks the reader may see.
import type { SignedIn } from '../accounts/accounts.service.ts';
import type { Database } from '../db/database.ts';
import { visibleBookmarkCounts } from '../community/bookmarks.repo.ts';
import { emptyQuery } from '../search/query.ts';
import { viewerScope } from '../search/search.repo.ts';
import { searchWorks } from '../search/search.service.ts';
import * as repo from './people.repo.ts';

export const PEOPLE_PAGE = 20;
/** Longer text names nobody: usernames and pseuds are shorter. */
export const PEOPLE_QUERY_MAX = 100;

export interface PersonResult {
  pseud: string;
  username: string;
  works: { value: number; exact: boolean };
  bookmarks: number;
}

export interface PeopleResults {
  query: string;
  total: number;
  page: number;
  people: PersonResult[];
  hasNext: boolean;
}

export async function searchPeople(
  database: Database,
  viewer: SignedIn | null,
  text: string,
  page = 1,
): Promise<PeopleResults> {
  const query = text.trim().slice(0, PEOPLE_QUERY_MAX);
  if (!query) return { query, total: 0, page: 1, people: [], hasNext: false };
  const [rows, total, scope] = await Promise.all([
    repo.findPseuds(database.db, query, { offset: (page - 1) * PEOPLE_PAGE, limit: PEOPLE_PAGE + 1 }),
    repo.countPseuds(database.db, query),
    viewerScope(database.db, viewer?.id ?? null),
  ]);
  const shown = rows.slice(0, PEOPLE_PAGE);
  const bookmarks = await visibleBookmarkCounts(
    database.db,
    scope,
    shown.map((r) => r.pseudId),
  );
  const people: PersonResult[] = [];
  for (const r of shown) {
    const { total: works } = await searchWorks(
      database,
      { ...emptyQuery(), limit: 1 },
      { viewerId: viewer?.id ?? null, facets: false, pseudIds: [r.pseudId] },
    );
    people.push({ pseud: r.pseud, username: r.username, works, bookmarks: bookmarks.get(r.pseudId) ?? 0 });
  }
  return { query, total, page, people, hasNext: rows.length > PEOPLE_PAGE };
}
