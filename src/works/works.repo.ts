// All SQL about works, chapters, author's notes and creators.
import type { Kysely, Selectable } from 'kysely';
import type { Schema, WorksTable } from '../db/schema.ts';
import type { SanitizedHtml } from '../markup/html.ts';

type Db = Kysely<Schema>;
export type WorkRow = Selectable<WorksTable>;

/** What an unrevealed work is called, to everyone but its creators and moderators. */
export const MYSTERY_TITLE = 'Mystery Work';

export interface WorkValues {
  title: string;
  title_provisional: 0 | 1;
  summary: string | null;
  language: string;
  words: number;
  chapter_count: number;
  expected_chapters: number | null;
  complete: 0 | 1;
  source_path: string | null;
  source_hash: string | null;
}

export async function insertWork(db: Db, values: WorkValues, at: string): Promise<number> {
  const row = await db
    .insertInto('works')
    .values({ ...values, posted_at: at, updated_at: at, created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateWork(
  db: Db,
  id: number,
  values: Partial<WorkValues> & { updated_at?: string; title_key?: string; creator_key?: string },
): Promise<void> {
  await db.updateTable('works').set(values).where('id', '=', id).execute();
}

/** Drops a work's chapters and notes so that new content can replace them. */
export async function deleteWorkContent(db: Db, workId: number): Promise<void> {
  await db.deleteFrom('author_notes').where('work_id', '=', workId).execute();
  await db.deleteFrom('chapters').where('work_id', '=', workId).execute();
}

export async function insertChapter(
  db: Db,
  c: { workId: number; position: number; title: string | null; html: string; words: number; at: string },
): Promise<number> {
  const row = await db
    .insertInto('chapters')
    .values({
      work_id: c.workId,
      position: c.position,
      title: c.title,
      html: c.html,
      words: c.words,
      posted_at: c.at,
      updated_at: c.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertNote(
  db: Db,
  n: { workId: number; chapterId: number | null; position: 'beginning' | 'end'; ordinal: number; html: string },
): Promise<void> {
  await db
    .insertInto('author_notes')
    .values({ work_id: n.workId, chapter_id: n.chapterId, position: n.position, ordinal: n.ordinal, html: n.html })
    .execute();
}

export async function setCreators(db: Db, workId: number, pseudIds: number[]): Promise<void> {
  await db.deleteFrom('work_creators').where('work_id', '=', workId).execute();
  if (pseudIds.length === 0) return;
  await db
    .insertInto('work_creators')
    .values(pseudIds.map((pseud_id, position) => ({ work_id: workId, pseud_id, position })))
    .execute();
}

/** Credits one more pseud, after the others; nothing when it is credited already. */
export async function appendCreator(db: Db, workId: number, pseudId: number): Promise<void> {
  const rows = await db
    .selectFrom('work_creators')
    .select(['pseud_id', 'position'])
    .where('work_id', '=', workId)
    .execute();
  if (rows.some((r) => r.pseud_id === pseudId)) return;
  const position = rows.reduce((m, r) => Math.max(m, r.position + 1), 0);
  await db.insertInto('work_creators').values({ work_id: workId, pseud_id: pseudId, position }).execute();
}

export async function findWorkBySourcePath(
  db: Db,
  sourcePath: string,
): Promise<Pick<WorkRow, 'id' | 'source_hash'> | undefined> {
  return db.selectFrom('works').select(['id', 'source_hash']).where('source_path', '=', sourcePath).executeTakeFirst();
}

export async function findWorkBySourceHash(db: Db, hash: string): Promise<{ id: number } | undefined> {
  return db.selectFrom('works').select('id').where('source_hash', '=', hash).executeTakeFirst();
}

/** Every chapter of a work takes the posting date (and the update date, when given). */
export async function setChaptersPosted(db: Db, workId: number, postedAt: string, updatedAt?: string): Promise<void> {
  await db
    .updateTable('chapters')
    .set(updatedAt === undefined ? { posted_at: postedAt } : { posted_at: postedAt, updated_at: updatedAt })
    .where('work_id', '=', workId)
    .execute();
}

/** A work's creators' pseud ids, in credit order. */
export async function creatorPseudIds(db: Db, workId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('work_creators')
    .select('pseud_id')
    .where('work_id', '=', workId)
    .orderBy('position')
    .execute();
  return rows.map((r) => r.pseud_id);
}

/** The work an import of this source would leave as it is: same path and content, or the same content from elsewhere. */
export async function findUnchangedImport(
  db: Db,
  sourcePath: string,
  hash: string,
): Promise<{ id: number; title: string } | undefined> {
  const byPath = await db
    .selectFrom('works')
    .select(['id', 'title', 'source_hash'])
    .where('source_path', '=', sourcePath)
    .executeTakeFirst();
  if (byPath) return byPath.source_hash === hash ? { id: byPath.id, title: byPath.title } : undefined;
  return db.selectFrom('works').select(['id', 'title']).where('source_hash', '=', hash).executeTakeFirst();
}

export async function getWork(db: Db, id: number): Promise<WorkRow | undefined> {
  return db.selectFrom('works').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getWorks(db: Db, ids: number[]): Promise<WorkRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('works').selectAll().where('id', 'in', ids).execute();
}

export async function countWorks(db: Db): Promise<number> {
  const row = await db
    .selectFrom('works')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export interface ChapterRow {
  id: number;
  position: number;
  title: string | null;
  words: number;
  postedAt: string;
  html?: SanitizedHtml;
}

export async function listChapters(db: Db, workId: number, withHtml: boolean): Promise<ChapterRow[]> {
  const rows = await db
    .selectFrom('chapters')
    .select(['id', 'position', 'title', 'words', 'posted_at', ...(withHtml ? (['html'] as const) : [])])
    .where('work_id', '=', workId)
    .orderBy('position')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    title: r.title,
    words: r.words,
    postedAt: r.posted_at,
    ...('html' in r ? { html: r.html } : {}),
  }));
}

export async function getChapter(
  db: Db,
  workId: number,
  position: number,
): Promise<(ChapterRow & { html: SanitizedHtml }) | undefined> {
  const r = await db
    .selectFrom('chapters')
    .select(['id', 'position', 'title', 'words', 'posted_at', 'html'])
    .where('work_id', '=', workId)
    .where('position', '=', position)
    .executeTakeFirst();
  return r && { id: r.id, position: r.position, title: r.title, words: r.words, postedAt: r.posted_at, html: r.html };
}

export interface NoteRow {
  chapterId: number | null;
  position: 'beginning' | 'end';
  html: SanitizedHtml;
}

export async function listNotes(db: Db, workId: number): Promise<NoteRow[]> {
  const rows = await db
    .selectFrom('author_notes')
    .select(['chapter_id', 'position', 'html'])
    .where('work_id', '=', workId)
    .orderBy('ordinal')
    .execute();
  return rows.map((r) => ({ chapterId: r.chapter_id, position: r.position as NoteRow['position'], html: r.html }));
}

/** Whether the user is one of the work's creators (through any of their pseuds). */
export async function isCreatorOf(db: Db, workId: number, userId: number): Promise<boolean> {
  return (await worksCreatedBy(db, [workId], userId)).has(workId);
}

/** Of these works, those with a creator pseud of this user. */
export async function worksCreatedBy(db: Db, workIds: number[], userId: number): Promise<Set<number>> {
  if (workIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('work_creators')
    .innerJoin('pseuds', 'pseuds.id', 'work_creators.pseud_id')
    .select('work_creators.work_id')
    .distinct()
    .where('work_creators.work_id', 'in', workIds)
    .where('pseuds.user_id', '=', userId)
    .execute();
  return new Set(rows.map((r) => r.work_id));
}

export interface Visibility {
  draft: boolean;
  /** In an unrevealed collection before its reveal. */
  unrevealed: boolean;
  anonymous: boolean;
  restricted: boolean;
  hiddenByAdmin: boolean;
  commentPolicy: string;
}

const VISIBILITY_COLUMNS = [
  'id',
  'draft',
  'restricted',
  'hidden_by_admin',
  'comment_policy',
  'unrevealed',
  'anonymous',
] as const;

export function toVisibility(r: {
  draft: number;
  restricted: number;
  hidden_by_admin: number;
  comment_policy: string;
  unrevealed: number;
  anonymous: number;
}): Visibility {
  return {
    draft: r.draft === 1,
    unrevealed: r.unrevealed === 1,
    anonymous: r.anonymous === 1,
    restricted: r.restricted === 1,
    hiddenByAdmin: r.hidden_by_admin === 1,
    commentPolicy: r.comment_policy,
  };
}

export async function getVisibility(db: Db, workId: number): Promise<Visibility | undefined> {
  const r = await db.selectFrom('works').select(VISIBILITY_COLUMNS).where('id', '=', workId).executeTakeFirst();
  return r && toVisibility(r);
}

/** The visibility of each of these works that exists, by id. */
export async function getVisibilities(db: Db, workIds: number[]): Promise<Map<number, Visibility>> {
  if (workIds.length === 0) return new Map();
  const rows = await db.selectFrom('works').select(VISIBILITY_COLUMNS).where('id', 'in', workIds).execute();
  return new Map(rows.map((r) => [r.id, toVisibility(r)]));
}

export async function setWorkFlags(
  db: Db,
  id: number,
  flags: {
    draft?: 0 | 1;
    restricted?: 0 | 1;
    hidden_by_admin?: 0 | 1;
    comment_policy?: string;
    posted_at?: string;
    updated_at?: string;
  },
): Promise<void> {
  await db.updateTable('works').set(flags).where('id', '=', id).execute();
}

export async function updateChapter(
  db: Db,
  workId: number,
  position: number,
  c: { title: string | null; html: string; words: number; at: string },
): Promise<number | undefined> {
  const row = await db
    .updateTable('chapters')
    .set({ title: c.title, html: c.html, words: c.words, updated_at: c.at })
    .where('work_id', '=', workId)
    .where('position', '=', position)
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function deleteChapterNotes(db: Db, chapterId: number): Promise<void> {
  await db.deleteFrom('author_notes').where('chapter_id', '=', chapterId).execute();
}

export async function deleteWorkNotes(db: Db, workId: number): Promise<void> {
  await db.deleteFrom('author_notes').where('work_id', '=', workId).where('chapter_id', 'is', null).execute();
}

export async function nextNoteOrdinal(db: Db, workId: number): Promise<number> {
  const row = await db
    .selectFrom('author_notes')
    .select((eb) => eb.fn.max('ordinal').as('m'))
    .where('work_id', '=', workId)
    .executeTakeFirst();
  return Number(row?.m ?? -1) + 1;
}

export async function deleteChapter(db: Db, workId: number, position: number): Promise<void> {
  await db.deleteFrom('chapters').where('work_id', '=', workId).where('position', '=', position).execute();
}

/**
 * Puts chapters in the given order (chapter ids, first to last). Positions are unique per work,
 * so they move out of the way (negative) first, then into place.
 */
export async function renumberChapters(db: Db, workId: number, orderedIds: number[]): Promise<void> {
  for (const [i, id] of orderedIds.entries()) {
    await db
      .updateTable('chapters')
      .set({ position: -(i + 1) })
      .where('work_id', '=', workId)
      .where('id', '=', id)
      .execute();
  }
  for (const [i, id] of orderedIds.entries()) {
    await db
      .updateTable('chapters')
      .set({ position: i + 1 })
      .where('work_id', '=', workId)
      .where('id', '=', id)
      .execute();
  }
}

export async function deleteWork(db: Db, workId: number): Promise<void> {
  await db.deleteFrom('works').where('id', '=', workId).execute();
}

export async function ensureSeries(db: Db, title: string, at: string): Promise<number> {
  const existing = await db.selectFrom('series').select('id').where('title', '=', title).executeTakeFirst();
  if (existing) return existing.id;
  const row = await db
    .insertInto('series')
    .values({ title, summary: null, created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Adds the work at the end of the series, or leaves it where it is. */
export async function addToSeries(db: Db, seriesId: number, workId: number, at: string): Promise<void> {
  const inIt = await db
    .selectFrom('series_works')
    .select('position')
    .where('series_id', '=', seriesId)
    .where('work_id', '=', workId)
    .executeTakeFirst();
  if (inIt) return;
  const last = await db
    .selectFrom('series_works')
    .select((eb) => eb.fn.max('position').as('m'))
    .where('series_id', '=', seriesId)
    .executeTakeFirst();
  await db
    .insertInto('series_works')
    .values({ series_id: seriesId, work_id: workId, position: Number(last?.m ?? 0) + 1 })
    .execute();
  await db.updateTable('series').set({ updated_at: at }).where('id', '=', seriesId).execute();
}

export async function seriesOfWork(db: Db, workId: number): Promise<{ id: number; title: string; position: number }[]> {
  const rows = await db
    .selectFrom('series_works')
    .innerJoin('series', 'series.id', 'series_works.series_id')
    .select(['series.id', 'series.title', 'series_works.position'])
    .where('series_works.work_id', '=', workId)
    .execute();
  return rows;
}

export async function removeFromAllSeries(db: Db, workId: number): Promise<void> {
  await db.deleteFrom('series_works').where('work_id', '=', workId).execute();
}
