// The settings of the mail the archive sends (where it goes, how it signs in, whom it is from),
// declared as config.ts declares every other setting and spread into its one list there. Nothing
// here reads the environment.
import { ConfigError, parseUrlSetting, setting } from './config-values.ts';

export const MAIL_SETTINGS = {
  mailDir: setting({
    variable: 'QUIRE_MAIL_DIR',
    kind: 'product',
    default: 'printed to the console',
    description:
      'outgoing mail (password resets, notices) when no SMTP server is set: each message is written to a file in this folder',
    parse: (raw) => raw || undefined,
    show: (dir) => dir ?? '(console)',
  }),
  smtpUrl: setting({
    variable: 'QUIRE_SMTP_URL',
    kind: 'product',
    secret: 'url-password',
    default: 'none: mail is printed or written to `QUIRE_MAIL_DIR`',
    description:
      'the SMTP server that sends mail, as one URL: `smtp://user:password@host:587` (STARTTLS when offered) or `smtps://…:465` (TLS from the start); beats the `QUIRE_SMTP_HOST` group',
    parse(raw, from): string | null {
      const value = raw?.trim();
      if (!value) return null;
      parseUrlSetting(value, from, ['smtp:', 'smtps:'], 'smtp://user:password@mail.example.org:587');
      return value;
    },
    show: (url) => url ?? '(none)',
  }),
  smtpHost: setting({
    variable: 'QUIRE_SMTP_HOST',
    kind: 'product',
    default: 'none',
    description: 'the SMTP server by name, when `QUIRE_SMTP_URL` is not set',
    parse: (raw) => raw?.trim() || null,
    show: (host) => host ?? '(none)',
  }),
  smtpPort: setting({
    variable: 'QUIRE_SMTP_PORT',
    kind: 'product',
    default: '`587` (`465` with `QUIRE_SMTP_SECURE=on`)',
    description: "the SMTP server's port",
    parse(raw, from): number | null {
      if (raw === undefined || raw.trim() === '') return null;
      const port = Number(raw);
      if (!Number.isInteger(port) || port < 1 || port > 65535)
        throw new ConfigError(`${from} must be a port number from 1 to 65535; got "${raw}"`);
      return port;
    },
    show: (port) => (port === null ? '(default)' : String(port)),
  }),
  smtpSecure: setting({
    variable: 'QUIRE_SMTP_SECURE',
    kind: 'product',
    default: '`off` (STARTTLS when the server offers it), `on` for port 465',
    description: '`on`: TLS from the first byte (port 465); `off`: plain connection upgraded by STARTTLS',
    parse(raw, from): boolean | null {
      const value = raw?.trim().toLowerCase();
      if (!value) return null;
      if (value === 'on' || value === 'true') return true;
      if (value === 'off' || value === 'false') return false;
      throw new ConfigError(`${from} must be "on" or "off"; got "${raw}"`);
    },
    show: (secure) => (secure === null ? '(by port)' : secure ? 'on' : 'off'),
  }),
  smtpUser: setting({
    variable: 'QUIRE_SMTP_USER',
    kind: 'product',
    default: 'none (no sign-in)',
    description: 'the SMTP sign-in name',
    parse: (raw) => raw || null,
    show: (user) => user ?? '(none)',
  }),
  smtpPassword: setting({
    variable: 'QUIRE_SMTP_PASSWORD',
    kind: 'product',
    secret: 'whole',
    default: 'none',
    description: 'the SMTP sign-in password',
    parse: (raw) => raw || undefined,
  }),
  mailFrom: setting({
    variable: 'QUIRE_MAIL_FROM',
    kind: 'product',
    default: '`Quire <no-reply@HOST>`, HOST from `QUIRE_PUBLIC_URL` (else `localhost`)',
    description: 'the From address of every mail the archive sends',
    parse(raw, from): string | null {
      const value = raw?.trim();
      if (!value) return null;
      if (!/^[^\r\n]*@[^\r\n@]+$/.test(value) || /[\r\n]/.test(value))
        throw new ConfigError(
          `${from} must be an address such as "Quire <no-reply@archive.example.org>"; got "${raw}"`,
        );
      return value;
    },
    show: (addr) => addr ?? '(default)',
  }),
} as const;
