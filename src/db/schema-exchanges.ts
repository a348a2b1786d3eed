// Kysely's view of the gift-exchange tables (migration 23).
import type { Generated } from 'kysely';
import type { Flag } from './schema.ts';

/** A collection run as a gift exchange: its sign-up form and matching rules (JSON), dates, state. */
export interface ExchangesTable {
  collection_id: number;
  /** The sign-up form as JSON (exchanges/exchange-form.ts SignupForm). */
  form: string;
  /** The matching rules as JSON (challenges/exchange.ts MatchRules). */
  rules: string;
  signups_open: Flag;
  signups_close_at: string | null;
  /** When the close job closed sign-ups. */
  signups_closed_at: string | null;
  assignments_due_at: string | null;
  /** 'none' | 'queued' | 'done' */
  matching: string;
  matched_at: string | null;
  sent_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ExchangeSignupsTable {
  id: Generated<number>;
  collection_id: number;
  user_id: number;
  pseud_id: number;
  /** Prompts as JSON (exchanges/exchange-form.ts Prompt[]). */
  requests: string;
  offers: string;
  created_at: string;
  updated_at: string;
}

/** Who writes for whom: a draft from matching until sent_at; giver_id null waits for a pinch hitter. */
export interface ExchangeAssignmentsTable {
  id: Generated<number>;
  collection_id: number;
  recipient_signup_id: number;
  giver_id: number | null;
  pinch_hit: Generated<Flag>;
  score: Generated<number>;
  work_id: number | null;
  sent_at: string | null;
  defaulted_at: string | null;
  fulfilled_at: string | null;
  /** When the writer was reminded of the due date (migration 25). */
  reminded_at: string | null;
  created_at: string;
}
