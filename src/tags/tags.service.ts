// The rules about tags that readers meet: a tag's page lists the works that carry it, and a
// synonym sends the reader on to its canonical tag, as AO3 does.
import type { Database } from '../db/database.ts';
import { searchWorks, type SearchResult } from '../search/search.service.ts';
import { emptyQuery, type QueryError, type WorkQuery } from '../search/query.ts';
import type { WorkBlurb } from '../works/works.service.ts';
import { reindexWorks } from '../search/indexing.service.ts';
import {
  findTagById,
  findTagByName,
  openAnalysisTaggings,
  setTaggingStatus,
  findTagWithCount,
  taggingState,
  type OpenAnalysisTagging,
  type TagRow,
} from './tags.repo.ts';

export type TagListing =
  | { kind: 'redirect'; to: TagRow }
  | {
      kind: 'listing';
      tag: TagRow;
      total: { value: number; exact: boolean };
      works: WorkBlurb[];
      next: string | null;
      facets: SearchResult['facets'];
      notices: QueryError[];
    };

/**
 * The works a tag filters to, as the viewer may see them: newest update first, or narrowed and
 * sorted by the reader's filters (a WorkQuery, as the search page builds one), always within the tag.
 */
export async function tagListing(
  database: Database,
  name: string,
  opts: { limit?: number; after?: string; viewerId?: number | null; query?: WorkQuery; facets?: boolean },
): Promise<TagListing | undefined> {
  const found = await findTagWithCount(database.db, name);
  if (!found) return undefined;
  const { filterCount, publicCount, ...tag } = found;
  // A tag only drafts (or hidden works) carry is not public yet: its name is the writer's secret.
  // Canonical tags are the archive's vocabulary and always have a page.
  if (!tag.canonical && tag.synonymOf === null && filterCount === 0) return undefined;
  if (tag.synonymOf !== null) {
    const canonical = await findTagById(database.db, tag.synonymOf);
    if (canonical) return { kind: 'redirect', to: canonical };
  }
  const base = opts.query ?? {
    ...emptyQuery(),
    ...(opts.limit ? { limit: opts.limit } : {}),
    ...(opts.after ? { after: opts.after } : {}),
  };
  const query = { ...base, includeTags: [...base.includeTags, { name: tag.name }] };
  const result = await searchWorks(database, query, {
    viewerId: opts.viewerId ?? null,
    facets: opts.facets ?? false,
    // The search needs the tag as read here: it is not read again.
    knownTags: [{ ...tag, filterCount, publicCount }],
  });
  return {
    kind: 'listing',
    tag,
    total: result.total,
    works: result.works,
    next: result.next,
    facets: result.facets,
    notices: result.notices,
  };
}

/** A tag by its id, for forms that name one; undefined when there is none. */
export async function tagById(database: Database, id: number): Promise<TagRow | undefined> {
  return findTagById(database.db, id);
}

export type Decision = 'accept' | 'reject';

/**
 * A person's decision on the analysis' suggestion: accepted, it becomes one of the work's applied
 * tags (still recording that the analysis proposed it); rejected, it stays out of the way and is
 * not proposed again when the work is re-analysed. A tag the analysis applied on import and no one
 * has reviewed takes the same decisions: accepted, it is kept as reviewed; rejected, it is undone.
 */
export async function decideSuggestion(
  database: Database,
  workId: number,
  tagName: string,
  decision: Decision,
): Promise<'done' | 'no such suggestion'> {
  return database.db.transaction().execute(async (trx) => {
    const tag = await findTagByName(trx, tagName);
    if (!tag) return 'no such suggestion';
    const tagging = await taggingState(trx, workId, tag.id);
    const open = tagging?.status === 'suggested' || (tagging?.status === 'applied' && !tagging.reviewed);
    if (!open) return 'no such suggestion';
    await setTaggingStatus(trx, workId, tag.id, decision === 'accept' ? 'applied' : 'rejected');
    if (decision === 'accept' ? tagging.status === 'suggested' : tagging.status === 'applied') {
      await reindexWorks({ db: trx, dialect: database.dialect }, [workId]);
    }
    return 'done';
  });
}

export interface ReviewGroup {
  name: string;
  type: string;
  state: OpenAnalysisTagging['state'];
  works: number[];
  /** Mean confidence over those works. */
  confidence: number;
}

export interface ReviewFilter {
  min?: number;
  max?: number;
  fandom?: string;
}

/**
 * The review queue for wranglers and archivists: the analysis' open suggestions and unreviewed
 * applied tags across all works, grouped by tag and state, most works first.
 */
export async function reviewQueue(database: Database, filter: ReviewFilter = {}): Promise<ReviewGroup[]> {
  const rows = await openAnalysisTaggings(database.db, {
    min: filter.min ?? 0,
    max: filter.max ?? 1,
    fandom: filter.fandom,
  });
  const groups = new Map<string, ReviewGroup & { sum: number }>();
  for (const r of rows) {
    const key = `${r.state}\u0000${r.name}`;
    let g = groups.get(key);
    if (!g) {
      g = { name: r.name, type: r.type, state: r.state, works: [], confidence: 0, sum: 0 };
      groups.set(key, g);
    }
    g.works.push(r.workId);
    g.sum += r.confidence;
  }
  return [...groups.values()]
    .map(({ sum, ...g }) => ({ ...g, confidence: sum / g.works.length }))
    .sort((a, b) => b.works.length - a.works.length || a.name.localeCompare(b.name));
}

/**
 * One decision over every work in the queue that matches: accept (apply a suggestion, keep an
 * unreviewed tag) or reject (drop a suggestion, undo an unreviewed tag). Returns how many works.
 */
export async function decideInBulk(
  database: Database,
  target: { name?: string; state: OpenAnalysisTagging['state'] },
  decision: Decision,
  filter: ReviewFilter = {},
): Promise<number> {
  const groups = await reviewQueue(database, filter);
  let done = 0;
  for (const g of groups) {
    if (g.state !== target.state || (target.name !== undefined && g.name !== target.name)) continue;
    for (const workId of g.works) if ((await decideSuggestion(database, workId, g.name, decision)) === 'done') done++;
  }
  return done;
}
