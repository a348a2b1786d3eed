// Reports: signed-in readers flag a work or a comment with a reason; admins work through the open
// reports, hide a work pending review (which takes it out of every listing and search at once),
// mark a comment as spam, and resolve reports.
import { isAdmin, type SignedIn } from '../accounts/accounts.service.ts';
import type { Database } from '../db/database.ts';
import { reindexWorks } from '../search/indexing.service.ts';
import { getWorkBlurbs } from '../works/works.service.ts';
import { accessOrNotFound, requireUser } from './actor.ts';
import { changeStatus, getComment } from './comments.repo.ts';
import { CommunityError } from './community-error.ts';
import * as repo from './reports.repo.ts';
import { characterCount, excerpt, REASON_MAX_CHARS, REASON_MIN_CHARS } from './user-text.ts';

export const OPEN_REPORTS_SHOWN = 200;

export type TargetType = repo.TargetType;

export function isTargetType(s: string | undefined): s is TargetType {
  return s === 'work' || s === 'comment';
}

export interface ReportTarget {
  type: TargetType;
  id: number;
  workId: number;
  /** The work's title, or a short excerpt of the comment. */
  label: string;
}

/** What is being reported, if the reader may see it. */
export async function reportTarget(
  database: Database,
  user: SignedIn | null,
  type: TargetType,
  id: number,
): Promise<ReportTarget> {
  const reader = requireUser(user, 'report something');
  if (type === 'work') {
    await accessOrNotFound(database, id, reader);
    const [work] = await getWorkBlurbs(database, [id]);
    return { type, id, workId: id, label: work?.title ?? `work ${id}` };
  }
  const comment = await getComment(database.db, id);
  if (!comment || (comment.status !== 'visible' && !(comment.status === 'pending' && comment.userId === reader.id))) {
    throw new CommunityError('not_found', `comment ${id} was not found`);
  }
  await accessOrNotFound(database, comment.workId, reader);
  return { type, id, workId: comment.workId, label: excerpt(comment.html) };
}

export async function fileReport(
  database: Database,
  user: SignedIn | null,
  input: { type: TargetType; id: number; reason: string },
): Promise<number> {
  const reader = requireUser(user, 'report something');
  const target = await reportTarget(database, reader, input.type, input.id);
  const reason = input.reason.replace(/\r\n?/g, '\n').trim();
  const length = characterCount(reason);
  if (length < REASON_MIN_CHARS)
    throw new CommunityError('invalid', `Please say what is wrong in at least ${REASON_MIN_CHARS} characters.`);
  if (length > REASON_MAX_CHARS)
    throw new CommunityError(
      'invalid',
      `A report can be at most ${REASON_MAX_CHARS.toLocaleString('en')} characters; yours has ${length.toLocaleString('en')}.`,
    );
  if (await repo.hasOpenReport(database.db, reader.id, target.type, target.id)) {
    throw new CommunityError('invalid', 'You have already reported this; an admin will look at it.');
  }
  return repo.insertReport(database.db, {
    reporterId: reader.id,
    targetType: target.type,
    targetId: target.id,
    reason,
    at: new Date().toISOString(),
  });
}

function requireAdmin(user: SignedIn | null): SignedIn {
  const signedIn = requireUser(user, 'see reports');
  if (!isAdmin(signedIn)) throw new CommunityError('forbidden', 'only admins can see and act on reports');
  return signedIn;
}

export interface OpenReport extends repo.ReportRow {
  work: repo.ReportedWork | null;
  comment: repo.ReportedComment | null;
}

export async function openReports(database: Database, user: SignedIn | null): Promise<OpenReport[]> {
  requireAdmin(user);
  const reports = await repo.openReports(database.db, OPEN_REPORTS_SHOWN);
  const ids = (t: TargetType) => [...new Set(reports.filter((r) => r.targetType === t).map((r) => r.targetId))];
  const [works, comments] = await Promise.all([
    repo.reportedWorks(database.db, ids('work')),
    repo.reportedComments(database.db, ids('comment')),
  ]);
  const workBy = new Map(works.map((w) => [w.id, w]));
  const commentBy = new Map(comments.map((c) => [c.id, c]));
  return reports.map((r) => ({
    ...r,
    work: r.targetType === 'work' ? (workBy.get(r.targetId) ?? null) : null,
    comment: r.targetType === 'comment' ? (commentBy.get(r.targetId) ?? null) : null,
  }));
}

export const REPORT_ACTIONS = ['resolve', 'hide_work', 'unhide_work', 'spam_comment'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

/** Carries out an admin's decision on a report; returns what to tell them. */
export async function actOnReport(
  database: Database,
  user: SignedIn | null,
  reportId: number,
  action: string,
): Promise<string> {
  const admin = requireAdmin(user);
  const report = await repo.getReport(database.db, reportId);
  if (!report) throw new CommunityError('not_found', `report ${reportId} was not found`);
  const now = new Date().toISOString();
  switch (action) {
    case 'resolve':
      await repo.resolveReports(database.db, { id: reportId }, admin.id, now);
      return `Report ${reportId} is resolved.`;
    case 'hide_work':
    case 'unhide_work': {
      if (report.targetType !== 'work') throw new CommunityError('invalid', 'that report is not about a work');
      const hide = action === 'hide_work';
      const { dialect } = database;
      await database.db.transaction().execute(async (trx) => {
        if (!(await repo.setHiddenByAdmin(trx, report.targetId, hide)))
          throw new CommunityError('not_found', `work ${report.targetId} was not found`);
        // Hidden works have no search filters: the work leaves (or rejoins) every listing now.
        await reindexWorks({ db: trx, dialect }, [report.targetId]);
      });
      return hide
        ? `Work ${report.targetId} is hidden pending review; only its creators and admins can see it.`
        : `Work ${report.targetId} is visible again.`;
    }
    case 'spam_comment': {
      if (report.targetType !== 'comment') throw new CommunityError('invalid', 'that report is not about a comment');
      await database.db.transaction().execute(async (trx) => {
        const marked =
          (await changeStatus(trx, report.targetId, 'visible', 'spam')) ||
          (await changeStatus(trx, report.targetId, 'pending', 'spam'));
        const comment = marked ? undefined : await getComment(trx, report.targetId);
        if (!marked && comment && comment.status !== 'spam')
          throw new CommunityError('invalid', `comment ${report.targetId} was already deleted`);
        await repo.resolveReports(trx, { targetType: 'comment', targetId: report.targetId }, admin.id, now);
      });
      return `Comment ${report.targetId} is marked as spam and its reports are resolved.`;
    }
    default:
      throw new CommunityError('invalid', `unknown action '${action}'`);
  }
}
