// Schema version 29: on PostgreSQL each work's text document (a tsvector) is kept in its row rather
// than in the TOAST table. A text search reads every matching document: a phrase is checked
// against its positions, and ts_rank_cd ranks from them. Out of line, each read is a lookup in the
// TOAST table's index and its chunks, which costs more than the ranking itself. A document is a
// few kilobytes, so MAIN storage keeps it in the row, and no compression is tried below a page's
// worth (tsvectors barely compress, and an attempt costs every write). Changing the column's type
// to itself with USING rewrites the table, so that documents stored before move into their rows
// too. SQLite's FTS5 index is untouched.
import type { Migration } from '../migrations.ts';

export const TEXT_IN_ROW: Migration[] = [
  {
    version: 29,
    name: 'search: PostgreSQL keeps each text document in its row',
    statements: [],
    postgres: [
      `ALTER TABLE work_text
         ALTER COLUMN document TYPE tsvector USING document || ''::tsvector,
         ALTER COLUMN document SET STORAGE MAIN,
         SET (toast_tuple_target = 8160)`,
    ],
  },
];
