// Saved searches: a reader keeps a search under a name and runs it again from /searches. What is
// kept is the search's URL query string (src/search/query-url.ts), so a saved search runs exactly
// as the search page did, with the reader's mutes, blocklist and hidden works applied at run time.
import type { SignedIn } from '../accounts/accounts.service.ts';
import type { Database } from '../db/database.ts';
import { describeQuery } from '../search/query.ts';
import { queryFromParams } from '../search/query-url.ts';
import { CurationError } from './curation-error.ts';
import * as repo from './saved-searches.repo.ts';
import { MAX_NAME_LENGTH, MAX_SAVED_SEARCHES } from './saved-search-limits.ts';
import { lockUser } from '../accounts/accounts.repo.ts';

/** Twice the query box's own limit: room for the form's other parameters. */
export const MAX_PARAMS_LENGTH = 4_000;
/** Parameters that belong to one page of results, not to the search. */
const PAGE_PARAMS = ['after'];

export interface SavedSearch {
  id: number;
  name: string;
  /** The query string as saved, without a leading '?'. */
  params: string;
  /** "Works in Naruto, rated Explicit, sorted by kudos". */
  description: string;
  href: string;
  createdAt: string;
}

function view(r: repo.SavedSearchRow): SavedSearch {
  return {
    ...r,
    description: describeQuery(queryFromParams(new URLSearchParams(r.params)).query),
    href: `/works/search?${r.params}`,
  };
}

/** The search's query string without page cursors; refuses what is not a search worth saving. */
export function searchParams(raw: string): string {
  const trimmed = raw.trim().replace(/^\?/, '');
  if (trimmed.length > MAX_PARAMS_LENGTH)
    throw new CurationError(`this search is too long to save (over ${MAX_PARAMS_LENGTH} characters)`);
  const params = new URLSearchParams();
  for (const [k, v] of new URLSearchParams(trimmed))
    if (v.trim() !== '' && !PAGE_PARAMS.includes(k)) params.append(k, v);
  if ([...params.keys()].length === 0) throw new CurationError('there is nothing to save: search for something first');
  const errors = queryFromParams(params).errors.filter((e) => e.severity === 'error');
  if (errors.length)
    throw new CurationError(
      `this search has problems to fix before saving it: ${errors.map((e) => e.message).join('; ')}`,
    );
  return params.toString();
}

function cleanName(raw: string | undefined): string {
  // Control characters and runs of whitespace are never part of a name a reader meant to give.
  return (raw ?? '')
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function checkName(name: string): string {
  if (!name) throw new CurationError('give the search a name');
  if ([...name].length > MAX_NAME_LENGTH)
    throw new CurationError(`a name can be at most ${MAX_NAME_LENGTH} characters`);
  return name;
}

/** Saves a search; with no name, it is named by what it finds. */
export async function saveSearch(
  database: Database,
  viewer: SignedIn,
  input: { name?: string; params: string },
): Promise<SavedSearch> {
  const params = searchParams(input.params);
  let name = cleanName(input.name);
  if (!name) {
    const described = describeQuery(queryFromParams(new URLSearchParams(params)).query);
    name =
      [...described].length > MAX_NAME_LENGTH ? `${[...described].slice(0, MAX_NAME_LENGTH - 1).join('')}…` : described;
  }
  checkName(name);
  return database.db.transaction().execute(async (trx) => {
    // One SQLite connection runs one transaction at a time; PostgreSQL needs the reader's row
    // locked, or two saves at once could both see 99 and make 101.
    if (database.dialect === 'postgres') await lockUser(trx, viewer.id);
    if ((await repo.countSavedSearches(trx, viewer.id)) >= MAX_SAVED_SEARCHES) {
      throw new CurationError(
        `you have ${MAX_SAVED_SEARCHES} saved searches, the most an account can keep; delete one first`,
      );
    }
    const at = new Date().toISOString();
    const id = await repo.insertSavedSearch(trx, viewer.id, name, params, at);
    return view({ id, name, params, createdAt: at });
  });
}

export async function savedSearchesOf(database: Database, viewer: SignedIn): Promise<SavedSearch[]> {
  return (await repo.listSavedSearches(database.db, viewer.id)).map(view);
}

export async function renameSearch(
  database: Database,
  viewer: SignedIn,
  id: number,
  name: string | undefined,
): Promise<void> {
  const clean = checkName(cleanName(name));
  if (!(await repo.renameSavedSearch(database.db, viewer.id, id, clean)))
    throw new CurationError(`saved search ${id} was not found`, 404);
}

export async function deleteSearch(database: Database, viewer: SignedIn, id: number): Promise<void> {
  if (!(await repo.deleteSavedSearch(database.db, viewer.id, id)))
    throw new CurationError(`saved search ${id} was not found`, 404);
}
