// Kysely's view of the prompt meme tables (migration 23), apart from schema.ts to keep each file short.
import type { Generated } from 'kysely';
import type { Flag } from './schema.ts';

/** A collection that is a prompt meme: its settings (tag_types and fandoms comma-separated; '' any fandom). */
export interface PromptMemesTable {
  collection_id: number;
  prompts_open: Flag;
  anonymous_allowed: Flag;
  prompts_per_member: number;
  tag_types: string;
  fandoms: string;
  created_at: string;
  updated_at: string;
}

/** A prompt; an anonymous one's user_id is shown to no one but its prompter and the moderators. */
export interface PromptsTable {
  id: Generated<number>;
  collection_id: number;
  user_id: number;
  anonymous: Flag;
  title: string;
  description: string;
  created_at: string;
  updated_at: string;
}

export interface PromptTagsTable {
  prompt_id: number;
  /** 'fandom' | 'character' | 'relationship' | 'freeform' */
  type: string;
  name: string;
  name_key: string;
}

export interface PromptClaimsTable {
  id: Generated<number>;
  prompt_id: number;
  user_id: number;
  created_at: string;
}

export interface PromptFillsTable {
  id: Generated<number>;
  prompt_id: number;
  work_id: number;
  user_id: number | null;
  created_at: string;
}
