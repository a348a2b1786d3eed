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
import { optimizeTextTables, textIndexFor } from './text-index.repo.ts';
import * as pairs from './phrase-pairs.repo.ts';

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

/** What the full-text index holds of a work; null when there is no such work. */
async function workDocument(store: Store, id: number): Promise<WorkDocument | null> {
  const work = await works.getWork(store.db, id);
  if (!work) return null;
  const [chapters, notes, tags] = await Promise.all([
    works.listChapters(store.db, id, true),
    works.listNotes(store.db, id),
    tagsForWorks(store.db, [id]),
  ]);
  return {
    title: work.title,
    summary: work.summary ?? '',
    notes: notes.map((n) => htmlToText(n.html)).join('\n\n'),
    tags: tags
      .filter((t) => t.status === 'applied')
      .map((t) => t.name)
      .join('\n'),
    body: chapters.map((c) => `${c.title ?? ''}\n\n${htmlToText(c.html ?? '')}`).join('\n\n'),
  };
}

export async function reindexWorks(store: Store, workIds: number[]): Promise<void> {
  const index = textIndexFor(store.dialect);
  for (const id of workIds) {
    const doc = await workDocument(store, id);
    if (doc) await index.upsert(store.db, id, doc);
    else await index.remove(store.db, [id]);
  }
  await rebuildWorkFilters(store.db, workIds);
}

/**
 * SQLite, once after migration 28 on an archive that already had works: every work's word pairs
 * (phrase-pairs.ts), in batches of a transaction each; phrases are ranked by FTS5 until the last.
 * Returns how many works it wrote, 0 when there was nothing to do.
 */
export async function fillPhrasePairs(store: Store, progress?: (done: number) => void, batch = 2_000): Promise<number> {
  if (store.dialect !== 'sqlite' || (await pairs.pairsComplete(store.db))) return 0;
  let done = 0;
  for (let after = 0; ; ) {
    const ids = await pairs.workIdsAfter(store.db, after, batch);
    if (ids.length === 0) break;
    await store.db.transaction().execute(async (trx) => {
      for (const id of ids) {
        const doc = await workDocument({ db: trx, dialect: store.dialect }, id);
        if (doc) await pairs.writePairs(trx, id, doc);
      }
    });
    done += ids.length;
    after = ids.at(-1)!;
    progress?.(done);
  }
  await pairs.markPairsComplete(store.db);
  await optimizeTextTables(store.db, store.dialect);
  return done;
}
