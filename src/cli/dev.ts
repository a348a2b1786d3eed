// quire dev — developer tools. `quire dev corpus` fills a database with synthetic AO3-like works
// for measuring search at archive scale (see src/dev/corpus.ts for the distributions).
import { parseArgs } from 'node:util';
import { loadCanon } from '../analysis/canon.ts';
import { CorpusGenerator } from '../dev/corpus.ts';
import { countWorks, databaseBytes, deleteArchiveContent, loadCorpus, type LoadProgress } from '../dev/corpus.repo.ts';
import { DATABASE_HELP, DATABASE_OPTION, openMigrated } from './database-option.ts';

const HELP = `usage: quire dev corpus --works N [--seed S] [--body-words W] [--database URL] [--append | --replace]

Fills the database with N synthetic works shaped like AO3's (fandoms, ratings, warnings, tags,
word counts, dates, kudos and hits), with their search filters and full-text index. The same
seed gives the same works. Meant for benchmarks and trying search at scale, never for a real
archive: it refuses a database that already has works unless told what to do with them.

  --works N        how many works to generate (required)
  --seed S         any text; the same seed gives the same corpus (default: 1)
  --body-words W   words of story text stored per work (default: 150; the claimed word count is separate)
${DATABASE_HELP}
  --append         add to the works already there (continuing the same seed's sequence)
  --replace        delete everything in the database first (accounts, works, tags), then load`;

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h' || sub === 'help') {
    console.log(HELP);
    return sub ? 0 : 2;
  }
  if (sub !== 'corpus') {
    console.error(`quire dev: unknown tool '${sub}'\n\n${HELP}`);
    return 2;
  }
  return corpus(rest);
}

async function corpus(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...DATABASE_OPTION,
      works: { type: 'string' },
      seed: { type: 'string', default: '1' },
      'body-words': { type: 'string', default: '150' },
      append: { type: 'boolean' },
      replace: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const works = Number(values.works);
  const bodyWords = Number(values['body-words']);
  if (!values.works || !Number.isSafeInteger(works) || works < 1) {
    console.error(
      `quire dev corpus: --works must be a whole number of at least 1${values.works ? `, not '${values.works}'` : ''}\n\n${HELP}`,
    );
    return 2;
  }
  if (!Number.isSafeInteger(bodyWords) || bodyWords < 1 || bodyWords > 100_000) {
    console.error(
      `quire dev corpus: --body-words must be a whole number from 1 to 100000, not '${values['body-words']}'`,
    );
    return 2;
  }
  if (values.append && values.replace) {
    console.error('quire dev corpus: choose one of --append and --replace');
    return 2;
  }

  const database = await openMigrated(values.database);
  try {
    const existing = await countWorks(database.db);
    if (existing > 0 && !values.append && !values.replace) {
      console.error(
        `quire dev corpus: ${database.label} already has ${existing} works. Generated works are not for a real archive:\n` +
          '  --append   adds to them (for a database that holds a corpus already)\n' +
          '  --replace  deletes EVERYTHING in it first (accounts, works, tags), then loads',
      );
      return 1;
    }
    const started = performance.now();
    if (values.replace && existing > 0) {
      console.error(`deleting everything in ${database.label}...`);
      await deleteArchiveContent(database);
    }
    const from = values.append ? existing : 0;
    const generator = new CorpusGenerator(loadCanon(), { works: from + works, seed: values.seed, bodyWords });
    const show = progress(started);
    const result = await loadCorpus(database, generator, { from, count: works }, { onProgress: show.update });
    show.clear();
    const seconds = (performance.now() - started) / 1000;
    const mb = (await databaseBytes(database)) / 1_048_576;
    const phases = result.phases.map(([name, s]) => `${name} ${s.toFixed(1)}s`).join(', ');
    console.log(
      `corpus: ${result.works} works (seed ${values.seed}), ${result.tags} new tags, ${result.taggings} taggings, ${result.pseuds} creators ` +
        `in ${seconds.toFixed(1)} s (${phases}); ${database.label} is ${mb.toFixed(0)} MB`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

/** works/s on a terminal's stderr; silent in pipes and logs. */
function progress(
  started: number,
  stream: NodeJS.WriteStream = process.stderr,
): { update(p: LoadProgress): void; clear(): void } {
  if (!stream.isTTY) return { update() {}, clear() {} };
  let shown = false;
  return {
    update(p) {
      const seconds = (performance.now() - started) / 1000;
      const line =
        p.phase === 'works'
          ? `works ${p.done}/${p.total}  ${Math.round(p.done / Math.max(seconds, 0.001))} works/s  ${seconds.toFixed(0)} s`
          : `${p.phase}...  ${seconds.toFixed(0)} s`;
      stream.write(`\r\x1b[2K${line}`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
