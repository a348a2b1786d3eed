// The best assignment of a compatibility graph: a maximum matching of givers to recipients (each
// gives at most one gift and receives at most one), and among the maximum ones, one of greatest
// total score. This is a minimum-cost maximum flow (source → giver → recipient → sink, unit
// capacities, cost = highest score − score) solved by the primal-dual method:
//  - Dijkstra on reduced costs (Johnson potentials) finds the cost D of the cheapest augmenting path;
//  - every augmenting path of cost D is then found by depth-first passes over the arcs of zero
//    reduced cost (Hopcroft–Karp-like), before the next Dijkstra.
// Successive shortest paths keep the flow of least cost for its size, and the loop ends only when
// no augmenting path is left, which by the max-flow min-cut theorem is a maximum matching. Scores
// are small integers, so the cheapest path cost takes few distinct values and the phases are few.
import type { CompatibilityGraph } from './compatibility.ts';

export interface Matching {
  /** The edge each giver gives along, or -1. */
  readonly edgeOfGiver: Int32Array;
  /** The edge each recipient receives along, or -1. */
  readonly edgeOfRecipient: Int32Array;
}

/** A binary min-heap of (key, node) with stale entries left in (each is skipped when popped). */
class Heap {
  private keys = new Float64Array(64);
  private nodes = new Int32Array(64);
  size = 0;

  push(key: number, node: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2);
      keys.set(this.keys);
      this.keys = keys;
      const nodes = new Int32Array(this.size * 2);
      nodes.set(this.nodes);
      this.nodes = nodes;
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent]! <= key) break;
      this.keys[i] = this.keys[parent]!;
      this.nodes[i] = this.nodes[parent]!;
      i = parent;
    }
    this.keys[i] = key;
    this.nodes[i] = node;
  }

  topKey(): number {
    return this.keys[0]!;
  }

  /** Removes the least entry and returns its node. */
  pop(): number {
    const top = this.nodes[0]!;
    const key = this.keys[--this.size]!;
    const node = this.nodes[this.size]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.keys[child + 1]! < this.keys[child]!) child++;
      if (this.keys[child]! >= key) break;
      this.keys[i] = this.keys[child]!;
      this.nodes[i] = this.nodes[child]!;
      i = child;
    }
    this.keys[i] = key;
    this.nodes[i] = node;
    return top;
  }
}

/** A maximum matching of the graph with the greatest total score among maximum matchings. */
export function bestMatching(graph: CompatibilityGraph): Matching {
  const n = graph.size;
  const { giverStart, giverOf, recipientOf } = graph;
  let top = 0;
  for (const s of graph.score) if (s > top) top = s;
  const cost = Int32Array.from(graph.score, (s) => top - s);
  const edgeOfGiver = new Int32Array(n).fill(-1);
  const edgeOfRecipient = new Int32Array(n).fill(-1);
  // Potentials of givers, recipients and the sink (the source's stays 0). Free givers stay at 0.
  const pg = new Float64Array(n);
  const pr = new Float64Array(n);
  let pt = 0;
  const distG = new Float64Array(n);
  const distR = new Float64Array(n);
  const heap = new Heap();

  /** Dijkstra from the free givers; the cost of the cheapest augmenting path, or Infinity. */
  const shortest = (): number => {
    distG.fill(Infinity);
    distR.fill(Infinity);
    heap.size = 0;
    for (let g = 0; g < n; g++) if (edgeOfGiver[g] === -1) (distG[g] = 0), heap.push(0, g);
    let best = Infinity;
    while (heap.size > 0) {
      const d = heap.topKey();
      if (d >= best) break;
      const v = heap.pop();
      if (v < n) {
        if (d > distG[v]!) continue;
        const base = d + pg[v]!;
        for (let e = giverStart[v]!, end = giverStart[v + 1]!; e < end; e++) {
          if (edgeOfGiver[v] === e) continue;
          const r = recipientOf[e]!;
          const nd = base + cost[e]! - pr[r]!;
          if (nd < distR[r]! && nd < best) (distR[r] = nd), heap.push(nd, n + r);
        }
      } else {
        const r = v - n;
        if (d > distR[r]!) continue;
        const e = edgeOfRecipient[r]!;
        if (e === -1) {
          best = Math.min(best, d + pr[r]! - pt);
          continue;
        }
        const g = giverOf[e]!;
        const nd = d - cost[e]! + pr[r]! - pg[g]!;
        if (nd < distG[g]! && nd < best) (distG[g] = nd), heap.push(nd, g);
      }
    }
    return best;
  };

  // Depth-first passes over zero-reduced-cost arcs: each pass finds vertex-disjoint augmenting paths.
  const seenR = new Int32Array(n).fill(-1);
  const cursor = new Int32Array(n);
  const stack = new Int32Array(n);
  const admissiblePass = (pass: number): number => {
    let found = 0;
    for (let root = 0; root < n; root++) {
      if (edgeOfGiver[root] !== -1) continue;
      let depth = 0;
      stack[depth++] = root;
      cursor[root] = giverStart[root]!;
      while (depth > 0) {
        const g = stack[depth - 1]!;
        if (cursor[g]! === giverStart[g + 1]!) {
          depth--;
          continue;
        }
        const e = cursor[g]!++;
        const r = recipientOf[e]!;
        if (seenR[r] === pass || edgeOfGiver[g] === e || cost[e]! + pg[g]! - pr[r]! !== 0) continue;
        seenR[r] = pass;
        const held = edgeOfRecipient[r]!;
        if (held === -1) {
          if (pr[r]! - pt !== 0) continue;
          // Augment: each giver on the stack takes the edge it last tried.
          for (let i = 0; i < depth; i++) {
            const gi = stack[i]!;
            const ei = cursor[gi]! - 1;
            edgeOfGiver[gi] = ei;
            edgeOfRecipient[recipientOf[ei]!] = ei;
          }
          found++;
          break;
        }
        const next = giverOf[held]!;
        if (-cost[held]! + pr[r]! - pg[next]! !== 0) continue;
        cursor[next] = giverStart[next]!;
        stack[depth++] = next;
      }
    }
    return found;
  };

  let pass = 0;
  for (;;) {
    const d = shortest();
    if (d === Infinity) break;
    for (let g = 0; g < n; g++) pg[g] = pg[g]! + Math.min(distG[g]!, d);
    for (let r = 0; r < n; r++) pr[r] = pr[r]! + Math.min(distR[r]!, d);
    pt += d;
    // The cheapest path's arcs are now all of zero reduced cost, so the first pass finds it.
    if (admissiblePass(pass++) === 0) throw new Error('matching: no admissible path at the cheapest cost');
    while (admissiblePass(pass++) > 0);
  }
  return { edgeOfGiver, edgeOfRecipient };
}
