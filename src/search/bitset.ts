// A fixed-size set of small non-negative integers (work ids), one bit each: the in-memory filter
// index answers "which works match" with these, so that intersections, exclusions and exact
// counts cost a pass over 32-bit words instead of a probe per work.

/** How many bits of a 32-bit word are set. */
export function popcount(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

export class Bitset {
  readonly words: Uint32Array;

  /** Holds ids 0 .. capacity - 1. */
  constructor(readonly capacity: number) {
    this.words = new Uint32Array((capacity + 31) >>> 5);
  }

  static fromIds(capacity: number, ids: ArrayLike<number>): Bitset {
    const set = new Bitset(capacity);
    for (let i = 0; i < ids.length; i++) set.add(ids[i]!);
    return set;
  }

  has(id: number): boolean {
    return id >= 0 && id < this.capacity && (this.words[id >>> 5]! & (1 << (id & 31))) !== 0;
  }

  /** Ids outside the capacity are ignored: they name no work this set can hold. */
  add(id: number): void {
    if (id >= 0 && id < this.capacity) this.words[id >>> 5]! |= 1 << (id & 31);
  }

  delete(id: number): void {
    if (id >= 0 && id < this.capacity) this.words[id >>> 5]! &= ~(1 << (id & 31));
  }

  count(): number {
    let n = 0;
    const w = this.words;
    for (let i = 0; i < w.length; i++) if (w[i] !== 0) n += popcount(w[i]!);
    return n;
  }

  /** Keeps only ids also in `other`. */
  and(other: Bitset): this {
    const a = this.words;
    const b = other.words;
    const shared = Math.min(a.length, b.length);
    for (let i = 0; i < shared; i++) a[i]! &= b[i]!;
    a.fill(0, shared);
    return this;
  }

  /** Removes the ids in `other`. */
  andNot(other: Bitset): this {
    const a = this.words;
    const b = other.words;
    const shared = Math.min(a.length, b.length);
    for (let i = 0; i < shared; i++) a[i]! &= ~b[i]!;
    return this;
  }

  /**
   * Keeps only ids whose value in `column` lies in [lo, hi]. One tight loop per condition rather
   * than a callback per member: it runs over every work in the set at each search, and its cost
   * falls with the set (a sparse word visits only its members).
   */
  retainInRange(column: ArrayLike<number>, lo: number, hi: number): this {
    const w = this.words;
    for (let i = 0; i < w.length; i++) {
      const v = w[i]!;
      if (v === 0) continue;
      const base = i << 5;
      let inRange = 0;
      // Without branches on the values: which works fall in the range is as good as random, so a
      // branch per work would be mispredicted about as often as not.
      if (popcount(v) > 20) {
        // A full word: every work in it is tested, which costs less than finding each member.
        const end = Math.min(32, column.length - base);
        for (let b = 0; b < end; b++) {
          const x = column[base + b]!;
          inRange |= (+(x >= lo) & +(x <= hi)) << b;
        }
      } else {
        for (let m = v; m !== 0; ) {
          const lowest = m & -m;
          const b = 31 - Math.clz32(lowest);
          const x = column[base + b]!;
          inRange |= (+(x >= lo) & +(x <= hi)) << b;
          m ^= lowest;
        }
      }
      w[i] = v & inRange;
    }
    return this;
  }

  /**
   * Members from the highest down, starting below `below` (exclusive; the capacity by default),
   * until `visit` returns false.
   */
  forEachDescending(visit: (id: number) => boolean, below = this.capacity): void {
    const w = this.words;
    const start = Math.min(below, this.capacity) - 1;
    if (start < 0) return;
    let i = start >>> 5;
    // Mask off bits at and above `below` in its word.
    const bit = start & 31;
    let v = w[i]! & (bit === 31 ? 0xffffffff : (1 << (bit + 1)) - 1);
    for (;;) {
      while (v !== 0) {
        const top = 31 - Math.clz32(v);
        if (!visit((i << 5) + top)) return;
        v &= ~(1 << top);
      }
      if (--i < 0) return;
      v = w[i]!;
    }
  }

  /** Every member in ascending order; into `out` when given (its length the count). */
  toArray(out: Int32Array = new Int32Array(this.count())): Int32Array {
    let k = 0;
    const w = this.words;
    for (let i = 0; i < w.length; i++) {
      let v = w[i]!;
      while (v !== 0) {
        const low = v & -v;
        out[k++] = (i << 5) + (31 - Math.clz32(low));
        v ^= low;
      }
    }
    return out;
  }

  clone(): Bitset {
    const copy = new Bitset(this.capacity);
    copy.words.set(this.words);
    return copy;
  }
}
