// Schema version 13: notices by e-mail (issue 14). Each reader's choices, and the outbox the
// sender loop in the serving process delivers from. The next migration goes after 13 here or in
// a new group file listed in migrations.ts.
import type { Migration } from '../migrations.ts';

export const NOTICES_BY_EMAIL: Migration[] = [
  {
    version: 13,
    name: 'notices by e-mail: per-reader choices and the outbox',
    statements: [
      // No row: every kind on, one mail each. The key signs the reader's unsubscribe links;
      // replacing it voids every link mailed before.
      `CREATE TABLE email_settings (
        user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        comments INTEGER NOT NULL DEFAULT 1,
        comments_digest INTEGER NOT NULL DEFAULT 0,
        replies INTEGER NOT NULL DEFAULT 1,
        subscriptions INTEGER NOT NULL DEFAULT 1,
        subscriptions_digest INTEGER NOT NULL DEFAULT 0,
        kudos INTEGER NOT NULL DEFAULT 1,
        unsubscribe_key TEXT NOT NULL,
        updated_at TEXT NOT NULL
      )`,
      // One notice per row, rendered when it is sent. status: 'held' (waits for the daily
      // digest), 'pending', 'bundled' (into the digest row digest_id), 'sent', 'dropped' (nothing
      // left to tell), 'failed' (gave up after retries).
      `CREATE TABLE mail_outbox (
        id {{id}},
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        event TEXT NOT NULL,
        actor_id INTEGER,
        work_id INTEGER,
        chapter_id INTEGER,
        series_id INTEGER,
        comment_id INTEGER,
        status TEXT NOT NULL,
        digest_id INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        created_at TEXT NOT NULL,
        sent_at TEXT
      )`,
      `CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at)`,
      `CREATE INDEX mail_outbox_held ON mail_outbox (user_id, kind, status)`,
      `CREATE INDEX mail_outbox_digest ON mail_outbox (digest_id)`,
    ],
  },
];
