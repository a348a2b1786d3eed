// Schema version 26: a work's version remembers the transaction that last moved it, so that the
// PostgreSQL trigger moves it once per transaction without a session setting per work. The
// settings migration 21 used (`quire.work_moved_<id>`, local to the transaction) stay defined in
// the session after it: a pool connection collected one per work it ever touched, and PostgreSQL
// before 16 re-sorts that list as it grows. SQLite's triggers move a version per statement and
// leave the column empty.
import type { Migration } from '../migrations.ts';

export const WORK_VERSIONS_TXID: Migration[] = [
  {
    version: 26,
    name: "pages: a work's version moves once per transaction by the transaction's id, not a setting per work",
    statements: ['ALTER TABLE work_versions ADD COLUMN moved_txid BIGINT'],
    postgres: [
      `CREATE OR REPLACE FUNCTION move_work_version() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ids INTEGER[];
        id INTEGER;
        tx BIGINT := txid_current();
      BEGIN
        IF TG_TABLE_NAME = 'works' THEN ids := ARRAY[NEW.id];
        ELSIF TG_OP = 'INSERT' THEN ids := ARRAY[NEW.work_id];
        ELSIF TG_OP = 'DELETE' THEN ids := ARRAY[OLD.work_id];
        ELSIF NEW.work_id IS DISTINCT FROM OLD.work_id THEN ids := ARRAY[NEW.work_id, OLD.work_id];
        ELSE ids := ARRAY[NEW.work_id];
        END IF;
        FOREACH id IN ARRAY ids LOOP
          CONTINUE WHEN id IS NULL;
          INSERT INTO work_versions (work_id, version, moved_txid) VALUES (id, 1, tx)
            ON CONFLICT (work_id) DO UPDATE SET version = work_versions.version + 1, moved_txid = tx
            WHERE work_versions.moved_txid IS DISTINCT FROM tx;
        END LOOP;
        RETURN NULL;
      END $$`,
    ],
  },
];
