// quire suggestions WORK — list the analysis' suggested tags for a work, and accept or reject them.
import { parseArgs } from 'node:util';
import { decideSuggestion, type Decision } from '../tags/tags.service.ts';
import { getWorkPage } from '../works/works.service.ts';
import { DATABASE_HELP, DATABASE_OPTION, openMigrated } from './database-option.ts';

const HELP = `usage: quire suggestions WORK_ID [--accept TAG]... [--reject TAG]... [--accept-all]

Lists the tags the analysis proposed for a work, with confidence and evidence. Accepting one makes
it an applied tag of the work; rejecting one keeps it from being proposed again.

  --accept TAG     accept the suggested tag named TAG (repeatable)
  --reject TAG     reject it (repeatable)
  --accept-all     accept every open suggestion
${DATABASE_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...DATABASE_OPTION,
      accept: { type: 'string', multiple: true },
      reject: { type: 'string', multiple: true },
      'accept-all': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const id = Number(positionals[0]);
  if (positionals.length !== 1 || !Number.isSafeInteger(id) || id < 1) {
    console.error(`quire suggestions: name one work id\n\n${HELP}`);
    return 2;
  }
  const database = await openMigrated(values.database);
  try {
    const work = await getWorkPage(database, id);
    if (!work) {
      console.error(`quire suggestions: there is no work ${id}`);
      return 1;
    }
    const decisions: [string, Decision][] = [
      ...(values['accept-all'] ? work.suggestions.map((s) => s.name) : (values.accept ?? [])).map(
        (n): [string, Decision] => [n, 'accept'],
      ),
      ...(values.reject ?? []).map((n): [string, Decision] => [n, 'reject']),
    ];
    let failed = false;
    for (const [name, decision] of decisions) {
      const result = await decideSuggestion(database, id, name, decision);
      if (result === 'done') console.log(`${decision === 'accept' ? 'accepted' : 'rejected'}: ${name}`);
      else {
        console.error(`error: work ${id} has no open suggestion '${name}'`);
        failed = true;
      }
    }
    if (decisions.length === 0) {
      console.log(`${work.title} (work ${id}): ${work.suggestions.length} open suggestion(s)`);
      for (const s of work.suggestions) {
        console.log(`  ${s.type.padEnd(12)} ${s.name}  (${Math.round((s.confidence ?? 0) * 100)}%)`);
        for (const e of s.evidence.slice(0, 2)) console.log(`${' '.repeat(16)}"${e.quote}"`);
      }
    }
    return failed ? 1 : 0;
  } finally {
    await database.close();
  }
}
