// A gift-exchange assignment as a mail to its writer: who they write for, in which exchange, by
// when, and the recipient's requests, in plain text and escaped HTML. Pure: the job
// `exchanges.assignment-mail` reads what it tells and sends it. The writer's own task, so it is
// sent whatever their notice settings (like a password reset), and it names no other writer.
import type { Mail } from '../accounts/mail.ts';
import { html } from '../markup/html.ts';

export interface AssignmentMailInput {
  to: string;
  writer: string;
  exchangeTitle: string;
  recipient: string;
  pinchHit: boolean;
  /** A reminder that the assignment is due soon, sent once before the due date. */
  reminder?: boolean;
  /** ISO time, or null when the moderators set none. */
  dueAt: string | null;
  /** Each request as lines: "Fandom: X", "Characters: Y", the description, the URL. */
  requests: string[][];
  /** The writer's assignments page. */
  link: string;
}

export function assignmentMail(input: AssignmentMailInput): Mail {
  const what = input.pinchHit ? 'a pinch hit' : 'your assignment';
  const subject = `${input.reminder ? 'Reminder: ' : ''}${input.exchangeTitle}: ${what} for ${input.recipient}`.replace(
    /[\r\n]+/g,
    ' ',
  );
  const due = input.dueAt ? `Due ${input.dueAt.slice(0, 16).replace('T', ' ')} UTC.` : '';
  const intro = input.reminder
    ? `Hello ${input.writer}, a reminder: your gift for ${input.recipient} in ${input.exchangeTitle} is not posted yet. ${due}`.trim()
    : `Hello ${input.writer}, you are writing for ${input.recipient} in ${input.exchangeTitle}. ${due}`.trim();
  const text = [
    intro,
    ...input.requests.map((lines, i) => `Request ${i + 1}:\n${lines.map((l) => `  ${l}`).join('\n')}`),
    `Your assignments, and the form that posts your gift: ${input.link}`,
  ].join('\n\n');
  const body = html`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${subject}</title></head>
<body>
<p>${intro}</p>
${input.requests.map((lines, i) => html`<h2>Request ${i + 1}</h2><ul>${lines.map((l) => html`<li>${l}</li>`)}</ul>`)}
<p><a href="${input.link}">Your assignments, and the form that posts your gift</a></p>
</body></html>`;
  return { to: input.to, subject, text: `${text}\n`, html: body.value };
}
