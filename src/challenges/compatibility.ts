// Who can write for whom: AO3's potential matches. A giver can write for a recipient when the
// giver's offers match enough of the recipient's requests under the exchange's rules; the pair's
// score says how well. Candidate pairs come from an index of offers by tag of one must-match type
// (as AO3 indexes prompts), so that an exchange of small fandoms is not scanned pair by pair.
import { TAG_TYPES } from '../tags/tag-types.ts';
import type { Exchange, MatchNumber, Prompt, TagKey } from './exchange.ts';
import { checkExchange, requiredTypes } from './exchange.ts';

const TYPE_COUNT = TAG_TYPES.length;
const EMPTY = new Int32Array(0);

/** Who offers each tag of one type (tag → givers ascending), and who offers "Any" of it. */
interface OfferIndex {
  readonly type: number;
  readonly optional: boolean;
  readonly byTag: Map<number, number[]>;
  readonly open: number[];
}

/** A giver who can write for a recipient, by index in the exchange, and the pair's score. */
export interface Candidate {
  readonly giver: number;
  readonly score: number;
}

/** A prompt with its tags as sorted small integers per type, for quick overlaps. */
interface PreparedPrompt {
  /** Per type: the tags alone, and the tags with the optional ones. */
  readonly base: Int32Array[];
  readonly full: Int32Array[];
  /** Every tag of every type, with the optional ones, for the pair's overlap. */
  readonly all: Int32Array;
  /** Bit i set: the prompt accepts any tag of TAG_TYPES[i]. */
  readonly anyMask: number;
}

/** The pairs that can be matched, by giver (recipients ascending). */
export interface CompatibilityGraph {
  /** Participants, by their index in the exchange: each is both a giver and a recipient. */
  readonly size: number;
  /** Edges e of giver g: giverStart[g] <= e < giverStart[g + 1]. */
  readonly giverStart: Int32Array;
  readonly giverOf: Int32Array;
  readonly recipientOf: Int32Array;
  /** Each edge's score: 1 for each matched request plus the tags it shares with the best offer. */
  readonly score: Int32Array;
}

/** The size of a ∩ b, for two ascending arrays of distinct values. */
function overlap(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) n++, i++, j++;
    else if (x < y) i++;
    else j++;
  }
  return n;
}

/** The exchange's prompts as integers, with the rules in the shape the checks read. */
export class Compatibility {
  readonly size: number;
  private readonly requests: PreparedPrompt[][];
  private readonly offers: PreparedPrompt[][];
  /** The must-match types as indexes into TAG_TYPES, with their match numbers. */
  private readonly required: { type: number; number: MatchNumber; optional: boolean }[];
  private readonly requestsToMatch: MatchNumber;
  private readonly includeOptional: boolean[];
  /** The index candidates come from, chosen when first needed (undefined: there is none). */
  private index: OfferIndex | undefined | null = null;
  /** Marks of the givers already proposed for the recipient being scored. */
  private readonly seen: Int32Array;
  private stamp = 0;

  constructor(exchange: Exchange) {
    checkExchange(exchange);
    const { rules } = exchange;
    const ids = new Map<string, number>();
    const intern = (type: number, list: readonly TagKey[] | undefined, extra?: readonly TagKey[]): Int32Array => {
      if (!list?.length && !extra?.length) return EMPTY;
      const out = new Set<number>();
      for (const key of [...(list ?? []), ...(extra ?? [])]) {
        // A fandom and a character of the same name, or tag 7 and tag '7', are different tags.
        const name = `${type}|${typeof key}|${key}`;
        let id = ids.get(name);
        if (id === undefined) ids.set(name, (id = ids.size));
        out.add(id);
      }
      return Int32Array.from(out).sort();
    };
    const prepare = (prompt: Prompt): PreparedPrompt => {
      const base: Int32Array[] = [];
      const full: Int32Array[] = [];
      let anyMask = 0;
      TAG_TYPES.forEach((type, i) => {
        const tags = prompt.tags[type];
        const optional = prompt.optionalTags?.[type];
        base.push(intern(i, tags));
        full.push(optional?.length ? intern(i, tags, optional) : base[i]!);
        if (prompt.any?.[type]) anyMask |= 1 << i;
      });
      const all = Int32Array.from(full.flatMap((tags) => [...tags])).sort();
      return { base, full, all, anyMask };
    };
    this.size = exchange.participants.length;
    this.seen = new Int32Array(this.size);
    this.requests = exchange.participants.map((p) => p.requests.map(prepare));
    this.offers = exchange.participants.map((p) => p.offers.map(prepare));
    this.required = requiredTypes(rules).map((type) => ({
      type: TAG_TYPES.indexOf(type),
      number: rules.matchNumber[type]!,
      optional: rules.includeOptional?.[type] ?? false,
    }));
    this.requestsToMatch = rules.requestsToMatch ?? 1;
    this.includeOptional = TAG_TYPES.map((type) => rules.includeOptional?.[type] ?? false);
  }

  /** AO3's prompt match: every must-match type is open on either side, or shares enough tags. */
  private promptsMatch(request: PreparedPrompt, offer: PreparedPrompt): boolean {
    for (const { type, number, optional } of this.required) {
      if ((request.anyMask | offer.anyMask) & (1 << type)) continue;
      const wanted = optional ? request.full[type]! : request.base[type]!;
      // A request naming no tag of a type, or whose tags the offer all has, matches in full.
      if (wanted.length === 0) continue;
      const shared = overlap(wanted, optional ? offer.full[type]! : offer.base[type]!);
      if (shared === wanted.length) continue;
      if (number === 'all' || shared < number) return false;
    }
    return true;
  }

  /** The pair's score, or -1 when the giver's offers match too few of the recipient's requests. */
  pairScore(giver: number, recipient: number): number {
    if (giver === recipient) return -1;
    const requests = this.requests[recipient]!;
    const offers = this.offers[giver]!;
    let matched = 0;
    let score = 0;
    for (const request of requests) {
      let best = -1;
      for (const offer of offers) {
        if (!this.promptsMatch(request, offer)) continue;
        const shared = overlap(request.all, offer.all);
        if (shared > best) best = shared;
      }
      if (best >= 0) matched++, (score += 1 + best);
    }
    // At least one request always: a sign-up asking for nothing, or offering nothing, is never matched.
    const needed = this.requestsToMatch === 'all' ? requests.length : this.requestsToMatch;
    return matched >= Math.max(1, needed) ? score : -1;
  }

  /** The offers indexed by tag of one must-match type: who offers each tag, and who offers "Any". */
  private offerIndex(type: number, optional: boolean): OfferIndex {
    const byTag = new Map<number, number[]>();
    const open: number[] = [];
    this.offers.forEach((offers, g) => {
      let any = false;
      for (const o of offers) {
        if (o.anyMask & (1 << type)) any = true;
        for (const t of optional ? o.full[type]! : o.base[type]!) {
          const list = byTag.get(t);
          if (!list) byTag.set(t, [g]);
          else if (list[list.length - 1] !== g) list.push(g);
        }
      }
      if (any) open.push(g);
    });
    return { type, optional, byTag, open };
  }

  /**
   * The givers who might write for a recipient, by the index: givers offering one of the
   * requests' tags of the index type, or "Any" of it; everyone when a request names no tag of
   * that type or accepts any (then any offer meets it in that type). With `sharedOnly`, only
   * givers offering one of the tags. May repeat a giver.
   */
  private candidates(index: OfferIndex, r: number, visit: (giver: number) => void, sharedOnly = false): void {
    const { type, optional, byTag, open } = index;
    const requests = this.requests[r]!;
    const tagsOf = (q: PreparedPrompt) => (optional ? q.full[type]! : q.base[type]!);
    if (!sharedOnly && requests.some((q) => q.anyMask & (1 << type) || tagsOf(q).length === 0)) {
      for (let g = 0; g < this.size; g++) visit(g);
      return;
    }
    for (const q of requests) for (const t of tagsOf(q)) byTag.get(t)?.forEach(visit);
    if (!sharedOnly) open.forEach(visit);
  }

  /** The index of the must-match type that proposes the fewest candidate pairs (AO3's index type). */
  private sharpestIndex(): OfferIndex | undefined {
    let best: { index: OfferIndex; pairs: number } | undefined;
    for (const { type, optional } of this.required) {
      const index = this.offerIndex(type, optional);
      let pairs = 0;
      for (let r = 0; r < this.size && pairs < (best?.pairs ?? Infinity); r++) this.candidates(index, r, () => pairs++);
      if (!best || pairs < best.pairs) best = { index, pairs };
    }
    return best?.index;
  }

  /** Scored pairs from candidate givers, in recipient order: (recipient, giver, score) triples. */
  private scoredPairs(r: number, propose: (visit: (giver: number) => void) => void, out: number[]) {
    const list: number[] = [];
    const { seen } = this;
    const stamp = ++this.stamp;
    propose((g) => {
      if (seen[g] !== stamp && g !== r) (seen[g] = stamp), list.push(g);
    });
    list.sort((a, b) => a - b);
    for (const g of list) {
      const score = this.pairScore(g, r);
      if (score >= 0) out.push(r, g, score);
    }
  }

  /** Proposes the givers who might write for r: from the index, or everyone where nothing must match. */
  private propose(r: number, visit: (giver: number) => void): void {
    if (this.index === null) this.index = this.sharpestIndex();
    if (this.index) this.candidates(this.index, r, visit);
    else if (this.canReceive(r)) for (let g = 0; g < this.size; g++) visit(g);
  }

  /** Every giver who can write for recipient r, in the exchange's order, with the pair's score. */
  giversFor(r: number): Candidate[] {
    const pairs: number[] = [];
    this.scoredPairs(r, (visit) => this.propose(r, visit), pairs);
    const out: Candidate[] = [];
    for (let i = 0; i < pairs.length; i += 3) out.push({ giver: pairs[i + 1]!, score: pairs[i + 2]! });
    return out;
  }

  /** The compatibility graph: every pair that can be matched, with its score. */
  graph(): CompatibilityGraph {
    const pairs: number[] = [];
    for (let r = 0; r < this.size; r++) this.scoredPairs(r, (visit) => this.propose(r, visit), pairs);
    return toGraph(this.size, pairs);
  }

  /** True when no type must match: anyone with an offer can write for anyone with requests. */
  get unconstrained(): boolean {
    return this.required.length === 0;
  }

  /** With nothing to match: a participant who offers something can write for anyone else. */
  canGive(g: number): boolean {
    return this.offers[g]!.length > 0;
  }

  /** With nothing to match: a participant whose requests are enough can receive from anyone. */
  canReceive(r: number): boolean {
    const count = this.requests[r]!.length;
    return count >= Math.max(1, this.requestsToMatch === 'all' ? count : this.requestsToMatch);
  }

  /**
   * For an exchange where nothing must match, where every pair is compatible: only the pairs
   * sharing a tag of the most varied type (a fandom, usually), whose overlaps are worth seeking.
   */
  sharedTagGraph(): CompatibilityGraph {
    let index: OfferIndex | undefined;
    for (let type = 0; type < TYPE_COUNT; type++) {
      const candidate = this.offerIndex(type, this.includeOptional[type]!);
      if (!index || candidate.byTag.size > index.byTag.size) index = candidate;
    }
    const pairs: number[] = [];
    for (let r = 0; r < this.size; r++) this.scoredPairs(r, (visit) => this.candidates(index!, r, visit, true), pairs);
    return toGraph(this.size, pairs);
  }
}

/** Lays (recipient, giver, score) triples out by giver. */
function toGraph(n: number, pairs: number[]): CompatibilityGraph {
  const m = pairs.length / 3;
  const giverStart = new Int32Array(n + 1);
  for (let i = 0; i < pairs.length; i += 3) giverStart[pairs[i + 1]! + 1]!++;
  for (let v = 0; v < n; v++) giverStart[v + 1]! += giverStart[v]!;
  const giverOf = new Int32Array(m);
  const recipientOf = new Int32Array(m);
  const score = new Int32Array(m);
  const next = giverStart.slice(0, n);
  // Triples come in recipient order, so each giver's edges fill in recipient order too.
  for (let i = 0; i < pairs.length; i += 3) {
    const g = pairs[i + 1]!;
    const e = next[g]!++;
    giverOf[e] = g;
    recipientOf[e] = pairs[i]!;
    score[e] = pairs[i + 2]!;
  }
  return { size: n, giverStart, giverOf, recipientOf, score };
}
