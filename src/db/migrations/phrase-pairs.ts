// Schema version 28: a second full-text index on SQLite whose tokens are the adjacent word pairs
// of each work's text ("tony_stark"), so that a phrase's matches and their counts per column are
// one token's occurrences instead of every occurrence of each of its words (search/phrase-pairs.ts).
import type { Migration } from '../migrations.ts';

export const PHRASE_PAIRS: Migration[] = [
  {
    version: 28,
    name: 'search: adjacent word pairs in a full-text index of their own, for phrases',
    statements: [],
    // The same columns in the same order as work_text, so that a pair's column numbers and
    // weights are those of its words. The ascii tokenizer keeps a pair (letters, digits and
    // non-ASCII characters joined by '_') as one token and changes nothing else in it.
    // PostgreSQL matches phrases with its tsvector positions and keeps no pairs.
    sqlite: [
      `CREATE VIRTUAL TABLE work_pairs USING fts5(
        title, summary, notes, tags, body,
        content='', contentless_delete=1, tokenize="ascii tokenchars '_'"
      )`,
      `CREATE VIRTUAL TABLE work_pairs_instances USING fts5vocab(work_pairs, instance)`,
      // A row here: works indexed before this migration have no pairs yet, so phrases are ranked
      // by FTS5 until `quire migrate` has written them (and deleted the row).
      `CREATE TABLE work_pairs_missing (since TEXT NOT NULL)`,
      `INSERT INTO work_pairs_missing (since) SELECT datetime('now') WHERE EXISTS (SELECT 1 FROM work_text_docsize)`,
    ],
  },
];
