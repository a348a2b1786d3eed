// quire search QUERY — the same search as the web page, from the terminal.
import { parseArgs } from 'node:util';
import { describeQuery, groupDigits } from '../search/query.ts';
import { parseQuery } from '../search/query-parser.ts';
import { searchWorks } from '../search/search.service.ts';
import { blurbJson } from '../works/works.json.ts';
import { DATABASE_HELP, DATABASE_OPTION, openMigrated } from './database-option.ts';

const HELP = `usage: quire search QUERY... [--json] [--limit N] [--after CURSOR]

Searches works with the query language of the search box: words, "phrases", -exclusions,
fandom:"Name", character:, relationship:, tag:, -tag:, fandom:(A | B), rating:explicit,
words>1000, kudos>10, posted>2024-01-01, updated:30d, lang:es, complete:true, crossover:only,
creator:name, sort:kudos (or title, creator, posted, updated, words, hits, comments, bookmarks).

  --json           print the page as JSON (as /api/v1/works/search does)
  --limit N        works per page (1-100, default 20)
  --after CURSOR   the page after this cursor (printed at the end of a page)
${DATABASE_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...DATABASE_OPTION,
      json: { type: 'boolean' },
      limit: { type: 'string' },
      after: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const { query, errors } = parseQuery(positionals.join(' '));
  for (const e of errors) console.error(`${e.severity}: ${e.message} (at ${e.start}-${e.end})`);
  if (errors.some((e) => e.severity === 'error')) return 2;
  if (values.limit !== undefined) {
    const n = Number(values.limit);
    if (!Number.isInteger(n) || n < 1 || n > 100) {
      console.error(`quire search: --limit must be a whole number from 1 to 100, not '${values.limit}'`);
      return 2;
    }
    query.limit = n;
  }
  if (values.after) query.after = values.after;
  const database = await openMigrated(values.database);
  try {
    const result = await searchWorks(database, query);
    for (const n of result.notices) console.error(`note: ${n.message}`);
    if (values.json) {
      console.log(
        JSON.stringify(
          {
            query: describeQuery(query),
            total: result.total,
            works: result.works.map(blurbJson),
            facets: result.facets,
            next: result.next,
          },
          null,
          2,
        ),
      );
      return 0;
    }
    console.log(
      `${result.total.exact ? '' : 'about '}${groupDigits(result.total.value)} works: ${describeQuery(query)}`,
    );
    for (const w of result.works) {
      const tags = w.tags
        .filter((t) => t.type === 'fandom' || t.type === 'rating')
        .map((t) => t.name)
        .join(', ');
      console.log(
        `  ${String(w.id).padStart(7)}  ${w.title}  (${groupDigits(w.words)} words${tags ? `; ${tags}` : ''})`,
      );
    }
    if (result.next)
      console.log(`next page: quire search ${JSON.stringify(positionals.join(' '))} --after ${result.next}`);
    return 0;
  } finally {
    await database.close();
  }
}
