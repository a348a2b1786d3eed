// All SQL for finding people: pseuds whose name, or whose user's name, holds the text searched
// for. The archive's own account for imported works is nobody to find.
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';
import { containsText, matchRank } from '../db/like.ts';

type Db = Kysely<Schema>;

export interface PseudMatch {
  pseudId: number;
  pseud: string;
  userId: number;
  username: string;
}

function matching(text: string) {
  return sql`u.role <> 'system' AND (${containsText(sql.ref('p.name'), text)} OR ${containsText(sql.ref('u.username'), text)})`;
}

/** One page of matches: whole names first, then names that begin with the text, then the rest, by name. */
export async function findPseuds(db: Db, text: string, page: { offset: number; limit: number }): Promise<PseudMatch[]> {
  const rows = await sql<{ id: number; name: string; user_id: number; username: string }>`
    SELECT p.id, p.name, p.user_id, u.username FROM pseuds p JOIN users u ON u.id = p.user_id
    WHERE ${matching(text)}
    ORDER BY ${matchRank(sql.ref('p.name'), text)}, ${matchRank(sql.ref('u.username'), text)}, lower(p.name), p.id
    LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db);
  return rows.rows.map((r) => ({ pseudId: r.id, pseud: r.name, userId: r.user_id, username: r.username }));
}

export async function countPseuds(db: Db, text: string): Promise<number> {
  const row = await sql<{ n: number | string }>`
    SELECT COUNT(*) AS n FROM pseuds p JOIN users u ON u.id = p.user_id WHERE ${matching(text)}`.execute(db);
  return Number(row.rows[0]?.n ?? 0);
}
