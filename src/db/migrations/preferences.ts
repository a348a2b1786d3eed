// Schema version 12: each account's preferences, as AO3 keeps them beside the user. Shipped:
// never edit; the next migration goes after 12 here or in a new group file listed in migrations.ts.
import type { Migration } from '../migrations.ts';

export const PREFERENCES: Migration[] = [
  {
    version: 12,
    name: "accounts: each reader's preferences (adult notice, hidden warnings and tags, time zone, entire work)",
    statements: [
      // One row per account, keyed by it: read with the session in the same query.
      `CREATE TABLE preferences (
        user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        view_adult INTEGER NOT NULL DEFAULT 0,
        hide_warnings INTEGER NOT NULL DEFAULT 0,
        hide_freeforms INTEGER NOT NULL DEFAULT 0,
        view_full_work INTEGER NOT NULL DEFAULT 0,
        time_zone TEXT NOT NULL DEFAULT 'UTC',
        updated_at TEXT NOT NULL
      )`,
      // Accounts made before this version start with the defaults.
      `INSERT INTO preferences (user_id, updated_at) SELECT id, created_at FROM users`,
    ],
  },
];
