// Schema version 23: prompt memes, a collection's challenge of prompts, claims and fills.
import type { Migration } from '../migrations.ts';

/** Tables a guest's work page now reads from (its prompt line): each change moves the content version. */
const PAGE_TABLES = ['prompt_memes', 'prompts', 'prompt_fills'] as const;

export const PROMPT_MEMES: Migration[] = [
  {
    version: 23,
    name: 'prompt memes: a collection as a prompt meme, its prompts with their tags, claims and fills',
    statements: [
      // One row makes the collection a prompt meme; deleting the collection takes it along.
      `CREATE TABLE prompt_memes (
        collection_id INTEGER PRIMARY KEY REFERENCES collections(id) ON DELETE CASCADE,
        prompts_open INTEGER NOT NULL DEFAULT 1,
        anonymous_allowed INTEGER NOT NULL DEFAULT 1,
        prompts_per_member INTEGER NOT NULL DEFAULT 5,
        tag_types TEXT NOT NULL DEFAULT 'fandom,character,relationship,freeform',
        fandoms TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      )`,
      `CREATE TABLE prompts (
        id {{id}},
        collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        anonymous INTEGER NOT NULL DEFAULT 0,
        title TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      )`,
      `CREATE INDEX prompts_collection ON prompts (collection_id, id)`,
      `CREATE INDEX prompts_user ON prompts (user_id)`,
      `CREATE TABLE prompt_tags (
        prompt_id INTEGER NOT NULL REFERENCES prompts(id) ON DELETE CASCADE,
        type TEXT NOT NULL,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL,
        PRIMARY KEY (prompt_id, type, name_key)
      )`,
      `CREATE INDEX prompt_tags_name ON prompt_tags (name_key)`,
      `CREATE TABLE prompt_claims (
        id {{id}},
        prompt_id INTEGER NOT NULL REFERENCES prompts(id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        UNIQUE (prompt_id, user_id)
      )`,
      `CREATE INDEX prompt_claims_user ON prompt_claims (user_id)`,
      `CREATE TABLE prompt_fills (
        id {{id}},
        prompt_id INTEGER NOT NULL REFERENCES prompts(id) ON DELETE CASCADE,
        work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
        user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        UNIQUE (prompt_id, work_id)
      )`,
      `CREATE INDEX prompt_fills_work ON prompt_fills (work_id)`,
    ],
    sqlite: PAGE_TABLES.flatMap((t) =>
      ['INSERT', 'UPDATE', 'DELETE'].map(
        (op) =>
          `CREATE TRIGGER ${t}_content_${op.toLowerCase()} AFTER ${op} ON ${t} BEGIN UPDATE content_version SET version = version + 1; END`,
      ),
    ),
    postgres: PAGE_TABLES.flatMap((t) => [
      `CREATE CONSTRAINT TRIGGER ${t}_content AFTER INSERT OR UPDATE OR DELETE ON ${t} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION move_content_version()`,
      `CREATE TRIGGER ${t}_content_truncate AFTER TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION move_content_version()`,
    ]),
  },
];
