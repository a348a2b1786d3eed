// Schema version 20: the job queue's table on SQLite. On PostgreSQL the queue is pg-boss, which
// keeps its own schema (`pgboss`, installed and upgraded by pg-boss when a process starts it), so
// `jobs` exists on SQLite alone. Both keep what probe jobs record (`job_probes`).
import type { Migration } from '../migrations.ts';

export const JOBS: Migration[] = [
  {
    version: 20,
    name: 'jobs: the SQLite job queue (waiting, running, done and dead jobs, with their tries)',
    statements: [
      `CREATE TABLE job_probes (
        id {{id}},
        token TEXT NOT NULL,
        event TEXT NOT NULL,
        process TEXT NOT NULL,
        at TEXT NOT NULL
      )`,
      'CREATE INDEX job_probes_token ON job_probes (token)',
    ],
    sqlite: [
      `CREATE TABLE jobs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        state TEXT NOT NULL,
        dedupe_key TEXT UNIQUE,
        attempts INTEGER NOT NULL DEFAULT 0,
        max_attempts INTEGER NOT NULL,
        run_at TEXT NOT NULL,
        lease_until TEXT,
        claimed_by TEXT,
        last_error TEXT,
        created_at TEXT NOT NULL,
        finished_at TEXT
      )`,
      'CREATE INDEX jobs_due ON jobs (state, run_at)',
    ],
  },
];
