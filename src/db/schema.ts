// Kysely's view of the tables that src/db/migrations.ts creates; keep the two in step.
// Flags are INTEGER 0/1 and times ISO-8601 UTC text in both dialects, so one code path reads
// them the same way (ISO text sorts in time order).
import type { ColumnType, Generated } from 'kysely';
import type { SanitizedHtml } from '../markup/html.ts';
import type {
  KudosTable,
  CommentsTable,
  BookmarksTable,
  BookmarkTagsTable,
  SubscriptionsTable,
  InboxItemsTable,
  ReadingsTable,
  UserBlocksTable,
  SavedSearchesTable,
  TagBlocklistTable,
  HiddenItemsTable,
  ReportsTable,
} from './schema-community.ts';

import type {
  PromptMemesTable,
  PromptsTable,
  PromptTagsTable,
  PromptClaimsTable,
  PromptFillsTable,
} from './schema-prompt-memes.ts';

export type * from './schema-community.ts';
export type * from './schema-prompt-memes.ts';
import type { ExchangeAssignmentsTable, ExchangeSignupsTable, ExchangesTable } from './schema-exchanges.ts';
export type * from './schema-exchanges.ts';

export type Flag = 0 | 1;

/**
 * A stored body reads back as SanitizedHtml, so pages and downloads show it as it is. The one
 * audited trust in the markup: every writer stores the sanitiser's output (importers, posting's
 * formHtml, community's readerHtml; their plain-text forms are escaped by markup/paragraphs.ts).
 */
export type StoredHtml = ColumnType<SanitizedHtml, string, string>;

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: string;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  email: string | null;
  password_hash: string | null;
  /** 'reader' | 'wrangler' | 'admin' | 'system' */
  role: string;
  created_at: string;
  /** What they wrote about themselves, sanitised; null when nothing (migration 10). */
  profile_html: ColumnType<SanitizedHtml | null, string | null | undefined, string | null>;
}

export interface PseudsTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  is_default: Flag;
  created_at: string;
}

export interface WorksTable {
  id: Generated<number>;
  title: string;
  /** 1 when the writer gave no title and the archive made one from the first line. */
  title_provisional: Flag;
  summary: string | null;
  language: string;
  words: number;
  chapter_count: number;
  /** null means the writer has not said how many chapters there will be ("n/?"). */
  expected_chapters: number | null;
  complete: Flag;
  posted_at: string;
  updated_at: string;
  created_at: string;
  /** Absolute path and content hash of the file it was imported from, for re-import. */
  source_path: string | null;
  source_hash: string | null;
  kudos_count: Generated<number>;
  hits: Generated<number>;
  comments_count: Generated<number>;
  bookmarks_count: Generated<number>;
  fandom_count: Generated<number>;
  title_key: Generated<string>;
  creator_key: Generated<string>;
  draft: Generated<Flag>;
  restricted: Generated<Flag>;
  hidden_by_admin: Generated<Flag>;
  /** In an anonymous collection before its reveal: readers see "Anonymous" (collections service). */
  anonymous: Generated<Flag>;
  /** In an unrevealed collection before its reveal: only its creators and moderators see it. */
  unrevealed: Generated<Flag>;
  /** 'open' | 'registered' | 'moderated' | 'closed' */
  comment_policy: Generated<string>;
}

export interface CollectionsTable {
  id: Generated<number>;
  /** The URL key, as its owner spelled it; name_key is its lower case, unique. */
  name: string;
  name_key: string;
  title: string;
  description: Generated<string>;
  parent_id: number | null;
  open: Flag;
  moderated: Flag;
  unrevealed: Flag;
  anonymous: Flag;
  /** When its works and creators are revealed (by the reveal step); null: when a moderator says. */
  reveal_at: string | null;
  revealed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface CollectionParticipantsTable {
  collection_id: number;
  user_id: number;
  /** 'owner' | 'moderator' | 'member' */
  role: string;
  created_at: string;
}

/** A work or a bookmark in a collection: in it once both its creator and the collection approve. */
export interface CollectionItemsTable {
  id: Generated<number>;
  collection_id: number;
  work_id: number | null;
  bookmark_id: number | null;
  creator_approved: Flag;
  collection_approved: Flag;
  added_by: number | null;
  created_at: string;
}

/** A work given to a pseud of the archive, or to a name (pseud_id null); refused gifts keep refused_at. */
export interface GiftsTable {
  id: Generated<number>;
  work_id: number;
  pseud_id: number | null;
  recipient: string;
  refused_at: string | null;
  created_at: string;
}

export interface WorkCreatorsTable {
  work_id: number;
  pseud_id: number;
  position: number;
}

/** A pending co-creator credit: the pseud joins work_creators only when its user accepts. */
export interface CreatorInvitationsTable {
  id: Generated<number>;
  work_id: number;
  pseud_id: number;
  invited_by: number | null;
  created_at: string;
}

export interface ChaptersTable {
  id: Generated<number>;
  work_id: number;
  position: number;
  title: string | null;
  html: StoredHtml;
  words: number;
  posted_at: string;
  updated_at: string;
}

export interface AuthorNotesTable {
  id: Generated<number>;
  work_id: number;
  /** null for a note on the whole work. */
  chapter_id: number | null;
  /** 'beginning' | 'end' */
  position: string;
  ordinal: number;
  html: StoredHtml;
}

export interface SeriesTable {
  id: Generated<number>;
  title: string;
  summary: string | null;
  created_at: string;
  updated_at: string;
}

export interface SeriesWorksTable {
  series_id: number;
  work_id: number;
  position: number;
}

export interface TagsTable {
  id: Generated<number>;
  name: string;
  /** Lower-cased, whitespace-folded name: AO3 tag names are unique regardless of case. */
  name_key: string;
  /** 'rating' | 'warning' | 'category' | 'fandom' | 'relationship' | 'character' | 'freeform' */
  type: string;
  canonical: Flag;
  /** The canonical tag this one is a synonym of. */
  synonym_of: number | null;
  created_at: string;
  filter_count: Generated<number>;
  public_filter_count: Generated<number>;
  /** A fandom's AO3 media category as a wrangler set it; null: the bundled canon's, if any. */
  media: Generated<string | null>;
}

export interface TagParentsTable {
  parent_id: number;
  child_id: number;
}

export interface TaggingsTable {
  id: Generated<number>;
  work_id: number;
  tag_id: number;
  /** Who attached it: 'author' or 'analysis'. */
  origin: string;
  /** 'applied' | 'suggested' | 'rejected'. Analysis taggings start as 'suggested'. */
  status: string;
  confidence: number | null;
  /** JSON array of {quote, start, end}. */
  evidence: string | null;
  created_at: string;
  decided_at: string | null;
}

/** A tag a work matches in searches: derived from its taggings, synonyms and meta tags. */
export interface WorkFiltersTable {
  tag_id: number;
  work_id: number;
}

/** PostgreSQL's full-text index; SQLite's is the FTS5 table of the same name, reached by raw SQL. */
export interface WorkTextTable {
  work_id: number;
  document: string;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface PasswordResetsTable {
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface RateLimitsTable {
  bucket: string;
  hits: number;
  resets_at: string;
}

/** A secret every process of the archive shares (migration 19), drawn by the first to need it. */
export interface ArchiveSecretsTable {
  purpose: string;
  secret: string;
  created_at: string;
}

/** One job of the SQLite queue (migration 20; PostgreSQL's queue is pg-boss, in its own schema). */
export interface JobsTable {
  id: Generated<number>;
  kind: string;
  /** JSON. */
  payload: string;
  /** waiting, running, done or dead. */
  state: string;
  /** At most one job per key ever (recurring slots, one re-analysis per change). */
  dedupe_key: string | null;
  attempts: number;
  max_attempts: number;
  run_at: string;
  /** While running: when the claim runs out and the job is another process's to take. */
  lease_until: string | null;
  claimed_by: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

/** What a probe job recorded (migration 20): `started` and `finished`, by which process. */
export interface JobProbesTable {
  id: Generated<number>;
  token: string;
  event: string;
  process: string;
  at: string;
}

/** A work's hits on one UTC day (migration 18), for statistics over time. */
export interface WorkHitsDailyTable {
  work_id: number;
  /** YYYY-MM-DD */
  day: string;
  hits: number;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** One row (id 1): moved by every change a reader's page shows (migration 10). */
export interface ContentVersionTable {
  id: number;
  version: number;
}

/** One row per work whose page has changed since migration 21: moved by changes to that work alone. */
export interface WorkVersionsTable {
  work_id: number;
  version: number;
  /** PostgreSQL: the transaction that last moved it, so that one moves it once (migration 26). */
  moved_txid: string | number | null;
}

/** SQLite: a row while works indexed before migration 28 have no word pairs (search/phrase-pairs.ts). */
export interface WorkPairsMissingTable {
  since: string;
}

/** One row per change to a work that search filters on; written by triggers (migration 7). */
export interface SearchChangesTable {
  seq: Generated<number>;
  /** null: every work changed (filters rebuilt from scratch). */
  work_id: number | null;
  changed_at: Generated<number>;
}

/** One row per account (migration 12); an account without one reads as the defaults. */
export interface PreferencesTable {
  user_id: number;
  /** Skip the adult-content notice on Mature, Explicit and unrated works. */
  view_adult: Generated<Flag>;
  hide_warnings: Generated<Flag>;
  /** Additional tags, AO3's freeforms. */
  hide_freeforms: Generated<Flag>;
  /** A multi-chapter work's page opens on the whole work. */
  view_full_work: Generated<Flag>;
  /** An IANA zone (or 'UTC') that dates are shown in; times are stored in UTC all the same. */
  time_zone: Generated<string>;
  updated_at: string;
}

/** A reader's choices about notices by e-mail (migration 13); no row means the defaults. */
export interface EmailSettingsTable {
  user_id: number;
  comments: Flag;
  comments_digest: Flag;
  replies: Flag;
  subscriptions: Flag;
  subscriptions_digest: Flag;
  kudos: Flag;
  unsubscribe_key: string;
  updated_at: string;
}

/** One notice to mail, or one digest that bundles held ones (migration 13). */
export interface MailOutboxTable {
  id: Generated<number>;
  user_id: number;
  /** 'comments' | 'replies' | 'subscriptions' | 'kudos': the setting that governs it */
  kind: string;
  /** 'comment' | 'reply' | 'new_work' | 'new_chapter' | 'series_work' | 'kudos' | 'digest' */
  event: string;
  actor_id: number | null;
  work_id: number | null;
  chapter_id: number | null;
  series_id: number | null;
  comment_id: number | null;
  /** 'held' | 'pending' | 'bundled' | 'sent' | 'dropped' | 'failed' */
  status: string;
  digest_id: number | null;
  attempts: Generated<number>;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface Schema {
  schema_migrations: SchemaMigrationsTable;
  content_version: ContentVersionTable;
  work_versions: WorkVersionsTable;
  users: UsersTable;
  pseuds: PseudsTable;
  works: WorksTable;
  work_creators: WorkCreatorsTable;
  chapters: ChaptersTable;
  author_notes: AuthorNotesTable;
  series: SeriesTable;
  series_works: SeriesWorksTable;
  tags: TagsTable;
  tag_parents: TagParentsTable;
  taggings: TaggingsTable;
  work_filters: WorkFiltersTable;
  work_text: WorkTextTable;
  search_changes: SearchChangesTable;
  work_pairs_missing: WorkPairsMissingTable;
  email_settings: EmailSettingsTable;
  mail_outbox: MailOutboxTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
  rate_limits: RateLimitsTable;
  kudos: KudosTable;
  work_hits_daily: WorkHitsDailyTable;
  archive_secrets: ArchiveSecretsTable;
  jobs: JobsTable;
  job_probes: JobProbesTable;
  comments: CommentsTable;
  creator_invitations: CreatorInvitationsTable;
  bookmarks: BookmarksTable;
  bookmark_tags: BookmarkTagsTable;
  subscriptions: SubscriptionsTable;
  inbox_items: InboxItemsTable;
  readings: ReadingsTable;
  user_blocks: UserBlocksTable;
  saved_searches: SavedSearchesTable;
  tag_blocklist: TagBlocklistTable;
  hidden_items: HiddenItemsTable;
  reports: ReportsTable;
  api_tokens: ApiTokensTable;
  preferences: PreferencesTable;
  collections: CollectionsTable;
  collection_participants: CollectionParticipantsTable;
  collection_items: CollectionItemsTable;
  gifts: GiftsTable;
  prompt_memes: PromptMemesTable;
  prompts: PromptsTable;
  prompt_tags: PromptTagsTable;
  prompt_claims: PromptClaimsTable;
  prompt_fills: PromptFillsTable;
  exchanges: ExchangesTable;
  exchange_signups: ExchangeSignupsTable;
  exchange_assignments: ExchangeAssignmentsTable;
}
