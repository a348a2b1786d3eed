// quire suggestions WORK — list the analysis' suggested tags for a work, and accept or reject them.
import { parseArgs } from 'node:util';
import { parseConfidence } from '../config-values.ts';
import { decideInBulk, decideSuggestion, reviewQueue, type Decision, type ReviewFilter } from '../tags/tags.service.ts';
import { getWorkPage } from '../works/works.service.ts';
import { DATABASE_HELP, DATABASE_OPTION, openMigrated } from './database-option.ts';

const HELP = `usage: quire suggestions WORK_ID [--accept TAG]... [--reject TAG]... [--accept-all]
       quire suggestions --all [--fandom NAME] [--min C] [--max C] [--accept-above C | --undo-applied | --keep-applied]

Lists the tags the analysis proposed for a work, with confidence and evidence. Accepting one makes
it an applied tag of the work; rejecting one keeps it from being proposed again. A tag an import
applied and no one has reviewed is decided the same way: accept keeps it, reject undoes it.

With --all, the review queue over every work: open suggestions and unreviewed applied tags, grouped
by tag with how many works and how sure on average, and decisions for all of them at once.

  --accept TAG       accept the suggested tag named TAG (repeatable)
  --reject TAG       reject it (repeatable)
  --accept-all       accept every open suggestion of the work
  --all              the review queue across all works
  --fandom NAME      only works with that fandom applied
  --min C, --max C   only taggings with confidence in [C, C] (0 to 1)
  --accept-above C   accept every open suggestion at or above C
  --undo-applied     undo every unreviewed tag an import applied (within --min/--max)
  --keep-applied     keep them all, as reviewed
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
      all: { type: 'boolean' },
      fandom: { type: 'string' },
      min: { type: 'string' },
      max: { type: 'string' },
      'accept-above': { type: 'string' },
      'undo-applied': { type: 'boolean' },
      'keep-applied': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values.all) return queue(values);
  const id = Number(positionals[0]);
  if (positionals.length !== 1 || !Number.isSafeInteger(id) || id < 1) {
    console.error(`quire suggestions: name one work id\n\n${HELP}`);
    return 2;
  }
  const database = await openMigrated(values.database);
  try {
    const work = await getWorkPage(database, id, { unmasked: true });
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

async function queue(values: {
  database?: string;
  fandom?: string;
  min?: string;
  max?: string;
  'accept-above'?: string;
  'undo-applied'?: boolean;
  'keep-applied'?: boolean;
}): Promise<number> {
  let filter: ReviewFilter;
  let acceptAbove: number | undefined;
  try {
    filter = {
      min: parseConfidence(values.min, '--min'),
      max: parseConfidence(values.max, '--max'),
      fandom: values.fandom,
    };
    acceptAbove = parseConfidence(values['accept-above'], '--accept-above');
  } catch (e) {
    console.error(`quire suggestions: ${(e as Error).message}`);
    return 2;
  }
  const database = await openMigrated(values.database);
  try {
    if (acceptAbove !== undefined) {
      const n = await decideInBulk(database, { state: 'suggested' }, 'accept', {
        ...filter,
        min: Math.max(acceptAbove, filter.min ?? 0),
      });
      console.log(`accepted ${n} suggestion(s) at or above ${acceptAbove}`);
    }
    if (values['undo-applied'])
      console.log(`undid ${await decideInBulk(database, { state: 'unreviewed' }, 'reject', filter)} applied tag(s)`);
    if (values['keep-applied'])
      console.log(`kept ${await decideInBulk(database, { state: 'unreviewed' }, 'accept', filter)} applied tag(s)`);
    const groups = await reviewQueue(database, filter);
    console.log(`review queue: ${groups.length} tag(s) waiting`);
    for (const g of groups) {
      const state = g.state === 'suggested' ? 'suggested' : 'applied, unreviewed';
      console.log(
        `  ${g.type.padEnd(12)} ${g.name} — ${g.works.length} work(s), ${Math.round(g.confidence * 100)}% on average (${state})`,
      );
    }
    return 0;
  } finally {
    await database.close();
  }
}
