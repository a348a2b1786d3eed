// Buffers a search borrows and gives back: bitsets the size of the archive and id arrays the
// size of a result set. At a million works each is 100 KB or more; allocated per search they
// fill the old generation and the collector's major pauses land inside other searches. A
// borrower holds a buffer across its awaits and gives it back when done (in a finally), so two
// interleaved searches never share one; a buffer given back is cleared before it is lent again.
import { Bitset } from './bitset.ts';

/** Buffers kept per pool beyond this are dropped: a burst of searches does not pin memory for ever. */
const KEEP = 8;

export class BitsetPool {
  private free: Bitset[] = [];

  /** An empty set of this capacity. */
  take(capacity: number): Bitset {
    for (;;) {
      const set = this.free.pop();
      if (!set) return new Bitset(capacity);
      // The archive grew since this one was lent: it cannot hold every id now.
      if (set.capacity === capacity) return set;
    }
  }

  /** A copy of `source` (in a pooled set). */
  copyOf(source: Bitset): Bitset {
    const set = this.take(source.capacity);
    set.words.set(source.words);
    return set;
  }

  give(set: Bitset): void {
    if (this.free.length >= KEEP || this.free.includes(set)) return;
    set.words.fill(0);
    this.free.push(set);
  }
}

/** Int32Arrays lent by size: each at least the length asked, a power of two, contents undefined. */
export class IdBufferPool {
  private free: Int32Array[] = [];

  take(length: number): Int32Array {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const b = this.free[i]!;
      if (b.length >= length && (best < 0 || b.length < this.free[best]!.length)) best = i;
    }
    if (best >= 0) return this.free.splice(best, 1)[0]!;
    return new Int32Array(2 ** Math.ceil(Math.log2(Math.max(length, 1024))));
  }

  give(buffer: Int32Array): void {
    if (this.free.includes(buffer)) return;
    this.free.push(buffer);
    // The smallest go first: the largest are the ones worth keeping.
    if (this.free.length > KEEP) {
      this.free.sort((a, b) => b.length - a.length);
      this.free.length = KEEP;
    }
  }
}

/**
 * What one search borrowed, given back together at its end. Views (subarrays) of a pooled buffer
 * stay valid only until then.
 */
export class Scratch {
  private sets: Bitset[] = [];
  private buffers: Int32Array[] = [];

  constructor(
    private readonly bitsets: BitsetPool,
    private readonly ids: IdBufferPool,
  ) {}

  set(capacity: number): Bitset {
    const s = this.bitsets.take(capacity);
    this.sets.push(s);
    return s;
  }

  copyOf(source: Bitset): Bitset {
    const s = this.bitsets.copyOf(source);
    this.sets.push(s);
    return s;
  }

  /** Gives a set back early (one replaced mid-search). */
  drop(set: Bitset): void {
    const i = this.sets.indexOf(set);
    if (i < 0) return;
    this.sets.splice(i, 1);
    this.bitsets.give(set);
  }

  buffer(length: number): Int32Array {
    const b = this.ids.take(length);
    this.buffers.push(b);
    return b;
  }

  /** The set's members ascending, in a borrowed buffer. */
  members(set: Bitset): Int32Array {
    const n = set.count();
    return set.toArray(this.buffer(n).subarray(0, n));
  }

  release(): void {
    for (const s of this.sets) this.bitsets.give(s);
    for (const b of this.buffers) this.ids.give(b);
    this.sets = [];
    this.buffers = [];
  }
}
