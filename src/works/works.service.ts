// The rules about works: how an imported work is stored (atomically, once per source), what a
// work page and a listing show. The HTML pages, the JSON API and the CLI all come through here.
import { retryingConflicts, type Database } from '../db/database.ts';
import type { SignedIn } from '../accounts/accounts.service.ts';
import { countWords, htmlToText } from '../analysis/word-count.ts';
import { detectLanguage } from '../analysis/language.ts';
import type { ParsedWork } from '../importers/parsed-work.ts';
import { ensureSystemPseud, IMPORTER_USERNAME } from '../accounts/accounts.repo.ts';
import { reindexWorks, titleSortKey } from '../search/indexing.service.ts';
import { deleteSuggestions, findOrCreateTag, tagsForWorks, upsertTagging, type WorkTagRow } from '../tags/tags.repo.ts';
import { isTagType, type TagType, TAG_TYPES } from '../tags/tag-types.ts';
import { canonicalVocabName } from '../tags/tag-vocabulary.ts';
import type { TagSuggestion } from '../tags/suggestions.ts';
import * as works from './works.repo.ts';
import { type BlurbDetail, blurbRows, type BlurbRow } from './blurbs.repo.ts';
import { MYSTERY_TITLE } from './works.repo.ts';
import { type WorkFacts, workFacts } from './work-facts.ts';
import { addWorkToSeries } from '../series/series.repo.ts';
import type { SanitizedHtml } from '../markup/html.ts';

export type ImportOutcome = 'created' | 'updated' | 'unchanged';

export interface ImportSource {
  /** Absolute path of the file: the same path imported again updates the same work. */
  path: string;
  /** Content hash: the same content imported again, from anywhere, changes nothing. */
  hash: string;
}

/** The stored work that importing this source again would leave unchanged, if any. */
export async function findImported(
  database: Database,
  source: ImportSource,
): Promise<{ id: number; title: string } | undefined> {
  return works.findUnchangedImport(database.db, source.path, source.hash);
}

/**
 * Stores a parsed work in one transaction: the work, its chapters, notes, creators, the tags the
 * file carries (as the author's) and the analysis' proposals (as suggestions). Imported again
 * from the same path with new content, it replaces the text, keeps its posted date and moves its
 * updated date, and is re-analysed; decisions a person made on suggestions are kept.
 */
export async function importWork(
  { db, dialect }: Database,
  parsed: ParsedWork,
  source: ImportSource,
  suggestions: TagSuggestion[] = [],
  applyAt: number | null = null,
): Promise<{ workId: number; outcome: ImportOutcome }> {
  return retryingConflicts(() =>
    db.transaction().execute(async (trx) => {
      const byPath = await works.findWorkBySourcePath(trx, source.path);
      if (byPath?.source_hash === source.hash) return { workId: byPath.id, outcome: 'unchanged' as const };
      if (!byPath) {
        const sameText = await works.findWorkBySourceHash(trx, source.hash);
        if (sameText) return { workId: sameText.id, outcome: 'unchanged' as const };
      }

      const now = new Date().toISOString();
      const values: works.WorkValues = {
        title: parsed.title ?? parsed.provisionalTitle,
        title_provisional: parsed.title ? 0 : 1,
        summary: parsed.summary,
        language: workLanguage(parsed),
        words: workWordCount(parsed),
        chapter_count: parsed.chapters.length,
        expected_chapters: parsed.chapters.length,
        complete: 1,
        source_path: source.path,
        source_hash: source.hash,
      };
      let workId: number;
      if (byPath) {
        workId = byPath.id;
        await works.deleteWorkContent(trx, workId);
        await works.updateWork(trx, workId, { ...values, updated_at: now });
        await deleteSuggestions(trx, workId);
      } else {
        workId = await works.insertWork(trx, values, now);
      }

      await writeContent(trx, workId, parsed, now);

      const pseudIds: number[] = [];
      for (const name of parsed.creators.length ? parsed.creators : [undefined])
        pseudIds.push(await ensureSystemPseud(trx, name));
      await works.setCreators(trx, workId, [...new Set(pseudIds)]);

      await applyAuthorTags(trx, workId, parsed.tags);
      const personTypes = new Set(parsed.tags.map((t) => t.type).filter(isTagType));
      await storeSuggestions(trx, workId, suggestions, applyAt, personTypes);
      await keepFileFacts(trx, workId, parsed, !byPath, now);
      const creatorKey = parsed.creators[0] ?? IMPORTER_USERNAME;
      await works.updateWork(trx, workId, {
        title_key: titleSortKey(values.title),
        creator_key: creatorKey.toLowerCase(),
      });
      await reindexWorks({ db: trx, dialect }, [workId]);
      return { workId, outcome: byPath ? ('updated' as const) : ('created' as const) };
    }),
  );
}

type Tx = Database['db'];

/** A valid ISO date from a file, as our ISO-8601 UTC text; null for anything else. */
function isoFromFile(value: string | null | undefined): string | null {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) || t > Date.now() + 86_400_000 ? null : new Date(t).toISOString();
}

/**
 * What a file says beyond its text (an archive's EPUB download): its dates on a first import, an
 * unfinished work's status, and its series with its place. Re-imports move only the updated date.
 */
async function keepFileFacts(
  trx: Tx,
  workId: number,
  parsed: ParsedWork,
  firstImport: boolean,
  now: string,
): Promise<void> {
  const posted = isoFromFile(parsed.publishedAt);
  if (firstImport && posted) {
    const updated = isoFromFile(parsed.updatedAt);
    await works.setWorkFlags(trx, workId, {
      posted_at: posted,
      updated_at: updated && updated > posted ? updated : posted,
    });
    await works.setChaptersPosted(trx, workId, posted);
  }
  if (parsed.complete === false) await works.updateWork(trx, workId, { complete: 0, expected_chapters: null });
  for (const s of parsed.series ?? []) {
    const title = s.title.trim();
    if (!title) continue;
    const seriesId = await works.ensureSeries(trx, title, now);
    if (s.position && s.position > 0) await addWorkToSeries(trx, seriesId, workId, s.position, now);
    else await works.addToSeries(trx, seriesId, workId, now);
  }
}

/** Writes a work's notes and chapters (its old ones must be gone). */
export async function writeContent(
  trx: Tx,
  workId: number,
  parsed: Pick<ParsedWork, 'notes' | 'chapters'>,
  now: string,
): Promise<void> {
  let ordinal = 0;
  for (const note of parsed.notes) {
    await works.insertNote(trx, {
      workId,
      chapterId: null,
      position: note.position,
      ordinal: ordinal++,
      html: note.html,
    });
  }
  for (const [i, chapter] of parsed.chapters.entries()) {
    const chapterId = await works.insertChapter(trx, {
      workId,
      position: i + 1,
      title: chapter.title,
      html: chapter.html,
      words: countWords(htmlToText(chapter.html)),
      at: now,
    });
    for (const note of chapter.notes) {
      await works.insertNote(trx, { workId, chapterId, position: note.position, ordinal: ordinal++, html: note.html });
    }
  }
}

/** Applies tags as the creator's own; another archive's rating names become AO3's. */
export async function applyAuthorTags(trx: Tx, workId: number, tags: { type: string; name: string }[]): Promise<void> {
  for (const t of tags) {
    if (!isTagType(t.type) || !t.name.trim()) continue;
    // "T", "K+" or "Teen" from another archive's header is AO3's "Teen And Up Audiences" here.
    const tag = await findOrCreateTag(trx, t.type, canonicalVocabName(t.type, t.name) ?? t.name);
    await upsertTagging(trx, { workId, tagId: tag.id, origin: 'author', status: 'applied' });
  }
}

/**
 * Stores the analysis' proposals as open suggestions; people's earlier decisions stand. With
 * `applyAt` (an archivist's import), a proposal at or above that confidence is applied at once,
 * marked as not yet reviewed, unless a person already gave the work tags of that type.
 */
export async function storeSuggestions(
  trx: Tx,
  workId: number,
  suggestions: TagSuggestion[],
  applyAt: number | null = null,
  personTypes: ReadonlySet<TagType> = new Set(),
): Promise<void> {
  for (const s of suggestions) {
    const apply = applyAt !== null && s.confidence >= applyAt && !personTypes.has(s.type);
    const tag = await findOrCreateTag(
      trx,
      s.type,
      s.name,
      s.type === 'fandom' || s.type === 'character' || s.type === 'relationship',
    );
    await upsertTagging(trx, {
      workId,
      tagId: tag.id,
      origin: 'analysis',
      status: apply ? 'applied' : 'suggested',
      confidence: s.confidence,
      evidence: s.evidence,
      ...(apply ? { reviewed: false } : {}),
    });
  }
}

/**
 * The language a file states, else the one its text is written in (the detector reads a bounded
 * sample, so this costs the same for a novel as for a drabble), else English.
 */
export function workLanguage(parsed: ParsedWork): string {
  if (parsed.language) return parsed.language;
  const sample = parsed.chapters
    .slice(0, 3)
    .map((c) => htmlToText(c.html))
    .join('\n');
  const guess = detectLanguage(sample);
  return guess.confidence >= 0.5 ? guess.language : 'en';
}

/**
 * Chapter text plus author's notes. AO3 counts chapter text only; we count the notes too because
 * a writer's pasted text is counted whole when they compare (the seed labels count it so), and a
 * long preface is part of what a reader reads. The summary is not counted.
 */
export function workWordCount(parsed: ParsedWork): number {
  const notes = [...parsed.notes, ...parsed.chapters.flatMap((c) => c.notes)];
  return [...parsed.chapters.map((c) => c.html), ...notes.map((n) => n.html)].reduce(
    (sum, html) => sum + countWords(htmlToText(html)),
    0,
  );
}

// ---- reading ---------------------------------------------------------------------------------

export interface TagView {
  id: number;
  name: string;
  type: TagType;
  canonical: boolean;
  origin: 'author' | 'analysis';
  confidence: number | null;
  evidence: { quote: string; start: number; end: number }[];
  /** False for a tag the analysis applied on import that no person has yet kept or undone. */
  reviewed: boolean;
}

export interface WorkBlurb {
  id: number;
  title: string;
  titleProvisional: boolean;
  creators: { pseud: string; username: string; system: boolean; orphaned: boolean }[];
  summary: string | null;
  language: string;
  words: number;
  chapterCount: number;
  expectedChapters: number | null;
  complete: boolean;
  postedAt: string;
  updatedAt: string;
  /** What readers have done with it, as AO3's blurbs show (bookmarks: public ones). */
  counts: { comments: number; kudos: number; bookmarks: number; hits: number };
  /** Tags in AO3's blurb order, applied ones only; their evidence only on a work's page. */
  tags: TagView[];
  /** In an anonymous collection before its reveal: `creators` is empty unless unmasked. */
  anonymous: boolean;
  /** In an unrevealed collection before its reveal: title, summary and tags hidden unless unmasked. */
  unrevealed: boolean;
}

export interface WorkPage extends WorkBlurb {
  /** The analysis' open proposals, shown apart from the applied tags. */
  suggestions: TagView[];
  notes: { position: 'beginning' | 'end'; html: SanitizedHtml }[];
  chapters: {
    id: number;
    position: number;
    title: string | null;
    words: number;
    postedAt: string;
    notes: { position: 'beginning' | 'end'; html: SanitizedHtml }[];
  }[];
  /** Set by workForViewer: whether this viewer decides on the analysis' tags (creator, wrangler, admin). */
  mayReview?: boolean;
}

function tagView(t: BlurbRow['tags'][number]): TagView {
  return {
    id: t.id,
    name: t.name,
    type: t.type as TagType,
    canonical: t.canonical,
    origin: t.origin,
    confidence: t.confidence,
    evidence: t.evidence,
    reviewed: t.reviewed,
  };
}

const TYPE_ORDER = new Map(TAG_TYPES.map((t, i) => [t as string, i]));
const byTypeOrder = (a: TagView, b: TagView) => (TYPE_ORDER.get(a.type) ?? 99) - (TYPE_ORDER.get(b.type) ?? 99);

/**
 * Blurbs as readers may see them: an anonymous work without its creators and an unrevealed one
 * without its title, summary and tags, unless `unmasked` (its creators and moderators). Masking
 * here, by default, keeps every listing, feed, download and API answer from naming them. The
 * works `ids`, in that order, those with no row left out: the rows, tags and creators in one
 * statement (on PostgreSQL each read is a round trip of its own). A page's `detail` adds the open
 * suggestions and every tag's evidence, which listings do not show.
 */
async function blurbs(
  database: Database,
  ids: number[],
  detail: BlurbDetail,
  unmasked = false,
  facts?: WorkFacts,
): Promise<(WorkBlurb & { suggestions?: TagView[] })[]> {
  const byId = new Map<number, BlurbRow>();
  // One work's page takes its row and creators from the request's memo, which the access check
  // has read already.
  const one = facts && ids.length === 1 && ids[0] === facts.workId ? facts : undefined;
  if (one) {
    const [row, tagRows, creatorRows] = await Promise.all([one.row(), tagsForWorks(database.db, ids), one.creators()]);
    if (row) byId.set(row.id, { row, tags: tagRows.filter((t) => t.status !== 'rejected'), creators: creatorRows });
  } else {
    for (const b of await blurbRows(database.db, database.dialect, ids, detail)) byId.set(b.row.id, b);
  }
  const rows = ids.map((id) => byId.get(id)).filter((r): r is BlurbRow => r !== undefined);
  return rows.map(({ row: w, tags, creators }) => {
    const hideWork = w.unrevealed === 1 && !unmasked;
    const hideCreators = (w.anonymous === 1 || w.unrevealed === 1) && !unmasked;
    const taggings = hideWork ? [] : tags;
    return {
      id: w.id,
      title: hideWork ? MYSTERY_TITLE : w.title,
      titleProvisional: !hideWork && w.title_provisional === 1,
      anonymous: w.anonymous === 1,
      unrevealed: w.unrevealed === 1,
      creators: (hideCreators ? [] : creators).map((c) => ({
        pseud: c.pseud,
        username: c.username,
        system: c.system,
        orphaned: c.orphaned,
      })),
      summary: hideWork ? null : w.summary,
      language: w.language,
      words: w.words,
      chapterCount: w.chapter_count,
      expectedChapters: w.expected_chapters,
      complete: w.complete === 1,
      postedAt: w.posted_at,
      updatedAt: w.updated_at,
      counts: { comments: w.comments_count, kudos: w.kudos_count, bookmarks: w.bookmarks_count, hits: w.hits },
      tags: taggings
        .filter((t) => t.status === 'applied')
        .map(tagView)
        .sort(byTypeOrder),
      ...(detail === 'page' && {
        suggestions: taggings
          .filter((t) => t.status === 'suggested')
          .map(tagView)
          .sort((a, b) => byTypeOrder(a, b) || (b.confidence ?? 0) - (a.confidence ?? 0)),
      }),
    };
  });
}

/**
 * The work page; masked (see `blurbs`) unless `unmasked` says the viewer sees behind it. `facts`
 * is the request's memo of the work, when it has one.
 */
export async function getWorkPage(
  database: Database,
  id: number,
  opts: { unmasked?: boolean; facts?: WorkFacts } = {},
): Promise<WorkPage | undefined> {
  const [[blurb], chapters, notes] = await Promise.all([
    blurbs(database, [id], 'page', opts.unmasked === true, opts.facts),
    works.listChapters(database.db, id, false),
    works.listNotes(database.db, id),
  ]);
  if (!blurb) return undefined;
  const strip = (n: works.NoteRow) => ({ position: n.position, html: n.html });
  return {
    ...blurb!,
    suggestions: blurb.suggestions ?? [],
    notes: notes.filter((n) => n.chapterId === null).map(strip),
    chapters: chapters.map((c) => ({ ...c, notes: notes.filter((n) => n.chapterId === c.id).map(strip) })),
  };
}

/** A chapter's text; positions count from 1. */
export async function getChapterText(database: Database, workId: number, position: number) {
  return works.getChapter(database.db, workId, position);
}

/** Every chapter's text in order, for the entire-work view. */
export async function getAllChapterTexts(database: Database, workId: number) {
  return works.listChapters(database.db, workId, true) as Promise<(works.ChapterRow & { html: SanitizedHtml })[]>;
}

export async function getWorkBlurbs(database: Database, ids: number[]): Promise<WorkBlurb[]> {
  return blurbs(database, ids, 'listing');
}

/** Where imported works' tags came from: how many works carry tags of each origin and state. */
export async function tagProvenance(
  database: Database,
  workIds: number[],
): Promise<{ person: number; analysisApplied: number; suggested: number }> {
  const rows = await tagsForWorks(database.db, workIds);
  const works = (keep: (t: WorkTagRow) => boolean) => new Set(rows.filter(keep).map((t) => t.workId)).size;
  return {
    person: works((t) => t.status === 'applied' && t.origin === 'author'),
    analysisApplied: works((t) => t.status === 'applied' && t.origin === 'analysis' && !t.reviewed),
    suggested: works((t) => t.status === 'suggested'),
  };
}

export async function countWorks(database: Database): Promise<number> {
  return works.countWorks(database.db);
}

// ---- who may do what with a work ------------------------------------------------------------

export {
  onlyForSignedIn,
  seesUnmasked,
  workAccess,
  workAccessMany,
  workViewOf,
  workIsAnonymous,
  type WorkAccess,
} from './work-access.ts';
import type { WorkAccess } from './work-access.ts';
export { type WorkFacts, workFacts } from './work-facts.ts';

/**
 * The analysis' open suggestions are for the people who decide on them: the work's creators, the
 * archive's wranglers and admins. Readers and guests see tags, never guesses.
 */
export function mayReviewSuggestions(access: WorkAccess, viewer: SignedIn | null): boolean {
  return access === 'edit' || viewer?.role === 'wrangler' || viewer?.role === 'admin';
}

/** The work as `viewer` may see it: without the open suggestions unless they may review them. */
export function workForViewer(work: WorkPage, access: WorkAccess, viewer: SignedIn | null): WorkPage {
  return mayReviewSuggestions(access, viewer)
    ? { ...work, mayReview: true }
    : { ...work, suggestions: [], mayReview: false };
}

/** What a work's edit form shows beside its text: its series, who may read and comment, draft or not. */
export interface WorkSettings {
  series: string;
  restricted: boolean;
  commentPolicy: string;
  draft: boolean;
}

export async function workSettings(database: Database, workId: number): Promise<WorkSettings> {
  const [series, v] = await Promise.all([
    works.seriesOfWork(database.db, workId),
    works.getVisibility(database.db, workId),
  ]);
  return {
    series: series[0]?.title ?? '',
    restricted: v?.restricted ?? false,
    commentPolicy: v?.commentPolicy ?? 'open',
    draft: v?.draft ?? false,
  };
}

export async function workCreatorUserIds(
  database: Database,
  workId: number,
  facts: WorkFacts = workFacts(database, workId),
): Promise<number[]> {
  return facts.creatorUserIds();
}
