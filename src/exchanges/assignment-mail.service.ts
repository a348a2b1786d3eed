// The job `exchanges.assignment-mail`: one sent assignment told to its writer, or recalled to
// them as its due date nears. Read when it runs,
// so a purged or reassigned assignment, or a writer without an address, sends nothing.
import type { MailSender } from '../accounts/mail.ts';
import * as collections from '../collections/collections.repo.ts';
import type { Database } from '../db/database.ts';
import { assignmentMail } from '../notices/assignment-mail.ts';
import { recipient } from '../notices/outbox.repo.ts';
import { promptLines } from './exchange-form.ts';
import * as repo from './exchanges.repo.ts';
import { readSignup } from './exchanges.service.ts';

export async function sendAssignmentMail(
  database: Database,
  sender: MailSender,
  origin: string,
  assignmentId: number,
  reminder = false,
): Promise<boolean> {
  const { db } = database;
  const a = await repo.assignmentById(db, assignmentId);
  if (!a || a.giverId === null || !a.sentAt || a.fulfilledAt || a.defaultedAt) return false;
  const [to, c, x, s] = await Promise.all([
    recipient(db, a.giverId),
    collections.collectionById(db, a.collectionId),
    repo.exchangeOf(db, a.collectionId),
    repo.signupById(db, a.recipientSignupId),
  ]);
  if (!to || !c || !x || !s) return false;
  await sender.send(
    assignmentMail({
      to: to.email,
      writer: to.username,
      exchangeTitle: c.title,
      recipient: a.recipient,
      pinchHit: a.pinchHit,
      reminder,
      dueAt: x.assignments_due_at,
      requests: readSignup(s).requests.map(promptLines),
      link: `${origin}/users/${encodeURIComponent(to.username)}/assignments`,
    }),
  );
  return true;
}
