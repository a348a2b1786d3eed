// One read-only connection to the archive's SQLite file, on a worker thread (read-workers.ts
// starts it and types its messages). It answers each statement with its rows as arrays.
import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';

/** Opened by the first statement, so that a file it cannot open fails that statement with the reason. */
let sqlite = null;

function connection() {
  if (!sqlite) {
    sqlite = new SqliteDatabase(workerData.path, { readonly: true, fileMustExist: true });
    // The main connection's page cache (database.ts): ranking reads each match's length.
    sqlite.pragma(`cache_size = -${Number(workerData.cacheKib)}`);
  }
  return sqlite;
}

/** Statements by their text: a worker is asked the same few queries again and again. */
const statements = new Map();
const STATEMENTS_KEPT = 64;

function statement(sql) {
  let prepared = statements.get(sql);
  if (!prepared) {
    prepared = connection().prepare(sql).raw(true);
    statements.set(sql, prepared);
    if (statements.size > STATEMENTS_KEPT) statements.delete(statements.keys().next().value);
  }
  return prepared;
}

parentPort.on('message', ({ id, sql, parameters }) => {
  try {
    parentPort.postMessage({ id, rows: statement(sql).all(...parameters) });
  } catch (e) {
    parentPort.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
