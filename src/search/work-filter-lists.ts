// The filter tags of the works that facets were counted over lately, kept in memory: a listing's
// facets count the tags of its newest thousand matches, and a popular tag's page asks for the
// same works' tags at every view. A work is forgotten when the change log names it (its tags may
// have changed); the longest unused go once the budget is spent.
import type { Database } from '../db/database.ts';
import { tallyLists } from '../db/id-lists.ts';
import { filterListsOf } from './filter-index.repo.ts';
import type { TagCounts } from './search.repo.ts';

/** Tag ids held, at most: some 130,000 works at fifteen filters each, 8 MB. */
const BUDGET = 2_000_000;

export class WorkFilterLists {
  private readonly lists = new Map<number, Int32Array>();
  private held = 0;
  /** Moves on whenever a work is forgotten: a read begun before must not be kept. */
  private epoch = 0;

  constructor(private readonly budget = BUDGET) {}

  /**
   * Per tag id, how many of these works carry it as a filter, reading only the lists not held.
   * `workIds` is read again after the read: a plain array, never a pooled buffer (scratch.ts).
   */
  async tagCounts(database: Database, workIds: readonly number[]): Promise<TagCounts> {
    const missing = this.missing(workIds);
    let read = new Map<number, Int32Array>();
    if (missing.length) {
      const mark = this.mark();
      read = await filterListsOf(database.db, database.dialect, missing);
      this.keep(mark, read);
    }
    const { values, counts } = tallyLists(this.listsOf(workIds, read));
    return { tagIds: values, counts, sampled: workIds.length };
  }

  /** The works of `ids` whose lists are not held. */
  missing(ids: ArrayLike<number>): number[] {
    const out: number[] = [];
    for (let i = 0; i < ids.length; i++) if (!this.lists.has(ids[i]!)) out.push(ids[i]!);
    return out;
  }

  /** Where reads stand now; pass it to keep() with what was read after it. */
  mark(): number {
    return this.epoch;
  }

  /** Keeps lists read since `mark`, unless a work was forgotten since (the read may predate it). */
  keep(mark: number, read: Map<number, Int32Array>): void {
    if (mark !== this.epoch) return;
    for (const [id, list] of read) {
      if (this.lists.has(id)) continue;
      this.lists.set(id, list);
      this.held += list.length + 1;
    }
    for (const [id, list] of this.lists) {
      if (this.held <= this.budget) break;
      this.lists.delete(id);
      this.held -= list.length + 1;
    }
  }

  /** Each of `ids`' lists, from `read` where held there, else held here; used lists move to the back. */
  listsOf(ids: ArrayLike<number>, read: Map<number, Int32Array>): Int32Array[] {
    const out: Int32Array[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const mine = this.lists.get(id);
      if (mine) {
        this.lists.delete(id);
        this.lists.set(id, mine);
      }
      const list = read.get(id) ?? mine;
      if (list) out.push(list);
    }
    return out;
  }

  forget(ids: Iterable<number>): void {
    this.epoch++;
    for (const id of ids) {
      const list = this.lists.get(id);
      if (!list) continue;
      this.lists.delete(id);
      this.held -= list.length + 1;
    }
  }

  clear(): void {
    this.epoch++;
    this.lists.clear();
    this.held = 0;
  }

  bytes(): number {
    return this.held * 4;
  }
}
