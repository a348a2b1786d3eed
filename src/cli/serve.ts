// quire serve — the archive over HTTP.
import cluster from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { configErrors, readSetting } from '../config.ts';
import { type Database, openDatabase, resolveDatabaseUrl } from '../db/database.ts';
import { schemaState } from '../db/migrations.ts';
import { buildServer } from '../web/server.ts';
import { mailSenderFromSettings, SmtpMailSender } from '../accounts/mail.ts';
import { startProcessJobs, type ProcessJobs } from '../jobs/process-jobs.ts';
import { stopJobQueue } from '../jobs/queue.ts';
import { backgroundOrigin } from '../web/public-origin.ts';
import { countWorks } from '../works/works.service.ts';
import { importPaths, summarise } from '../works/import.service.ts';
import { TextWorkers } from '../works/text-worker.ts';
import { DATABASE_HELP, DATABASE_OPTION, openMigrated } from './database-option.ts';
import { servePrimary } from './serve-cluster.ts';

const EXAMPLES_DIR = fileURLToPath(new URL('../../examples/', import.meta.url));

const HELP = `usage: quire serve [--port N] [--host ADDR] [--processes N] [--database URL] [--with-examples]

Serves the archive: pages at /, the JSON API at /api/v1/.

  --port N         port to listen on (default: $PORT, else 3000)
  --host ADDR      address to bind (default: $HOST, else 127.0.0.1)
  --processes N    web processes sharing the port (default: $QUIRE_PROCESSES, else 1; 0: one per core);
                   migrations run once before they start, and one that dies is replaced
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
      processes: { type: 'string' },
      'with-examples': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  // A worker of `--processes N`: the primary checked the settings and migrated the database.
  if (cluster.isWorker) return serve(values, { worker: true });
  // Every setting is checked before anything starts: a bad value stops the server here, named,
  // rather than failing the first request that reads it.
  const flags = { port: values.port, host: values.host, processes: values.processes, database: values.database };
  const errors = configErrors({ flags });
  if (errors.length > 0) {
    for (const e of errors) console.error(`quire serve: ${e}`);
    return 2;
  }
  const processes = readSetting('processes', { flag: values.processes });
  if (processes === 1) return serve(values, { worker: false });
  return servePrimary(processes, async () => {
    const database = await openMigrated(values.database);
    try {
      await prepare(database, values['with-examples'] ?? false);
      return database.label;
    } finally {
      await database.close();
    }
  });
}

/** What happens once, before any process serves: the sample works, and what the operator should know. */
async function prepare(database: Database, withExamples: boolean): Promise<void> {
  if (withExamples && (await countWorks(database)) === 0) {
    const results = await importExamples(database, readSetting('applySuggestions'));
    console.log(`imported the sample works: ${summarise(results)}`);
  }
  console.log(
    mailSenderFromSettings() instanceof SmtpMailSender
      ? 'Mail goes out through the SMTP server that is set.'
      : 'No SMTP server is set: mail is printed here (or written to QUIRE_MAIL_DIR).',
  );
  if (!readSetting('publicUrl')) {
    console.log(
      `No public address is set: password-reset e-mails go out only to requests for ${readSetting('allowedHosts').join(', ')}. Set QUIRE_PUBLIC_URL for an archive others reach.`,
    );
  }
}

/** One serving process: alone, or one of the workers of `--processes N`. */
async function serve(
  values: { port?: string; host?: string; database?: string; 'with-examples'?: boolean },
  { worker }: { worker: boolean },
): Promise<number> {
  const port = readSetting('port', { flag: values.port });
  let database: Database;
  if (worker) {
    // Migrations ran in the primary; a worker only checks that it got the schema it knows.
    database = await openDatabase(resolveDatabaseUrl(values.database));
    const state = await schemaState(database.db);
    if (state !== 'current') {
      console.error(`quire serve: process ${process.pid}: the database schema is ${state}, not current`);
      await database.close();
      // The channel to the primary would keep the process alive.
      process.exit(1);
    }
  } else {
    database = await openMigrated(values.database);
    await prepare(database, values['with-examples'] ?? false);
  }
  const mail = mailSenderFromSettings();
  const app = await buildServer(database, { logger: readSetting('log'), mail });
  let jobs: ProcessJobs | null = null;
  // Runs once new requests get 503 and just before the listening socket closes.
  app.addHook('preClose', async () => {
    console.log(
      `quire serve: ${worker ? `process ${process.pid} ` : ''}stopping: no new requests; finishing those under way`,
    );
  });
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      // A worker may hear SIGTERM twice (from the primary and from a supervisor that signals the
      // whole group); the primary, not a worker, decides to stop without waiting.
      if (worker) return;
      console.error(`quire serve: ${signal} again: stopping without waiting`);
      process.exit(1);
    }
    stopping = true;
    try {
      // Fastify's close waits for the requests under way, the job runner for the jobs it is
      // running (those that outlast its wait go back to the queue); the database closes only after both.
      await app.close();
      if (jobs) {
        const { finished, released } = await jobs.stop();
        console.log(`quire serve: jobs stopped: ${finished} finished, ${released} handed back to the queue`);
      } else mail.close?.();
      await stopJobQueue(database);
      await database.close();
      console.log(`quire serve: ${worker ? `process ${process.pid} ` : ''}stopped`);
      process.exit(0);
    } catch (e) {
      console.error(`quire serve: stopping failed: ${(e as Error).message}`);
      process.exit(1);
    }
  };
  process.on('SIGTERM', stop);
  // A terminal's Ctrl-C reaches every process of the group: a worker leaves it to the primary,
  // which passes it on as SIGTERM, so that it is not taken for a second signal.
  process.on('SIGINT', worker ? () => {} : stop);
  const address = await app.listen({ port, host: readSetting('host', { flag: values.host }) });
  console.log(
    worker
      ? `quire serve: process ${process.pid} is serving at ${address}`
      : `Quire is serving ${database.label} at ${address}`,
  );
  // Background jobs (notices by e-mail among them) run in this process unless QUIRE_JOBS=off
  // leaves them to `quire worker`; never inside a request. Claims are exclusive, so every process
  // of --processes N may run them.
  if (readSetting('jobs') === 'serve') {
    jobs = await startProcessJobs(database, {
      mail,
      origin: backgroundOrigin(address),
      processName: `serve ${process.pid}`,
    });
    if (!worker) console.log('quire serve: running jobs here too (QUIRE_JOBS=off leaves them to quire worker)');
  } else if (!worker) console.log('quire serve: not running jobs (QUIRE_JOBS=off): quire worker runs them');
  // Started now rather than by the first search that splits its ranking across them.
  database.readers
    ?.start()
    .catch((e: Error) =>
      console.error(`quire serve: the read workers did not start (searches rank on one connection): ${e.message}`),
    );
  // Keep running until a signal arrives.
  return new Promise<number>(() => {});
}
