// Schema versions 14-16: consent and honesty (AO3's co-creator invitations, a real orphan_account,
// frozen comment threads). The next migration goes after 16 here or in a new group file listed in
// migrations.ts.
import type { Migration } from '../migrations.ts';

/** The orphan account's rows; `now` is the dialect's expression for the current ISO-8601 time. */
function orphanAccount(now: string): string[] {
  const orphanPseud = `SELECT p.id FROM pseuds p JOIN users u ON u.id = p.user_id
    WHERE u.username = 'orphan_account' AND u.role = 'system' AND p.name = 'orphan_account'`;
  const importerOrphanPseud = `SELECT p.id FROM pseuds p JOIN users u ON u.id = p.user_id
    WHERE u.username = 'importer' AND p.name = 'orphan_account'`;
  return [
    `INSERT INTO users (username, email, password_hash, role, created_at)
      SELECT 'orphan_account', NULL, NULL, 'system', ${now}
      WHERE NOT EXISTS (SELECT 1 FROM users WHERE lower(username) = 'orphan_account')`,
    `INSERT INTO pseuds (user_id, name, is_default, created_at)
      SELECT u.id, 'orphan_account', 1, ${now} FROM users u
      WHERE u.username = 'orphan_account' AND u.role = 'system'
        AND NOT EXISTS (SELECT 1 FROM pseuds p WHERE p.user_id = u.id AND p.name = 'orphan_account')`,
    // Works orphaned before this migration were credited to a pseud of the importer's.
    `UPDATE work_creators SET pseud_id = (${orphanPseud})
      WHERE pseud_id IN (${importerOrphanPseud}) AND EXISTS (${orphanPseud})`,
    `DELETE FROM pseuds WHERE id IN (${importerOrphanPseud})
      AND NOT EXISTS (SELECT 1 FROM work_creators wc WHERE wc.pseud_id = pseuds.id)`,
  ];
}

export const CONSENT: Migration[] = [
  {
    version: 14,
    name: 'works: co-creator invitations, pending until the invited creator accepts',
    // Pending credits live apart from work_creators, so every reader of creators (bylines,
    // search, feeds, downloads, the API) sees accepted creators only, without a filter each.
    statements: [
      `CREATE TABLE creator_invitations (
        id {{id}},
        work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
        pseud_id INTEGER NOT NULL REFERENCES pseuds(id) ON DELETE CASCADE,
        invited_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        UNIQUE (work_id, pseud_id)
      )`,
      `CREATE INDEX creator_invitations_pseud ON creator_invitations (pseud_id)`,
    ],
  },
  {
    version: 15,
    name: 'accounts: orphan_account, a system user that orphaned works are credited to',
    statements: [],
    sqlite: orphanAccount(`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`),
    postgres: orphanAccount(`to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`),
  },
  {
    version: 16,
    name: 'comments: a thread frozen by the work’s creator or an admin takes no replies',
    statements: [`ALTER TABLE comments ADD COLUMN frozen INTEGER NOT NULL DEFAULT 0`],
  },
];
