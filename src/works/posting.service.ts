// Writers posting and managing their works: a draft from pasted or uploaded text (analysed, with
// suggestions), the AO3 fields under the rules in posting-rules.ts, chapters added, edited,
// reordered and deleted, and a work deleted or orphaned. Only creators (and admins) may change a
// work; every function here takes the SignedIn reader and checks that first.
import { retryingConflicts, type Database } from '../db/database.ts';
import { jobQueue } from '../jobs/queue.ts';
import { suggestSafely } from './reanalysis.service.ts';
import type { SignedIn } from '../accounts/accounts.service.ts';
import * as accounts from '../accounts/accounts.repo.ts';
import { countWords, htmlToText } from '../analysis/word-count.ts';
import { ImportError } from '../importers/import-error.ts';
import { parseBytes } from '../importers/parse-file.ts';
import type { ParsedWork } from '../importers/parsed-work.ts';
import { reindexWorks, titleSortKey } from '../search/indexing.service.ts';
import { textIndexFor } from '../search/text-index.repo.ts';
import { filterTagIds, refreshFilterCounts } from '../tags/filters.repo.ts';
import { deleteTagging, findOrCreateTag, setTaggingStatus, tagsForWorks, upsertTagging } from '../tags/tags.repo.ts';
import type { TagType } from '../tags/tag-types.ts';
import {
  chapterProblems,
  formHtml,
  NotAllowedError,
  PostingError,
  problemsWith,
  splitTags,
  type ChapterFields,
  type FileReader,
  type PostingEvents,
  type Suggester,
  type WorkFields,
} from './posting-rules.ts';
import * as works from './works.repo.ts';
import { deleteInvitationsForWork } from './creatorships.repo.ts';
import { inviteCreators, refusesInvitations } from './creatorships.service.ts';
import {
  applyCollectionAndGiftFields,
  applyPromptFill,
  checkCollectionAndGiftFields,
} from '../collections/work-form.service.ts';
import { fulfilFromWork } from '../exchanges/assignments.service.ts';
import { applyAuthorTags, storeSuggestions, workAccess, workLanguage, writeContent } from './works.service.ts';

async function mustEdit(database: Database, viewer: SignedIn, workId: number): Promise<void> {
  const access = await workAccess(database, workId, viewer);
  if (access === 'none') throw new NotAllowedError('not found');
  if (access !== 'edit') throw new NotAllowedError('only the work’s creators can change it');
}

/** Turns pasted text into a ParsedWork: HTML when it is HTML, Markdown-ish text otherwise. */
async function parsePasted(text: string, read: FileReader): Promise<ParsedWork> {
  const looksHtml = /<(p|br|div|em|strong|i|b)\b[^>]*>/i.test(text);
  return read(Buffer.from(text, 'utf8'), looksHtml ? 'pasted.html' : 'pasted.txt');
}

/**
 * Step one of posting: the writer's text becomes a draft only they can see, with the analysis'
 * suggestions waiting beside the AO3 fields on the edit page.
 */
export async function createDraft(
  database: Database,
  viewer: SignedIn,
  input: { text?: string; file?: { bytes: Buffer; filename: string } },
  suggest?: Suggester,
  read: FileReader = parseBytes,
): Promise<number> {
  let parsed: ParsedWork;
  try {
    if (input.file && input.file.bytes.length > 0) parsed = await read(input.file.bytes, input.file.filename);
    else if (input.text?.trim()) parsed = await parsePasted(input.text, read);
    else throw new PostingError([{ field: 'text', message: 'paste the work’s text or choose a file' }]);
  } catch (e) {
    if (e instanceof ImportError) throw new PostingError([{ field: input.file ? 'file' : 'text', message: e.reason }]);
    throw e;
  }
  const suggestions = await suggestSafely(suggest, parsed);
  return retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      const title = parsed.title ?? parsed.provisionalTitle;
      const workId = await works.insertWork(
        trx,
        {
          title,
          title_provisional: parsed.title ? 0 : 1,
          summary: parsed.summary,
          language: workLanguage(parsed),
          words: 0,
          chapter_count: parsed.chapters.length,
          expected_chapters: parsed.chapters.length,
          complete: 1,
          source_path: null,
          source_hash: null,
        },
        now,
      );
      await works.setWorkFlags(trx, workId, { draft: 1 });
      await writeContent(trx, workId, parsed, now);
      await works.setCreators(trx, workId, [await accounts.defaultPseudOf(trx, viewer.id)]);
      // Tags the file itself states are the writer's own choices: they arrive applied.
      await applyAuthorTags(trx, workId, parsed.tags);
      await storeSuggestions(trx, workId, suggestions);
      await recount(trx, workId);
      await works.updateWork(trx, workId, {
        title_key: titleSortKey(title),
        creator_key: viewer.username.toLowerCase(),
      });
      await reindexWorks({ db: trx, dialect: database.dialect }, [workId]);
      return workId;
    }),
  );
}

/**
 * Saves the AO3 fields of a work. With `post`, it must meet AO3's requirements and becomes
 * visible: a draft's posted date is set then, and never moves after; later edits move only the
 * updated date (and only when the text or chapters change — see the chapter functions).
 */
export async function saveWork(
  database: Database,
  viewer: SignedIn,
  workId: number,
  raw: WorkFields,
  opts: { post: boolean },
  events: PostingEvents = {},
): Promise<void> {
  await mustEdit(database, viewer, workId);
  const noNul = (t: string) => t.replace(/\u0000/g, '');
  const f: WorkFields = {
    ...raw,
    title: noNul(raw.title).trim().replace(/\s+/g, ' '),
    summary: noNul(raw.summary).trim(),
    notesBeginning: noNul(raw.notesBeginning),
    notesEnd: noNul(raw.notesEnd),
    series: noNul(raw.series).trim(),
    fandoms: splitTags(raw.fandoms),
    relationships: splitTags(raw.relationships),
    characters: splitTags(raw.characters),
    freeforms: splitTags(raw.freeforms),
    coCreators: splitTags(raw.coCreators),
  };
  // Accepted suggestions count as if typed: a fandom the writer accepted meets the fandom rule.
  const open = (await tagsForWorks(database.db, [workId])).filter(
    (t) => t.status === 'suggested' && f.accept.includes(t.id),
  );
  for (const t of open) {
    if (t.type === 'rating') f.rating ||= t.name;
    else if (t.type === 'warning') f.warnings = [...new Set([...f.warnings, t.name])];
    else if (t.type === 'category') f.categories = [...new Set([...f.categories, t.name])];
    else if (t.type === 'fandom') f.fandoms = [...new Set([...f.fandoms, t.name])];
    else if (t.type === 'relationship') f.relationships = [...new Set([...f.relationships, t.name])];
    else if (t.type === 'character') f.characters = [...new Set([...f.characters, t.name])];
    else if (t.type === 'freeform') f.freeforms = [...new Set([...f.freeforms, t.name])];
  }
  const problems = problemsWith(f, opts.post || !(await isDraft(database, workId)));
  // The writer's own pseuds are credited at once; anyone else's are invited and wait for consent.
  const ownPseuds: number[] = [];
  const invitedPseuds: number[] = [];
  for (const name of f.coCreators) {
    const pseud = await accounts.findPseudByName(database.db, name);
    if (!pseud) problems.push({ field: 'co_creators', message: `there is no creator named '${name}'` });
    else if (pseud.userId === viewer.id) ownPseuds.push(pseud.id);
    else if (await refusesInvitations(database, pseud.userId, viewer.id))
      problems.push({ field: 'co_creators', message: `you cannot invite '${name}' to be a co-creator` });
    else invitedPseuds.push(pseud.id);
  }
  const myPseuds = await accounts.pseudsOf(database.db, viewer.id);
  const chosenPseud = f.pseud
    ? myPseuds.find((p) => p.name.toLowerCase() === f.pseud!.trim().toLowerCase())
    : undefined;
  if (f.pseud && !chosenPseud) problems.push({ field: 'pseud', message: `'${f.pseud}' is not one of your pseuds` });
  const extra = await checkCollectionAndGiftFields(database, viewer, workId, raw);
  problems.push(...extra.problems);
  if (problems.length) throw new PostingError(problems);

  let firstPost = false;
  await retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      const current = await works.getWork(trx, workId);
      if (!current) throw new NotAllowedError('not found');
      await works.updateWork(trx, workId, {
        title: f.title || current.title,
        title_provisional: f.title ? 0 : current.title_provisional,
        summary: f.summary || null,
        language: f.language,
        expected_chapters: f.expectedChapters,
        complete: f.expectedChapters !== null && current.chapter_count >= f.expectedChapters ? 1 : 0,
        title_key: titleSortKey(f.title || current.title),
      });
      await works.setWorkFlags(trx, workId, { restricted: f.restricted ? 1 : 0, comment_policy: f.commentPolicy });

      // Work notes are replaced whole by the form's two boxes.
      await works.deleteWorkNotes(trx, workId);
      let ordinal = await works.nextNoteOrdinal(trx, workId);
      for (const [position, text] of [
        ['beginning', f.notesBeginning],
        ['end', f.notesEnd],
      ] as const) {
        const html = formHtml(text);
        if (html) await works.insertNote(trx, { workId, chapterId: null, position, ordinal: ordinal++, html });
      }

      await setTags(trx, workId, f);

      const mine = await accounts.defaultPseudOf(trx, viewer.id);
      const existing = await works.creatorPseudIds(trx, workId);
      let owners = existing.length ? existing : [mine];
      // Crediting another of my pseuds replaces whichever of mine the work had, in its place.
      if (chosenPseud) {
        const myIds = new Set(myPseuds.map((p) => p.id));
        const at = owners.findIndex((id) => myIds.has(id));
        owners =
          at === -1
            ? [chosenPseud.id, ...owners]
            : owners.map((id, i) => (i === at ? chosenPseud.id : id)).filter((id, i) => i === at || !myIds.has(id));
      }
      const credited = [...new Set([...owners, ...ownPseuds])];
      await works.setCreators(trx, workId, credited);
      await inviteCreators(
        trx,
        workId,
        viewer.id,
        invitedPseuds.filter((id) => !credited.includes(id)),
        now,
      );

      if (f.series) await works.addToSeries(trx, await works.ensureSeries(trx, f.series, now), workId, now);
      await applyCollectionAndGiftFields(trx, viewer, workId, extra, now);

      if (opts.post && current.draft === 1) {
        firstPost = true;
        await works.setWorkFlags(trx, workId, { draft: 0, posted_at: now, updated_at: now });
        await works.setChaptersPosted(trx, workId, now, now);
      }
      if (opts.post || current.draft === 0) await applyPromptFill(trx, viewer, workId, extra);
      await fulfilFromWork(trx, viewer, workId, now);
      await recount(trx, workId);
      await reindexWorks({ db: trx, dialect: database.dialect }, [workId]);
      if (firstPost) await events.workPosted?.({ db: trx, dialect: database.dialect }, workId);
    }),
  );
}

async function isDraft(database: Database, workId: number): Promise<boolean> {
  return (await works.getVisibility(database.db, workId))?.draft ?? false;
}

/**
 * Makes the work's applied tags exactly the form's. A suggestion the writer accepted (or typed)
 * becomes applied and keeps its origin; one they dropped, or took off after accepting, is rejected
 * so the analysis does not propose it again; an author tag taken off is removed.
 */
async function setTags(trx: Database['db'], workId: number, f: WorkFields): Promise<void> {
  const wanted: { type: TagType; name: string }[] = [
    ...(f.rating ? [{ type: 'rating' as const, name: f.rating }] : []),
    ...f.warnings.map((name) => ({ type: 'warning' as const, name })),
    ...f.categories.map((name) => ({ type: 'category' as const, name })),
    ...f.fandoms.map((name) => ({ type: 'fandom' as const, name })),
    ...f.relationships.map((name) => ({ type: 'relationship' as const, name })),
    ...f.characters.map((name) => ({ type: 'character' as const, name })),
    ...f.freeforms.map((name) => ({ type: 'freeform' as const, name })),
  ];
  const current = await tagsForWorks(trx, [workId]);
  // Accepted suggestions are in the fields already (saveWork put them there); dropped ones go.
  for (const s of current.filter((t) => t.status === 'suggested' && f.drop.includes(t.id)))
    await setTaggingStatus(trx, workId, s.id, 'rejected');
  const wantedIds = new Set<number>();
  for (const w of wanted) {
    const tag = await findOrCreateTag(trx, w.type, w.name);
    wantedIds.add(tag.id);
    await upsertTagging(trx, { workId, tagId: tag.id, origin: 'author', status: 'applied' });
  }
  // An accepted or filled-in suggestion the form then overrode (another rating chosen, a name
  // cleared from a field) was not taken.
  const offered = new Set([...f.accept, ...(f.prefilled ?? [])]);
  for (const t of current.filter((t) => t.status === 'suggested' && offered.has(t.id) && !wantedIds.has(t.id))) {
    await setTaggingStatus(trx, workId, t.id, 'rejected');
  }
  for (const t of current.filter((t) => t.status === 'applied' && !wantedIds.has(t.id))) {
    if (t.origin === 'analysis') await setTaggingStatus(trx, workId, t.id, 'rejected');
    else await deleteTagging(trx, workId, t.id);
  }
}

/** Words (chapter text and notes, as on import) and chapter count, from what is stored. */
async function recount(trx: Database['db'], workId: number): Promise<void> {
  const [chapters, notes] = await Promise.all([works.listChapters(trx, workId, false), works.listNotes(trx, workId)]);
  const words =
    chapters.reduce((n, c) => n + c.words, 0) + notes.reduce((n, x) => n + countWords(htmlToText(x.html)), 0);
  await works.updateWork(trx, workId, { words, chapter_count: chapters.length });
}

// ---- chapters ---------------------------------------------------------------------------------

async function writeChapterNotes(
  trx: Database['db'],
  workId: number,
  chapterId: number,
  c: ChapterFields,
): Promise<void> {
  await works.deleteChapterNotes(trx, chapterId);
  let ordinal = await works.nextNoteOrdinal(trx, workId);
  for (const [position, text] of [
    ['beginning', c.notesBeginning],
    ['end', c.notesEnd],
  ] as const) {
    const html = formHtml(text);
    if (html) await works.insertNote(trx, { workId, chapterId, position, ordinal: ordinal++, html });
  }
}

export async function addChapter(
  database: Database,
  viewer: SignedIn,
  workId: number,
  c: ChapterFields,
  events: PostingEvents = {},
): Promise<number> {
  await mustEdit(database, viewer, workId);
  const problems = chapterProblems(c);
  if (problems.length) throw new PostingError(problems);
  const queue = await jobQueue(database);
  const chapterId = await retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      const chapters = await works.listChapters(trx, workId, false);
      const html = formHtml(c.text);
      const chapterId = await works.insertChapter(trx, {
        workId,
        position: chapters.length + 1,
        title: c.title.trim() || null,
        html,
        words: countWords(htmlToText(html)),
        at: now,
      });
      await writeChapterNotes(trx, workId, chapterId, c);
      const work = await works.getWork(trx, workId);
      const posted = work?.draft === 0;
      if (posted) await works.setWorkFlags(trx, workId, { updated_at: now });
      const expected = work?.expected_chapters ?? null;
      await works.updateWork(trx, workId, {
        complete: expected !== null && chapters.length + 1 >= expected ? 1 : 0,
        expected_chapters: expected !== null && chapters.length + 1 > expected ? chapters.length + 1 : expected,
      });
      await recount(trx, workId);
      await reindexWorks({ db: trx, dialect: database.dialect }, [workId]);
      if (posted) await events.chapterPosted?.({ db: trx, dialect: database.dialect }, workId, chapterId);
      await queue.enqueue('works.reanalyse', { workId }, { trx });
      return chapterId;
    }),
  );
  return chapterId;
}

export async function editChapter(
  database: Database,
  viewer: SignedIn,
  workId: number,
  position: number,
  c: ChapterFields,
): Promise<number> {
  await mustEdit(database, viewer, workId);
  const problems = chapterProblems(c);
  if (problems.length) throw new PostingError(problems);
  const queue = await jobQueue(database);
  const chapterId = await retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      const html = formHtml(c.text);
      const chapterId = await works.updateChapter(trx, workId, position, {
        title: c.title.trim() || null,
        html,
        words: countWords(htmlToText(html)),
        at: now,
      });
      if (chapterId === undefined) throw new NotAllowedError('not found');
      await writeChapterNotes(trx, workId, chapterId, c);
      if ((await works.getWork(trx, workId))?.draft === 0) await works.setWorkFlags(trx, workId, { updated_at: now });
      await recount(trx, workId);
      await reindexWorks({ db: trx, dialect: database.dialect }, [workId]);
      // The whole work read again by the analysis, by a job: the writer does not wait for it.
      // Queued in this transaction, it exists exactly when the edit does, and is retried if it fails.
      await queue.enqueue('works.reanalyse', { workId }, { trx });
      return chapterId;
    }),
  );
  return chapterId;
}

export async function deleteChapter(
  database: Database,
  viewer: SignedIn,
  workId: number,
  position: number,
): Promise<void> {
  await mustEdit(database, viewer, workId);
  await retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      const chapters = await works.listChapters(trx, workId, false);
      if (!chapters.some((c) => c.position === position)) throw new NotAllowedError('not found');
      if (chapters.length === 1)
        throw new PostingError([
          { field: 'chapter', message: 'a work needs at least one chapter; delete the work instead' },
        ]);
      await works.deleteChapter(trx, workId, position);
      await works.renumberChapters(
        trx,
        workId,
        chapters.filter((c) => c.position !== position).map((c) => c.id),
      );
      await recount(trx, workId);
      await reindexWorks({ db: trx, dialect: database.dialect }, [workId]);
    }),
  );
}

/** `order` lists the current chapter positions in their new order, e.g. [2, 1, 3]. */
export async function reorderChapters(
  database: Database,
  viewer: SignedIn,
  workId: number,
  order: number[],
): Promise<void> {
  await mustEdit(database, viewer, workId);
  await retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      const chapters = await works.listChapters(trx, workId, false);
      const same = order.length === chapters.length && [...order].sort((a, b) => a - b).every((p, i) => p === i + 1);
      if (!same)
        throw new PostingError([
          {
            field: 'order',
            message: `give each of the ${chapters.length} chapters a different place from 1 to ${chapters.length}`,
          },
        ]);
      const byPosition = new Map(chapters.map((c) => [c.position, c.id]));
      await works.renumberChapters(
        trx,
        workId,
        order.map((p) => byPosition.get(p)!),
      );
      await reindexWorks({ db: trx, dialect: database.dialect }, [workId]);
    }),
  );
}

export async function deleteWork(database: Database, viewer: SignedIn, workId: number): Promise<void> {
  await mustEdit(database, viewer, workId);
  await retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      // The filter rows go with the work (ON DELETE CASCADE); their tags' counts must follow.
      const filters = await filterTagIds(trx, workId);
      await works.deleteWork(trx, workId);
      await textIndexFor(database.dialect).remove(trx, [workId]);
      await refreshFilterCounts(trx, filters);
    }),
  );
}

/**
 * AO3's orphaning: the writer's credit on the work passes to the system user orphan_account, and
 * they lose every control over it; the work stays readable, and any co-creators keep theirs.
 * `keepPseud` credits orphan_account under the writer's pseud name ("name (orphan_account)");
 * otherwise the byline says "orphan_account". An admin orphaning a work orphans every credit.
 */
export async function orphanWork(
  database: Database,
  viewer: SignedIn,
  workId: number,
  opts: { keepPseud: boolean } = { keepPseud: false },
): Promise<void> {
  await mustEdit(database, viewer, workId);
  await retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      const creators = await accounts.creatorsForWorks(trx, [workId]);
      const mine = creators.some((c) => c.userId === viewer.id)
        ? creators.filter((c) => c.userId === viewer.id)
        : creators.filter((c) => !c.orphaned);
      const first = mine[0];
      const orphan = await accounts.ensureOrphanPseud(trx, opts.keepPseud && first ? first.pseud : undefined);
      const left = new Set(mine.map((c) => c.pseudId));
      // orphan_account takes the place of the writer's first credit; the others keep theirs.
      const at = creators.findIndex((c) => left.has(c.pseudId));
      const credits = creators.flatMap((c, i) => (i === at ? [orphan] : left.has(c.pseudId) ? [] : [c.pseudId]));
      await works.setCreators(trx, workId, [...new Set(at === -1 ? [orphan, ...credits] : credits)]);
      // Invitations the writer sent would let others in on a work they no longer answer for.
      const othersRemain = credits.some((id) => id !== orphan);
      await deleteInvitationsForWork(trx, workId, othersRemain ? viewer.id : undefined);
      const key = (await accounts.creatorsForWorks(trx, [workId]))[0]?.username ?? accounts.ORPHAN_USERNAME;
      await works.updateWork(trx, workId, { creator_key: key.toLowerCase() });
      await reindexWorks({ db: trx, dialect: database.dialect }, [workId]);
    }),
  );
}
