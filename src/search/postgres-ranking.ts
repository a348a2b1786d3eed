// Best match on PostgreSQL, from the filter index's bitset. Ranking reads each matching document
// (ts_rank_cd needs its positions), and reading documents is most of what a text search costs
// there, so each is read once: one statement lists every match of the words with its score, the
// bitset keeps the ones the filters allow, and the page's best are kept here. Listing the
// matches first and asking for the top afterwards read every document twice, and again for each
// bigger ask when the filters left the top out. The statement keeps to the ids between the
// bitset's lowest and highest member, and with many of them runs in parts, ranges holding equal
// shares of the bitset, each on a pool connection of its own, so that PostgreSQL ranks them on
// several cores at once.
import type { Database } from '../db/database.ts';
import { type Bitset, popcount } from './bitset.ts';
import * as indexRepo from './filter-index.repo.ts';
import { PAGE_TUNING } from './page-tuning.ts';
import type { TextQuery } from './query.ts';
import type { Scratch } from './scratch.ts';
import type { IdRange } from './text-index.ts';
import type { TopK } from './top-k.ts';

/**
 * Ranges of ids covering every member of `set`, from its lowest to its highest, `parts` of them
 * (fewer when the set is small) holding about equal shares; none for an empty set.
 */
export function shares(set: Bitset, parts: number): IdRange[] {
  const w = set.words;
  const n = set.count();
  if (n === 0) return [];
  const ranges: IdRange[] = [];
  let seen = 0;
  let from = -1;
  let last = 0;
  for (let i = 0; i < w.length; i++) {
    const v = w[i]!;
    if (v === 0) continue;
    const base = i << 5;
    if (from < 0) from = base + (31 - Math.clz32(v & -v));
    else if (ranges.length < parts - 1 && seen >= (n * (ranges.length + 1)) / parts) {
      ranges.push({ from, to: base - 1 });
      from = base;
    }
    seen += popcount(v);
    last = base + (31 - Math.clz32(v));
  }
  ranges.push({ from, to: last });
  return ranges;
}

/**
 * PostgreSQL, words to find: the works of `matches` that the words match, as a new set, their
 * best page offered to `top`. Null on SQLite, or without words to find.
 */
export async function rankedOnPostgres(
  database: Database,
  text: TextQuery,
  matches: Bitset,
  top: TopK,
  scratch: Scratch,
): Promise<Bitset | null> {
  if (database.dialect !== 'postgres' || text.terms.length + text.phrases.length === 0) return null;
  const set = scratch.set(matches.capacity);
  const total = matches.count();
  if (total === 0) return set;
  const parts = total >= PAGE_TUNING.postgresSplitFrom ? PAGE_TUNING.postgresParts : 1;
  const found = await indexRepo.textMatches(database.db, database.dialect, text, { ranges: shares(matches, parts) });
  if (!found) return null;
  const { ids, scores } = found;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (!matches.has(id)) continue;
    set.add(id);
    top.offer(scores[i]!, id);
  }
  return set;
}
