// Schema versions from 11: browsing by media. Shipped: never edit; the next migration goes after
// the last here or in a new group file listed in migrations.ts.
import type { Migration } from '../migrations.ts';

export const BROWSING: Migration[] = [
  {
    version: 11,
    name: "browsing: a fandom tag's media, as a wrangler set it",
    // Null means no wrangler has said: the bundled canon's media counts, else Uncategorized Fandoms.
    statements: [`ALTER TABLE tags ADD COLUMN media TEXT`],
  },
];
