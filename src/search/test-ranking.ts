// Helpers for the tests that compare rankings (text-scores, phrase-pairs): a short original work
// with its words in every column, and a search's ids read page by page.
import type { ParsedWork } from '../importers/parsed-work.ts';
import { emptyQuery, type TextQuery } from './query.ts';
import { searchWorks, type SearchEngine } from './search.service.ts';

/** A one-chapter Lamplighters story: title, summary, body and additional tags as given. */
export function rankingWork(title: string, summary: string, body: string, freeforms: string[] = []): ParsedWork {
  return {
    title,
    provisionalTitle: title,
    summary,
    notes: [],
    language: 'en',
    chapters: [{ title: null, html: `<p>${body}</p>`, notes: [] }],
    tags: [
      { type: 'rating', name: 'General Audiences' },
      { type: 'fandom', name: 'Lamplighters (Original Work)' },
      ...freeforms.map((name) => ({ type: 'freeform', name })),
    ],
    creators: ['wickfeather'],
    source: { filename: `${title}.txt`, format: 'txt' },
  };
}

/** The ids of a best-match search for `t`, two a page, every page in order. */
export async function bestMatchPages(
  database: Parameters<typeof searchWorks>[0],
  t: TextQuery,
  engine: SearchEngine,
): Promise<number[]> {
  const q = emptyQuery();
  q.text = t;
  q.limit = 2;
  const ids: number[] = [];
  for (let guard = 0; guard < 20; guard++) {
    const page = await searchWorks(database, q, { engine, facets: false });
    ids.push(...page.works.map((w) => w.id));
    if (!page.next) break;
    q.after = page.next;
  }
  return ids;
}
