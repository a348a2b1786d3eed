// Outgoing mail behind one small interface. The default writes each message to the console (and,
// with QUIRE_MAIL_DIR set, to a file there), so a single-machine archive needs no mail server; a
// deployment plugs in an SMTP or API sender by implementing MailSender.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSetting } from '../config.ts';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface MailSender {
  send(mail: Mail): Promise<void>;
}

export class ConsoleMailSender implements MailSender {
  constructor(private readonly dir = readSetting('mailDir')) {}

  async send(mail: Mail): Promise<void> {
    const message = `To: ${mail.to}\nSubject: ${mail.subject}\n\n${mail.text}\n`;
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
