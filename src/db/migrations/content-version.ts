// Schema version 17: one counter that every change to what a reader's page shows moves, so that a
// guest's conditional GET of a work page can be answered 304 without reading the work.
import type { Migration } from '../migrations.ts';

/**
 * The tables a guest's work or chapter page is read from. A change to any row moves the counter;
 * `works` moves it for every change but a hit (the hit count may lag in a page a guest reloads).
 */
export const CONTENT_TABLES = [
  'users',
  'pseuds',
  'works',
  'work_creators',
  'chapters',
  'author_notes',
  'series',
  'series_works',
  'tags',
  'tag_parents',
  'taggings',
  'kudos',
  'comments',
  'bookmarks',
] as const;

const others = CONTENT_TABLES.filter((t) => t !== 'works');

export const CONTENT_VERSION: Migration[] = [
  {
    version: 17,
    name: "pages: the archive's content version, moved by every change a page shows",
    statements: [],
    // SQLite has one writer at a time, so a row trigger's update costs nothing in contention.
    sqlite: [
      `CREATE TABLE content_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)`,
      `INSERT INTO content_version (id, version) VALUES (1, 0)`,
      ...others.flatMap((t) =>
        ['INSERT', 'UPDATE', 'DELETE'].map(
          (op) =>
            `CREATE TRIGGER ${t}_content_${op.toLowerCase()} AFTER ${op} ON ${t} BEGIN UPDATE content_version SET version = version + 1; END`,
        ),
      ),
      `CREATE TRIGGER works_content_insert AFTER INSERT ON works BEGIN UPDATE content_version SET version = version + 1; END`,
      `CREATE TRIGGER works_content_delete AFTER DELETE ON works BEGIN UPDATE content_version SET version = version + 1; END`,
      `CREATE TRIGGER works_content_update AFTER UPDATE ON works WHEN OLD.hits IS NEW.hits BEGIN UPDATE content_version SET version = version + 1; END`,
    ],
    // On PostgreSQL the counter moves once per transaction, at its commit (deferred triggers): the
    // row is locked only while the transaction commits, after every other lock it takes, so
    // writers neither wait long on it nor deadlock over it; and the new count becomes visible
    // together with the change.
    postgres: [
      `CREATE TABLE content_version (id INTEGER PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL)`,
      `INSERT INTO content_version (id, version) VALUES (1, 0)`,
      `CREATE FUNCTION move_content_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('quire.content_moved', true) IS DISTINCT FROM 'on' THEN
          PERFORM set_config('quire.content_moved', 'on', true);
          UPDATE content_version SET version = version + 1;
        END IF;
        RETURN NULL;
      END $$`,
      ...others.map(
        (t) =>
          `CREATE CONSTRAINT TRIGGER ${t}_content AFTER INSERT OR UPDATE OR DELETE ON ${t} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION move_content_version()`,
      ),
      `CREATE CONSTRAINT TRIGGER works_content AFTER INSERT OR DELETE ON works DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION move_content_version()`,
      // TRUNCATE fires no row trigger (quire dev corpus --replace uses it).
      ...CONTENT_TABLES.map(
        (t) =>
          `CREATE TRIGGER ${t}_content_truncate AFTER TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION move_content_version()`,
      ),
      `CREATE CONSTRAINT TRIGGER works_content_update AFTER UPDATE ON works DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.hits IS NOT DISTINCT FROM NEW.hits) EXECUTE FUNCTION move_content_version()`,
    ],
  },
];
