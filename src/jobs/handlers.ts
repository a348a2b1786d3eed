// What each kind of job does. The handlers are made once per process that runs jobs, with what
// they need from it: the mail sender, the origin for links, the analysis, the download cache.
import type { MailSender } from '../accounts/mail.ts';
import { revealDue } from '../collections/collections.service.ts';
import type { Database } from '../db/database.ts';
import { sendAssignmentMail } from '../exchanges/assignment-mail.service.ts';
import { remindDue, runMatching } from '../exchanges/assignments.service.ts';
import { closeDue } from '../exchanges/exchanges.service.ts';
import { mostReadWorks } from '../downloads/popular.repo.ts';
import { downloadsService, type DownloadsOptions } from '../downloads/downloads.service.ts';
import { isDownloadFormat } from '../downloads/formats.ts';
import { Mailer } from '../notices/mailer.ts';
import { worksTouchedByTags } from '../tags/filters.repo.ts';
import type { Suggester } from '../works/posting-rules.ts';
import { reanalyse } from '../works/reanalysis.service.ts';
import { recordProbe } from './jobs.repo.ts';
import type { JobKind } from './kinds.ts';
import type { JobQueue } from './queue.ts';
import type { JobHandler } from './runner.ts';

/** How many of the most read works get their downloads built ahead, and in which formats. */
const POPULAR_WORKS = 50;
const PREPARED_FORMATS = ['epub', 'html', 'txt'] as const;
/** A probe waits at most this long. */
const PROBE_HOLD_LIMIT_MS = 60_000;

export interface HandlerContext {
  database: Database;
  queue: JobQueue;
  mail: MailSender;
  /** The archive's public origin, for links in mail; downloads are built ahead only when one is configured. */
  origin: string;
  publicOrigin: string | null;
  /** The analysis for re-analysis jobs; none turns them into no-ops. */
  suggest?: Suggester;
  downloads?: DownloadsOptions;
  /** Names this process in probe records. */
  processName?: string;
}

const positiveId = (value: unknown, what: string): number => {
  if (!Number.isSafeInteger(value) || (value as number) < 1) throw new Error(`${what} is not an id: ${value}`);
  return value as number;
};

export function jobHandlers(ctx: HandlerContext): Record<JobKind, JobHandler> {
  const mailer = new Mailer(ctx.database, ctx.mail, { origin: ctx.origin });
  const downloads = downloadsService(ctx.database, ctx.downloads);
  return {
    'notices.deliver': async () => {
      await mailer.runOnce();
    },

    'collections.reveal': async () => {
      await revealDue(ctx.database);
    },

    'exchanges.close': async () => {
      await closeDue(ctx.database);
    },
    'exchanges.remind': async () => {
      await remindDue(ctx.database);
    },

    'exchanges.match': async (payload) => {
      await runMatching(ctx.database, positiveId(payload.collectionId, 'collectionId'));
    },

    'exchanges.assignment-mail': async (payload) => {
      await sendAssignmentMail(
        ctx.database,
        ctx.mail,
        ctx.origin,
        positiveId(payload.assignmentId, 'assignmentId'),
        payload.reminder === true,
      );
    },

    'works.reanalyse': async (payload) => {
      await reanalyse(ctx.database, positiveId(payload.workId, 'workId'), ctx.suggest);
    },

    'tags.reanalyse': async (payload, job) => {
      const tagIds = Array.isArray(payload.tagIds) ? payload.tagIds.map((t) => positiveId(t, 'tagId')) : [];
      // Keyed by this job, so that a retry of it queues no work twice.
      for (const workId of await worksTouchedByTags(ctx.database.db, tagIds))
        await ctx.queue.enqueue('works.reanalyse', { workId }, { key: `works.reanalyse:${workId}:${job.id}` });
    },

    'downloads.popular': async (_payload, job) => {
      if (!ctx.publicOrigin) return;
      const since = new Date(Date.now() - 24 * 60 * 60_000).toISOString().slice(0, 10);
      for (const workId of await mostReadWorks(ctx.database.db, since, POPULAR_WORKS))
        for (const format of PREPARED_FORMATS)
          await ctx.queue.enqueue(
            'downloads.prepare',
            { workId, format },
            { key: `downloads.prepare:${workId}:${format}:${job.id}` },
          );
    },

    'downloads.prepare': async (payload) => {
      const format = String(payload.format);
      if (!ctx.publicOrigin || !isDownloadFormat(format)) return;
      // As a guest would get it: a work a guest may not read is not built.
      const prepared = await downloads.work(positiveId(payload.workId, 'workId'), format, {
        origin: ctx.publicOrigin,
        viewer: null,
      });
      await prepared?.bytes();
    },

    'jobs.probe': async (payload) => {
      const token = String(payload.token ?? '');
      const process = ctx.processName ?? 'unnamed';
      await recordProbe(ctx.database.db, token, 'started', process, new Date().toISOString());
      const hold = Math.min(Math.max(Number(payload.holdMs) || 0, 0), PROBE_HOLD_LIMIT_MS);
      await new Promise((resolve) => setTimeout(resolve, hold));
      await recordProbe(ctx.database.db, token, 'finished', process, new Date().toISOString());
    },
  };
}
