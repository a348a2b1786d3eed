// Schema version 27: the anonymous works alone in an index of their own (a partial index), so
// that a creator search leaves them out by reading that short list once rather than each of the
// creator's works' rows: most works are not anonymous, and a prolific creator has thousands.
import type { Migration } from '../migrations.ts';

export const ANONYMOUS_WORKS: Migration[] = [
  {
    version: 27,
    name: 'search: the anonymous works in a partial index, for the creator search',
    statements: ['CREATE INDEX works_anonymous ON works (id) WHERE anonymous = 1'],
  },
];
