// One page of a ranking without ordering every match: candidates are offered one at a time and
// only the best `limit` after the cursor are kept, in order of key then id (both descending or
// both ascending, as the SQL orders them). A candidate no better than the last kept one is
// turned away with one comparison, so a ranking of many matches costs a pass, not a sort.

export interface Ranked {
  id: number;
  key: number;
}

export class TopK {
  private readonly keys: Float64Array;
  private readonly ids: Float64Array;
  private n = 0;
  private readonly sign: number;

  constructor(
    private readonly limit: number,
    desc: boolean,
    /** Only candidates that come after this one in the order are kept (the next page's). */
    private readonly after?: Ranked,
  ) {
    this.keys = new Float64Array(Math.max(limit, 0));
    this.ids = new Float64Array(Math.max(limit, 0));
    this.sign = desc ? 1 : -1;
  }

  /** Whether (ka, ia) comes before (kb, ib) in the order. */
  private precedes(ka: number, ia: number, kb: number, ib: number): boolean {
    const d = this.sign * (ka - kb);
    return d > 0 || (ka === kb && this.sign * (ia - ib) > 0);
  }

  offer(key: number, id: number): void {
    if (this.limit <= 0) return;
    if (this.after && !this.precedes(this.after.key, this.after.id, key, id)) return;
    let i = this.n;
    if (i === this.limit) {
      if (!this.precedes(key, id, this.keys[i - 1]!, this.ids[i - 1]!)) return;
      i--;
    } else this.n++;
    // Insertion from the end: the page is short.
    while (i > 0 && this.precedes(key, id, this.keys[i - 1]!, this.ids[i - 1]!)) {
      this.keys[i] = this.keys[i - 1]!;
      this.ids[i] = this.ids[i - 1]!;
      i--;
    }
    this.keys[i] = key;
    this.ids[i] = id;
  }

  /** Whether a page's worth is kept: a candidate must now beat the last one to get in. */
  isFull(): boolean {
    return this.n === this.limit;
  }

  /** Whether (key, id) comes before the last one kept (so before every candidate after it). */
  beatsLast(key: number, id: number): boolean {
    return this.n === 0 || this.precedes(key, id, this.keys[this.n - 1]!, this.ids[this.n - 1]!);
  }

  /** What was kept, best first. */
  rows(): Ranked[] {
    const out: Ranked[] = [];
    for (let i = 0; i < this.n; i++) out.push({ id: this.ids[i]!, key: this.keys[i]! });
    return out;
  }
}
