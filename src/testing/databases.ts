// Test harness: runs a suite once per dialect against a real, fresh, migrated database — a SQLite
// file in a temp dir, and a new database on the throwaway PostgreSQL that scripts/test.sh starts
// (its URL in QUIRE_TEST_PG_URL). No mocks: the same migrations and SQL as production.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe } from 'node:test';
import pg from 'pg';
import { readSetting } from '../config.ts';
import { openDatabase, type Database, type Dialect } from '../db/database.ts';
import { migrate } from '../db/migrations.ts';

export const DIALECTS: Dialect[] = ['sqlite', 'postgres'];

const PG_URL = readSetting('testPgUrl');

/** A fresh migrated database of the dialect, and a function that closes and deletes it. */
export async function freshDatabase(
  dialect: Dialect,
): Promise<{ database: Database; url: string; dispose: () => Promise<void> }> {
  const { url, drop } = await emptyDatabase(dialect);
  const database = await openDatabase(url);
  await migrate(database);
  return {
    database,
    url,
    dispose: async () => {
      await database.close();
      await drop();
    },
  };
}

/**
 * The URL of an empty database of the dialect, not opened nor migrated (a SQLite path not yet
 * made, a new PostgreSQL database), and a function that deletes it.
 */
export async function emptyDatabase(dialect: Dialect): Promise<{ url: string; drop: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'quire-empty-'));
    return { url: `sqlite:${join(dir, 'quire.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (!PG_URL)
    throw new Error('QUIRE_TEST_PG_URL is not set: run the suite with `npm test`, which starts a throwaway PostgreSQL');
  const name = `quire_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: PG_URL.replace(/\/[^/]*$/, `/${name}`),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Declares `title` once per dialect; each test gets its own fresh database through `ctx.database`.
 * Without a PostgreSQL URL the postgres half is skipped locally and fails in CI.
 */
export function describeEachDialect(
  title: string,
  body: (ctx: { readonly database: Database; readonly url: string; readonly dialect: Dialect }) => void,
): void {
  for (const dialect of DIALECTS) {
    const skip =
      dialect === 'postgres' && !PG_URL && !readSetting('ci') ? 'no QUIRE_TEST_PG_URL (npm test sets it)' : false;
    describe(`${title} [${dialect}]`, { skip }, () => {
      let current: Awaited<ReturnType<typeof freshDatabase>> | undefined;
      beforeEach(async () => {
        current = await freshDatabase(dialect);
      });
      afterEach(async () => {
        await current?.dispose();
        current = undefined;
      });
      body({
        dialect,
        get database() {
          if (!current) throw new Error('no database outside a test');
          return current.database;
        },
        get url() {
          if (!current) throw new Error('no database outside a test');
          return current.url;
        },
      });
    });
  }
}

/**
 * The database, with the SQL of every statement Kysely compiles noted in `statements` as it runs
 * (a statement compiled once and kept, as `guest-facts.repo.guestPageFacts` does, is noted once; one sent already compiled, as `guestPageFactsOfMany` is, is not noted).
 */
export function countingStatements(database: Database): { database: Database; statements: string[] } {
  const statements: string[] = [];
  const db = database.db.withPlugin({
    transformQuery(args) {
      statements.push(database.db.getExecutor().compileQuery(args.node, args.queryId).sql);
      return args.node;
    },
    async transformResult(args) {
      return args.result;
    },
  });
  return { database: { ...database, db }, statements };
}

/**
 * On PostgreSQL, a transaction held open on a connection of its own until the returned function
 * ends it, as a long report or pg_dump holds one: the change log is read from the oldest running
 * transaction, so while it runs every read returns the same recent rows again. Nothing on SQLite,
 * whose change log is read by sequence alone.
 */
export async function holdTransaction(dialect: Dialect, url: string): Promise<() => Promise<void>> {
  if (dialect !== 'postgres') return async () => {};
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  await client.query('SELECT txid_current()');
  return async () => {
    await client.query('COMMIT');
    await client.end();
  };
}
