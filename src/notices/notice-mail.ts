// A notice as a mail: a plain-text part, an HTML part (through markup/html.ts, so every title,
// name and comment excerpt is escaped), a link to the thread, and RFC 8058 one-click
// unsubscribe headers. Pure: the mailer hands it what the notice tells, read at sending time.
import type { Mail } from '../accounts/mail.ts';
import { excerpt } from '../community/user-text.ts';
import { html, type SafeHtml } from '../markup/html.ts';
import type { NoticeDetail, NoticeKind } from './outbox.repo.ts';

export interface NoticeMailInput {
  to: string;
  kind: NoticeKind;
  /** One notice, or the notices a daily digest bundles. */
  digest: boolean;
  details: NoticeDetail[];
  origin: string;
  unsubscribeUrl: string;
  settingsUrl: string;
}

const EXCERPT_CHARS = 400;

/** What still stands: the work is findable, the comment visible (held ones reach the creators). */
export function stillTrue(d: NoticeDetail): boolean {
  if (!d.workVisible || d.workTitle === null) return false;
  switch (d.event) {
    case 'comment':
      return d.commentHtml !== null && (d.commentStatus === 'visible' || d.commentStatus === 'pending');
    case 'reply':
      return d.commentHtml !== null && d.commentStatus === 'visible';
    case 'new_chapter':
      return d.chapterPosition !== null;
    case 'series_work':
      return d.seriesTitle !== null;
    default:
      return true;
  }
}

interface Part {
  text: string;
  html: SafeHtml;
}

const quoted = (title: string | null) => `“${title ?? ''}”`;

function workUrl(origin: string, d: NoticeDetail): string {
  return `${origin}/works/${d.workId}`;
}

function threadUrl(origin: string, d: NoticeDetail): string {
  return `${origin}/works/${d.workId}/comments#comment-${d.commentId ?? 0}`;
}

function chapterName(d: NoticeDetail): string {
  return `Chapter ${d.chapterPosition ?? ''}${d.chapterTitle ? `: ${d.chapterTitle}` : ''}`;
}

/** One notice's line (subject-like) and body, in both forms. */
function item(origin: string, d: NoticeDetail): { line: string; part: Part } {
  const title = quoted(d.workTitle);
  switch (d.event) {
    case 'comment':
    case 'reply': {
      const who = d.commenter ?? 'Someone';
      const line =
        d.event === 'comment' ? `${who} commented on ${title}` : `${who} replied to your comment on ${title}`;
      const words = excerpt(d.commentHtml ?? '', EXCERPT_CHARS);
      const link = threadUrl(origin, d);
      const held = d.commentStatus === 'pending' ? ' (waiting for your approval)' : '';
      return {
        line,
        part: {
          text: `${line}${held}:\n\n  ${words}\n\nRead and reply: ${link}`,
          html: html`<p>${line}${held}:</p><blockquote>${words}</blockquote><p><a href="${link}">Read and reply</a></p>`,
        },
      };
    }
    case 'new_work': {
      const line = `New work: ${title}`;
      const link = workUrl(origin, d);
      return { line, part: { text: `${line}\n${link}`, html: html`<p><a href="${link}">${line}</a></p>` } };
    }
    case 'new_chapter': {
      const line = `New chapter of ${title}: ${chapterName(d)}`;
      const link = `${origin}/works/${d.workId}/chapters/${d.chapterPosition ?? 1}`;
      return { line, part: { text: `${line}\n${link}`, html: html`<p><a href="${link}">${line}</a></p>` } };
    }
    case 'series_work': {
      const line = `${title} joined the series ${quoted(d.seriesTitle)}`;
      const link = workUrl(origin, d);
      return { line, part: { text: `${line}\n${link}`, html: html`<p><a href="${link}">${line}</a></p>` } };
    }
    case 'gift': {
      // Never the giver's name: the work may be anonymous, and the work page names its creators.
      const line = `A gift for you: ${title}`;
      const link = workUrl(origin, d);
      return { line, part: { text: `${line}\n${link}`, html: html`<p><a href="${link}">${line}</a></p>` } };
    }
    case 'prompt_fill': {
      // Never the filler's name, as for a gift; nor the prompt's, which its prompter knows.
      const line = `A work fills your prompt: ${title}`;
      const link = workUrl(origin, d);
      return { line, part: { text: `${line}\n${link}`, html: html`<p><a href="${link}">${line}</a></p>` } };
    }
    case 'kudos': {
      const line = `${d.actorName ?? 'A guest'} left kudos on ${title}`;
      const link = workUrl(origin, d);
      return { line, part: { text: `${line}\n${link}`, html: html`<p><a href="${link}">${line}</a></p>` } };
    }
  }
}

/** "3 people left kudos on “W”": per work, who gave, guests counted. */
function kudosParts(origin: string, details: NoticeDetail[]): { lines: string[]; parts: Part[] } {
  const byWork = new Map<number, NoticeDetail[]>();
  for (const d of details) byWork.set(d.workId, [...(byWork.get(d.workId) ?? []), d]);
  const lines: string[] = [];
  const parts: Part[] = [];
  for (const group of byWork.values()) {
    const first = group[0]!;
    const n = group.length;
    const line = `${n} ${n === 1 ? 'person' : 'people'} left kudos on ${quoted(first.workTitle)}`;
    const names = group.flatMap((d) => (d.actorName ? [d.actorName] : []));
    const guests = n - names.length;
    const who = [...names, ...(guests > 0 ? [`${guests} ${guests === 1 ? 'guest' : 'guests'}`] : [])].join(', ');
    const link = workUrl(origin, first);
    lines.push(line);
    parts.push({
      text: `${line}: ${who}\n${link}`,
      html: html`<p><a href="${link}">${line}</a>: ${who}</p>`,
    });
  }
  return { lines, parts };
}

const DIGEST_SUBJECTS: Record<NoticeKind, (n: number) => string> = {
  comments: (n) => `${n} new ${n === 1 ? 'comment' : 'comments'} on your works today`,
  replies: (n) => `${n} ${n === 1 ? 'reply' : 'replies'} to your comments today`,
  subscriptions: (n) => `${n} ${n === 1 ? 'update' : 'updates'} from your subscriptions today`,
  kudos: (n) => `Kudos on ${n} of your works today`,
};

/** The mail for these notices, or null when nothing they told still stands. */
export function noticeMail(input: NoticeMailInput): Mail | null {
  const live = input.details.filter(stillTrue);
  if (live.length === 0) return null;
  let subject: string;
  let parts: Part[];
  if (input.kind === 'kudos') {
    const k = kudosParts(input.origin, live);
    subject = k.lines.length === 1 ? k.lines[0]! : DIGEST_SUBJECTS.kudos(k.lines.length);
    parts = k.parts;
  } else {
    const items = live.map((d) => item(input.origin, d));
    subject = !input.digest && items.length === 1 ? items[0]!.line : DIGEST_SUBJECTS[input.kind](items.length);
    parts = items.map((i) => i.part);
  }
  const footer = `You get this mail because ${input.kind === 'kudos' || input.digest ? 'of the daily digest' : 'of your e-mail settings'}. Turn these mails off: ${input.unsubscribeUrl}\nAll your e-mail settings: ${input.settingsUrl}`;
  const text = `${parts.map((p) => p.text).join('\n\n----\n\n')}\n\n-- \n${footer}\n`;
  const body = html`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${subject}</title></head>
<body>
${parts.map((p) => html`<div>${p.html}</div><hr>`)}
<p style="color:#666;font-size:small">You get this mail because ${input.kind === 'kudos' || input.digest ? 'of the daily digest' : 'of your e-mail settings'}.
<a href="${input.unsubscribeUrl}">Turn these mails off</a> · <a href="${input.settingsUrl}">All your e-mail settings</a></p>
</body></html>`;
  return {
    to: input.to,
    subject: subject.replace(/[\r\n]+/g, ' '),
    text,
    html: body.value,
    headers: {
      'List-Unsubscribe': `<${input.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}
