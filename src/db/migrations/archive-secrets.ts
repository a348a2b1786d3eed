// Schema version 19: secrets every process of one archive shares, drawn once by whichever process
// starts first. Shipped: never edit; the next migration goes after 19 here or in a new group file
// listed in migrations.ts.
import type { Migration } from '../migrations.ts';

export const ARCHIVE_SECRETS: Migration[] = [
  {
    version: 19,
    name: "accounts: secrets shared by the archive's processes (the key that hashes guests' addresses)",
    statements: [
      `CREATE TABLE archive_secrets (
        purpose TEXT PRIMARY KEY,
        secret TEXT NOT NULL,
        created_at TEXT NOT NULL
      )`,
    ],
  },
];
