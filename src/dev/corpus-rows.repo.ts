// One transaction's rows of a corpus load (corpus.repo.ts): the column lists of each table, and the
// multi-row INSERTs (SQLite) or array UNNESTs (PostgreSQL) that write them.

import type { Db, NextIds, TagEntry } from './corpus.repo.ts';
import type { CorpusTag, CorpusWork } from './corpus.ts';
import { titleSortKey } from '../search/indexing.service.ts';
import { pairColumns } from '../search/phrase-pairs.repo.ts';
import { cleanTagName, tagKey, type TagType } from '../tags/tag-types.ts';
import type { Dialect } from '../db/database.ts';
import { CompiledQuery } from 'kysely';

/** SQLite binds at most 32,766 parameters per statement; stay well under with ~500-row INSERTs. */
const SQLITE_MAX_PARAMS = 12_000;
const SQLITE_MAX_ROWS = 500;
// ---- one transaction's rows --------------------------------------------------------------------

export type Column = [name: string, pgType: string];

export const USER_COLUMNS: Column[] = [
  ['id', 'int'],
  ['username', 'text'],
  ['role', 'text'],
  ['created_at', 'text'],
];
export const PSEUD_COLUMNS: Column[] = [
  ['id', 'int'],
  ['user_id', 'int'],
  ['name', 'text'],
  ['is_default', 'int'],
  ['created_at', 'text'],
];
const TAG_COLUMNS: Column[] = [
  ['id', 'int'],
  ['name', 'text'],
  ['name_key', 'text'],
  ['type', 'text'],
  ['canonical', 'int'],
  ['synonym_of', 'int'],
  ['created_at', 'text'],
];
const TAG_PARENT_COLUMNS: Column[] = [
  ['parent_id', 'int'],
  ['child_id', 'int'],
];
const WORK_COLUMNS: Column[] = [
  ['id', 'int'],
  ['title', 'text'],
  ['title_provisional', 'int'],
  ['summary', 'text'],
  ['language', 'text'],
  ['words', 'int'],
  ['chapter_count', 'int'],
  ['expected_chapters', 'int'],
  ['complete', 'int'],
  ['posted_at', 'text'],
  ['updated_at', 'text'],
  ['created_at', 'text'],
  ['kudos_count', 'int'],
  ['hits', 'int'],
  ['comments_count', 'int'],
  ['bookmarks_count', 'int'],
  ['title_key', 'text'],
  ['creator_key', 'text'],
  ['restricted', 'int'],
];
const CHAPTER_COLUMNS: Column[] = [
  ['id', 'int'],
  ['work_id', 'int'],
  ['position', 'int'],
  ['html', 'text'],
  ['words', 'int'],
  ['posted_at', 'text'],
  ['updated_at', 'text'],
];
const CREATOR_COLUMNS: Column[] = [
  ['work_id', 'int'],
  ['pseud_id', 'int'],
  ['position', 'int'],
];
/** Every tag a generated work carries is the author's and applied, as on a posted AO3 work. */
const TAGGING_COLUMNS: Column[] = [
  ['work_id', 'int'],
  ['tag_id', 'int'],
  ['origin', 'text'],
  ['status', 'text'],
  ['created_at', 'text'],
  ['decided_at', 'text'],
];

export class Batch {
  readonly tags: unknown[][] = [];
  readonly parents: unknown[][] = [];
  readonly works: unknown[][] = [];
  readonly chapters: unknown[][] = [];
  readonly creators: unknown[][] = [];
  readonly taggings: unknown[][] = [];
  /** id, title, summary, tag names, body: the full-text document (no notes on generated works). */
  readonly texts: [number, string, string, string, string][] = [];

  constructor(
    private readonly cache: Map<string, TagEntry>,
    private readonly byObject: Map<CorpusTag, TagEntry>,
    private readonly next: NextIds,
    private readonly pseudIds: number[],
    private readonly pseudNames: string[],
  ) {}

  add(w: CorpusWork): void {
    const workId = this.next.work++;
    const tagIds = new Set<number>();
    const names: string[] = [];
    for (const t of w.tags) {
      const tag = this.tag(t, w.postedAt);
      if (tagIds.has(tag.id)) continue;
      tagIds.add(tag.id);
      names.push(tag.name);
      this.taggings.push([workId, tag.id, 'author', 'applied', w.postedAt, w.postedAt]);
    }
    // As importWork sets them: the title without its article, the first creator's pseud.
    const creatorKey = this.pseudNames[w.creators[0]!]!.toLowerCase();
    this.works.push([
      workId,
      w.title,
      0,
      w.summary,
      w.language,
      w.words,
      w.chapterCount,
      w.expectedChapters,
      w.complete ? 1 : 0,
      w.postedAt,
      w.updatedAt,
      w.postedAt,
      w.kudos,
      w.hits,
      w.comments,
      w.bookmarks,
      titleSortKey(w.title),
      creatorKey,
      w.restricted ? 1 : 0,
    ]);
    this.chapters.push([this.next.chapter++, workId, 1, w.html, w.words, w.postedAt, w.updatedAt]);
    w.creators.forEach((c, position) => {
      this.creators.push([workId, this.pseudIds[c]!, position]);
    });
    this.texts.push([workId, w.title, w.summary, names.join('\n'), w.text]);
  }

  /** The tag's id, creating it (and its synonym target and parents) the first time it is seen. */
  private tag(t: CorpusTag, at: string): TagEntry {
    // The generator hands out one object per tag, so most lookups never touch the name.
    let entry = this.byObject.get(t);
    if (!entry) {
      entry = this.tagByName(t, at);
      this.byObject.set(t, entry);
    }
    return entry;
  }

  private tagByName(t: CorpusTag, at: string): TagEntry {
    let name = cleanTagName(t.name);
    let key = tagKey(name);
    let entry = this.cache.get(key);
    if (entry && entry.type !== t.type) {
      // Names are unique across types, as on AO3, which disambiguates with a suffix.
      name = `${name} (${t.type})`;
      key = tagKey(name);
      entry = this.cache.get(key);
    }
    if (entry) return entry;
    const synonymOf = t.synonymOf ? this.tagByName({ type: t.type, name: t.synonymOf }, at).id : null;
    const id = this.next.tag++;
    entry = { id, type: t.type, name };
    this.cache.set(key, entry);
    this.tags.push([id, name, key, t.type, synonymOf === null ? 1 : 0, synonymOf, at]);
    for (const p of t.parents ?? [])
      this.parents.push([this.tagByName({ type: p.type as TagType, name: p.name }, at).id, id]);
    return entry;
  }

  async flush(db: Db, dialect: Dialect): Promise<void> {
    for (const [table, columns, rows] of BATCH_TABLES) await insertRows(db, dialect, table, columns, rows(this));
    await insertTexts(db, dialect, this.texts);
  }
}

/**
 * A batch's tables in the order they are written: tags before the taggings that name them, works
 * before the rows that point at them. The full-text documents come after.
 */
export const BATCH_TABLES: [table: string, columns: Column[], rows: (b: Batch) => unknown[][]][] = [
  ['tags', TAG_COLUMNS, (b) => b.tags],
  ['tag_parents', TAG_PARENT_COLUMNS, (b) => b.parents],
  ['works', WORK_COLUMNS, (b) => b.works],
  ['chapters', CHAPTER_COLUMNS, (b) => b.chapters],
  ['work_creators', CREATOR_COLUMNS, (b) => b.creators],
  ['taggings', TAGGING_COLUMNS, (b) => b.taggings],
];

// ---- multi-row inserts ---------------------------------------------------------------------------

const sqliteInsertText = new Map<string, string>();

export async function insertRows(
  db: Db,
  dialect: Dialect,
  table: string,
  columns: Column[],
  rows: unknown[][],
): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map(([n]) => n).join(', ');
  if (dialect === 'postgres') {
    // One array per column, unnested into rows: one parameter per column whatever the row count.
    const arrays = columns.map((_, c) => rows.map((r) => r[c]));
    const casts = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
    await db.executeQuery(CompiledQuery.raw(`INSERT INTO ${table} (${names}) SELECT * FROM unnest(${casts})`, arrays));
    return;
  }
  const perStatement = Math.max(1, Math.min(SQLITE_MAX_ROWS, Math.floor(SQLITE_MAX_PARAMS / columns.length)));
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const cacheKey = `${table}:${chunk.length}`;
    let text = sqliteInsertText.get(cacheKey);
    if (!text) {
      const row = `(${columns.map(() => '?').join(', ')})`;
      text = `INSERT INTO ${table} (${names}) VALUES ${Array.from({ length: chunk.length }, () => row).join(', ')}`;
      sqliteInsertText.set(cacheKey, text);
    }
    await db.executeQuery(CompiledQuery.raw(text, chunk.flat()));
  }
}

/** work_text's columns, and work_pairs' (the same). */
const TEXT_COLUMNS: Column[] = [
  ['rowid', 'int'],
  ['title', 'text'],
  ['summary', 'text'],
  ['notes', 'text'],
  ['tags', 'text'],
  ['body', 'text'],
];

/**
 * The full-text documents as FTS5 rows, as search/text-index.ts writes them one at a time (must
 * stay in sync: its column order). PostgreSQL's are copied (corpus-copy.repo.ts).
 */
async function insertTexts(db: Db, dialect: Dialect, docs: [number, string, string, string, string][]): Promise<void> {
  if (docs.length === 0) return;
  if (dialect === 'postgres') throw new Error('a corpus batch goes to PostgreSQL with COPY (corpus-copy.repo.ts)');
  await insertRows(
    db,
    dialect,
    'work_text',
    TEXT_COLUMNS,
    docs.map(([id, title, summary, tags, body]) => [id, title, summary, '', tags, body]),
  );
  // The same documents' word pairs, as text-index.repo.ts writes them beside each one.
  const pairs: unknown[][] = [];
  for (const [id, title, summary, tags, body] of docs)
    pairs.push([id, ...(await pairColumns(db, { title, summary, notes: '', tags, body }))]);
  await insertRows(db, dialect, 'work_pairs', TEXT_COLUMNS, pairs);
}
