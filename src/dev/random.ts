// Seeded randomness for the synthetic corpus (corpus.ts): a small PRNG, a seed hash and the
// discrete distributions it samples. Pure: the same seed draws the same numbers everywhere.

// ---- seeded randomness ------------------------------------------------------------------------

/** sfc32: small, fast, and good enough for sampling; seeded through splitmix32. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const split = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = split();
    this.b = split();
    this.c = split();
    this.d = split();
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Log-normal with the given median and sigma of the underlying normal. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }
}

/** A 32-bit hash of a seed string and stream numbers (FNV-1a, then a final mix). */
export function hashSeed(seed: string, ...streams: number[]): number {
  let h = 0x811c9dc5;
  const text = `${seed}|${streams.join('|')}`;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}

/** Walker/Vose alias table: O(1) draws from any discrete distribution (vocabularies of thousands). */
export class Weighted {
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;
  readonly size: number;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    if (n === 0) throw new Error('Weighted needs at least one weight');
    this.size = n;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i]!;
    const scaled = new Float64Array(n);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) {
      scaled[i] = (weights[i]! * n) / total;
      (scaled[i]! < 1 ? small : large).push(i);
    }
    while (small.length && large.length) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.prob[s] = scaled[s]!;
      this.alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      (scaled[l]! < 1 ? small : large).push(l);
    }
    for (const i of [...small, ...large]) this.prob[i] = 1;
  }

  sample(rng: Rng): number {
    const u = rng.next() * this.size;
    const i = Math.floor(u);
    return u - i < this.prob[i]! ? i : this.alias[i]!;
  }
}

/** Zipf(-Mandelbrot) weights: rank r (from 0) weighs 1 / (r + 1 + q)^s. */
export function zipfWeights(n: number, s: number, q = 0): Float64Array {
  const w = new Float64Array(n);
  for (let r = 0; r < n; r++) w[r] = 1 / (r + 1 + q) ** s;
  return w;
}

export function zipf(n: number, s: number, q = 0): Weighted {
  return new Weighted(zipfWeights(n, s, q));
}

/** A categorical draw over labelled shares (the shares need not sum to 1). */
export class Shares<T> {
  private readonly table: Weighted;
  constructor(private readonly items: readonly (readonly [T, number])[]) {
    this.table = new Weighted(items.map(([, w]) => w));
  }
  sample(rng: Rng): T {
    return this.items[this.table.sample(rng)]![0];
  }
}
