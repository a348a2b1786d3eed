// The in-memory filter index: what a search filters on, held per process so that a query over a
// million works costs a few passes over bitsets instead of a database probe per candidate (as
// Lucene's filter bitsets and doc values do for Elasticsearch). It is derived data only: the
// columns of every work (flags, counts, dates, language) are loaded once in slices, a tag's
// postings on first use; the database's change log (search_changes, written by triggers) brings
// every process's copy up to date before each search, so any number of web processes can serve
// any request. While it loads, searches run on SQL alone (search.service decides).
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Database } from '../db/database.ts';
import { Bitset } from './bitset.ts';
import { BitsetPool, IdBufferPool, Scratch } from './scratch.ts';
import * as repo from './filter-index.repo.ts';
import type { QueryRanges } from './query.ts';
import { type ColumnArrays, type DateColumn, FINDABLE, RESTRICTED, timeValue, WorkColumns } from './work-columns.ts';
import type { TopK } from './top-k.ts';
import type { TagCounts } from './search.repo.ts';
import { WorkFilterLists } from './work-filter-lists.ts';

/**
 * Works read per query while loading: small enough that other requests get the event loop, and
 * that each slice's rows die young. Bigger slices outlive scavenges, leave garbage after the load
 * for a major collection to find later, and load slower (docs/benchmarks.md).
 */
const LOAD_SLICE = 2_000;
/** Archives up to this size load inside the first search; bigger ones load in the background. */
const LOAD_IN_REQUEST_MAX = 50_000;
/** Tag postings kept (4 bytes each); the least recently used tags go first past it. */
const POSTINGS_BUDGET = 48_000_000;
/** Changes at once past which cached postings are dropped (re-read on use) rather than patched. */
const PATCH_MAX = 2_000;
/** The change log keeps this long; a process that has not read it for longer reloads. */
export const CHANGES_KEPT_SECONDS = 3_600;
const RELOAD_IF_IDLE_MS = (CHANGES_KEPT_SECONDS - 600) * 1000;
const PRUNE_EVERY_MS = 600_000;

/** Everything a search filters on but words, with the names already resolved to ids. */
export interface MemoryFilter {
  /** Each group: at least one of these tag ids; groups combine with AND. */
  includeGroups: number[][];
  /** Tag ids the work must carry none of (the search's and the reader's blocklist). */
  excludeTags: number[];
  ranges: QueryRanges;
  language?: string;
  complete?: boolean;
  singleChapter?: boolean;
  crossover?: 'only' | 'exclude';
  /** Guests see no restricted works. */
  guest: boolean;
  /** When set, only these works (a creator's). */
  onlyWorks?: ArrayLike<number>;
  /** Works left out whatever else they match (the reader's mutes and hidden works, words excluded). */
  excludeWorks: number[];
}

type ColumnName = Exclude<keyof ColumnArrays, 'flags'>;

/** A work's value in `column` lies in [lo, hi]; `kept`: few possible values, so its bitset is kept and updated. */
interface Condition {
  column: ColumnName;
  lo: number;
  hi: number;
  kept?: boolean;
}

/** Numeric sorts the index can order by itself (title and creator need the database's collation). */
export type NumericSort = 'posted' | 'updated' | 'words' | 'kudos' | 'hits' | 'comments' | 'bookmarks';

const byDatabase = new WeakMap<Database, FilterIndex>();

export class FilterIndex {
  private state: 'empty' | 'loading' | 'ready' = 'empty';
  private loading: Promise<void> | null = null;
  private columns = new WorkColumns(0);
  /** Works any reader may find, and the subset guests may. */
  private findable = new Bitset(0);
  private publicWorks = new Bitset(0);
  /** How many works `findable` holds, counted again after it changes (-1: not counted since). */
  private findableTotal = -1;
  private postingsCache = new Map<number, Int32Array>();
  /** Big tags' postings again as bitsets; dropped whenever their postings change. */
  private tagSets = new Map<number, Bitset>();
  private conditionSets = new Map<string, { condition: Condition; set: Bitset }>();
  private postingsHeld = 0;
  /** Works' filter tags, for facets. */
  private readonly filterLists = new WorkFilterLists();
  /** What searches borrow (scratch.ts), shared by every search on this index. */
  private readonly bitsetPool = new BitsetPool();
  private readonly idPool = new IdBufferPool();
  private mark: repo.ChangeMark = '0';
  /** The change-log rows the last read returned, all applied: a read that returns them again skips them. */
  private applied: ReadonlySet<number> = new Set();
  private resetSeq = 0;
  private lastRead = 0;
  private lastPrune = 0;
  /** Refreshes run one after another, each reading from where the last one left off. */
  private refreshing: Promise<unknown> = Promise.resolve();
  /** The read of the log queued behind the running one, not started yet. */
  private queued: Promise<boolean> | null = null;

  private constructor(private readonly database: Database) {}

  /** The index of this database in this process. */
  static of(database: Database): FilterIndex {
    let index = byDatabase.get(database);
    if (!index) {
      index = new FilterIndex(database);
      byDatabase.set(database, index);
    }
    return index;
  }

  /** Loaded and ready to search (for the benchmark and tests; searches never wait for a big load). */
  async whenReady(): Promise<void> {
    for (;;) {
      if (this.state === 'ready') return;
      if (this.state === 'empty') this.startLoad();
      await this.loading;
    }
  }

  /**
   * Whether a search can use the index now: loaded, and brought up to date with every change
   * committed before this call. False while it (re)loads; the search then runs on SQL alone.
   */
  async current(): Promise<boolean> {
    if (this.state === 'empty' && !(await this.loadFresh())) return false;
    if (this.state !== 'ready') return false;
    // Searches arriving while a read of the log runs share the one queued after it: it starts
    // after each of their calls, so it sees what they must, and a busy server reads the log once
    // a round trip rather than once a search.
    if (this.queued) return this.queued;
    const run = this.refreshing.then(() => {
      this.queued = null;
      return this.refresh();
    });
    this.queued = run;
    this.refreshing = run.catch(() => undefined);
    return run;
  }

  private startLoad(): void {
    if (this.state === 'loading') return;
    this.state = 'loading';
    this.loading = this.load().then(
      () => {
        this.state = 'ready';
      },
      (e: unknown) => {
        this.state = 'empty';
        throw e;
      },
    );
    // A failed background load is retried by the next search; nobody else awaits it.
    this.loading.catch(() => undefined);
  }

  private async load(): Promise<void> {
    const { db, dialect } = this.database;
    // Read the mark first: whatever changes while the slices load is applied afterwards.
    const { mark, resetSeq } = await repo.currentMark(db, dialect);
    const columns = new WorkColumns((await repo.maxWorkId(db)) + 1024);
    let after = 0;
    for (;;) {
      const rows = await repo.workColumnsAfter(db, dialect, after, LOAD_SLICE);
      for (const r of rows) {
        if (r.id >= columns.capacity) columns.grow(Math.max(r.id + 1, columns.capacity * 2));
        columns.set(r);
      }
      if (rows.length < LOAD_SLICE) break;
      after = rows.at(-1)!.id;
      await yieldToEventLoop();
    }
    this.columns = columns;
    this.findable = new Bitset(columns.capacity);
    this.publicWorks = new Bitset(columns.capacity);
    for (let id = 0; id < columns.capacity; id++) this.placeInVisibility(id);
    this.postingsCache.clear();
    this.postingsHeld = 0;
    this.tagSets.clear();
    this.conditionSets.clear();
    this.filterLists.clear();
    this.mark = mark;
    this.applied = new Set();
    this.resetSeq = resetSeq;
    this.lastRead = Date.now();
  }

  private placeInVisibility(id: number): void {
    this.findableTotal = -1;
    const f = this.columns.arrays.flags[id]!;
    if (f & FINDABLE) this.findable.add(id);
    else this.findable.delete(id);
    if (f & FINDABLE && !(f & RESTRICTED)) this.publicWorks.add(id);
    else this.publicWorks.delete(id);
  }

  /** Reads the change log and applies it; false (and a reload begins) when patching will not do. */
  private async refresh(): Promise<boolean> {
    const { db, dialect } = this.database;
    if (Date.now() - this.lastRead > RELOAD_IF_IDLE_MS) return this.reload();
    const changes = await repo.changesSince(db, dialect, this.mark, this.applied);
    if (changes.resetSeq > this.resetSeq) return this.reload();
    if (changes.workIds.length > Math.max(50_000, this.findable.capacity / 5)) return this.reload();
    if (changes.workIds.length) await this.apply(changes.workIds);
    this.mark = changes.mark;
    this.applied = new Set(changes.seqs);
    this.lastRead = Date.now();
    if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      await repo.pruneChanges(db, CHANGES_KEPT_SECONDS);
    }
    return true;
  }

  private async reload(): Promise<boolean> {
    this.state = 'empty';
    return this.loadFresh();
  }

  /** Starts loading from scratch; waits for it (and says true) only when the archive is small. */
  private async loadFresh(): Promise<boolean> {
    const small = (await repo.maxWorkId(this.database.db)) <= LOAD_IN_REQUEST_MAX;
    this.startLoad();
    if (!small) return false;
    await this.loading;
    return this.state === 'ready';
  }

  private async apply(workIds: number[]): Promise<void> {
    const { db, dialect } = this.database;
    const rows = new Map<number, repo.WorkColumnsRow>();
    for (let i = 0; i < workIds.length; i += 500) {
      for (const r of await repo.workColumnsOf(db, dialect, workIds.slice(i, i + 500))) rows.set(r.id, r);
    }
    const top = Math.max(...workIds);
    if (top >= this.columns.capacity) this.growTo(Math.max(top + 1, this.columns.capacity * 2));
    for (const id of workIds) {
      const row = rows.get(id);
      if (row) this.columns.set(row);
      else this.columns.clear(id);
      this.placeInVisibility(id);
      for (const { condition: c, set } of this.conditionSets.values()) {
        const v = this.columns.arrays[c.column][id]!;
        if (v >= c.lo && v <= c.hi) set.add(id);
        else set.delete(id);
      }
    }
    this.filterLists.forget(workIds);
    if (this.postingsCache.size === 0) return;
    if (workIds.length > PATCH_MAX) {
      this.postingsCache.clear();
      this.tagSets.clear();
      this.postingsHeld = 0;
      return;
    }
    // Patch each cached tag's postings: add the works that now carry it, drop those that no longer do.
    const now = new Map<number, Set<number>>();
    for (let i = 0; i < workIds.length; i += 500) {
      for (const f of await repo.filtersOf(db, workIds.slice(i, i + 500))) {
        if (!this.postingsCache.has(f.tag_id)) continue;
        let works = now.get(f.tag_id);
        if (!works) now.set(f.tag_id, (works = new Set()));
        works.add(f.work_id);
      }
    }
    for (const [tagId, list] of this.postingsCache) {
      const carrying = now.get(tagId);
      const add: number[] = [];
      const remove = new Set<number>();
      for (const id of workIds) {
        const has = contains(list, id);
        const should = carrying?.has(id) ?? false;
        if (should && !has) add.push(id);
        if (has && !should) remove.add(id);
      }
      if (add.length === 0 && remove.size === 0) continue;
      const merged = Int32Array.from([...list.filter((id) => !remove.has(id)), ...add]).sort();
      this.postingsCache.set(tagId, merged);
      this.tagSets.delete(tagId);
      this.postingsHeld += merged.length - list.length;
    }
  }

  private growTo(capacity: number): void {
    this.columns.grow(capacity);
    const grow = (b: Bitset) => {
      const g = new Bitset(capacity);
      g.words.set(b.words);
      return g;
    };
    this.findable = grow(this.findable);
    this.publicWorks = grow(this.publicWorks);
  }

  /** A tag's works, from the cache or the database. */
  private async postings(tagId: number): Promise<Int32Array> {
    const cached = this.postingsCache.get(tagId);
    if (cached) {
      // Most recently used last: eviction takes from the front.
      this.postingsCache.delete(tagId);
      this.postingsCache.set(tagId, cached);
      return cached;
    }
    const list = await repo.postings(this.database.db, this.database.dialect, tagId);
    this.postingsCache.set(tagId, list);
    this.postingsHeld += list.length;
    for (const [id, old] of this.postingsCache) {
      if (this.postingsHeld <= POSTINGS_BUDGET || id === tagId) break;
      this.postingsCache.delete(id);
      this.tagSets.delete(id);
      this.postingsHeld -= old.length;
    }
    return list;
  }

  /** Buffers for one search, given back by its `release()`. */
  scratch(): Scratch {
    return new Scratch(this.bitsetPool, this.idPool);
  }

  /** The works matching the filter, as a bitset the caller may change, borrowed from `scratch`. */
  async matching(filter: MemoryFilter, scratch: Scratch): Promise<Bitset> {
    const capacity = this.columns.capacity;
    const base = filter.guest ? this.publicWorks : this.findable;
    const groups = await Promise.all(
      filter.includeGroups.map((g) => Promise.all(g.map(async (id) => ({ id, postings: await this.postings(id) })))),
    );
    const size = (g: { postings: Int32Array }[]) => g.reduce((n, t) => n + t.postings.length, 0);
    groups.sort((a, b) => size(a) - size(b));
    let set: Bitset;
    if (groups.length) {
      // The smallest group seeds the set; every other group and the reader's view narrow it.
      set = this.union(groups[0]!, scratch.set(capacity)).and(base);
      for (const g of groups.slice(1)) {
        if (g.length === 1 && this.isBig(g[0]!.postings)) {
          set.and(this.tagSet(g[0]!.id, g[0]!.postings));
          continue;
        }
        const other = scratch.set(capacity);
        for (const { postings: p } of g) for (let i = 0; i < p.length; i++) if (set.has(p[i]!)) other.add(p[i]!);
        scratch.drop(set);
        set = other;
      }
    } else {
      set = scratch.copyOf(base);
    }
    for (const tagId of filter.excludeTags) {
      const p = await this.postings(tagId);
      if (this.isBig(p)) set.andNot(this.tagSet(tagId, p));
      else for (let i = 0; i < p.length; i++) set.delete(p[i]!);
    }
    for (const id of filter.excludeWorks) set.delete(id);
    if (filter.onlyWorks) {
      // Few works (a creator's, a collection's): keep those of them the set holds.
      const only = scratch.set(capacity);
      const ids = filter.onlyWorks;
      for (let i = 0; i < ids.length; i++) if (set.has(ids[i]!)) only.add(ids[i]!);
      scratch.drop(set);
      set = only;
    }
    for (const condition of this.conditions(filter)) {
      const { column, lo, hi } = condition;
      if (condition.kept) set.and(this.conditionSet(condition));
      else if (column === 'posted' || column === 'updated')
        this.columns.retainDates(set, column, lo, hi, () => scratch.set(capacity));
      else set.retainInRange(this.columns.arrays[column], lo, hi);
    }
    return set;
  }

  /** Per tag, how many of these works carry it as a filter: what facets count. */
  tagCounts(workIds: readonly number[]): Promise<TagCounts> {
    return this.filterLists.tagCounts(this.database, workIds);
  }

  /** Past this share of the archive a tag's works are kept as a bitset too: ANDing it is then one pass over words. */
  private isBig(postings: Int32Array): boolean {
    return postings.length > this.columns.capacity / 64;
  }

  private tagSet(tagId: number, postings: Int32Array): Bitset {
    let set = this.tagSets.get(tagId);
    if (!set || set.capacity !== this.columns.capacity) {
      set = Bitset.fromIds(this.columns.capacity, postings);
      this.tagSets.set(tagId, set);
    }
    return set;
  }

  /** The works carrying any tag of the group, into `set` (empty). */
  private union(group: { id: number; postings: Int32Array }[], set: Bitset): Bitset {
    for (const { id, postings: p } of group) {
      if (this.isBig(p)) {
        const words = this.tagSet(id, p).words;
        for (let i = 0; i < words.length; i++) set.words[i]! |= words[i]!;
      } else {
        for (let i = 0; i < p.length; i++) set.add(p[i]!);
      }
    }
    return set;
  }

  /** The works meeting a condition with few possible values (a language, complete, one chapter, crossover), kept and updated. */
  private conditionSet(condition: Condition): Bitset {
    const key = `${condition.column}:${condition.lo}:${condition.hi}`;
    let kept = this.conditionSets.get(key);
    if (!kept || kept.set.capacity !== this.columns.capacity) {
      const column = this.columns.arrays[condition.column];
      const set = new Bitset(this.columns.capacity);
      for (let id = 0; id < column.length; id++)
        if (column[id]! >= condition.lo && column[id]! <= condition.hi) set.add(id);
      kept = { condition, set };
      this.conditionSets.set(key, kept);
    }
    return kept.set;
  }

  /** Conditions on the works' own columns, each as a column and the closed range it must lie in. */
  private conditions(filter: MemoryFilter): Condition[] {
    const c = this.columns;
    const out: Condition[] = [];
    for (const column of ['words', 'kudos', 'hits', 'comments', 'bookmarks', 'chapters'] as const) {
      const r = filter.ranges[column];
      if (r && (r.min !== undefined || r.max !== undefined))
        out.push({ column, lo: r.min ?? -Infinity, hi: r.max ?? Infinity });
    }
    for (const column of ['posted', 'updated'] as const) {
      const r = filter.ranges[column];
      // Whole milliseconds: "before the next day" is "at most its first millisecond minus one".
      if (r?.from || r?.to)
        out.push({
          column,
          lo: r.from ? timeValue(r.from) : -Infinity,
          hi: r.to ? timeValue(r.to) + 86_400_000 - 1 : Infinity,
        });
    }
    if (filter.language !== undefined) {
      const code = c.languageCode(filter.language, false);
      out.push({ column: 'language', lo: code, hi: code, kept: true });
    }
    if (filter.complete !== undefined)
      out.push({ column: 'complete', lo: filter.complete ? 1 : 0, hi: filter.complete ? 1 : 0, kept: true });
    if (filter.singleChapter !== undefined)
      out.push(
        filter.singleChapter
          ? { column: 'chapters', lo: 1, hi: 1, kept: true }
          : { column: 'chapters', lo: 2, hi: Infinity, kept: true },
      );
    if (filter.crossover === 'only') out.push({ column: 'fandoms', lo: 2, hi: Infinity, kept: true });
    if (filter.crossover === 'exclude') out.push({ column: 'fandoms', lo: -Infinity, hi: 1, kept: true });
    return out;
  }

  /** Every work's value in a numeric sort (dates as milliseconds), by work id; read, never written. */
  sortColumn(field: NumericSort): ArrayLike<number> {
    return this.columns.arrays[field];
  }

  /** Offers `top` the works of `set` in date order (see DayOrder.offerInOrder). */
  offerByDate(set: Bitset, field: DateColumn, top: TopK, desc: boolean, fromMs?: number): void {
    this.columns.offerByDate(set, field, top, desc, fromMs);
  }

  /** A work's tokens in the full-text index (SQLite; 0 on PostgreSQL and for works it lacks). */
  textLength(id: number): number {
    return this.columns.arrays.textLength[id] ?? 0;
  }

  /** Bytes held: columns, visibility, cached postings and bitsets (what the benchmark reports). */
  memoryBytes(): number {
    let n = Object.values(this.columns.arrays).reduce((sum, a) => sum + a.byteLength, 0) + this.columns.orderBytes();
    n += this.findable.words.byteLength + this.publicWorks.words.byteLength;
    for (const p of this.postingsCache.values()) n += p.byteLength;
    for (const b of this.tagSets.values()) n += b.words.byteLength;
    for (const { set } of this.conditionSets.values()) n += set.words.byteLength;
    n += this.filterLists.bytes();
    return n;
  }

  /** Works any reader may find: the planner's N. */
  findableCount(): number {
    if (this.findableTotal < 0) this.findableTotal = this.findable.count();
    return this.findableTotal;
  }
}

function contains(sorted: Int32Array, id: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v === id) return true;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
