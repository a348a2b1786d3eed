// All the bulk SQL behind `quire dev corpus`: generated works go in as multi-row INSERTs (SQLite)
// or array UNNESTs (PostgreSQL) inside large transactions, with secondary indexes dropped during
// the load and recreated from their own definitions after it, so the schema ends identical.
//
// Must stay in sync: the row shapes of src/db/migrations.ts, and how works.service/importWork
// and search/indexing.service store a work (title_key, creator_key, the text document).
import { type Kysely, sql } from 'kysely';
import type { Schema } from '../db/schema.ts';
import { type Database, parseDatabaseUrl } from '../db/database.ts';
import { statSync } from 'node:fs';
import type { CorpusGenerator, CorpusTag } from './corpus.ts';
import { inProcess, inWorker } from './corpus-stream.ts';
import { Batch, insertRows, PSEUD_COLUMNS, USER_COLUMNS } from './corpus-rows.repo.ts';
import { copyBatch } from './corpus-copy.repo.ts';
import { rebuildAllFilters } from '../tags/filters.repo.ts';
import { optimizeTextTables } from '../search/text-index.repo.ts';
import { readSetting } from '../config.ts';

export type Db = Kysely<Schema>;

/** From this many works on, a worker thread generates while this one writes (the second core). */
const WORKER_FROM = 20_000;

/**
 * Indexes rebuilt after the load rather than kept up to date row by row: sorting once is much
 * cheaper than millions of random B-tree inserts. Unique indexes and primary keys stay, so the
 * load still cannot insert a duplicate.
 */
const DEFERRED_INDEXES = [
  'works_updated_at',
  'works_sort_posted',
  'works_sort_words',
  'works_sort_kudos',
  'works_sort_hits',
  'works_sort_comments',
  'works_sort_bookmarks',
  'works_sort_title',
  'works_sort_creator',
  'work_creators_pseud',
  'taggings_tag',
  'work_filters_work',
  'work_text_document',
];

export interface LoadProgress {
  phase: string;
  done: number;
  total: number;
}

export interface LoadResult {
  works: number;
  tags: number;
  taggings: number;
  pseuds: number;
  /** Seconds per phase, in order. */
  phases: [string, number][];
}

export async function countWorks(db: Db): Promise<number> {
  const r = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM works`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * Every row of every archive table, for `--replace`; not the schema version, nor the content
 * version, which the deletion moves on (a page cached before it must not survive it).
 */
export async function deleteArchiveContent({ db, dialect }: Database): Promise<void> {
  if (dialect === 'postgres') {
    const tables = await sql<{ name: string }>`
      SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT IN ('schema_migrations', 'content_version')`.execute(
      db,
    );
    if (tables.rows.length)
      await sql
        .raw(`TRUNCATE ${tables.rows.map((t) => `"${t.name}"`).join(', ')} RESTART IDENTITY CASCADE`)
        .execute(db);
    return;
  }
  const tables = await sql<{ name: string; sql: string | null }>`
    SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('schema_migrations', 'content_version')`.execute(
    db,
  );
  const virtual = tables.rows.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql ?? ''));
  // Full-text tables are emptied by FTS5 itself, their shadow tables (work_text_data, ...) with
  // them; other virtual tables (the fts5vocab view) hold nothing of their own.
  const fts = virtual.filter((t) => /USING\s+fts5\s*\(/i.test(t.sql ?? '')).map((t) => t.name);
  const notOwnTable = (name: string) =>
    virtual.some((v) => v.name === name) || fts.some((v) => name.startsWith(`${v}_`));
  // Foreign keys off: DELETE without WHERE then truncates each table instead of checking every row.
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      for (const v of fts) await sql.raw(`INSERT INTO "${v}" ("${v}") VALUES ('delete-all')`).execute(trx);
      for (const t of tables.rows) if (!notOwnTable(t.name)) await sql.raw(`DELETE FROM "${t.name}"`).execute(trx);
      await sql
        .raw(`DELETE FROM sqlite_sequence`)
        .execute(trx)
        .catch(() => undefined);
    });
  } finally {
    await sql`PRAGMA foreign_keys = ON`.execute(db);
  }
}

/** Bytes on disk: the SQLite file with its WAL, or the PostgreSQL database. */
export async function databaseBytes(database: Database): Promise<number> {
  if (database.dialect === 'postgres') {
    const r = await sql<{ n: number }>`SELECT pg_database_size(current_database()) AS n`.execute(database.db);
    return Number(r.rows[0]?.n ?? 0);
  }
  const target = parseDatabaseUrl(database.label);
  if (target.dialect !== 'sqlite' || target.path === ':memory:') return 0;
  const size = (p: string) => {
    try {
      return statSync(p).size;
    } catch {
      return 0;
    }
  };
  return size(target.path) + size(`${target.path}-wal`);
}

// ---- the load ---------------------------------------------------------------------------------

export interface TagEntry {
  id: number;
  type: string;
  /** As stored: the text index holds stored names, as tagsForWorks returns them. */
  name: string;
}

export interface LoadOptions {
  onProgress?: (p: LoadProgress) => void;
  /**
   * Generate in a worker thread while this one writes (default: for 20k works or more). The
   * worker builds its own generator from `generator.options` and the canon in canon/.
   */
  worker?: boolean;
}

/**
 * Stores works [from, from + count) of the generator, then the filters and counts search reads.
 * The caller has checked that appending is what was asked for.
 */
export async function loadCorpus(
  database: Database,
  generator: CorpusGenerator,
  range: { from: number; count: number },
  opts: LoadOptions = {},
): Promise<LoadResult> {
  const onProgress = opts.onProgress ?? (() => {});
  const { db, dialect } = database;
  const phases: [string, number][] = [];
  let phaseStart = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    phases.push([name, (now - phaseStart) / 1000]);
    phaseStart = now;
  };

  const session = await beginBulkSession(database);
  let counts = { tags: 0, taggings: 0, pseuds: 0 };
  const resumeTriggers = await pauseVersionTriggers(database);
  try {
    const dropped = await dropDeferredIndexes(database);
    try {
      const next = await nextIds(db);
      const tags = await existingTags(db);
      const tagsBefore = tags.size;
      const tagObjects = new Map<CorpusTag, TagEntry>();
      const pseudIds = await ensurePseuds(database, generator.pseuds, next);
      counts.pseuds = generator.pseuds.length;
      phase('creators');

      let taggings = 0;
      let done = 0;
      const chunks =
        (opts.worker ?? range.count >= WORKER_FROM) ? inWorker(generator.options, range) : inProcess(generator, range);
      // PostgreSQL: the rows go in with COPY on a connection of their own (corpus-copy.repo.ts).
      const client = await database.pgClient?.();
      try {
        for await (const works of chunks) {
          const batch = new Batch(tags, tagObjects, next, pseudIds, generator.pseuds);
          for (const w of works) batch.add(w);
          if (client) await copyBatch(client, batch);
          else await db.transaction().execute((trx) => batch.flush(trx, dialect));
          taggings += batch.taggings.length;
          done += works.length;
          onProgress({ phase: 'works', done, total: range.count });
        }
      } finally {
        client?.release();
      }
      counts = { ...counts, tags: tags.size - tagsBefore, taggings };
      phase('works');
    } finally {
      onProgress({ phase: 'indexes', done: 0, total: 1 });
      await recreateIndexes(database, dropped);
    }
    if (dialect === 'postgres') await seedStatistics(db);
    phase('indexes');
    onProgress({ phase: 'filters', done: 0, total: 1 });
    await rebuildAllFilters(db, dialect);
    phase('filters');
    onProgress({ phase: 'finishing', done: 0, total: 1 });
    await finish(database);
    phase('finishing');
  } finally {
    await resumeTriggers();
    await session.end();
  }
  return { works: range.count, ...counts, phases };
}

/**
 * SQLite: no fsync and the rollback journal in memory instead of the WAL while loading (a crash
 * mid-load leaves a database to throw away, which is what a generated corpus is; better-sqlite3's
 * defensive mode refuses journal_mode=OFF, and WAL would write every page twice), foreign keys
 * unchecked (the generator's ids are consistent by construction), and a big page cache for the
 * index builds. All restored after.
 */
async function beginBulkSession({ db, dialect }: Database): Promise<{ end(): Promise<void> }> {
  if (dialect !== 'sqlite') return { async end() {} };
  const get = async (name: string) => Object.values((await sql.raw(`PRAGMA ${name}`).execute(db)).rows[0] ?? {})[0];
  const before = {
    journal: String(await get('journal_mode')),
    sync: Number(await get('synchronous')),
    fk: Number(await get('foreign_keys')),
    cache: Number(await get('cache_size')),
  };
  const journal = readSetting('corpusJournal');
  // Out of WAL only by way of DELETE; the mode stays as it was if another connection holds the file.
  for (const p of [
    'foreign_keys = OFF',
    'synchronous = OFF',
    'journal_mode = DELETE',
    `journal_mode = ${journal}`,
    'cache_size = -1000000',
    'temp_store = MEMORY',
  ]) {
    await sql.raw(`PRAGMA ${p}`).execute(db);
  }
  return {
    async end() {
      for (const p of [
        `journal_mode = ${before.journal}`,
        `synchronous = ${before.sync}`,
        `foreign_keys = ${before.fk}`,
        `cache_size = ${before.cache}`,
        'temp_store = DEFAULT',
      ]) {
        await sql.raw(`PRAGMA ${p}`).execute(db);
      }
    },
  };
}

/**
 * PostgreSQL's deferred triggers that move the archive's and each work's content version
 * (migrations 17 and 21) run once per row written, at each commit, and each remembers the works it
 * moved in a setting of the session: over a load of new works that is most of its time, and grows
 * with every chunk. They are switched off for the load (ALTER TABLE ... DISABLE TRIGGER, on this
 * schema's tables only) and the archive's version moves once at the end instead, so no page kept
 * from before the load outlives it. SQLite's triggers are plain statements and stay.
 */
async function pauseVersionTriggers({ db, dialect }: Database): Promise<() => Promise<void>> {
  if (dialect !== 'postgres') return async () => {};
  const triggers = (
    await sql<{ table: string; name: string }>`
      SELECT c.relname AS table, t.tgname AS name FROM pg_trigger t
        JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = current_schema() AND NOT t.tgisinternal AND t.tgdeferrable AND t.tgenabled <> 'D'`.execute(db)
  ).rows;
  for (const t of triggers) await sql.raw(`ALTER TABLE "${t.table}" DISABLE TRIGGER "${t.name}"`).execute(db);
  return async () => {
    for (const t of triggers) await sql.raw(`ALTER TABLE "${t.table}" ENABLE TRIGGER "${t.name}"`).execute(db);
    await sql`UPDATE content_version SET version = version + 1 WHERE id = 1`.execute(db);
  };
}

/**
 * PostgreSQL plans the filter rebuild on statistics, and from the statistics of empty tables it
 * picks nested loops over sequential scans, many times slower here (docs/benchmarks.md).
 * work_filters is still empty here, and never analysed it is taken to hold thousands of rows per
 * work, so the fandom counts would walk every fandom tag for every work. A sample of what it
 * will hold, analysed, gives the planner the right shape; rebuildAllFilters replaces the rows.
 */
async function seedStatistics(db: Db): Promise<void> {
  await sql`ANALYZE works, tags, taggings, tag_parents`.execute(db);
  const empty = (await sql<{ e: boolean }>`SELECT NOT EXISTS (SELECT 1 FROM work_filters) AS e`.execute(db)).rows[0]?.e;
  if (!empty) return;
  await sql`INSERT INTO work_filters (tag_id, work_id) SELECT tag_id, work_id FROM taggings WHERE work_id % 16 = 0`.execute(
    db,
  );
  await sql`ANALYZE work_filters`.execute(db);
}

async function dropDeferredIndexes({ db, dialect }: Database): Promise<string[]> {
  const defs =
    dialect === 'sqlite'
      ? (
          await sql<{
            name: string;
            def: string;
          }>`SELECT name, sql AS def FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`.execute(db)
        ).rows
      : (
          await sql<{
            name: string;
            def: string;
          }>`SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = current_schema()`.execute(db)
        ).rows;
  const found = defs.filter((d) => DEFERRED_INDEXES.includes(d.name));
  for (const d of found) await sql.raw(`DROP INDEX ${d.name}`).execute(db);
  return found.map((d) => d.def);
}

async function recreateIndexes({ db, dialect }: Database, definitions: string[]): Promise<void> {
  if (dialect === 'postgres') {
    // Each build in its own transaction with memory to sort in; GIN builds are much faster so.
    for (const def of definitions) {
      await db.transaction().execute(async (trx) => {
        await sql`SET LOCAL maintenance_work_mem = '1GB'`.execute(trx);
        await sql.raw(def).execute(trx);
      });
    }
    return;
  }
  for (const def of definitions) await sql.raw(def).execute(db);
}

/**
 * PostgreSQL's identity sequences do not see explicit ids, so they move past the loaded rows;
 * fresh statistics let the planner see the new tables. SQLite's AUTOINCREMENT keeps up by itself.
 */
async function finish({ db, dialect }: Database): Promise<void> {
  await optimizeTextTables(db, dialect);
  if (dialect !== 'postgres') return;
  for (const table of ['works', 'chapters', 'tags', 'users', 'pseuds']) {
    await sql
      .raw(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), GREATEST((SELECT MAX(id) FROM ${table}), 1))`)
      .execute(db);
  }
  await sql`ANALYZE`.execute(db);
}

export interface NextIds {
  work: number;
  chapter: number;
  tag: number;
  user: number;
  pseud: number;
}

async function nextIds(db: Db): Promise<NextIds> {
  const max = async (table: string) =>
    Number((await sql.raw<{ m: number | null }>(`SELECT MAX(id) AS m FROM ${table}`).execute(db)).rows[0]?.m ?? 0) + 1;
  return {
    work: await max('works'),
    chapter: await max('chapters'),
    tag: await max('tags'),
    user: await max('users'),
    pseud: await max('pseuds'),
  };
}

async function existingTags(db: Db): Promise<Map<string, TagEntry>> {
  const rows = await db.selectFrom('tags').select(['id', 'name', 'name_key', 'type']).execute();
  return new Map(rows.map((r) => [r.name_key, { id: r.id, type: r.type, name: r.name }]));
}

/**
 * One reader account and default pseud per name in the pool; a name that already has an account
 * (an earlier corpus with the same seed, appended to) posts under that account's default pseud.
 */
async function ensurePseuds(database: Database, names: string[], next: NextIds): Promise<number[]> {
  const { db, dialect } = database;
  const existing = new Map<string, number>();
  const rows = await sql<{ username: string; pseud_id: number }>`
    SELECT u.username, p.id AS pseud_id FROM users u JOIN pseuds p ON p.user_id = u.id AND p.is_default = 1`.execute(
    db,
  );
  for (const r of rows.rows) existing.set(r.username.toLowerCase(), r.pseud_id);
  const ids: number[] = [];
  const users: unknown[][] = [];
  const pseuds: unknown[][] = [];
  const now = new Date(Date.UTC(2009, 10, 14)).toISOString();
  for (const name of names) {
    const found = existing.get(name.toLowerCase());
    if (found !== undefined) {
      ids.push(found);
      continue;
    }
    const userId = next.user++;
    const pseudId = next.pseud++;
    users.push([userId, name, 'reader', now]);
    pseuds.push([pseudId, userId, name, 1, now]);
    existing.set(name.toLowerCase(), pseudId);
    ids.push(pseudId);
  }
  await db.transaction().execute(async (trx) => {
    await insertRows(trx, dialect, 'users', USER_COLUMNS, users);
    await insertRows(trx, dialect, 'pseuds', PSEUD_COLUMNS, pseuds);
  });
  return ids;
}
