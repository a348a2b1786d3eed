// After the assignments go out: a participant who defaults leaves the exchange, and the recipient
// they were writing for (and, unless they keep receiving, the giver who was writing for them) is
// matched again. A free giver who can write for the recipient is taken first; failing that, the
// shortest chain of existing givers each moving one step, so that as few others as possible see
// their assignment change (none when none need to). Chains are sought from every recipient left
// without a giver until none is found, so with moves unlimited the result is a maximum
// assignment of the exchange without the defaulter (Berge: no augmenting chain, no larger one).
import { AppError } from '../app-error.ts';
import { Compatibility, type Candidate } from './compatibility.ts';
import type { Exchange, ParticipantId } from './exchange.ts';
import { describeAssignment, type MatchResult } from './matching.ts';

export interface CurrentAssignment {
  readonly giver: ParticipantId;
  readonly recipient: ParticipantId;
}

/** A giver whose assignment changed: from one recipient (or none) to another (or none). */
export interface Change {
  readonly giver: ParticipantId;
  readonly from: ParticipantId | null;
  readonly to: ParticipantId | null;
}

export interface Reassignment extends MatchResult {
  readonly changes: Change[];
}

export interface DefaultOptions {
  /** The participant defaults on writing but still receives their gift (false: they leave). */
  readonly keepReceiving?: boolean;
  /** How many other givers may be moved to another recipient to fill the gap (no limit unless set). */
  readonly maxMoves?: number;
}

/** The exchange's assignment by index, refusing unknown participants and double assignments. */
function currentByIndex(exchange: Exchange, current: readonly CurrentAssignment[]) {
  const index = new Map(exchange.participants.map((p, i) => [p.id, i]));
  const at = (id: ParticipantId) => {
    const i = index.get(id);
    if (i === undefined) throw new AppError('invalid', `${String(id)} is not in this exchange`);
    return i;
  };
  const recipientOf = new Int32Array(index.size).fill(-1);
  const giverOf = new Int32Array(index.size).fill(-1);
  for (const a of current) {
    const g = at(a.giver);
    const r = at(a.recipient);
    if (recipientOf[g] !== -1 || giverOf[r] !== -1 || g === r)
      throw new AppError('invalid', `${String(a.giver)} → ${String(a.recipient)} clashes with another assignment`);
    recipientOf[g] = r;
    giverOf[r] = g;
  }
  return { at, recipientOf, giverOf };
}

/** Best pairs first, then the exchange's order, so that a search takes the closest match it can. */
const byScore = (a: Candidate, b: Candidate) => b.score - a.score || a.giver - b.giver;

/**
 * The shortest chain from a recipient without a giver to a giver without a recipient, each giver
 * on it moving to the recipient before it, taken if it moves at most `maxMoves` givers who were
 * already writing. `starts` are searched together, earlier ones first among chains as short.
 */
function augment(
  starts: readonly number[],
  giversOf: (r: number) => readonly Candidate[],
  recipientOf: Int32Array,
  giverOf: Int32Array,
  maxMoves: number,
): boolean {
  const reachedFrom = new Map<number, number>(); // giver → the recipient it would move to
  let level = starts;
  for (let moves = 0; level.length > 0 && moves <= maxMoves; moves++) {
    const next: number[] = [];
    for (const r of level) {
      for (const { giver } of giversOf(r)) {
        if (reachedFrom.has(giver)) continue;
        reachedFrom.set(giver, r);
        if (recipientOf[giver] !== -1) {
          next.push(recipientOf[giver]!);
          continue;
        }
        for (let g = giver; g !== -1; ) {
          const to = reachedFrom.get(g)!;
          const previous = giverOf[to]!;
          giverOf[to] = g;
          recipientOf[g] = to;
          g = previous;
        }
        return true;
      }
    }
    level = next;
  }
  return false;
}

/** Removes a defaulting participant and matches again whoever that leaves without a partner. */
export function reassignAfterDefault(
  exchange: Exchange,
  current: readonly CurrentAssignment[],
  defaulter: ParticipantId,
  options: DefaultOptions = {},
): Reassignment {
  const compatibility = new Compatibility(exchange);
  const { at, recipientOf, giverOf } = currentByIndex(exchange, current);
  const before = recipientOf.slice();
  const d = at(defaulter);
  const leaves = !options.keepReceiving;
  const maxMoves = options.maxMoves ?? Infinity;

  // Who can write for a recipient, asked only of the recipients a search reaches.
  const known = new Map<number, Candidate[]>();
  const into = (r: number): Candidate[] => {
    let list = known.get(r);
    if (!list)
      known.set(
        r,
        (list = compatibility
          .giversFor(r)
          .filter((c) => c.giver !== d)
          .sort(byScore)),
      );
    return list;
  };
  const orphan = recipientOf[d]!;
  if (orphan !== -1) (recipientOf[d] = -1), (giverOf[orphan] = -1);
  const freed = leaves ? giverOf[d]! : -1;
  if (freed !== -1) (giverOf[d] = -1), (recipientOf[freed] = -1);
  // Chains from every recipient without a giver, the orphaned one first: a chain to the freed
  // giver may be needed as well as the orphan's own, and taking the freed giver for the orphan
  // may leave a longer chain elsewhere as the only way back to a maximum.
  const waiting = (): number[] => {
    const others: number[] = [];
    for (let r = 0; r < giverOf.length; r++)
      if (giverOf[r] === -1 && r !== orphan && !(leaves && r === d)) others.push(r);
    return orphan !== -1 && giverOf[orphan] === -1 ? [orphan, ...others] : others;
  };
  while (augment(waiting(), into, recipientOf, giverOf, maxMoves));

  const score = (g: number, r: number) => Math.max(0, compatibility.pairScore(g, r));
  const described = describeAssignment(exchange, recipientOf, score);
  const ids = exchange.participants.map((p) => p.id);
  const changes: Change[] = [];
  before.forEach((from, g) => {
    const to = recipientOf[g]!;
    if (from !== to)
      changes.push({ giver: ids[g]!, from: from === -1 ? null : ids[from]!, to: to === -1 ? null : ids[to]! });
  });
  const gone = (id: ParticipantId) => id !== defaulter;
  return {
    ...described,
    unmatchedGivers: described.unmatchedGivers.filter(gone),
    unmatchedRecipients: leaves ? described.unmatchedRecipients.filter(gone) : described.unmatchedRecipients,
    changes,
  };
}

/** Someone who could write for a recipient, and whether they are free to (writing for no one yet). */
export interface PinchHitter {
  readonly giver: ParticipantId;
  readonly score: number;
  readonly free: boolean;
}

/** Who could write for a recipient: free participants first, then the best overlaps. */
export function pinchHitCandidates(
  exchange: Exchange,
  current: readonly CurrentAssignment[],
  recipient: ParticipantId,
  exclude: readonly ParticipantId[] = [],
): PinchHitter[] {
  const compatibility = new Compatibility(exchange);
  const { at, recipientOf } = currentByIndex(exchange, current);
  const excluded = new Set(exclude.map(at));
  const ids = exchange.participants.map((p) => p.id);
  return compatibility
    .giversFor(at(recipient))
    .filter((c) => !excluded.has(c.giver))
    .map((c) => ({ giver: c.giver, score: c.score, free: recipientOf[c.giver] === -1 }))
    .sort((a, b) => Number(b.free) - Number(a.free) || byScore(a, b))
    .map((c) => ({ giver: ids[c.giver]!, score: c.score, free: c.free }));
}
