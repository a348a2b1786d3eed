// A real SMTP server for tests (smtp-server on an ephemeral loopback port): what the archive's
// SMTP sender delivers arrives here, parsed by mailparser, for the test to read.
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { SmtpMailSender } from '../accounts/mail.ts';

export interface ReceivedMail {
  /** The envelope's recipients. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  /** Header values by lower-case name, unfolded. */
  headers: Map<string, string>;
}

export interface TestSmtp {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** A sender through this server, as the archive makes one from its settings. */
  sender(): SmtpMailSender;
  /** Waits until `n` mails in all have arrived (the server parses each after the client is done). */
  arrived(n: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const waiting: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'test' });
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            // As sent: mailparser folds some headers (List-*) into structures of its own.
            headers: new Map(
              parsed.headerLines.map((h) => [
                h.key.toLowerCase(),
                h.line
                  .slice(h.line.indexOf(':') + 1)
                  .replace(/\r?\n[ \t]+/g, ' ')
                  .trim(),
              ]),
            ),
          });
          for (const wake of waiting.splice(0)) wake();
          callback();
        })
        .catch((e: Error) => callback(e));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const senders: SmtpMailSender[] = [];
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    sender() {
      const s = new SmtpMailSender({
        host: '127.0.0.1',
        port,
        secure: false,
        from: 'Quire <no-reply@archive.example>',
      });
      senders.push(s);
      return s;
    },
    async arrived(n) {
      while (received.length < n) await new Promise<void>((resolve) => waiting.push(resolve));
      return received;
    },
    async close() {
      for (const s of senders) s.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
