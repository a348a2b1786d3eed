// Schema version 24: gift exchanges on collections: the moderators' sign-up form and matching
// rules, the participants' sign-ups, and the assignments matching makes (drafts until sent).
import type { Migration } from '../migrations.ts';

export const EXCHANGES: Migration[] = [
  {
    version: 24,
    name: 'exchanges: gift-exchange sign-up forms, sign-ups and assignments',
    statements: [
      `CREATE TABLE exchanges (
        collection_id INTEGER PRIMARY KEY REFERENCES collections(id) ON DELETE CASCADE,
        form TEXT NOT NULL,
        rules TEXT NOT NULL,
        signups_open INTEGER NOT NULL DEFAULT 0,
        signups_close_at TEXT,
        signups_closed_at TEXT,
        assignments_due_at TEXT,
        matching TEXT NOT NULL DEFAULT 'none' CHECK (matching IN ('none', 'queued', 'done')),
        matched_at TEXT,
        sent_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      )`,
      `CREATE INDEX exchanges_closing ON exchanges (signups_close_at) WHERE signups_open = 1`,
      `CREATE TABLE exchange_signups (
        id {{id}},
        collection_id INTEGER NOT NULL REFERENCES exchanges(collection_id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        pseud_id INTEGER NOT NULL REFERENCES pseuds(id) ON DELETE CASCADE,
        requests TEXT NOT NULL,
        offers TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (collection_id, user_id)
      )`,
      // giver_id null: no one writes it (unmatched, or waiting for a pinch hitter).
      `CREATE TABLE exchange_assignments (
        id {{id}},
        collection_id INTEGER NOT NULL REFERENCES exchanges(collection_id) ON DELETE CASCADE,
        recipient_signup_id INTEGER NOT NULL REFERENCES exchange_signups(id) ON DELETE CASCADE,
        giver_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
        pinch_hit INTEGER NOT NULL DEFAULT 0,
        score INTEGER NOT NULL DEFAULT 0,
        work_id INTEGER REFERENCES works(id) ON DELETE SET NULL,
        sent_at TEXT,
        defaulted_at TEXT,
        fulfilled_at TEXT,
        created_at TEXT NOT NULL
      )`,
      `CREATE INDEX exchange_assignments_collection ON exchange_assignments (collection_id)`,
      `CREATE INDEX exchange_assignments_giver ON exchange_assignments (giver_id)`,
      `CREATE INDEX exchange_assignments_work ON exchange_assignments (work_id)`,
    ],
  },
];
