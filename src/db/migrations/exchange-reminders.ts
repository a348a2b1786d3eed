// Schema version 25: when each gift-exchange assignment's reminder went out, so that the
// recurring reminder job tells a writer once, whichever process runs it.
import type { Migration } from '../migrations.ts';

export const EXCHANGE_REMINDERS: Migration[] = [
  {
    version: 25,
    name: 'exchange reminders: an assignment remembers when its writer was reminded of the due date',
    statements: ['ALTER TABLE exchange_assignments ADD COLUMN reminded_at TEXT'],
  },
];
