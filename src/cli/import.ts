// quire import PATH... — files or folders of .txt .md .html .docx into the archive.
import { parseArgs } from 'node:util';
import { readSetting } from '../config.ts';
import { DEFAULT_APPLY_AT } from '../config-values.ts';
import {
  importManifest,
  importPaths,
  summarise,
  type FileResult,
  type ImportOptions,
} from '../works/import.service.ts';
import { tagProvenance } from '../works/works.service.ts';
import type { Database } from '../db/database.ts';
import { TextWorkers } from '../works/text-worker.ts';
import { archiveCanon } from '../tags/wrangling.service.ts';
import { DATABASE_HELP, DATABASE_OPTION, openMigrated } from './database-option.ts';
import { progressBar } from './progress-bar.ts';

const HELP = `usage: quire import [PATH...] [--manifest FILE] [--database URL] [--no-analysis] [--apply-suggestions C|none]

Imports files (.txt, .md, .html, .htm, .docx, .epub) and folders of them, one work per file. Each
work is stored whole or not at all; a file that cannot be read is named with its reason and the
rest go on. Importing the same file again does not duplicate it; a changed file at the same path
updates its work. Exits 1 if any file failed.

The analysis reads each text: tags it is at least C sure of are applied at once, marked "applied
by the analysis, not yet reviewed" for creators and wranglers to keep or undo; the rest wait as
suggestions. A file's own tags (front matter, an EPUB's tags) always win over the analysis.

${DATABASE_HELP}
  --manifest FILE          a CSV (header row) or JSON (array) of works: file (relative to the
                           manifest), title, creator, summary, language, posted, updated,
                           complete, series, series_position, rating, warnings, categories,
                           fandoms, relationships, characters, tags (lists comma-separated);
                           a bad row is named by its line and the rest go on
  --no-analysis            store works without reading tags from their text
  --apply-suggestions C    apply tags the analysis is at least C (0 to 1) sure of; "none" keeps
                           them all as suggestions (default: $QUIRE_APPLY_SUGGESTIONS, else ${DEFAULT_APPLY_AT})`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...DATABASE_OPTION,
      help: { type: 'boolean', short: 'h' },
      'no-analysis': { type: 'boolean' },
      'apply-suggestions': { type: 'string' },
      manifest: { type: 'string' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length === 0 && !values.manifest) {
    console.error(`quire import: name at least one file or folder, or a --manifest\n\n${HELP}`);
    return 2;
  }
  let applyAt: number | null;
  try {
    applyAt = readSetting('applySuggestions', { flag: values['apply-suggestions'] });
  } catch (e) {
    console.error(`quire import: ${(e as Error).message}`);
    return 2;
  }
  const database = await openMigrated(values.database);
  // Each file is read and analysed on a worker under a time budget: one pathological file fails
  // with its reason instead of holding the whole batch.
  const text = new TextWorkers({ size: 1 });
  try {
    const bar = progressBar();
    const options: ImportOptions = {
      read: (bytes, filename) => text.parse(bytes, filename),
      suggest: values['no-analysis'] ? undefined : async (parsed) => text.suggest(parsed, await archiveCanon(database)),
      applySuggestionsAt: applyAt,
      onFile(result, done, total) {
        bar.clear();
        printResult(result);
        bar.update(done, total, result.file);
      },
    };
    const results = [
      ...(values.manifest ? await importManifest(database, values.manifest, options) : []),
      ...(positionals.length ? await importPaths(database, positionals, options) : []),
    ];
    bar.clear();
    console.log(summarise(results));
    console.log(await provenance(database, results));
    return results.some((r) => r.outcome === 'failed') ? 1 : 0;
  } finally {
    await text.close();
    await database.close();
  }
}

function printResult(r: FileResult): void {
  if ('reason' in r) console.error(`${r.outcome === 'failed' ? 'error' : 'skipped'}: ${r.file}: ${r.reason}`);
  else console.log(`${r.outcome.padEnd(9)} ${r.file} -> work ${r.workId} "${r.title}"`);
}

/** How many of the works stored got tags from where: their file or manifest, or the analysis. */
async function provenance(database: Database, results: FileResult[]): Promise<string> {
  const ids = results.flatMap((r) => (r.outcome === 'created' || r.outcome === 'updated' ? [r.workId] : []));
  const p = await tagProvenance(database, ids);
  return `tags: ${p.person} of ${ids.length} work(s) with tags from their file or manifest, ${p.analysisApplied} with tags the analysis applied (not yet reviewed: quire suggestions --all), ${p.suggested} with suggestions waiting`;
}
