// The worker side of text-worker.ts: reads a writer's file and runs the analysis, one task at a
// time, so that neither holds the thread that answers requests. It loads the canon on first use.
import { parentPort } from 'node:worker_threads';
import { indexCanon, loadCanon } from '../analysis/canon.ts';
import { ImportError } from '../importers/import-error.ts';
import { parseBytes } from '../importers/parse-file.ts';
import { makeSuggester } from '../tags/suggestions.ts';
import { withArchiveCanon } from '../tags/archive-canon.ts';
import type { TextTask, TextReply } from './text-worker.ts';

let bundled: ReturnType<typeof loadCanon> | undefined;
/** The suggester over the canon as of one version of the archive's wrangling. */
let current: { version: string; suggest: ReturnType<typeof makeSuggester> } | undefined;

async function perform(task: TextTask): Promise<unknown> {
  if (task.kind === 'parse') return parseBytes(Buffer.from(task.bytes), task.filename);
  const version = task.archive?.version ?? '';
  if (current?.version !== version) {
    bundled ??= loadCanon();
    const canon = task.archive ? withArchiveCanon(bundled, task.archive.children) : bundled;
    current = { version, suggest: makeSuggester(indexCanon(canon)) };
  }
  return current.suggest(task.parsed);
}

parentPort!.on('message', async (task: TextTask) => {
  let reply: TextReply;
  try {
    reply = { id: task.id, ok: true, value: await perform(task) };
  } catch (e) {
    reply =
      e instanceof ImportError
        ? { id: task.id, ok: false, importError: { file: e.file, reason: e.reason } }
        : { id: task.id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(reply);
});

// Loaded: the budget of the first task starts now, not while the worker boots.
parentPort!.postMessage('ready');
