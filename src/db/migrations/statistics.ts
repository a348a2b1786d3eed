// Schema version 18: a work's hits per day, so that a writer's statistics can draw them over time
// (the per-visitor marks that make a hit count once a day are pruned daily). Shipped: never edit;
// the next migration goes after 18 here or in a new group file listed in migrations.ts.
import type { Migration } from '../migrations.ts';

export const STATISTICS: Migration[] = [
  {
    version: 18,
    name: 'statistics: hits per work and day',
    statements: [
      `CREATE TABLE work_hits_daily (
        work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
        day TEXT NOT NULL,
        hits INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (work_id, day)
      )`,
    ],
  },
];
