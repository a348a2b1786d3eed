// The schema, as one append-only list: never edit a migration that has shipped, add the next one.
// Each runs in its own transaction with its version row, so a failed step leaves nothing behind.
// The archive refuses to start on a database whose schema is newer than this list (a newer
// Quire wrote it, and this code would misread it).
import { sql, type Kysely } from 'kysely';
import type { Database, Dialect } from './database.ts';
import type { Schema } from './schema.ts';

interface Migration {
  version: number;
  name: string;
  /** DDL statements; `{{id}}` expands to the dialect's auto-increment primary key. */
  statements: string[];
  /** Statements for one dialect only, run after the shared ones (full-text indexes differ most). */
  sqlite?: string[];
  postgres?: string[];
}

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'archive core: users, pseuds, works, chapters, notes, series, tags, taggings',
    statements: [
      `CREATE TABLE users (
        id {{id}},
        username TEXT NOT NULL UNIQUE,
        email TEXT,
        password_hash TEXT,
        role TEXT NOT NULL DEFAULT 'reader',
        created_at TEXT NOT NULL
      )`,
      `CREATE TABLE pseuds (
        id {{id}},
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        is_default INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        UNIQUE (user_id, name)
      )`,
      `CREATE TABLE works (
        id {{id}},
        title TEXT NOT NULL,
        title_provisional INTEGER NOT NULL DEFAULT 0,
        summary TEXT,
        language TEXT NOT NULL DEFAULT 'en',
        words INTEGER NOT NULL DEFAULT 0,
        chapter_count INTEGER NOT NULL DEFAULT 0,
        expected_chapters INTEGER,
        complete INTEGER NOT NULL DEFAULT 1,
        posted_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        source_path TEXT,
        source_hash TEXT
      )`,
      `CREATE INDEX works_updated_at ON works (updated_at, id)`,
      `CREATE UNIQUE INDEX works_source_path ON works (source_path)`,
      `CREATE INDEX works_source_hash ON works (source_hash)`,
      `CREATE TABLE work_creators (
        work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
        pseud_id INTEGER NOT NULL REFERENCES pseuds(id),
        position INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (work_id, pseud_id)
      )`,
      `CREATE INDEX work_creators_pseud ON work_creators (pseud_id)`,
      `CREATE TABLE chapters (
        id {{id}},
        work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        title TEXT,
        html TEXT NOT NULL,
        words INTEGER NOT NULL DEFAULT 0,
        posted_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (work_id, position)
      )`,
      `CREATE TABLE author_notes (
        id {{id}},
        work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
        chapter_id INTEGER REFERENCES chapters(id) ON DELETE CASCADE,
        position TEXT NOT NULL CHECK (position IN ('beginning', 'end')),
        ordinal INTEGER NOT NULL,
        html TEXT NOT NULL
      )`,
      `CREATE INDEX author_notes_work ON author_notes (work_id, chapter_id, ordinal)`,
      `CREATE TABLE series (
        id {{id}},
        title TEXT NOT NULL,
        summary TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      )`,
      `CREATE TABLE series_works (
        series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
        work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        PRIMARY KEY (series_id, work_id)
      )`,
      `CREATE TABLE tags (
        id {{id}},
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL CHECK (type IN ('rating', 'warning', 'category', 'fandom', 'relationship', 'character', 'freeform')),
        canonical INTEGER NOT NULL DEFAULT 0,
        synonym_of INTEGER REFERENCES tags(id),
        created_at TEXT NOT NULL
      )`,
      `CREATE INDEX tags_type ON tags (type, name_key)`,
      `CREATE TABLE tag_parents (
        parent_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        child_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        PRIMARY KEY (parent_id, child_id)
      )`,
      `CREATE TABLE taggings (
        id {{id}},
        work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tags(id),
        origin TEXT NOT NULL CHECK (origin IN ('author', 'analysis')),
        status TEXT NOT NULL CHECK (status IN ('applied', 'suggested', 'rejected')),
        confidence REAL,
        evidence TEXT,
        created_at TEXT NOT NULL,
        decided_at TEXT,
        UNIQUE (work_id, tag_id)
      )`,
      `CREATE INDEX taggings_tag ON taggings (tag_id, status, work_id)`,
    ],
  },
  {
    version: 2,
    name: 'search: counts and sort keys on works, materialised tag filters, full-text index',
    statements: [
      `ALTER TABLE works ADD COLUMN kudos_count INTEGER NOT NULL DEFAULT 0`,
      `ALTER TABLE works ADD COLUMN hits INTEGER NOT NULL DEFAULT 0`,
      `ALTER TABLE works ADD COLUMN comments_count INTEGER NOT NULL DEFAULT 0`,
      `ALTER TABLE works ADD COLUMN bookmarks_count INTEGER NOT NULL DEFAULT 0`,
      // Distinct fandoms after synonyms and meta tags: 2+ makes a crossover.
      `ALTER TABLE works ADD COLUMN fandom_count INTEGER NOT NULL DEFAULT 0`,
      // Lower-cased sort keys: titles without a leading article, the first creator's pseud.
      `ALTER TABLE works ADD COLUMN title_key TEXT NOT NULL DEFAULT ''`,
      `ALTER TABLE works ADD COLUMN creator_key TEXT NOT NULL DEFAULT ''`,
      // One index per sort, each ending in id so keyset paging can seek straight to a cursor.
      `CREATE INDEX works_sort_posted ON works (posted_at, id)`,
      `CREATE INDEX works_sort_words ON works (words, id)`,
      `CREATE INDEX works_sort_kudos ON works (kudos_count, id)`,
      `CREATE INDEX works_sort_hits ON works (hits, id)`,
      `CREATE INDEX works_sort_comments ON works (comments_count, id)`,
      `CREATE INDEX works_sort_bookmarks ON works (bookmarks_count, id)`,
      `CREATE INDEX works_sort_title ON works (title_key, id)`,
      `CREATE INDEX works_sort_creator ON works (creator_key, id)`,
      // How many works each tag filters to: exact counts for tag pages, and the planner's guide.
      `ALTER TABLE tags ADD COLUMN filter_count INTEGER NOT NULL DEFAULT 0`,
      `CREATE INDEX tags_synonym_of ON tags (synonym_of)`,
      `CREATE INDEX tag_parents_child ON tag_parents (child_id)`,
      // Searching by creator finds pseuds by name, whatever the case.
      `CREATE INDEX pseuds_name ON pseuds (lower(name))`,
    ],
    sqlite: [
      // Derived from taggings + wrangling and rebuilt from them; WITHOUT ROWID keeps it compact.
      `CREATE TABLE work_filters (
        tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
        PRIMARY KEY (tag_id, work_id)
      ) WITHOUT ROWID`,
      `CREATE INDEX work_filters_work ON work_filters (work_id, tag_id)`,
      // Contentless: the text lives in chapters; the index keeps only what matching needs.
      `CREATE VIRTUAL TABLE work_text USING fts5(
        title, summary, notes, tags, body,
        content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'
      )`,
    ],
    postgres: [
      `CREATE TABLE work_filters (
        tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
        PRIMARY KEY (tag_id, work_id)
      )`,
      `CREATE INDEX work_filters_work ON work_filters (work_id, tag_id)`,
      `CREATE TABLE work_text (
        work_id INTEGER PRIMARY KEY REFERENCES works(id) ON DELETE CASCADE,
        document tsvector NOT NULL
      )`,
      `CREATE INDEX work_text_document ON work_text USING GIN (document)`,
    ],
  },
  {
    version: 3,
    name: 'accounts: sessions, password resets, rate limits, case-insensitive names',
    statements: [
      // Names and addresses are unique whatever their case: "Wren" and "wren" are one account.
      `CREATE UNIQUE INDEX users_username_lower ON users (lower(username))`,
      `CREATE UNIQUE INDEX users_email_lower ON users (lower(email))`,
      // Only a hash of each token is stored: a copy of the database signs nobody in.
      `CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL
      )`,
      `CREATE INDEX sessions_user ON sessions (user_id)`,
      `CREATE TABLE password_resets (
        token_hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT
      )`,
      // Fixed-window counters shared by every web process (sign-in attempts, API calls).
      `CREATE TABLE rate_limits (
        bucket TEXT PRIMARY KEY,
        hits INTEGER NOT NULL,
        resets_at TEXT NOT NULL
      )`,
    ],
  },
  {
    version: 4,
    name: 'posting and community: visibility, kudos, comments, bookmarks, subscriptions, reading, curation, reports',
    statements: [
      // Who may see a work: drafts only their creators; restricted ones signed-in readers;
      // one an admin hid pending review, only its creators and admins.
      `ALTER TABLE works ADD COLUMN draft INTEGER NOT NULL DEFAULT 0`,
      `ALTER TABLE works ADD COLUMN restricted INTEGER NOT NULL DEFAULT 0`,
      `ALTER TABLE works ADD COLUMN hidden_by_admin INTEGER NOT NULL DEFAULT 0`,
      // 'open' (anyone, guests too), 'registered' (signed-in readers), 'moderated' (held for the
      // creator's approval), 'closed'.
      `ALTER TABLE works ADD COLUMN comment_policy TEXT NOT NULL DEFAULT 'open'`,
      `CREATE TABLE kudos (
        id {{id}},
        work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
        user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
        -- A guest is known only by a keyed hash of their address: one kudos per guest address.
        guest_key TEXT,
        created_at TEXT NOT NULL,
        CHECK ((user_id IS NULL) <> (guest_key IS NULL))
      )`,
      `CREATE UNIQUE INDEX kudos_user ON kudos (work_id, user_id)`,
      `CREATE UNIQUE INDEX kudos_guest ON kudos (work_id, guest_key)`,
      `CREATE TABLE comments (
        id {{id}},
        work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
        chapter_id INTEGER REFERENCES chapters(id) ON DELETE SET NULL,
        parent_id INTEGER REFERENCES comments(id) ON DELETE CASCADE,
        user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
        pseud_id INTEGER REFERENCES pseuds(id) ON DELETE SET NULL,
        guest_name TEXT,
        guest_key TEXT,
        html TEXT NOT NULL,
        -- 'visible' | 'pending' (held for moderation) | 'deleted' (kept as a placeholder in a thread) | 'spam'
        status TEXT NOT NULL DEFAULT 'visible',
        created_at TEXT NOT NULL,
        edited_at TEXT
      )`,
      `CREATE INDEX comments_work ON comments (work_id, created_at)`,
      `CREATE INDEX comments_parent ON comments (parent_id)`,
      `CREATE TABLE bookmarks (
        id {{id}},
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        pseud_id INTEGER REFERENCES pseuds(id) ON DELETE SET NULL,
        work_id INTEGER REFERENCES works(id) ON DELETE CASCADE,
        series_id INTEGER REFERENCES series(id) ON DELETE CASCADE,
        notes_html TEXT,
        private INTEGER NOT NULL DEFAULT 0,
        rec INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK ((work_id IS NULL) <> (series_id IS NULL))
      )`,
      `CREATE UNIQUE INDEX bookmarks_user_work ON bookmarks (user_id, work_id)`,
      `CREATE UNIQUE INDEX bookmarks_user_series ON bookmarks (user_id, series_id)`,
      `CREATE INDEX bookmarks_work ON bookmarks (work_id)`,
      // A bookmarker's own tags: free text, not wrangled into the archive's tags.
      `CREATE TABLE bookmark_tags (
        bookmark_id INTEGER NOT NULL REFERENCES bookmarks(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        PRIMARY KEY (bookmark_id, name)
      )`,
      `CREATE TABLE subscriptions (
        id {{id}},
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        -- 'work' | 'creator' | 'series'; target_id is a work, user or series id.
        target_type TEXT NOT NULL,
        target_id INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (user_id, target_type, target_id)
      )`,
      `CREATE INDEX subscriptions_target ON subscriptions (target_type, target_id)`,
      `CREATE TABLE inbox_items (
        id {{id}},
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        -- 'new_work' | 'new_chapter' | 'series_work' | 'comment' | 'reply'
        kind TEXT NOT NULL,
        work_id INTEGER REFERENCES works(id) ON DELETE CASCADE,
        chapter_id INTEGER REFERENCES chapters(id) ON DELETE CASCADE,
        series_id INTEGER REFERENCES series(id) ON DELETE CASCADE,
        comment_id INTEGER REFERENCES comments(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        read_at TEXT
      )`,
      `CREATE INDEX inbox_items_user ON inbox_items (user_id, created_at)`,
      // Reading history and "marked for later", one row per reader and work.
      `CREATE TABLE readings (
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
        last_chapter INTEGER,
        visits INTEGER NOT NULL DEFAULT 0,
        last_read_at TEXT,
        marked_for_later INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (user_id, work_id)
      )`,
      `CREATE INDEX readings_recent ON readings (user_id, last_read_at)`,
      // 'block': they cannot comment on my works or reply to me; 'mute': I never see their works or comments.
      `CREATE TABLE user_blocks (
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        other_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('block', 'mute')),
        created_at TEXT NOT NULL,
        PRIMARY KEY (user_id, other_id, kind)
      )`,
      `CREATE TABLE saved_searches (
        id {{id}},
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        -- The search's URL query string, as query-url.ts writes it.
        params TEXT NOT NULL,
        created_at TEXT NOT NULL
      )`,
      `CREATE INDEX saved_searches_user ON saved_searches (user_id)`,
      // A reader's tag blocklist: works carrying (filtering to) these tags vanish from every listing.
      `CREATE TABLE tag_blocklist (
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        PRIMARY KEY (user_id, tag_id)
      )`,
      `CREATE TABLE hidden_items (
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        work_id INTEGER REFERENCES works(id) ON DELETE CASCADE,
        series_id INTEGER REFERENCES series(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        CHECK ((work_id IS NULL) <> (series_id IS NULL))
      )`,
      `CREATE UNIQUE INDEX hidden_items_work ON hidden_items (user_id, work_id)`,
      `CREATE UNIQUE INDEX hidden_items_series ON hidden_items (user_id, series_id)`,
      `CREATE TABLE reports (
        id {{id}},
        reporter_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
        -- 'work' | 'comment'
        target_type TEXT NOT NULL,
        target_id INTEGER NOT NULL,
        reason TEXT NOT NULL,
        created_at TEXT NOT NULL,
        resolved_at TEXT,
        resolved_by INTEGER REFERENCES users(id) ON DELETE SET NULL
      )`,
      `CREATE INDEX reports_open ON reports (resolved_at, created_at)`,
    ],
  },
  {
    version: 5,
    name: 'personal API tokens',
    statements: [
      `CREATE TABLE api_tokens (
        id {{id}},
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        last_used_at TEXT,
        revoked_at TEXT
      )`,
      `CREATE INDEX api_tokens_user ON api_tokens (user_id)`,
    ],
  },
  {
    version: 6,
    name: 'tags count the works a guest can find; works indexed by language',
    statements: [
      // filter_count counts every findable work; guests do not see restricted ones, and a
      // search's exact total for one tag must agree with what the guest is shown.
      `ALTER TABLE tags ADD COLUMN public_filter_count INTEGER NOT NULL DEFAULT 0`,
      `UPDATE tags SET public_filter_count = (SELECT COUNT(*) FROM work_filters f JOIN works w ON w.id = f.work_id WHERE f.tag_id = tags.id AND w.restricted = 0)`,
      // A language is usually a small slice of the archive: counting it must not read every work.
      `CREATE INDEX works_language ON works (language, id)`,
    ],
  },
  {
    version: 7,
    name: 'search: a log of changed works, from which every process keeps its in-memory filter index current',
    statements: [],
    // Triggers rather than calls in each repo: a counter, a flag or a date changed anywhere (a
    // kudos, a hit, a moderator's hide, a test's UPDATE) reaches every web process's index.
    // work_id NULL means "everything changed" (rebuildAllFilters): reload from scratch.
    sqlite: [
      `CREATE TABLE search_changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        work_id INTEGER,
        changed_at INTEGER NOT NULL DEFAULT (unixepoch())
      )`,
      `CREATE INDEX search_changes_at ON search_changes (changed_at)`,
      `CREATE TRIGGER works_search_insert AFTER INSERT ON works BEGIN INSERT INTO search_changes (work_id) VALUES (NEW.id); END`,
      `CREATE TRIGGER works_search_update AFTER UPDATE OF draft, hidden_by_admin, restricted, complete, language, words, chapter_count, posted_at, updated_at, kudos_count, hits, comments_count, bookmarks_count, fandom_count ON works BEGIN INSERT INTO search_changes (work_id) VALUES (NEW.id); END`,
      `CREATE TRIGGER works_search_delete AFTER DELETE ON works BEGIN INSERT INTO search_changes (work_id) VALUES (OLD.id); END`,
    ],
    // PostgreSQL commits out of sequence order, so readers follow transaction ids instead: a row
    // whose xid is at or above the oldest transaction running at the last read may be new.
    postgres: [
      `CREATE TABLE search_changes (
        seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        work_id INTEGER,
        xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        changed_at BIGINT NOT NULL DEFAULT (extract(epoch FROM clock_timestamp())::bigint)
      )`,
      `CREATE INDEX search_changes_xid ON search_changes (xid)`,
      `CREATE INDEX search_changes_at ON search_changes (changed_at)`,
      `CREATE FUNCTION log_search_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          INSERT INTO search_changes (work_id) VALUES (OLD.id);
        ELSE
          INSERT INTO search_changes (work_id) VALUES (NEW.id);
        END IF;
        RETURN NULL;
      END $$`,
      `CREATE TRIGGER works_search_change AFTER INSERT OR DELETE OR UPDATE OF draft, hidden_by_admin, restricted, complete, language, words, chapter_count, posted_at, updated_at, kudos_count, hits, comments_count, bookmarks_count, fandom_count ON works
        FOR EACH ROW EXECUTE FUNCTION log_search_change()`,
    ],
  },
  {
    version: 8,
    name: "search: each word's occurrences in the full-text index, read to rank matches in the process",
    statements: [],
    // FTS5's bm25() reads every match's length from disk, one lookup per row; the filter index
    // holds those lengths, so with each word's occurrences (this read-only view of the index) a
    // process ranks tens of thousands of matches itself. PostgreSQL ranks with ts_rank_cd.
    sqlite: [`CREATE VIRTUAL TABLE work_text_instances USING fts5vocab(work_text, instance)`],
  },
  {
    version: 9,
    name: "search: a creator's works read from the index alone",
    // With the work id in the index, "works by this creator" is one range of the index instead of
    // a table lookup per work (3,000 of them for a prolific writer).
    statements: [
      `DROP INDEX work_creators_pseud`,
      `CREATE INDEX work_creators_pseud ON work_creators (pseud_id, work_id)`,
    ],
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;

export class SchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `the database is at schema version ${found}, but this Quire knows only up to ${known}; upgrade Quire before using this database`,
    );
  }
}

function expand(statement: string, dialect: Dialect): string {
  const id =
    dialect === 'postgres'
      ? 'INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY'
      : 'INTEGER PRIMARY KEY AUTOINCREMENT';
  return statement.replaceAll('{{id}}', id);
}

async function ensureVersionTable(db: Kysely<Schema>): Promise<void> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`.execute(db);
}

export async function schemaVersion(db: Kysely<Schema>): Promise<number> {
  await ensureVersionTable(db);
  const row = await db
    .selectFrom('schema_migrations')
    .select((eb) => eb.fn.max('version').as('v'))
    .executeTakeFirst();
  return Number(row?.v ?? 0);
}

/** Applies every pending migration in order; returns the versions it applied. */
export async function migrate({ db, dialect }: Database): Promise<number[]> {
  const current = await schemaVersion(db);
  if (current > LATEST_SCHEMA_VERSION) throw new SchemaTooNewError(current, LATEST_SCHEMA_VERSION);
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    const ran = await db.transaction().execute(async (trx) => {
      // Several web processes may start at once on one PostgreSQL: one migrates, the rest wait.
      if (dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(7243001)`.execute(trx);
      const done = await trx
        .selectFrom('schema_migrations')
        .select('version')
        .where('version', '=', migration.version)
        .executeTakeFirst();
      if (done) return false;
      for (const statement of [...migration.statements, ...(migration[dialect] ?? [])]) {
        await sql.raw(expand(statement, dialect)).execute(trx);
      }
      await trx
        .insertInto('schema_migrations')
        .values({ version: migration.version, name: migration.name, applied_at: new Date().toISOString() })
        .execute();
      return true;
    });
    if (ran) applied.push(migration.version);
  }
  return applied;
}
