// A listing's blurbs in one statement: each work's row with its tags and creators aggregated per
// work as JSON (json_group_array on SQLite, json_agg on PostgreSQL), so that a page of works
// costs one round trip on PostgreSQL, not one for the rows, one for the tags and one for the
// creators.
import { CompiledQuery, type Kysely } from 'kysely';
import { ORPHAN_USERNAME } from '../accounts/accounts.repo.ts';
import type { Dialect } from '../db/database.ts';
import { keepPrepared } from '../db/prepared.ts';
import type { Schema } from '../db/schema.ts';
import type { WorkTagRow } from '../tags/tags.repo.ts';
import type { WorkRow } from './works.repo.ts';

type Db = Kysely<Schema>;

/** A blurb's creator, as the byline shows it. */
export interface BlurbCreator {
  pseud: string;
  username: string;
  system: boolean;
  orphaned: boolean;
}

export interface BlurbRow {
  row: WorkRow;
  /** Applied taggings, and on a page suggested ones (rejected ones are never shown), in the order they were made. */
  tags: Omit<WorkTagRow, 'workId' | 'synonymOf'>[];
  /** In credit order. */
  creators: BlurbCreator[];
}

/**
 * What a blurb carries: a listing's shows applied tags only, without the analysis' evidence
 * (quotes that can run to kilobytes a tag); a work's page also its open suggestions and every
 * tag's evidence.
 */
export type BlurbDetail = 'listing' | 'page';

/** The statement for one dialect and detail; the dialects differ only in the aggregates and the id list's parameter. */
function blurbsSql(dialect: Dialect, detail: BlurbDetail): string {
  const sqlite = dialect === 'sqlite';
  const object = sqlite ? 'json_object' : 'json_build_object';
  const tuple = sqlite ? 'json_array' : 'json_build_array';
  const array = sqlite ? 'json_group_array' : 'json_agg';
  const ids = sqlite ? 'w.id IN (SELECT value FROM json_each($1))' : 'w.id = ANY($1::int[])';
  // A tag as an array, not an object: a listing carries hundreds, and names repeated in each
  // made a fifth of the statement's time and of the parse.
  const page = detail === 'page';
  const text = `SELECT w.*,
  (SELECT ${array}(${tuple}(t.id, t.name, t.type, t.canonical, g.origin, g.status, g.confidence,
      ${page ? 'g.evidence' : 'NULL'}, CASE WHEN g.decided_at IS NULL THEN 0 ELSE 1 END) ORDER BY g.id)
    FROM taggings g JOIN tags t ON t.id = g.tag_id
    WHERE g.work_id = w.id AND ${page ? "g.status <> 'rejected'" : "g.status = 'applied'"}) AS blurb_tags,
  (SELECT ${array}(${object}('pseud', p.name, 'username', u.username, 'role', u.role) ORDER BY c.position)
    FROM work_creators c JOIN pseuds p ON p.id = c.pseud_id JOIN users u ON u.id = p.user_id
    WHERE c.work_id = w.id) AS blurb_creators
FROM works w WHERE ${ids}`;
  return sqlite ? text.replace('$1', '?') : text;
}

const STATEMENTS = {
  sqlite: { listing: blurbsSql('sqlite', 'listing'), page: blurbsSql('sqlite', 'page') },
  postgres: { listing: blurbsSql('postgres', 'listing'), page: blurbsSql('postgres', 'page') },
};
keepPrepared(STATEMENTS.postgres.listing);
keepPrepared(STATEMENTS.postgres.page);

/** A tagging as the statement lists it: the tag's id, name, type and canonical flag, then the tagging's. */
type TagTuple = [
  id: number,
  name: string,
  type: string,
  canonical: number,
  origin: WorkTagRow['origin'],
  status: WorkTagRow['status'],
  confidence: number | null,
  evidence: string | null,
  decided: number,
];

/** SQLite hands the aggregate back as text, PostgreSQL as parsed JSON (null over no rows). */
function listOf<T>(value: unknown): T[] {
  if (value === null || value === undefined) return [];
  return (typeof value === 'string' ? JSON.parse(value) : value) as T[];
}

/** The works `ids` with their tags and creators, in no particular order; missing ones left out. */
export async function blurbRows(
  db: Db,
  dialect: Dialect,
  ids: readonly number[],
  detail: BlurbDetail,
): Promise<BlurbRow[]> {
  if (ids.length === 0) return [];
  const parameter = dialect === 'sqlite' ? JSON.stringify(ids) : [...ids];
  const query = CompiledQuery.raw(STATEMENTS[dialect][detail], [parameter]);
  const { rows } = await db.executeQuery<WorkRow & { blurb_tags: unknown; blurb_creators: unknown }>(query);
  return rows.map(({ blurb_tags, blurb_creators, ...row }) => ({
    row,
    tags: listOf<TagTuple>(blurb_tags).map(
      ([id, name, type, canonical, origin, status, confidence, evidence, decided]) => ({
        id,
        name,
        type,
        canonical: canonical === 1,
        origin,
        status,
        confidence,
        evidence: evidence ? (JSON.parse(evidence) as WorkTagRow['evidence']) : [],
        reviewed: decided === 1,
      }),
    ),
    creators: listOf<{ pseud: string; username: string; role: string }>(blurb_creators).map((c) => ({
      pseud: c.pseud,
      username: c.username,
      system: c.role === 'system',
      orphaned: c.role === 'system' && c.username === ORPHAN_USERNAME,
    })),
  }));
}
