// The analysis beside posting: suggestions for a new draft that never fail the writer, and a
// re-reading of the whole stored work after it changed, with its open suggestions replaced.
import { retryingConflicts, type Database } from '../db/database.ts';
import type { ParsedWork } from '../importers/parsed-work.ts';
import type { TagSuggestion } from '../tags/suggestions.ts';
import { deleteSuggestions } from '../tags/tags.repo.ts';
import type { Suggester } from './posting-rules.ts';
import * as works from './works.repo.ts';
import { storeSuggestions } from './works.service.ts';

/** The analysis' suggestions, or none when it fails: a writer's text is never refused for that. */
export async function suggestSafely(suggest: Suggester | undefined, parsed: ParsedWork): Promise<TagSuggestion[]> {
  if (!suggest) return [];
  try {
    return await suggest(parsed);
  } catch (e) {
    console.error(`the analysis failed, so the work has no suggestions: ${e instanceof Error ? e.message : String(e)}`);
    return [];
  }
}

/** A stored work as the analysis reads it: summary, notes and chapters in reading order. */
async function storedWork(database: Database, workId: number): Promise<ParsedWork | null> {
  const [work, chapters, notes] = await Promise.all([
    works.getWork(database.db, workId),
    works.listChapters(database.db, workId, true),
    works.listNotes(database.db, workId),
  ]);
  if (!work) return null;
  const noteOf = (n: works.NoteRow) => ({ position: n.position, html: n.html });
  return {
    title: work.title,
    provisionalTitle: work.title,
    summary: work.summary,
    notes: notes.filter((n) => n.chapterId === null).map(noteOf),
    chapters: chapters.map((c) => ({
      title: c.title,
      html: c.html ?? '',
      notes: notes.filter((n) => n.chapterId === c.id).map(noteOf),
    })),
    language: work.language,
    tags: [],
    creators: [],
    source: { filename: `work-${workId}`, format: 'html' },
  };
}

/**
 * Re-analyses the whole text after it changed; open suggestions are replaced, decisions kept.
 * The works.reanalyse job runs it once the change has committed, so no request or transaction
 * waits on the analysis. A failure (the analysis, the database) throws: the job is tried again
 * later, and the work keeps the suggestions it had meanwhile.
 */
export async function reanalyse(database: Database, workId: number, suggest: Suggester | undefined): Promise<void> {
  if (!suggest) return;
  const parsed = await storedWork(database, workId);
  if (!parsed) return;
  const suggestions = await suggest(parsed);
  await retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      // The work may have been deleted while the analysis ran.
      if (!(await works.getWork(trx, workId))) return;
      await deleteSuggestions(trx, workId);
      await storeSuggestions(trx, workId, suggestions);
    }),
  );
}
