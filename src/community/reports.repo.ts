// All SQL about reports, and the admin's switch that hides a work pending review.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';

type Db = Kysely<Schema>;

export type TargetType = 'work' | 'comment';

export interface ReportRow {
  id: number;
  reporter: string | null;
  targetType: TargetType;
  targetId: number;
  reason: string;
  createdAt: string;
  resolvedAt: string | null;
}

export async function insertReport(
  db: Db,
  r: { reporterId: number; targetType: TargetType; targetId: number; reason: string; at: string },
): Promise<number> {
  const row = await db
    .insertInto('reports')
    .values({
      reporter_id: r.reporterId,
      target_type: r.targetType,
      target_id: r.targetId,
      reason: r.reason,
      created_at: r.at,
      resolved_at: null,
      resolved_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function hasOpenReport(
  db: Db,
  reporterId: number,
  targetType: TargetType,
  targetId: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('reports')
    .select('id')
    .where('reporter_id', '=', reporterId)
    .where('target_type', '=', targetType)
    .where('target_id', '=', targetId)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

function reportsQuery(db: Db) {
  return db
    .selectFrom('reports as r')
    .leftJoin('users as u', 'u.id', 'r.reporter_id')
    .select(['r.id', 'u.username', 'r.target_type', 'r.target_id', 'r.reason', 'r.created_at', 'r.resolved_at']);
}

type RawReport = {
  id: number;
  username: string | null;
  target_type: string;
  target_id: number;
  reason: string;
  created_at: string;
  resolved_at: string | null;
};

function toReport(r: RawReport): ReportRow {
  return {
    id: r.id,
    reporter: r.username,
    targetType: r.target_type as TargetType,
    targetId: r.target_id,
    reason: r.reason,
    createdAt: r.created_at,
    resolvedAt: r.resolved_at,
  };
}

/** Open reports, oldest first: the queue an admin works through (reports_open index). */
export async function openReports(db: Db, limit: number): Promise<ReportRow[]> {
  const rows = await reportsQuery(db)
    .where('r.resolved_at', 'is', null)
    .orderBy('r.created_at')
    .orderBy('r.id')
    .limit(limit)
    .execute();
  return rows.map(toReport);
}

export async function getReport(db: Db, id: number): Promise<ReportRow | undefined> {
  const r = await reportsQuery(db).where('r.id', '=', id).executeTakeFirst();
  return r && toReport(r);
}

/** Resolves one report, or every open report on a target; returns how many closed. */
export async function resolveReports(
  db: Db,
  which: { id: number } | { targetType: TargetType; targetId: number },
  by: number,
  at: string,
): Promise<number> {
  let q = db.updateTable('reports').set({ resolved_at: at, resolved_by: by }).where('resolved_at', 'is', null);
  q =
    'id' in which
      ? q.where('id', '=', which.id)
      : q.where('target_type', '=', which.targetType).where('target_id', '=', which.targetId);
  return Number((await q.executeTakeFirst()).numUpdatedRows);
}

export async function setHiddenByAdmin(db: Db, workId: number, hidden: boolean): Promise<boolean> {
  const r = await db
    .updateTable('works')
    .set({ hidden_by_admin: hidden ? 1 : 0 })
    .where('id', '=', workId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export interface ReportedWork {
  id: number;
  title: string;
  hidden: boolean;
}

export async function reportedWorks(db: Db, ids: number[]): Promise<ReportedWork[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('works').select(['id', 'title', 'hidden_by_admin']).where('id', 'in', ids).execute();
  return rows.map((r) => ({ id: r.id, title: r.title, hidden: r.hidden_by_admin === 1 }));
}

export interface ReportedComment {
  id: number;
  workId: number;
  workTitle: string;
  html: string;
  status: string;
  author: string | null;
  guestName: string | null;
}

export async function reportedComments(db: Db, ids: number[]): Promise<ReportedComment[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('comments as c')
    .innerJoin('works as w', 'w.id', 'c.work_id')
    .leftJoin('users as u', 'u.id', 'c.user_id')
    .select(['c.id', 'c.work_id', 'w.title', 'c.html', 'c.status', 'u.username', 'c.guest_name'])
    .where('c.id', 'in', ids)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    workId: r.work_id,
    workTitle: r.title,
    html: r.html,
    status: r.status,
    author: r.username,
    guestName: r.guest_name,
  }));
}
