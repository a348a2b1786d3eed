// What a writer submits and the rules AO3 applies to it, apart from the database: the form's
// fields, the limits, the checks, and the errors a writer sees. Pages and the API read the same
// limits the posting service enforces.
import { AppError } from '../app-error.ts';
import type { ParsedWork } from '../importers/parsed-work.ts';
import { sanitizeWorkHtml } from '../importers/sanitize.ts';
import { type SanitizedHtml, storableHtml } from '../markup/html.ts';
import { textParagraphs } from '../markup/paragraphs.ts';
import { htmlShapeProblem } from '../importers/markup-limits.ts';
import type { Database } from '../db/database.ts';
import type { TagSuggestion } from '../tags/suggestions.ts';
import { CATEGORY_TAGS, cleanTagName, MAX_TAG_LENGTH, RATING_TAGS, WARNING_TAGS } from '../tags/tag-types.ts';

/** A reader-facing problem with what was submitted, tied to the form field it concerns. */
export class PostingError extends AppError {
  constructor(readonly problems: { field: string; message: string }[]) {
    super('invalid', problems.map((p) => p.message).join('; '));
  }
}

/** Not the viewer's work to change: 'not found' keeps a draft secret, any other reason is a refusal. */
export class NotAllowedError extends AppError {
  constructor(reason: string) {
    super(
      reason === 'not found' ? 'not_found' : 'forbidden',
      reason === 'not found' ? 'that work was not found' : reason,
    );
  }
}

/** Proposes tags for a text: the analysis, in this thread or on a text worker. */
export type Suggester = (parsed: ParsedWork) => TagSuggestion[] | Promise<TagSuggestion[]>;

/** Reads an uploaded or pasted file: on a text worker under a time budget in the server. */
export type FileReader = (bytes: Buffer, filename: string) => Promise<ParsedWork>;

/** Hooks the posting flow calls after it stores something readers may be told about. */
export interface PostingEvents {
  workPosted?(store: { db: Database['db']; dialect: Database['dialect'] }, workId: number): Promise<void>;
  chapterPosted?(
    store: { db: Database['db']; dialect: Database['dialect'] },
    workId: number,
    chapterId: number,
  ): Promise<void>;
}

// AO3's limits (otwarchive's ArchiveConfig): title 255, summary 1,250, notes 5,000 characters,
// a chapter 510,000 characters.
export const LIMITS = { title: 255, summary: 1250, notes: 5000, chapter: 510_000 } as const;
export const COMMENT_POLICIES = ['open', 'registered', 'moderated', 'closed'] as const;

export interface WorkFields {
  title: string;
  summary: string;
  /** Sanitised on the way in; plain text with blank lines is fine too. */
  notesBeginning: string;
  notesEnd: string;
  rating: string;
  warnings: string[];
  categories: string[];
  fandoms: string[];
  relationships: string[];
  characters: string[];
  freeforms: string[];
  language: string;
  coCreators: string[];
  series: string;
  restricted: boolean;
  commentPolicy: string;
  /** How many chapters the work will have; null when the writer does not know yet. */
  expectedChapters: number | null;
  /** Tag ids of suggestions the writer accepted and dropped on this form. */
  accept: number[];
  drop: number[];
  /** Tag ids of suggestions the form filled into a field; one the writer cleared is dropped. */
  prefilled?: number[];
  /** Which of the writer's own pseuds the work is credited to; absent keeps it as it is. */
  pseud?: string;
  /** Collections (names, comma-separated); absent keeps the work's as they are. */
  collections?: string;
  /** Gift recipients (pseuds or any name, comma-separated); absent keeps the work's as they are. */
  gifts?: string;
  /** A prompt's id: posting the work fills it. */
  fillsPrompt?: string;
}

export function splitTags(list: string[]): string[] {
  return [
    ...new Set(
      list
        .flatMap((s) => s.split(','))
        .map(cleanTagName)
        .filter(Boolean),
    ),
  ];
}

/** Plain text or HTML from a form, as sanitised HTML paragraphs. */
export function formHtml(text: string): SanitizedHtml {
  const trimmed = text.trim();
  if (/<(p|br|div|em|strong|i|b|blockquote)\b/i.test(trimmed)) return sanitizeWorkHtml(trimmed);
  return storableHtml(textParagraphs(trimmed));
}

/** AO3's rules for a posted work; a draft may be saved with any of them unmet. */
export function problemsWith(f: WorkFields, posting: boolean): { field: string; message: string }[] {
  const p: { field: string; message: string }[] = [];
  if (f.title.trim().length > LIMITS.title)
    p.push({ field: 'title', message: `the title is at most ${LIMITS.title} characters` });
  if (f.summary.length > LIMITS.summary)
    p.push({ field: 'summary', message: `the summary is at most ${LIMITS.summary} characters` });
  if (f.notesBeginning.length > LIMITS.notes)
    p.push({ field: 'notes_beginning', message: `notes are at most ${LIMITS.notes} characters` });
  if (f.notesEnd.length > LIMITS.notes)
    p.push({ field: 'notes_end', message: `end notes are at most ${LIMITS.notes} characters` });
  if (f.rating && !(RATING_TAGS as readonly string[]).includes(f.rating))
    p.push({ field: 'rating', message: `'${f.rating}' is not one of AO3's ratings` });
  for (const w of f.warnings)
    if (!(WARNING_TAGS as readonly string[]).includes(w))
      p.push({ field: 'warnings', message: `'${w}' is not an archive warning` });
  for (const c of f.categories)
    if (!(CATEGORY_TAGS as readonly string[]).includes(c))
      p.push({ field: 'categories', message: `'${c}' is not a category` });
  for (const t of [...f.fandoms, ...f.relationships, ...f.characters, ...f.freeforms]) {
    if (t.length > MAX_TAG_LENGTH)
      p.push({ field: 'tags', message: `the tag '${t.slice(0, 40)}…' is longer than ${MAX_TAG_LENGTH} characters` });
  }
  if (!/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(f.language)) p.push({ field: 'language', message: 'choose a language' });
  if (!(COMMENT_POLICIES as readonly string[]).includes(f.commentPolicy))
    p.push({ field: 'comment_policy', message: 'choose who may comment' });
  if (
    f.expectedChapters !== null &&
    (!Number.isInteger(f.expectedChapters) || f.expectedChapters < 1 || f.expectedChapters > 5000)
  ) {
    p.push({
      field: 'expected_chapters',
      message: 'the number of chapters is a whole number from 1 to 5,000, or empty',
    });
  }
  if (posting) {
    if (!f.title.trim()) p.push({ field: 'title', message: 'a posted work needs a title' });
    if (f.fandoms.length === 0)
      p.push({
        field: 'fandoms',
        message: 'a posted work needs at least one fandom (use "Original Work" for original fiction)',
      });
    if (!f.rating) p.push({ field: 'rating', message: 'a posted work needs a rating' });
    if (f.warnings.length === 0)
      p.push({ field: 'warnings', message: 'a posted work needs at least one archive warning' });
  }
  return p;
}

export interface ChapterFields {
  title: string;
  text: string;
  notesBeginning: string;
  notesEnd: string;
}

export function chapterProblems(c: ChapterFields): { field: string; message: string }[] {
  const p: { field: string; message: string }[] = [];
  if (!c.text.trim()) p.push({ field: 'text', message: 'a chapter needs some text' });
  if (c.text.length > LIMITS.chapter)
    p.push({
      field: 'text',
      message: `a chapter is at most ${LIMITS.chapter.toLocaleString('en')} characters; split it in two`,
    });
  else {
    const shape = htmlShapeProblem(c.text);
    if (shape) p.push({ field: 'text', message: `the chapter's HTML is too complex: ${shape}` });
  }
  if (c.title.length > LIMITS.title)
    p.push({ field: 'title', message: `a chapter title is at most ${LIMITS.title} characters` });
  if (c.notesBeginning.length > LIMITS.notes || c.notesEnd.length > LIMITS.notes)
    p.push({ field: 'notes', message: `notes are at most ${LIMITS.notes} characters` });
  return p;
}
