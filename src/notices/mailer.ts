// The mail sender: one round is the `notices.deliver` job (jobs/handlers.ts), which the job
// runner enqueues every 15 seconds and runs in `quire worker` or `quire serve`, away from any
// request. Each round bundles the daily digests that are due, then sends what is pending, oldest first.
// A row is claimed before it is sent, so several processes never send one twice; a failed send
// is tried again later, waiting longer each time, and given up after MAX_ATTEMPTS.
import type { MailSender } from '../accounts/mail.ts';
import type { Database } from '../db/database.ts';
import { noticeMail } from './notice-mail.ts';
import { unsubscribeToken } from './notices.service.ts';
import * as repo from './outbox.repo.ts';

export const DIGEST_AFTER_MS = 24 * 60 * 60 * 1000;
export const MAX_ATTEMPTS = 8;
const FIRST_RETRY_MS = 60_000;
const LAST_RETRY_MS = 6 * 60 * 60 * 1000;
/** How long a claimed row is this process' to send before another may take it. */
const LEASE_MS = 5 * 60_000;

/** The wait before the next try after `failures` failed ones: a minute, doubling, at most six hours. */
export function retryDelay(failures: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1), LAST_RETRY_MS);
}

class BundledElsewhere extends Error {}

export interface MailerOptions {
  /** The archive's public origin, for links in mail. */
  origin: string;
  /** Rows sent per round at most. */
  batch?: number;
  /** Where a failure is reported; console.error by default. */
  log?: (message: string) => void;
}

export interface Round {
  digests: number;
  sent: number;
  dropped: number;
  failed: number;
}

export class Mailer {
  constructor(
    private readonly database: Database,
    private readonly sender: MailSender,
    private readonly options: MailerOptions,
  ) {}

  /** One round at `now`: bundle due digests, then send due rows. */
  async runOnce(now: Date = new Date()): Promise<Round> {
    const round: Round = { digests: 0, sent: 0, dropped: 0, failed: 0 };
    const { db } = this.database;
    const at = now.toISOString();
    for (const due of await repo.dueDigests(db, new Date(now.getTime() - DIGEST_AFTER_MS).toISOString())) {
      // Another process may bundle the same rows first: then this one's digest row rolls back.
      const bundled = await db
        .transaction()
        .execute(async (trx) => {
          if ((await repo.bundleDigest(trx, due.userId, due.kind, at)) === null) throw new BundledElsewhere();
          return true;
        })
        .catch((e: Error) => {
          if (e instanceof BundledElsewhere) return false;
          throw e;
        });
      if (bundled) round.digests++;
    }
    for (const row of await repo.duePending(db, at, this.options.batch ?? 50)) {
      if (!(await repo.claim(db, row, new Date(now.getTime() + LEASE_MS).toISOString()))) continue;
      const outcome = await this.deliver(row, now);
      round[outcome]++;
    }
    return round;
  }

  private async deliver(row: repo.OutboxRow, now: Date): Promise<'sent' | 'dropped' | 'failed'> {
    const { db } = this.database;
    try {
      const mail = await this.render(row);
      if (typeof mail === 'string') {
        await repo.markDropped(db, row.id, mail);
        return 'dropped';
      }
      await this.sender.send(mail);
      await repo.markSent(db, row.id, new Date().toISOString());
      return 'sent';
    } catch (e) {
      const failures = row.attempts + 1;
      const retryAt = failures >= MAX_ATTEMPTS ? null : new Date(now.getTime() + retryDelay(failures)).toISOString();
      const message = (e as Error).message ?? String(e);
      (this.options.log ?? console.error)(`mail ${row.id} to user ${row.userId} failed (try ${failures}): ${message}`);
      await repo.markAttemptFailed(db, row.id, message, retryAt);
      return 'failed';
    }
  }

  /** The mail for a row, or why there is none to send. */
  private async render(row: repo.OutboxRow) {
    const { db } = this.database;
    const to = await repo.recipient(db, row.userId);
    if (!to) return 'the reader has no e-mail address';
    const settings = (await repo.emailSettings(db, row.userId))?.settings ?? repo.DEFAULT_SETTINGS;
    if (!settings[row.kind]) return `the reader turned ${row.kind} off`;
    const digest = row.event === 'digest';
    const origin = this.options.origin;
    const mail = noticeMail({
      to: to.email,
      kind: row.kind,
      digest,
      details: await repo.noticeDetails(db, row.id, digest),
      origin,
      unsubscribeUrl: `${origin}/unsubscribe/${await unsubscribeToken(db, row.userId, row.kind)}`,
      settingsUrl: `${origin}/users/${encodeURIComponent(to.username)}/preferences/email`,
    });
    return mail ?? 'nothing it told still stands';
  }

  /** Closes the sender's connections (SMTP keeps a pool). */
  close(): void {
    this.sender.close?.();
  }
}
