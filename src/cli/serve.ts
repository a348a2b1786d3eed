// quire serve — the archive over HTTP.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { configErrors, readSetting } from '../config.ts';
import type { Database } from '../db/database.ts';
import { buildServer } from '../web/server.ts';
import { mailSenderFromSettings, SmtpMailSender } from '../accounts/mail.ts';
import { Mailer } from '../notices/mailer.ts';
import { startRevealing } from '../collections/reveals.ts';
import { backgroundOrigin } from '../web/public-origin.ts';
import { countWorks } from '../works/works.service.ts';
import { importPaths, summarise } from '../works/import.service.ts';
import { TextWorkers } from '../works/text-worker.ts';
import { DATABASE_HELP, DATABASE_OPTION, openMigrated } from './database-option.ts';

const EXAMPLES_DIR = fileURLToPath(new URL('../../examples/', import.meta.url));

const HELP = `usage: quire serve [--port N] [--host ADDR] [--database URL] [--with-examples]

Serves the archive: pages at /, the JSON API at /api/v1/.

  --port N         port to listen on (default: $PORT, else 3000)
  --host ADDR      address to bind (default: $HOST, else 127.0.0.1)
${DATABASE_HELP}
  --with-examples  on an empty database, first import the sample works in examples/`;

/** The sample works in examples/, imported as an archivist's import would: sure tags applied. */
export async function importExamples(database: Database, applySuggestionsAt: number | null) {
  const text = new TextWorkers({ size: 1 });
  return importPaths(database, [EXAMPLES_DIR], {
    read: (b, f) => text.parse(b, f),
    suggest: (p) => text.suggest(p),
    applySuggestionsAt,
  }).finally(() => text.close());
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...DATABASE_OPTION,
      port: { type: 'string' },
      host: { type: 'string' },
      'with-examples': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  // Every setting is checked before anything starts: a bad value stops the server here, named,
  // rather than failing the first request that reads it.
  const flags = { port: values.port, host: values.host, database: values.database };
  const errors = configErrors({ flags });
  if (errors.length > 0) {
    for (const e of errors) console.error(`quire serve: ${e}`);
    return 2;
  }
  const port = readSetting('port', { flag: values.port });
  const publicOrigin = readSetting('publicUrl');
  const database = await openMigrated(values.database);
  if (values['with-examples'] && (await countWorks(database)) === 0) {
    const results = await importExamples(database, readSetting('applySuggestions'));
    console.log(`imported the sample works: ${summarise(results)}`);
  }
  const mail = mailSenderFromSettings();
  const app = await buildServer(database, { logger: readSetting('log'), mail });
  let mailer: Mailer | null = null;
  let reveals: { stop(): Promise<void> } | null = null;
  // Runs once new requests get 503 and just before the listening socket closes.
  app.addHook('preClose', async () => {
    console.log('quire serve: stopping: no new requests; finishing those under way');
  });
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`quire serve: ${signal} again: stopping without waiting`);
      process.exit(1);
    }
    stopping = true;
    try {
      // Fastify's close waits for the requests under way, the mailer for the mail it is sending;
      // the database closes only after both.
      await app.close();
      await mailer?.stop();
      await reveals?.stop();
      await database.close();
      console.log('quire serve: stopped');
      process.exit(0);
    } catch (e) {
      console.error(`quire serve: stopping failed: ${(e as Error).message}`);
      process.exit(1);
    }
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const address = await app.listen({ port, host: readSetting('host', { flag: values.host }) });
  console.log(`Quire is serving ${database.label} at ${address}`);
  // Notices by e-mail leave from the outbox in this process, never inside a request.
  mailer = new Mailer(database, mail, { origin: backgroundOrigin(address) });
  mailer.start();
  // Collections reveal their works and creators on time, whether or not anyone visits.
  reveals = startRevealing(database, { log: (m) => console.log(`quire serve: ${m}`) });
  console.log(
    mail instanceof SmtpMailSender
      ? 'Mail goes out through the SMTP server that is set.'
      : 'No SMTP server is set: mail is printed here (or written to QUIRE_MAIL_DIR).',
  );
  if (!publicOrigin) {
    console.log(
      `No public address is set: password-reset e-mails go out only to requests for ${readSetting('allowedHosts').join(', ')}. Set QUIRE_PUBLIC_URL for an archive others reach.`,
    );
  }
  // Started now rather than by the first search that splits its ranking across them.
  database.readers
    ?.start()
    .catch((e: Error) =>
      console.error(`quire serve: the read workers did not start (searches rank on one connection): ${e.message}`),
    );
  // Keep running until a signal arrives.
  return new Promise<number>(() => {});
}
