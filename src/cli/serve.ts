// quire serve — the archive over HTTP.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Database } from '../db/database.ts';
import { buildServer, trustProxyFromEnvironment } from '../web/server.ts';
import { allowedMailHosts, configuredOrigin } from '../web/public-origin.ts';
import { countWorks } from '../works/works.service.ts';
import { importPaths, parseApplyAt, summarise } from '../works/import.service.ts';
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
  const port = Number(values.port ?? process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`quire serve: --port must be a number from 0 to 65535, not '${values.port}'`);
    return 2;
  }
  let publicOrigin: string | null;
  try {
    publicOrigin = configuredOrigin();
    trustProxyFromEnvironment();
    parseApplyAt(process.env.QUIRE_APPLY_SUGGESTIONS);
  } catch (e) {
    console.error(`quire serve: ${(e as Error).message}`);
    return 2;
  }
  const database = await openMigrated(values.database);
  if (values['with-examples'] && (await countWorks(database)) === 0) {
    const results = await importExamples(database, parseApplyAt(process.env.QUIRE_APPLY_SUGGESTIONS));
    console.log(`imported the sample works: ${summarise(results)}`);
  }
  const app = await buildServer(database, { logger: process.env.QUIRE_LOG !== 'off' });
  const close = async () => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
  const address = await app.listen({ port, host: values.host ?? process.env.HOST ?? '127.0.0.1' });
  console.log(`Quire is serving ${database.label} at ${address}`);
  if (!publicOrigin) {
    console.log(
      `No public address is set: password-reset e-mails go out only to requests for ${allowedMailHosts().join(', ')}. Set QUIRE_PUBLIC_URL for an archive others reach.`,
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
