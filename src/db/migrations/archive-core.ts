// Schema version 1: the archive's core tables (users, pseuds, works, chapters, notes, series, tags,
// taggings). Shipped: never edit, add a new migration after the last group (migrations.ts).
import type { Migration } from '../migrations.ts';

export const ARCHIVE_CORE: Migration[] = [
  {
    version: 1,
    name: 'archive core: users, pseuds, works, chapters, notes, series, tags, taggings',
    statements: [
      `CREATE TABLE users (
        id {{id}},
        username TEXT NOT NULL UNIQUE,
        email TEXT,
        password_hash TEXT,
        role TEXT NOT NULL DEFAULT 'reader',
        created_at TEXT NOT NULL
      )`,
      `CREATE TABLE pseuds (
        id {{id}},
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        is_default INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        UNIQUE (user_id, name)
      )`,
      `CREATE TABLE works (
        id {{id}},
        title TEXT NOT NULL,
        title_provisional INTEGER NOT NULL DEFAULT 0,
        summary TEXT,
        language TEXT NOT NULL DEFAULT 'en',
        words INTEGER NOT NULL DEFAULT 0,
        chapter_count INTEGER NOT NULL DEFAULT 0,
        expected_chapters INTEGER,
        complete INTEGER NOT NULL DEFAULT 1,
        posted_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        source_path TEXT,
        source_hash TEXT
      )`,
      `CREATE INDEX works_updated_at ON works (updated_at, id)`,
      `CREATE UNIQUE INDEX works_source_path ON works (source_path)`,
      `CREATE INDEX works_source_hash ON works (source_hash)`,
      `CREATE TABLE work_creators (
        work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
        pseud_id INTEGER NOT NULL REFERENCES pseuds(id),
        position INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (work_id, pseud_id)
      )`,
      `CREATE INDEX work_creators_pseud ON work_creators (pseud_id)`,
      `CREATE TABLE chapters (
        id {{id}},
        work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        title TEXT,
        html TEXT NOT NULL,
        words INTEGER NOT NULL DEFAULT 0,
        posted_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (work_id, position)
      )`,
      `CREATE TABLE author_notes (
        id {{id}},
        work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
        chapter_id INTEGER REFERENCES chapters(id) ON DELETE CASCADE,
        position TEXT NOT NULL CHECK (position IN ('beginning', 'end')),
        ordinal INTEGER NOT NULL,
        html TEXT NOT NULL
      )`,
      `CREATE INDEX author_notes_work ON author_notes (work_id, chapter_id, ordinal)`,
      `CREATE TABLE series (
        id {{id}},
        title TEXT NOT NULL,
        summary TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      )`,
      `CREATE TABLE series_works (
        series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
        work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        PRIMARY KEY (series_id, work_id)
      )`,
      `CREATE TABLE tags (
        id {{id}},
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL CHECK (type IN ('rating', 'warning', 'category', 'fandom', 'relationship', 'character', 'freeform')),
        canonical INTEGER NOT NULL DEFAULT 0,
        synonym_of INTEGER REFERENCES tags(id),
        created_at TEXT NOT NULL
      )`,
      `CREATE INDEX tags_type ON tags (type, name_key)`,
      `CREATE TABLE tag_parents (
        parent_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        child_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        PRIMARY KEY (parent_id, child_id)
      )`,
      `CREATE TABLE taggings (
        id {{id}},
        work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tags(id),
        origin TEXT NOT NULL CHECK (origin IN ('author', 'analysis')),
        status TEXT NOT NULL CHECK (status IN ('applied', 'suggested', 'rejected')),
        confidence REAL,
        evidence TEXT,
        created_at TEXT NOT NULL,
        decided_at TEXT,
        UNIQUE (work_id, tag_id)
      )`,
      `CREATE INDEX taggings_tag ON taggings (tag_id, status, work_id)`,
    ],
  },
];
