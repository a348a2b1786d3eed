// Kysely's view of the community and curation tables: kudos, comments, bookmarks, subscriptions,
// the inbox, reading history, blocks, saved searches, the tag blocklist, hidden items and reports.
// schema.ts gathers them into the one Schema.
import type { Generated } from 'kysely';
import type { Flag, StoredHtml } from './schema.ts';

export interface KudosTable {
  id: Generated<number>;
  work_id: number;
  user_id: number | null;
  guest_key: string | null;
  created_at: string;
}

export interface CommentsTable {
  id: Generated<number>;
  work_id: number;
  chapter_id: number | null;
  parent_id: number | null;
  user_id: number | null;
  pseud_id: number | null;
  guest_name: string | null;
  guest_key: string | null;
  html: StoredHtml;
  /** 'visible' | 'pending' | 'deleted' | 'spam' */
  status: Generated<string>;
  created_at: string;
  edited_at: string | null;
  /** 1 on a thread's top-level comment when its thread takes no replies. */
  frozen: Generated<Flag>;
}

export interface BookmarksTable {
  id: Generated<number>;
  user_id: number;
  pseud_id: number | null;
  work_id: number | null;
  series_id: number | null;
  notes_html: StoredHtml | null;
  private: Generated<Flag>;
  rec: Generated<Flag>;
  created_at: string;
  updated_at: string;
}

export interface BookmarkTagsTable {
  bookmark_id: number;
  name: string;
}

export interface SubscriptionsTable {
  id: Generated<number>;
  user_id: number;
  /** 'work' | 'creator' | 'series' */
  target_type: string;
  target_id: number;
  created_at: string;
}

export interface InboxItemsTable {
  id: Generated<number>;
  user_id: number;
  /** 'new_work' | 'new_chapter' | 'series_work' | 'comment' | 'reply' | 'gift' | 'prompt_fill' | 'assignment' */
  kind: string;
  work_id: number | null;
  chapter_id: number | null;
  series_id: number | null;
  comment_id: number | null;
  created_at: string;
  read_at: string | null;
}

export interface ReadingsTable {
  user_id: number;
  work_id: number;
  last_chapter: number | null;
  visits: Generated<number>;
  last_read_at: string | null;
  marked_for_later: Generated<Flag>;
}

export interface UserBlocksTable {
  user_id: number;
  other_id: number;
  /** 'block' | 'mute' */
  kind: string;
  created_at: string;
}

export interface SavedSearchesTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  params: string;
  created_at: string;
}

export interface TagBlocklistTable {
  user_id: number;
  tag_id: number;
}

export interface HiddenItemsTable {
  user_id: number;
  work_id: number | null;
  series_id: number | null;
  created_at: string;
}

export interface ReportsTable {
  id: Generated<number>;
  reporter_id: number | null;
  /** 'work' | 'comment' */
  target_type: string;
  target_id: number;
  reason: string;
  created_at: string;
  resolved_at: string | null;
  resolved_by: number | null;
}
