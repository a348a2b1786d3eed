// quire worker — runs background jobs in a process of its own: mail, re-analysis, downloads
// built ahead. Any number may run beside `quire serve` on one database; with QUIRE_JOBS=off the
// serving processes leave every job to them.
import { parseArgs } from 'node:util';
import { mailSenderFromSettings } from '../accounts/mail.ts';
import { configErrors, readSetting } from '../config.ts';
import { startProcessJobs } from '../jobs/process-jobs.ts';
import { stopJobQueue } from '../jobs/queue.ts';
import { backgroundOrigin } from '../web/public-origin.ts';
import { DATABASE_HELP, DATABASE_OPTION, openMigrated } from './database-option.ts';

const HELP = `usage: quire worker [--database URL]

Runs the archive's background jobs until stopped (SIGTERM or SIGINT: the jobs under way finish,
or go back to the queue if they take longer than 20 seconds).

${DATABASE_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...DATABASE_OPTION, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const errors = configErrors({ flags: { database: values.database } });
  if (errors.length > 0) {
    for (const e of errors) console.error(`quire worker: ${e}`);
    return 2;
  }
  const database = await openMigrated(values.database);
  // Links in mail: the public address, else where `quire serve` listens by the settings.
  const origin = backgroundOrigin(`http://${readSetting('host')}:${readSetting('port') || 3000}`);
  const jobs = await startProcessJobs(database, {
    mail: mailSenderFromSettings(),
    origin,
    processName: `worker ${process.pid}`,
  });
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`quire worker: ${signal} again: stopping without waiting`);
      process.exit(1);
    }
    stopping = true;
    console.log('quire worker: stopping: no new jobs; finishing those under way');
    try {
      const { finished, released } = await jobs.stop();
      await stopJobQueue(database);
      await database.close();
      console.log(`quire worker: stopped: ${finished} finished, ${released} handed back to the queue`);
      process.exit(0);
    } catch (e) {
      console.error(`quire worker: stopping failed: ${(e as Error).message}`);
      process.exit(1);
    }
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log(`quire worker: running jobs on ${database.label}`);
  return new Promise<number>(() => {});
}
