// Schema versions 2-3: search's counts, sort keys, tag filters and full-text index; accounts'
// sessions, password resets and rate limits. Shipped: never edit (migrations.ts).
import type { Migration } from '../migrations.ts';

export const SEARCH_AND_ACCOUNTS: Migration[] = [
  {
    version: 2,
    name: 'search: counts and sort keys on works, materialised tag filters, full-text index',
    statements: [
      `ALTER TABLE works ADD COLUMN kudos_count INTEGER NOT NULL DEFAULT 0`,
      `ALTER TABLE works ADD COLUMN hits INTEGER NOT NULL DEFAULT 0`,
      `ALTER TABLE works ADD COLUMN comments_count INTEGER NOT NULL DEFAULT 0`,
      `ALTER TABLE works ADD COLUMN bookmarks_count INTEGER NOT NULL DEFAULT 0`,
      // Distinct fandoms after synonyms and meta tags: 2+ makes a crossover.
      `ALTER TABLE works ADD COLUMN fandom_count INTEGER NOT NULL DEFAULT 0`,
      // Lower-cased sort keys: titles without a leading article, the first creator's pseud.
      `ALTER TABLE works ADD COLUMN title_key TEXT NOT NULL DEFAULT ''`,
      `ALTER TABLE works ADD COLUMN creator_key TEXT NOT NULL DEFAULT ''`,
      // One index per sort, each ending in id so keyset paging can seek straight to a cursor.
      `CREATE INDEX works_sort_posted ON works (posted_at, id)`,
      `CREATE INDEX works_sort_words ON works (words, id)`,
      `CREATE INDEX works_sort_kudos ON works (kudos_count, id)`,
      `CREATE INDEX works_sort_hits ON works (hits, id)`,
      `CREATE INDEX works_sort_comments ON works (comments_count, id)`,
      `CREATE INDEX works_sort_bookmarks ON works (bookmarks_count, id)`,
      `CREATE INDEX works_sort_title ON works (title_key, id)`,
      `CREATE INDEX works_sort_creator ON works (creator_key, id)`,
      // How many works each tag filters to: exact counts for tag pages, and the planner's guide.
      `ALTER TABLE tags ADD COLUMN filter_count INTEGER NOT NULL DEFAULT 0`,
      `CREATE INDEX tags_synonym_of ON tags (synonym_of)`,
      `CREATE INDEX tag_parents_child ON tag_parents (child_id)`,
      // Searching by creator finds pseuds by name, whatever the case.
      `CREATE INDEX pseuds_name ON pseuds (lower(name))`,
    ],
    sqlite: [
      // Derived from taggings + wrangling and rebuilt from them; WITHOUT ROWID keeps it compact.
      `CREATE TABLE work_filters (
        tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
        PRIMARY KEY (tag_id, work_id)
      ) WITHOUT ROWID`,
      `CREATE INDEX work_filters_work ON work_filters (work_id, tag_id)`,
      // Contentless: the text lives in chapters; the index keeps only what matching needs.
      `CREATE VIRTUAL TABLE work_text USING fts5(
        title, summary, notes, tags, body,
        content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'
      )`,
    ],
    postgres: [
      `CREATE TABLE work_filters (
        tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
        PRIMARY KEY (tag_id, work_id)
      )`,
      `CREATE INDEX work_filters_work ON work_filters (work_id, tag_id)`,
      `CREATE TABLE work_text (
        work_id INTEGER PRIMARY KEY REFERENCES works(id) ON DELETE CASCADE,
        document tsvector NOT NULL
      )`,
      `CREATE INDEX work_text_document ON work_text USING GIN (document)`,
    ],
  },
  {
    version: 3,
    name: 'accounts: sessions, password resets, rate limits, case-insensitive names',
    statements: [
      // Names and addresses are unique whatever their case: "Wren" and "wren" are one account.
      `CREATE UNIQUE INDEX users_username_lower ON users (lower(username))`,
      `CREATE UNIQUE INDEX users_email_lower ON users (lower(email))`,
      // Only a hash of each token is stored: a copy of the database signs nobody in.
      `CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL
      )`,
      `CREATE INDEX sessions_user ON sessions (user_id)`,
      `CREATE TABLE password_resets (
        token_hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT
      )`,
      // Fixed-window counters shared by every web process (sign-in attempts, API calls).
      `CREATE TABLE rate_limits (
        bucket TEXT PRIMARY KEY,
        hits INTEGER NOT NULL,
        resets_at TEXT NOT NULL
      )`,
    ],
  },
];
