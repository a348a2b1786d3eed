// quire analyze FILE... [--json] — proposes a text's tags with their evidence, touching no database.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeWithDetails, type AnalysisDetails, type KnownStructure } from '../analysis/analyze.ts';
import { indexCanon, loadCanon } from '../analysis/canon.ts';
import { originalCharacterTags } from '../analysis/characters.ts';
import type { CanonIndex } from '../analysis/canon-types.ts';
import type { Analysis, Evidence, Proposal } from '../analysis/types.ts';
import { parsedWorkText } from '../tags/suggestions.ts';

const HELP = `usage: quire analyze FILE... [--json]

Reads each file and proposes its tags: word count, reading time, language, point of view, tense,
summary and author's notes, fandoms, characters, relationships, rating, archive warnings,
category and additional tags, each with a confidence and a quote from the text it rests on. Nothing is stored.

.txt and .md files are read as they are; other formats the importers support (.html, .docx, ...)
are converted to text first. Exits 1 if any file could not be read.

  --json    print the analysis as JSON: one object per file, an array for several
  -h, --help`;

/** A JSON result: the Analysis keys, plus the file and the evidence behind language, POV and tense. */
type FileReport = { file: string } & Analysis & {
    signals: Record<'language' | 'pov' | 'tense', { value: string; confidence: number; evidence: Evidence[] }>;
  };

export async function run(argv: string[]): Promise<number> {
  let values: { json?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (e) {
    console.error(`quire analyze: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length === 0) {
    console.error(`quire analyze: name at least one file\n\n${HELP}`);
    return 2;
  }

  let canon: CanonIndex | null;
  try {
    canon = indexCanon(loadCanon());
  } catch (e) {
    console.error(`quire analyze: cannot load the canon data: ${(e as Error).message}`);
    return 1;
  }

  const reports: FileReport[] = [];
  let failed = 0;
  for (const file of positionals) {
    let read: Awaited<ReturnType<typeof readText>>;
    try {
      read = await readText(file);
    } catch (e) {
      console.error(`error: ${file}: ${reason(e)}`);
      failed++;
      continue;
    }
    const { analysis, details } = analyzeWithDetails(read.text, canon, read.structure);
    const report: FileReport = { file, ...analysis, signals: signals(details) };
    if (values.json) reports.push(report);
    else {
      if (positionals.length > 1 && reports.length + failed > 0) console.log('');
      console.log(formatReport(report));
      reports.push(report);
    }
  }
  if (values.json) console.log(JSON.stringify(positionals.length === 1 ? (reports[0] ?? null) : reports, null, 2));
  return failed ? 1 : 0;
}

/**
 * Plain text of a file: .txt and .md as written, for the analysis to find their notes itself;
 * anything else through the importers, which have told its notes and summary apart already.
 */
async function readText(file: string): Promise<{ text: string; structure?: KnownStructure }> {
  const ext = extname(file).toLowerCase();
  if (ext === '.txt' || ext === '.md' || ext === '.markdown' || ext === '') {
    const bytes = await readFile(file);
    if (bytes.length === 0) throw new Error('file is empty');
    if (bytes.includes(0)) throw new Error('not a text file (it contains NUL bytes)');
    return { text: bytes.toString('utf8').replace(/^\uFEFF/, '') };
  }
  const { parseFile } = await import('../importers/parse-file.ts');
  return parsedWorkText(await parseFile(file));
}

function reason(e: unknown): string {
  // ImportError carries the reason alone; its message repeats the path.
  if (e && typeof e === 'object' && 'reason' in e && typeof (e as { reason: unknown }).reason === 'string')
    return (e as { reason: string }).reason;
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return 'no such file';
  if (err.code === 'EISDIR') return 'is a folder, not a file';
  if (err.code === 'EACCES') return 'permission denied';
  return err.message ?? String(e);
}

function signals(d: AnalysisDetails): FileReport['signals'] {
  return {
    language: { value: d.language.language, confidence: d.language.confidence, evidence: d.language.evidence },
    pov: { value: d.pov.pov, confidence: d.pov.confidence, evidence: d.pov.evidence },
    tense: { value: d.tense.tense, confidence: d.tense.confidence, evidence: d.tense.evidence },
  };
}

// ---------------------------------------------------------------------------------------------
// Human-readable report

const QUOTE_WIDTH = 90;

function short(quote: string): string {
  const flat = quote.replace(/\s+/g, ' ').trim();
  return flat.length > QUOTE_WIDTH ? flat.slice(0, QUOTE_WIDTH - 1) + '…' : flat;
}

function pct(c: number): string {
  return `${Math.round(c * 100)}%`.padStart(4);
}

function proposalLines(list: Proposal[]): string[] {
  if (!list.length) return ['    (none)'];
  return list.flatMap((p) => {
    const ev = p.evidence[0];
    return [`    ${pct(p.confidence)}  ${p.name}`, ...(ev ? [`          “${short(ev.quote)}” @${ev.start}`] : [])];
  });
}

export function formatReport(r: FileReport): string {
  const lines: string[] = [`== ${r.file}`];
  const sig = (k: keyof FileReport['signals'], label: string) => {
    const s = r.signals[k];
    const ev = s.evidence[0];
    lines.push(
      `  ${label.padEnd(14)}${s.value} (${Math.round(s.confidence * 100)}%)${ev ? `  “${short(ev.quote)}”` : ''}`,
    );
  };
  lines.push(`  ${'words'.padEnd(14)}${r.words.toLocaleString('en-US')}`);
  lines.push(`  ${'reading time'.padEnd(14)}${r.readingMinutes} min`);
  sig('language', 'language');
  sig('pov', 'point of view');
  sig('tense', 'tense');
  lines.push(`  ${'summary'.padEnd(14)}${r.summary ? `“${short(r.summary)}”` : '(none)'}`);
  lines.push(`  notes`);
  if (!r.notes.length) lines.push('    (none)');
  for (const n of r.notes) lines.push(`    “${short(n)}”`);
  lines.push('  fandoms', ...proposalLines(r.fandoms));
  lines.push('  characters');
  if (!r.characters.length) lines.push('    (none)');
  for (const c of r.characters) {
    const flags = [
      c.canonical ?? 'original',
      c.gender,
      c.onPage ? 'on page' : 'mentioned only',
      `${c.mentions} mentions`,
      `${c.speaks} lines`,
    ].join(', ');
    const aka = c.aliases.length ? ` (also ${c.aliases.slice(0, 4).join(', ')})` : '';
    lines.push(`    ${pct(c.confidence)}  ${c.name}${aka} — ${flags}`);
  }
  const oc = originalCharacterTags(
    r.characters,
    r.fandoms.map((f) => f.name),
  );
  if (oc.length) lines.push(`          tags: ${oc.join(', ')}`);
  lines.push('  relationships', ...proposalLines(r.relationships));
  lines.push('  rating', ...proposalLines([r.rating]));
  lines.push('  warnings', ...proposalLines(r.warnings));
  lines.push('  category', ...proposalLines(r.categories));
  lines.push('  additional tags', ...proposalLines(r.freeforms));
  return lines.join('\n');
}
