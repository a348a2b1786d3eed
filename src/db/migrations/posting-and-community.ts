// Schema version 4: posting and community (visibility, kudos, comments, bookmarks, subscriptions,
// reading, curation, reports). Shipped: never edit (migrations.ts).
import type { Migration } from '../migrations.ts';

export const POSTING_AND_COMMUNITY: Migration[] = [
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
];
