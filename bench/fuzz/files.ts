// The file half of the fuzz run: generated files of every importable type go through what
// `quire import` does (readImportFile, then the text workers under their time budget, then the
// analysis on the same workers). A crash is any error that is not an ImportError; a hang is a file
// that runs out the budget, or one that takes longer than HANG_MS twice in a row.
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImportError, MAX_IMPORT_BYTES } from '../../src/importers/import-error.ts';
import { parseBytes, readImportFile } from '../../src/importers/parse-file.ts';
import { TextBudgetError, TextWorkers } from '../../src/works/text-worker.ts';
import { hexHead, Rng } from './rng.ts';
import { hostileHtml, hostileMd, hostileTxt } from './hostile.ts';
import { CHARSETS, encode, story, storyHtml, storyMd, storyTxt } from './stories.ts';
import { docx } from './docx.ts';
import { epub } from './epub.ts';
import { tamperZip } from './zips.ts';

export const FILE_TYPES = ['txt', 'md', 'html', 'htm', 'docx', 'epub'] as const;
export type FileType = (typeof FILE_TYPES)[number];
export const HANG_MS = 2000;

export interface FuzzFile {
  index: number;
  type: FileType;
  name: string;
  recipe: string;
  bytes: Buffer;
}

export interface Failure {
  kind: 'crash' | 'hang' | 'server_error';
  /** What failures of the same cause share, to group them. */
  signature: string;
  /** One line that names the input well enough to find or rebuild it. */
  summary: string;
  detail: string;
  /** Files to write for reproduction: name → contents. */
  inputs: Record<string, Buffer | string>;
}

function textBytes(rng: Rng, type: FileType, hostile: boolean): [string, Buffer] {
  if (type === 'txt' || type === 'md') {
    const [recipe, content] = hostile
      ? type === 'txt'
        ? hostileTxt(rng)
        : hostileMd(rng)
      : [`${type}-story`, type === 'txt' ? storyTxt(rng, story(rng)) : storyMd(rng, story(rng))];
    if (Buffer.isBuffer(content)) return [recipe, content];
    const [encoding, bytes] = encode(rng, content);
    return [`${recipe}+${encoding}`, bytes];
  }
  if (hostile) {
    const [recipe, html] = hostileHtml(rng);
    const [encoding, bytes] = encode(rng, html);
    return [`html-${recipe}+${encoding}`, bytes];
  }
  // A declared charset that matches the bytes, or one that lies about them.
  const charset = rng.pick(CHARSETS);
  const html = storyHtml(rng, story(rng), charset);
  if (/1252|8859/.test(charset) && rng.chance(0.7)) return [`html-story-${charset}`, Buffer.from(html, 'latin1')];
  const [encoding, bytes] = encode(rng, html);
  return [`html-story-${charset}+${encoding}`, bytes];
}

/** Damage done after generation: truncation, bit flips, NULs, splices, tampered zip headers. */
function mutate(rng: Rng, bytes: Buffer, zip: boolean): [string, Buffer] {
  const b = Buffer.from(bytes);
  const at = () => rng.int(b.length + 1);
  const kind = rng.weighted([
    [zip ? 4 : 0, 'zip-header'],
    [3, 'truncate'],
    [3, 'flip'],
    [2, 'nul'],
    [1, 'overwrite'],
    [1, 'splice'],
    [1, 'append'],
    [1, 'prepend'],
    [0.3, 'empty'],
    [0.3, 'one-byte'],
    [0.1, 'oversize'],
  ] as const);
  switch (kind) {
    case 'zip-header':
      return [kind, tamperZip(rng, b)];
    case 'truncate':
      return [kind, b.subarray(0, at())];
    case 'flip':
      for (let i = rng.range(1, 20); i > 0 && b.length; i--) b[rng.int(b.length)]! ^= 1 << rng.int(8);
      return [kind, b];
    case 'nul': {
      const parts: Buffer[] = [];
      let from = 0;
      for (let i = rng.range(1, 10); i > 0; i--) {
        const to = Math.max(from, at());
        parts.push(b.subarray(from, to), Buffer.alloc(rng.range(1, 4)));
        from = to;
      }
      return [kind, Buffer.concat([...parts, b.subarray(from)])];
    }
    case 'overwrite': {
      const p = at();
      rng.bytes(Math.min(b.length - p, rng.range(1, 512))).copy(b, p);
      return [kind, b];
    }
    case 'splice': {
      const p = at();
      return [kind, Buffer.concat([b.subarray(0, p), b.subarray(at(), at()), b.subarray(p)])];
    }
    case 'append':
      return [kind, Buffer.concat([b, rng.bytes(rng.range(1, 4096))])];
    case 'prepend':
      return [
        kind,
        Buffer.concat([rng.pick([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([0xff, 0xfe]), rng.bytes(8)]), b]),
      ];
    case 'empty':
      return [kind, Buffer.alloc(0)];
    case 'one-byte':
      return [kind, rng.bytes(1)];
    case 'oversize':
      return [kind, Buffer.alloc(MAX_IMPORT_BYTES + 1, 0x61)];
  }
}

export function generateFile(seed: string, index: number): FuzzFile {
  const rng = new Rng(`${seed}:file:${index}`);
  const type = FILE_TYPES[index % FILE_TYPES.length]!;
  const hostile = rng.chance(0.4);
  let [recipe, bytes] =
    type === 'docx' ? docx(rng, hostile) : type === 'epub' ? epub(rng, hostile) : textBytes(rng, type, hostile);
  if (rng.chance(0.3)) {
    const [how, damaged] = mutate(rng, bytes, type === 'docx' || type === 'epub');
    recipe += `+${how}`;
    bytes = damaged;
  }
  // Extensions as people type them, and names that are not plain ASCII.
  const ext = rng.chance(0.1) ? type.toUpperCase() : type;
  const name = `${rng.chance(0.1) ? 'fïč ' : ''}fuzz-${index}.${ext}`;
  return { index, type, name, recipe, bytes };
}

/** A worker passes back only an error's message: the file is read again here for its stack. */
async function crashDetail(f: FuzzFile, stage: string, e: unknown): Promise<string> {
  const message = e instanceof Error ? e.message : String(e);
  if (stage !== 'parse') return message;
  try {
    await parseBytes(f.bytes, f.name);
    return `${message}\n(read again on the main thread, it parsed)`;
  } catch (again) {
    return again instanceof Error && !(again instanceof ImportError) ? (again.stack ?? message) : message;
  }
}

export interface FileRunOptions {
  seed: string;
  minFiles: number;
  seconds: number;
  hardSeconds: number;
  budgetMs: number;
  progress(line: string): void;
}

export interface FileRunResult {
  files: number;
  crashes: number;
  hangs: number;
  slowestMs: number;
  slowest: string;
  failures: Failure[];
}

export async function fuzzFiles(o: FileRunOptions): Promise<FileRunResult> {
  const workers = new TextWorkers({ budgetMs: o.budgetMs });
  const dir = mkdtempSync(join(tmpdir(), 'quire-fuzz-files-'));
  const result: FileRunResult = { files: 0, crashes: 0, hangs: 0, slowestMs: 0, slowest: '', failures: [] };
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  let next = 0;
  let shown = 0;
  // Warm every worker first, so no file's time includes a worker booting.
  await Promise.all(Array.from({ length: workers.size }, (_, i) => workers.parse(Buffer.from('Warm.'), `w${i}.txt`)));

  const fail = (f: FuzzFile, kind: 'crash' | 'hang', stage: string, detail: string) => {
    if (kind === 'crash') result.crashes++;
    else result.hangs++;
    result.failures.push({
      kind,
      signature: `${f.type} ${f.recipe.split('+')[0]!.replace(/-?\d+(mb)?$/, '')} (${stage}): ${kind === 'hang' ? 'too slow' : detail.split('\n')[0]}`,
      summary: `file #${f.index} ${f.type} ${f.recipe} ${f.bytes.length} B (${stage}) head=${hexHead(f.bytes)}`,
      detail,
      inputs: { [`file-${f.index}-${f.name.replace(/[^\w.-]/g, '_')}`]: f.bytes },
    });
  };

  const note = (f: FuzzFile, stage: string, ms: number) => {
    if (ms > result.slowestMs) [result.slowestMs, result.slowest] = [ms, `#${f.index} ${f.recipe} (${stage})`];
  };

  /** Runs one stage on the workers: what it made, or null with any failure recorded. */
  const timed = async <T>(f: FuzzFile, stage: string, run: () => Promise<T>): Promise<T | null> => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const t0 = performance.now();
      try {
        const value = await run();
        const ms = performance.now() - t0;
        // A slow answer may have waited for a worker replacing a lost one: it is timed again.
        if (ms > HANG_MS && attempt === 0) continue;
        note(f, stage, ms);
        if (ms > HANG_MS) fail(f, 'hang', stage, `took ${ms.toFixed(0)} ms twice (limit ${HANG_MS} ms)`);
        return value;
      } catch (e) {
        const ms = performance.now() - t0;
        const outOfBudget =
          e instanceof TextBudgetError ||
          (e instanceof ImportError && /took longer than|needed more than/.test(e.reason));
        if (outOfBudget || !(e instanceof ImportError)) {
          note(f, stage, ms);
          if (outOfBudget) fail(f, 'hang', stage, `${(e as Error).message} (after ${ms.toFixed(0)} ms)`);
          else fail(f, 'crash', stage, await crashDetail(f, stage, e));
          return null;
        }
        if (ms > HANG_MS && attempt === 0) continue;
        note(f, stage, ms);
        if (ms > HANG_MS) fail(f, 'hang', stage, `refused after ${ms.toFixed(0)} ms twice: ${e.reason}`);
        return null;
      }
    }
    return null;
  };

  const lane = async () => {
    while ((next < o.minFiles || elapsed() < o.seconds) && elapsed() < o.hardSeconds) {
      const f = generateFile(o.seed, next++);
      const path = join(dir, f.name);
      writeFileSync(path, f.bytes);
      let bytes: Buffer | null = null;
      try {
        bytes = await readImportFile(path);
      } catch (e) {
        if (!(e instanceof ImportError))
          fail(f, 'crash', 'readImportFile', e instanceof Error ? (e.stack ?? e.message) : String(e));
      }
      unlinkSync(path);
      const parsed = bytes && (await timed(f, 'parse', () => workers.parse(bytes, f.name)));
      // What an import does next with the text: the analysis, on the same workers and budget.
      if (parsed && f.index % 16 === 0) await timed(f, 'analysis', () => workers.suggest(parsed));
      result.files++;
      if (elapsed() - shown >= 15) {
        shown = elapsed();
        o.progress(
          `files ${result.files} crashes=${result.crashes} hangs=${result.hangs} slowest_ms=${result.slowestMs.toFixed(0)} (${shown.toFixed(0)} s)`,
        );
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: workers.size }, lane));
  } finally {
    await workers.close();
    rmSync(dir, { recursive: true, force: true });
  }
  if (result.files < o.minFiles)
    o.progress(`files: stopped at ${result.files} of ${o.minFiles}, out of time (${o.hardSeconds} s)`);
  return result;
}
