// Schema version 10 on: what people write about themselves, and what finding people, bookmarks
// and tags needs. The next migration goes after the last here or in a new group file listed in
// migrations.ts.
import type { Migration } from '../migrations.ts';

export const PEOPLE: Migration[] = [
  {
    version: 10,
    name: "people: a creator's profile",
    // Sanitised HTML (through community/user-text.ts), null while they have written none.
    statements: [`ALTER TABLE users ADD COLUMN profile_html TEXT`],
  },
];
