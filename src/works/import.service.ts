// A batch import: every file named or found under a folder is parsed, analysed and stored as one
// work, each in its own transaction. A bad file is reported with its reason and the batch goes on.
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import type { Database } from '../db/database.ts';
import { ImportError } from '../importers/import-error.ts';
import { parseBytes, readImportFile, SUPPORTED_EXTENSIONS } from '../importers/parse-file.ts';
import type { ParsedWork } from '../importers/parsed-work.ts';
import type { TagSuggestion } from '../tags/suggestions.ts';
import { readManifest, type ManifestEntry } from '../importers/manifest.ts';
import { findImported, importWork, type ImportOutcome } from './works.service.ts';

export type FileResult =
  | { file: string; outcome: ImportOutcome; workId: number; title: string }
  | { file: string; outcome: 'failed' | 'skipped'; reason: string };

export interface ImportOptions {
  /** Proposes tags for a parsed work; omitted, works are stored with no suggestions. */
  suggest?: (parsed: ParsedWork) => TagSuggestion[] | Promise<TagSuggestion[]>;
  /** Reads a file's bytes into a work: by default in this thread; the CLI uses the text workers. */
  read?: (bytes: Buffer, filename: string) => Promise<ParsedWork>;
  /**
   * Suggestions at or above this confidence are applied at once, marked as not yet reviewed (an
   * archivist's import: the tags must land); null keeps every one a suggestion.
   */
  applySuggestionsAt?: number | null;
  /** Called after each file, for a progress bar. */
  onFile?: (result: FileResult, done: number, total: number) => void;
}

// Files a folder of stories often holds beside them, which are not stories.
const NOT_A_STORY = /^(readme|license|licence|changelog|copying)(\.|$)/i;

/**
 * Expands the arguments into files. A file named on the command line is always tried (and fails
 * if its type is unsupported); inside a folder, walked recursively, only story file types are
 * tried, and the rest are reported as skipped. A path that does not exist is a failure.
 */
export async function collectFiles(paths: string[]): Promise<{ files: string[]; notTried: FileResult[] }> {
  const files: string[] = [];
  const notTried: FileResult[] = [];
  const walk = async (dir: string, root: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
    entries.sort((a, b) => Buffer.compare(a.name, b.name));
    for (const entry of entries) {
      const name = entry.name.toString('utf8');
      if (name.startsWith('.')) continue;
      // A name that is not UTF-8 cannot be opened through a JavaScript string: say which file it is.
      if (!Buffer.from(name, 'utf8').equals(entry.name)) {
        const shown = join(dir, printableName(entry.name));
        notTried.push({
          file: shown,
          outcome: 'skipped',
          reason: 'its name is not valid UTF-8; rename the file to import it',
        });
        continue;
      }
      const e = {
        name,
        isSymbolicLink: () => entry.isSymbolicLink(),
        isDirectory: () => entry.isDirectory(),
        isFile: () => entry.isFile(),
      };
      const path = join(dir, name);
      if (e.isSymbolicLink()) {
        const outside = await linkLeaves(path, root);
        if (outside) notTried.push({ file: path, outcome: 'skipped', reason: outside });
        else if ((await stat(path)).isFile()) files.push(path);
        continue;
      }
      if (e.isDirectory()) await walk(path, root);
      else if (!e.isFile()) continue;
      else if (!SUPPORTED_EXTENSIONS.includes(extname(e.name).toLowerCase())) {
        notTried.push({
          file: path,
          outcome: 'skipped',
          reason: `not a story file type (${SUPPORTED_EXTENSIONS.join(', ')})`,
        });
      } else if (NOT_A_STORY.test(e.name))
        notTried.push({ file: path, outcome: 'skipped', reason: 'looks like a README or licence, not a story' });
      else files.push(path);
    }
  };
  for (const p of paths) {
    const info = await stat(p).catch(() => undefined);
    const link = await lstat(p).catch(() => undefined);
    // A link named here is followed only within the folder it sits in: naming 'story.txt' must not
    // import /etc/passwd because story.txt points there.
    const outside = link?.isSymbolicLink() ? await linkLeaves(p, dirname(resolve(p))) : null;
    if (!info) notTried.push({ file: p, outcome: 'failed', reason: 'no such file or folder' });
    else if (outside) notTried.push({ file: p, outcome: 'failed', reason: outside });
    else if (info.isDirectory()) await walk(p, await realpath(p));
    else files.push(p);
  }
  return { files, notTried };
}

/** A file name's bytes for a reader: UTF-8 where it is, \xNN for each byte that is not. */
export function printableName(bytes: Buffer): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 ? 2 : 0;
    const part = len ? bytes.subarray(i, i + len) : null;
    const text = part ? part.toString('utf8') : '';
    if (part && part.length === len && Buffer.from(text, 'utf8').equals(part)) {
      out += text;
      i += len;
    } else {
      out += `\\x${b.toString(16).padStart(2, '0')}`;
      i++;
    }
  }
  return out;
}

/** Why a symbolic link may not be followed (its target is outside `root`), or null when it may. */
async function linkLeaves(path: string, root: string): Promise<string | null> {
  const target = await realpath(path).catch(() => null);
  if (target === null) return 'a link to nothing (its target does not exist)';
  const base = await realpath(root).catch(() => resolve(root));
  const inside = target === base || target.startsWith(base.endsWith(sep) ? base : base + sep);
  return inside ? null : `a link to ${target}, outside the folder named (links are followed only within it)`;
}

export async function importFile(
  database: Database,
  file: string,
  options: ImportOptions = {},
  entry?: ManifestEntry,
): Promise<FileResult> {
  try {
    const bytes = await readImportFile(file);
    // A manifest's metadata is part of what was imported: the same file with a new title updates.
    const hash = createHash('sha256').update(bytes);
    if (entry) hash.update(JSON.stringify({ ...entry, line: 0 }));
    const source = { path: resolve(file), hash: hash.digest('hex') };
    // An unchanged file costs a hash, not a parse and an analysis: a resumed import starts where it stopped.
    const stored = await findImported(database, source);
    if (stored) return { file, outcome: 'unchanged', workId: stored.id, title: stored.title };
    const read = await (options.read ?? parseBytes)(bytes, file);
    const parsed = entry ? withManifest(read, entry) : read;
    const suggestions = (await options.suggest?.(parsed)) ?? [];
    const { workId, outcome } = await importWork(
      database,
      parsed,
      source,
      suggestions,
      options.applySuggestionsAt ?? null,
    );
    return { file, outcome, workId, title: parsed.title ?? parsed.provisionalTitle };
  } catch (e) {
    if (e instanceof ImportError) return { file, outcome: 'failed', reason: e.reason };
    // Not the file's fault (a database error, a bug): still one line, and the batch goes on.
    return { file, outcome: 'failed', reason: `could not be stored: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** What the file says, with the manifest's word over it wherever the manifest has one. */
function withManifest(parsed: ParsedWork, e: ManifestEntry): ParsedWork {
  const manifestTypes = new Set(e.tags.map((t) => t.type));
  return {
    ...parsed,
    title: e.title ?? parsed.title,
    provisionalTitle: e.title ?? parsed.provisionalTitle,
    summary: e.summary ?? parsed.summary,
    language: e.language ?? parsed.language,
    creators: e.creators.length ? e.creators : parsed.creators,
    tags: [...e.tags, ...parsed.tags.filter((t) => !manifestTypes.has(t.type))],
    series: e.series ? [e.series] : parsed.series,
    publishedAt: e.posted ?? parsed.publishedAt,
    updatedAt: e.updated ?? parsed.updatedAt,
    complete: e.complete ?? parsed.complete,
  };
}

/**
 * Imports the works a manifest (CSV or JSON) lists, each file named relative to the manifest's
 * folder and staying inside it, with the manifest's metadata. A bad row is reported by its line
 * and reason, and the rest go on.
 */
export async function importManifest(
  database: Database,
  manifest: string,
  options: ImportOptions = {},
): Promise<FileResult[]> {
  let text: string;
  try {
    text = await readFile(manifest, 'utf8');
  } catch {
    return [{ file: manifest, outcome: 'failed', reason: 'the manifest cannot be read (no such file?)' }];
  }
  const dir = await realpath(dirname(resolve(manifest)));
  const rows = readManifest(text, manifest);
  const results: FileResult[] = [];
  for (const row of rows) {
    let result: FileResult;
    if (!row.ok) result = { file: `${manifest} line ${row.line}`, outcome: 'failed', reason: row.reason };
    else {
      const path = resolve(dir, row.entry.file);
      const target = await realpath(path).catch(() => path);
      if (!target.startsWith(dir + sep)) {
        result = {
          file: `${manifest} line ${row.entry.line}`,
          outcome: 'failed',
          reason: `${row.entry.file} is outside the manifest's folder`,
        };
      } else {
        const r = await importFile(database, path, options, row.entry);
        result = r.outcome === 'failed' ? { ...r, file: `${manifest} line ${row.entry.line} (${row.entry.file})` } : r;
      }
    }
    results.push(result);
    options.onFile?.(result, results.length, rows.length);
  }
  return results;
}

export async function importPaths(
  database: Database,
  paths: string[],
  options: ImportOptions = {},
): Promise<FileResult[]> {
  const { files, notTried } = await collectFiles(paths);
  const results: FileResult[] = [...notTried];
  const total = files.length + notTried.length;
  notTried.forEach((r, i) => {
    options.onFile?.(r, i + 1, total);
  });
  for (const file of files) {
    const result = await importFile(database, file, options);
    results.push(result);
    options.onFile?.(result, results.length, total);
  }
  return results;
}

export function summarise(results: FileResult[]): string {
  const count = (o: FileResult['outcome']) => results.filter((r) => r.outcome === o).length;
  const parts = [
    `${count('created')} created`,
    `${count('updated')} updated`,
    `${count('unchanged')} unchanged`,
    `${count('failed')} failed`,
  ];
  if (count('skipped')) parts.push(`${count('skipped')} skipped`);
  return `${results.length} file${results.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
}
