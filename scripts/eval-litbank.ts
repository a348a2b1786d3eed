// Character detection against LitBank's named characters (shared/eval/litbank-characters, see its
// README): runs findPeople + resolveCharacters on each excerpt with no canon, writes one prediction
// file per document, and runs the shared scorer, whose last line is `precision=P recall=R f1=F`.
//   node --import tsx scripts/eval-litbank.ts [SHARED_DIR] [--details]

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPeople, resolveCharacters } from '../src/analysis/characters.ts';

export interface EvalScore {
  precision: number;
  recall: number;
  f1: number;
}

/** Scores the character finder on LitBank; null when `sharedDir` has no LitBank folder. */
export async function evalLitbank(
  sharedDir: string,
  options: { details?: boolean; print?: boolean } = {},
): Promise<EvalScore | null> {
  const dataDir = join(sharedDir, 'eval', 'litbank-characters');
  const scorer = join(sharedDir, 'eval', 'score-characters.mjs');
  if (!existsSync(join(dataDir, 'gold.json')) || !existsSync(scorer)) return null;
  const out = mkdtempSync(join(tmpdir(), 'quire-litbank-'));
  try {
    for (const file of readdirSync(dataDir)
      .filter((f) => f.endsWith('.txt'))
      .sort()) {
      const text = readFileSync(join(dataDir, file), 'utf8');
      const characters = resolveCharacters(findPeople(text, null), []).map((c) => ({
        name: c.name,
        aliases: c.aliases,
        mentions: c.mentions,
      }));
      writeFileSync(join(out, file.replace(/\.txt$/, '.json')), JSON.stringify({ characters }, null, 1));
    }
    const args = [scorer, join(dataDir, 'gold.json'), out, ...(options.details ? ['--details'] : [])];
    const report = execFileSync(process.execPath, args, { encoding: 'utf8' });
    if (options.print !== false) process.stdout.write(report);
    const m = /precision=([\d.]+) recall=([\d.]+) f1=([\d.]+)\s*$/.exec(report);
    if (!m) throw new Error('the scorer printed no score line');
    return { precision: Number(m[1]), recall: Number(m[2]), f1: Number(m[3]) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const shared =
    args.find((a) => !a.startsWith('--')) ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared');
  const score = await evalLitbank(resolve(shared), { details: args.includes('--details') });
  if (!score) {
    console.error(`no LitBank data under ${shared}/eval/litbank-characters`);
    process.exit(1);
  }
}
