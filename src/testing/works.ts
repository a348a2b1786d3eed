// Works for tests: a ParsedWork with sensible defaults, and a posted work built from one through
// the importer, as a real archive would hold it. Rows the importer does not set (draft,
// restricted, credits, series) are written directly: tests may set up rows without a service.
import type { Database } from '../db/database.ts';
import type { ParsedChapter, ParsedWork } from '../importers/parsed-work.ts';
import { reindexWorks } from '../search/indexing.service.ts';
import { setCreators } from '../works/works.repo.ts';
import { importWork } from '../works/works.service.ts';
import type { WorkFields } from '../works/posting-rules.ts';
import type { TestBrowser } from './server.ts';

/** The work form's fields for a posted Original Work, rated General, no other tags; `over` replaces fields. */
export function workFields(over: Partial<WorkFields> = {}): WorkFields {
  return {
    title: 'The Lamp',
    summary: '',
    notesBeginning: '',
    notesEnd: '',
    rating: 'General Audiences',
    warnings: ['No Archive Warnings Apply'],
    categories: [],
    fandoms: ['Original Work'],
    relationships: [],
    characters: [],
    freeforms: [],
    language: 'en',
    coCreators: [],
    series: '',
    restricted: false,
    commentPolicy: 'open',
    expectedChapters: null,
    accept: [],
    drop: [],
    ...over,
  };
}

/** A two-chapter story, rated and tagged; `overrides` replace whole fields. */
export function parsedWork(overrides: Partial<ParsedWork> = {}): ParsedWork {
  return {
    title: 'Salt and Lantern Light',
    provisionalTitle: 'Salt and Lantern Light',
    summary: 'Wren keeps the light.',
    notes: [],
    chapters: [
      { title: 'Chapter 1: Dark', html: '<p>The lamp had been dark for nine nights.</p>', notes: [] },
      { title: 'Chapter 2: Thaw', html: '<p>The thaw came late that year.</p>', notes: [] },
    ],
    language: 'en',
    tags: [
      { type: 'rating', name: 'General Audiences' },
      { type: 'freeform', name: 'Lighthouses' },
    ],
    creators: [],
    source: { filename: 'salt.txt', format: 'txt' },
    ...overrides,
  };
}

/** The same story with all a preface shows: notes at both ends and on a chapter, a fandom, a relationship, a creator. */
export function fullParsedWork(overrides: Partial<ParsedWork> = {}): ParsedWork {
  const [first, second] = parsedWork().chapters;
  return parsedWork({
    summary: 'Wren keeps the light; the light keeps Wren.',
    notes: [
      { position: 'beginning', html: '<p>For the harbour prompt.</p>' },
      { position: 'end', html: '<p>Thank you for reading.</p>' },
    ],
    chapters: [first!, { ...second!, notes: [{ position: 'beginning', html: '<p>A short one.</p>' }] }],
    tags: [
      { type: 'rating', name: 'General Audiences' },
      { type: 'fandom', name: 'Original Work' },
      { type: 'relationship', name: 'Wren/Ada Harlow' },
    ],
    creators: ['saltwriter'],
    ...overrides,
  });
}

export interface WorkSpec {
  title?: string;
  summary?: string | null;
  /** Credited to this user's default pseud; the importer's when absent. */
  creator?: { id: number };
  /** Replaces the default tags (a rating and one freeform). */
  tags?: [type: string, name: string][];
  /** Replaces the default rating tag; kept with `tags` too. */
  rating?: string;
  /** A number of chapters written from the title, or the chapters themselves; two by default. */
  chapters?: number | ParsedChapter[];
  language?: string;
  draft?: boolean;
  /** Shown to signed-in readers only. */
  restricted?: boolean;
}

let counter = 0;

/** A posted work (a draft with `draft`); returns its id and its chapters' ids in order. */
export async function makeWork(
  database: Database,
  spec: WorkSpec = {},
): Promise<{ workId: number; chapterIds: number[] }> {
  const n = ++counter;
  const defaults = parsedWork();
  const title = spec.title ?? defaults.title!;
  const chapters =
    typeof spec.chapters === 'number'
      ? Array.from({ length: spec.chapters }, (_, i) => ({
          title: null,
          html: `<p>${title}, part ${i + 1}. Words ${n}.</p>`,
          notes: [],
        }))
      : (spec.chapters ?? defaults.chapters);
  let tags = spec.tags ? spec.tags.map(([type, name]) => ({ type, name })) : defaults.tags;
  if (spec.rating) tags = [...tags.filter((t) => t.type !== 'rating'), { type: 'rating', name: spec.rating }];
  const parsed = parsedWork({
    title,
    provisionalTitle: title,
    summary: spec.summary === undefined ? defaults.summary : spec.summary,
    chapters,
    language: spec.language ?? 'en',
    tags,
    source: { filename: `work-${n}.txt`, format: 'txt' },
  });
  // A path and hash of its own, so that the importer never takes it for an earlier work again.
  const { workId } = await importWork(database, parsed, {
    path: `/testing/work-${n}-${process.pid}-${Math.random()}.txt`,
    hash: `hash-${n}-${Math.random()}`,
  });
  if (spec.creator) await creditTo(database, workId, spec.creator);
  if (spec.draft || spec.restricted) {
    await database.db
      .updateTable('works')
      .set({ ...(spec.draft ? { draft: 1 } : {}), ...(spec.restricted ? { restricted: 1 } : {}) })
      .where('id', '=', workId)
      .execute();
    await reindexWorks(database, [workId]);
  }
  return { workId, chapterIds: await chapterIds(database, workId) };
}

/** Credits the work to the user's default pseud alone. */
export async function creditTo(database: Database, workId: number, user: { id: number }): Promise<void> {
  const pseud = await database.db
    .selectFrom('pseuds')
    .select('id')
    .where('user_id', '=', user.id)
    .where('is_default', '=', 1)
    .executeTakeFirstOrThrow();
  await setCreators(database.db, workId, [pseud.id]);
}

export async function chapterIds(database: Database, workId: number): Promise<number[]> {
  const rows = await database.db
    .selectFrom('chapters')
    .select('id')
    .where('work_id', '=', workId)
    .orderBy('position')
    .execute();
  return rows.map((r) => r.id);
}

/** The counters a work page shows. */
export async function workCounts(database: Database, workId: number) {
  return database.db
    .selectFrom('works')
    .select(['kudos_count', 'comments_count', 'bookmarks_count', 'hits'])
    .where('id', '=', workId)
    .executeTakeFirstOrThrow();
}

/** A series of these works in order. */
export async function makeSeries(database: Database, title: string, workIds: number[]): Promise<number> {
  const at = new Date().toISOString();
  const row = await database.db
    .insertInto('series')
    .values({ title, summary: null, created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [i, workId] of workIds.entries())
    await database.db
      .insertInto('series_works')
      .values({ series_id: row.id, work_id: workId, position: i + 1 })
      .execute();
  return row.id;
}

/** The posting form's required fields, as a writer fills them in. */
export const POSTING_FORM = {
  title: 'The Lamp',
  rating: 'General Audiences',
  warnings: 'No Archive Warnings Apply',
  fandoms: 'Original Work',
  language: 'en',
  comment_policy: 'open',
};

/** Posts a work through the pages, as a writer does: its text, then the form (with `form`'s fields); returns its id. */
export async function postThroughForm(writer: TestBrowser, form: Record<string, string> = {}): Promise<string> {
  const created = await writer.post('/works/new', { text: 'The lamp at Gull Rock had been dark for nine nights.' });
  const id = /\/works\/(\d+)\/edit/.exec(created.headers.location as string)![1]!;
  const res = await writer.post(`/works/${id}/edit`, { ...POSTING_FORM, action: 'post', ...form });
  if (res.statusCode !== 303) throw new Error(`posting failed: ${res.statusCode} ${res.body.slice(0, 300)}`);
  return id;
}
