// Keeps what search reads in step with what works hold: the full-text document and the
// materialised tag filters. Called inside the transaction that changed the work, so a search
// never sees a work whose text and filters disagree with it.
import type { Kysely } from 'kysely';
import type { Dialect } from '../db/database.ts';
import type { Schema } from '../db/schema.ts';
import { htmlToText } from '../analysis/word-count.ts';
import { rebuildWorkFilters } from '../tags/filters.repo.ts';
import { tagsForWorks } from '../tags/tags.repo.ts';
import * as works from '../works/works.repo.ts';
import type { WorkDocument } from './text-index.ts';
import { textIndexFor } from './text-index.repo.ts';

export interface Store {
  db: Kysely<Schema>;
  dialect: Dialect;
}

/** "The Lighthouse" sorts under L, as in a library catalogue; case never matters. */
export function titleSortKey(title: string): string {
  return title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/^(the|a|an)\s+/, '')
    .trim();
}

export async function reindexWorks(store: Store, workIds: number[]): Promise<void> {
  const index = textIndexFor(store.dialect);
  for (const id of workIds) {
    const work = await works.getWork(store.db, id);
    if (!work) {
      await index.remove(store.db, [id]);
      continue;
    }
    const [chapters, notes, tags] = await Promise.all([
      works.listChapters(store.db, id, true),
      works.listNotes(store.db, id),
      tagsForWorks(store.db, [id]),
    ]);
    const doc: WorkDocument = {
      title: work.title,
      summary: work.summary ?? '',
      notes: notes.map((n) => htmlToText(n.html)).join('\n\n'),
      tags: tags
        .filter((t) => t.status === 'applied')
        .map((t) => t.name)
        .join('\n'),
      body: chapters.map((c) => `${c.title ?? ''}\n\n${htmlToText(c.html ?? '')}`).join('\n\n'),
    };
    await index.upsert(store.db, id, doc);
  }
  await rebuildWorkFilters(store.db, workIds);
}
