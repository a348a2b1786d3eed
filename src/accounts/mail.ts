// Outgoing mail behind one small interface. With an SMTP server configured (QUIRE_SMTP_URL, or
// QUIRE_SMTP_HOST and its group) mail goes out through nodemailer; without one, each message is
// written to the console (and, with QUIRE_MAIL_DIR set, to a file there), so a single-machine
// archive needs no mail server. Tests keep mail in memory, or run a real SMTP server.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { readSetting } from '../config.ts';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** An HTML alternative to `text`, already escaped. */
  html?: string;
  /** Extra headers, such as List-Unsubscribe; names and values never carry line breaks. */
  headers?: Record<string, string>;
}

export interface MailSender {
  send(mail: Mail): Promise<void>;
  /** Lets go of connections; a sender without any need not have it. */
  close?(): void;
}

export class ConsoleMailSender implements MailSender {
  constructor(private readonly dir = readSetting('mailDir')) {}

  async send(mail: Mail): Promise<void> {
    const headers = Object.entries(mail.headers ?? {}).map(([k, v]) => `${k}: ${v}\n`);
    const message = `To: ${mail.to}\nSubject: ${mail.subject}\n${headers.join('')}\n${mail.text}\n`;
    if (this.dir) {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(join(this.dir, `${Date.now()}-${Math.random().toString(36).slice(2)}.eml`), message);
    } else {
      process.stderr.write(`--- mail ---\n${message}--- end of mail ---\n`);
    }
  }
}

/** Keeps messages in memory: for tests. */
export class MemoryMailSender implements MailSender {
  readonly sent: Mail[] = [];
  async send(mail: Mail): Promise<void> {
    this.sent.push(mail);
  }
}

export interface SmtpOptions {
  /** `smtp://` or `smtps://` URL; or host and port with the rest. */
  url?: string;
  host?: string;
  port?: number;
  secure?: boolean;
  user?: string | null;
  password?: string;
  from: string;
  /** Accept a server's self-signed certificate (tests only). */
  allowSelfSigned?: boolean;
}

/** Sends through an SMTP server, keeping a few connections open between messages. */
export class SmtpMailSender implements MailSender {
  private readonly transport: Transporter;
  constructor(private readonly options: SmtpOptions) {
    const tls = options.allowSelfSigned ? { rejectUnauthorized: false } : undefined;
    this.transport = options.url
      ? nodemailer.createTransport({ url: options.url, pool: true, ...(tls ? { tls } : {}) })
      : nodemailer.createTransport({
          pool: true,
          host: options.host,
          port: options.port ?? (options.secure ? 465 : 587),
          secure: options.secure ?? options.port === 465,
          ...(options.user ? { auth: { user: options.user, pass: options.password ?? '' } } : {}),
          ...(tls ? { tls } : {}),
        });
  }

  async send(mail: Mail): Promise<void> {
    await this.transport.sendMail({
      from: this.options.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      ...(mail.html ? { html: mail.html } : {}),
      ...(mail.headers ? { headers: mail.headers } : {}),
    });
  }

  close(): void {
    this.transport.close();
  }
}

/** The From address: configured, else no-reply at the public address' host. */
export function mailFrom(): string {
  const configured = readSetting('mailFrom');
  if (configured) return configured;
  const origin = readSetting('publicUrl');
  return `Quire <no-reply@${origin ? new URL(origin).hostname : 'localhost'}>`;
}

/** The SMTP settings, or null when none are set (mail is then printed or written to files). */
export function smtpOptionsFromSettings(): SmtpOptions | null {
  const url = readSetting('smtpUrl');
  const host = readSetting('smtpHost');
  if (!url && !host) return null;
  if (url) return { url, from: mailFrom() };
  return {
    host: host!,
    port: readSetting('smtpPort') ?? undefined,
    secure: readSetting('smtpSecure') ?? undefined,
    user: readSetting('smtpUser'),
    password: readSetting('smtpPassword'),
    from: mailFrom(),
  };
}

/** What the settings ask for: SMTP when a server is named, else the console (or QUIRE_MAIL_DIR). */
export function mailSenderFromSettings(): MailSender {
  const smtp = smtpOptionsFromSettings();
  return smtp ? new SmtpMailSender(smtp) : new ConsoleMailSender();
}
