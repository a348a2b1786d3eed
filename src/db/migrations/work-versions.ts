// Schema version 21: each work's own content version. Kudos, comments, bookmarks, chapters, notes,
// credits and taggings change one work's page only, so they move that work's version
// (work_versions) instead of the archive's (content_version, migration 17): a comment on one work
// no longer empties every guest page kept in memory (works/guest-pages.ts). What many works'
// pages show (accounts, pseuds, tags, series and their membership, the works rows themselves)
// still moves the archive's version; of a works row, a change to its kudos, comment or bookmark
// count moves the work's (hits move neither: the page fills them in per request). An update of
// a count together with another column of the row moves the work's version alone.
import type { Migration } from '../migrations.ts';

/** The tables whose rows belong to one work's page (each has work_id; a bookmark's may be null). */
export const WORK_PAGE_TABLES = [
  'chapters',
  'author_notes',
  'work_creators',
  'taggings',
  'kudos',
  'comments',
  'bookmarks',
] as const;

const COUNTS = ['kudos_count', 'comments_count', 'bookmarks_count'];
const countsKept = COUNTS.map((c) => `OLD.${c} IS NOT DISTINCT FROM NEW.${c}`).join(' AND ');
const countsKeptSqlite = COUNTS.map((c) => `OLD.${c} IS NEW.${c}`).join(' AND ');

const bump = (row: 'NEW' | 'OLD') =>
  `INSERT INTO work_versions (work_id, version) SELECT ${row}.work_id, 1 WHERE ${row}.work_id IS NOT NULL
   ON CONFLICT (work_id) DO UPDATE SET version = work_versions.version + 1;`;

export const WORK_VERSIONS: Migration[] = [
  {
    version: 21,
    name: "pages: each work's own content version, moved by changes to that work's page alone",
    statements: [`CREATE TABLE work_versions (work_id INTEGER PRIMARY KEY, version INTEGER NOT NULL)`],
    sqlite: WORK_PAGE_TABLES.flatMap((t) => [
      ...['insert', 'update', 'delete'].map((op) => `DROP TRIGGER ${t}_content_${op}`),
      `CREATE TRIGGER ${t}_work_version_insert AFTER INSERT ON ${t} BEGIN ${bump('NEW')} END`,
      `CREATE TRIGGER ${t}_work_version_update AFTER UPDATE ON ${t} BEGIN ${bump('NEW')} ${bump('OLD').replace(
        'WHERE OLD.work_id IS NOT NULL',
        'WHERE OLD.work_id IS NOT NULL AND OLD.work_id IS NOT NEW.work_id',
      )} END`,
      `CREATE TRIGGER ${t}_work_version_delete AFTER DELETE ON ${t} BEGIN ${bump('OLD')} END`,
    ]).concat([
      'DROP TRIGGER works_content_update',
      `CREATE TRIGGER works_content_update AFTER UPDATE ON works WHEN OLD.hits IS NEW.hits AND ${countsKeptSqlite} BEGIN UPDATE content_version SET version = version + 1; END`,
      `CREATE TRIGGER works_work_version_update AFTER UPDATE ON works WHEN NOT (${countsKeptSqlite}) BEGIN
         INSERT INTO work_versions (work_id, version) VALUES (NEW.id, 1)
         ON CONFLICT (work_id) DO UPDATE SET version = work_versions.version + 1;
       END`,
    ]),
    // As the archive's version: once per transaction and work, at its commit (deferred), so the
    // new version becomes visible together with the change. TRUNCATE still moves the archive's.
    postgres: [
      `CREATE FUNCTION move_work_version() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ids INTEGER[];
        id INTEGER;
      BEGIN
        IF TG_TABLE_NAME = 'works' THEN ids := ARRAY[NEW.id];
        ELSIF TG_OP = 'INSERT' THEN ids := ARRAY[NEW.work_id];
        ELSIF TG_OP = 'DELETE' THEN ids := ARRAY[OLD.work_id];
        ELSIF NEW.work_id IS DISTINCT FROM OLD.work_id THEN ids := ARRAY[NEW.work_id, OLD.work_id];
        ELSE ids := ARRAY[NEW.work_id];
        END IF;
        FOREACH id IN ARRAY ids LOOP
          CONTINUE WHEN id IS NULL OR current_setting('quire.work_moved_' || id, true) IS NOT DISTINCT FROM 'on';
          PERFORM set_config('quire.work_moved_' || id, 'on', true);
          INSERT INTO work_versions (work_id, version) VALUES (id, 1)
            ON CONFLICT (work_id) DO UPDATE SET version = work_versions.version + 1;
        END LOOP;
        RETURN NULL;
      END $$`,
      ...WORK_PAGE_TABLES.flatMap((t) => [
        `DROP TRIGGER ${t}_content ON ${t}`,
        `CREATE CONSTRAINT TRIGGER ${t}_work_version AFTER INSERT OR UPDATE OR DELETE ON ${t} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION move_work_version()`,
      ]),
      'DROP TRIGGER works_content_update ON works',
      `CREATE CONSTRAINT TRIGGER works_content_update AFTER UPDATE ON works DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.hits IS NOT DISTINCT FROM NEW.hits AND ${countsKept}) EXECUTE FUNCTION move_content_version()`,
      `CREATE CONSTRAINT TRIGGER works_work_version AFTER UPDATE ON works DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NOT (${countsKept})) EXECUTE FUNCTION move_work_version()`,
    ],
  },
];
