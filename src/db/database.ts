// One database handle for both dialects. SQLite (better-sqlite3) is the embedded default;
// PostgreSQL (pg) is for running many stateless web processes against one store. Repos write
// their queries once with Kysely and branch on `dialect` only where the SQL really differs.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, type LogEvent, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { readSetting } from '../config.ts';
import { maskPassword, parseDatabaseUrl } from './database-url.ts';
import { preparedName } from './prepared.ts';
import { ReadWorkers } from './read-workers.ts';
import type { Schema } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<Schema>;
  dialect: Dialect;
  /** The URL it was opened with, password masked, for logs. */
  label: string;
  /**
   * SQLite in a file, on more than one core: read-only connections on worker threads, for a
   * query worth splitting by id range (read-workers.ts). Absent on PostgreSQL and in memory.
   */
  readers?: ReadWorkers;
  /** PostgreSQL's pool right now, for the metrics: connections open, idle, and queries waiting for one. */
  pool?(): { open: number; idle: number; waiting: number };
  /**
   * PostgreSQL: a connection of the pool for what Kysely cannot send (COPY, in `quire dev
   * corpus`); the caller releases it.
   */
  pgClient?(): Promise<pg.PoolClient>;
  close(): Promise<void>;
}

export { DEFAULT_DATABASE_URL, DatabaseUrlError, parseDatabaseUrl } from './database-url.ts';

/** Page cache per SQLite connection, the read workers' included (see openDatabase). */
const SQLITE_CACHE_KIB = 65_536;

/** Prepared statements kept per SQLite connection, least recently used dropped first. */
const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely prepares every query afresh, and preparing shows in a profile of searches at a million
 * works (docs/benchmarks.md). Statements are reused by their text; one still being iterated (a
 * stream) is never shared: a second one is prepared for that call.
 */
function withStatementCache(sqlite: SqliteDatabase.Database): {
  prepare(sql: string): SqliteDatabase.Statement;
  close(): void;
} {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    prepare(text) {
      // Several processes may write one file (quire serve --processes N, a CLI command beside a
      // server). A transaction that reads before it writes would fail at once with SQLITE_BUSY
      // when another process wrote in between, as the busy timeout does not cover turning a read
      // into a write; begun as a writer, it waits its turn instead.
      const sql = text === 'begin' ? 'begin immediate' : text;
      const cached = cache.get(sql);
      if (cached && !cached.busy) {
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = sqlite.prepare(sql);
      if (cached) return statement;
      cache.set(sql, statement);
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      return statement;
    },
    close() {
      cache.clear();
      sqlite.close();
    },
  };
}

type Query = (text: unknown, values?: unknown) => Promise<unknown>;

/** The pool as Kysely sees it: each client sends the texts keepPrepared names as named statements. */
function namingPool(pool: pg.Pool) {
  const named = new WeakSet<pg.PoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      if (!named.has(client)) {
        named.add(client);
        const query = (client.query as Query).bind(client);
        (client as { query: Query }).query = (text, values) => {
          const name = typeof text === 'string' ? preparedName(text) : undefined;
          return name ? query({ name, text, values }) : query(text, values);
        };
      }
      return client;
    },
    end: () => pool.end(),
  };
}

export interface OpenOptions {
  /**
   * Called with each statement's SQL as it is sent (begin and commit included): a round trip on
   * PostgreSQL. For the tests and benches that count what a page costs.
   */
  onQuery?: (sql: string, ms: number) => void;
}

export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Database> {
  const { onQuery } = options;
  // A statement that failed was sent all the same.
  const log = onQuery ? (event: LogEvent) => onQuery(event.query.sql, event.queryDurationMillis) : undefined;
  const target = parseDatabaseUrl(url);
  if (target.dialect === 'sqlite') {
    if (target.path !== ':memory:') mkdirSync(dirname(resolve(target.path)), { recursive: true });
    const sqlite = new SqliteDatabase(target.path);
    // WAL lets readers go on while an import writes; foreign keys are off by default in SQLite.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    // 64 MB of pages instead of SQLite's 2 MB: ranking a common phrase reads the length of each
    // of its ~35,000 matches at a million works, and with the default those reads go to the
    // operating system, which slows bm25 (docs/benchmarks.md; a bigger cache gains little more).
    sqlite.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
    const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), log });
    const workers = target.path === ':memory:' ? 0 : readSetting('readWorkers');
    const readers =
      workers > 0 ? new ReadWorkers({ path: resolve(target.path), cacheKib: SQLITE_CACHE_KIB }, workers) : undefined;
    const close = async () => {
      await readers?.close();
      await db.destroy();
    };
    return { db, dialect: 'sqlite', label: `sqlite:${target.path}`, readers, close };
  }
  const pool = new pg.Pool({ connectionString: target.url, max: readSetting('pgPool') });
  // An idle connection the server closes (a restart, an administrator) must not crash the
  // process: the pool drops it and opens another when next needed.
  pool.on('error', (e) => process.stderr.write(`quire: idle PostgreSQL connection lost: ${e.message}\n`));
  // COUNT(*) and SUM() come back as int8 strings from pg; the archive's counts fit a JS number.
  pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: namingPool(pool) }), log });
  return {
    db,
    dialect: 'postgres',
    label: maskPassword(target.url),
    pool: () => ({ open: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    pgClient: () => pool.connect(),
    close: () => db.destroy(),
  };
}

/** --database beats $DATABASE_URL beats the embedded default. */
export function resolveDatabaseUrl(flag: string | undefined): string {
  return readSetting('database', { flag });
}

/**
 * Runs `work` (a whole transaction) again when PostgreSQL ended it to break a deadlock or a
 * serialization conflict with another one: two posts that touch the same tags' counts in another
 * order. The database rolled it back, so running it again is safe. SQLite serialises writers and
 * never asks.
 */
export async function retryingConflicts<T>(work: () => Promise<T>, tries = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (attempt >= tries || (code !== '40P01' && code !== '40001')) throw e;
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 20));
    }
  }
}
