// Schema version 22: collections (with moderators, moderated and anonymous or unrevealed ones, and
// subcollections), the works and bookmarks in them, and gifts.
import type { Migration } from '../migrations.ts';

/** Tables a guest's work page now reads from: each change moves the content version (migration 17). */
const PAGE_TABLES = ['collections', 'collection_items', 'gifts'] as const;

export const COLLECTIONS: Migration[] = [
  {
    version: 22,
    name: 'collections: collections, their works and bookmarks, anonymous and unrevealed works, gifts',
    statements: [
      `CREATE TABLE collections (
        id {{id}},
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        parent_id INTEGER REFERENCES collections(id) ON DELETE SET NULL,
        open INTEGER NOT NULL DEFAULT 1,
        moderated INTEGER NOT NULL DEFAULT 0,
        unrevealed INTEGER NOT NULL DEFAULT 0,
        anonymous INTEGER NOT NULL DEFAULT 0,
        reveal_at TEXT,
        revealed_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      )`,
      `CREATE INDEX collections_parent ON collections (parent_id)`,
      `CREATE INDEX collections_reveal ON collections (reveal_at) WHERE revealed_at IS NULL`,
      `CREATE TABLE collection_participants (
        collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('owner', 'moderator', 'member')),
        created_at TEXT NOT NULL,
        PRIMARY KEY (collection_id, user_id)
      )`,
      `CREATE INDEX collection_participants_user ON collection_participants (user_id)`,
      `CREATE TABLE collection_items (
        id {{id}},
        collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
        work_id INTEGER REFERENCES works(id) ON DELETE CASCADE,
        bookmark_id INTEGER REFERENCES bookmarks(id) ON DELETE CASCADE,
        creator_approved INTEGER NOT NULL,
        collection_approved INTEGER NOT NULL,
        added_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        CHECK ((work_id IS NULL) <> (bookmark_id IS NULL))
      )`,
      `CREATE UNIQUE INDEX collection_items_work ON collection_items (collection_id, work_id)`,
      `CREATE UNIQUE INDEX collection_items_bookmark ON collection_items (collection_id, bookmark_id)`,
      `CREATE INDEX collection_items_by_work ON collection_items (work_id)`,
      `CREATE INDEX collection_items_by_bookmark ON collection_items (bookmark_id)`,
      `CREATE TABLE gifts (
        id {{id}},
        work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
        pseud_id INTEGER REFERENCES pseuds(id) ON DELETE CASCADE,
        recipient TEXT NOT NULL,
        refused_at TEXT,
        created_at TEXT NOT NULL
      )`,
      `CREATE INDEX gifts_work ON gifts (work_id)`,
      `CREATE INDEX gifts_pseud ON gifts (pseud_id)`,
      // AO3's in_anon_collection and in_unrevealed_collection: kept by the collections service
      // and the reveal step, so every reader of works tests one flag.
      `ALTER TABLE works ADD COLUMN anonymous INTEGER NOT NULL DEFAULT 0`,
      `ALTER TABLE works ADD COLUMN unrevealed INTEGER NOT NULL DEFAULT 0`,
    ],
    sqlite: [
      `CREATE TRIGGER works_search_reveal AFTER UPDATE OF unrevealed ON works BEGIN INSERT INTO search_changes (work_id) VALUES (NEW.id); END`,
      ...PAGE_TABLES.flatMap((t) =>
        ['INSERT', 'UPDATE', 'DELETE'].map(
          (op) =>
            `CREATE TRIGGER ${t}_content_${op.toLowerCase()} AFTER ${op} ON ${t} BEGIN UPDATE content_version SET version = version + 1; END`,
        ),
      ),
    ],
    postgres: [
      `CREATE TRIGGER works_search_reveal AFTER UPDATE OF unrevealed ON works FOR EACH ROW EXECUTE FUNCTION log_search_change()`,
      ...PAGE_TABLES.flatMap((t) => [
        `CREATE CONSTRAINT TRIGGER ${t}_content AFTER INSERT OR UPDATE OR DELETE ON ${t} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION move_content_version()`,
        `CREATE TRIGGER ${t}_content_truncate AFTER TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION move_content_version()`,
      ]),
    ],
  },
];
