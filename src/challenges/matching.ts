// Gift-exchange matching: who writes for whom. As many participants as possible receive a gift
// (the most any assignment can give, see best-matching.ts), each writes at most one and receives
// at most one, no one writes for themselves, and among the assignments that reach the most
// participants the one with the best overlaps is chosen (where nothing must match, the overlaps
// are weighed among pairs sharing a tag only). Deterministic: the same exchange gives the same
// assignment (ties go to participants earlier in the list).
import { bestMatching } from './best-matching.ts';
import { Compatibility } from './compatibility.ts';
import type { Exchange, ParticipantId } from './exchange.ts';

/** One gift: the giver writes for the recipient; the score is how well their sign-ups overlap. */
export interface Assignment {
  readonly giver: ParticipantId;
  readonly recipient: ParticipantId;
  readonly score: number;
}

export interface MatchResult {
  /** In the order of the givers in the exchange. */
  readonly assignments: Assignment[];
  /** Participants no one was assigned to write for: they need a pinch hitter. */
  readonly unmatchedRecipients: ParticipantId[];
  /** Participants with no one to write for. */
  readonly unmatchedGivers: ParticipantId[];
  readonly totalScore: number;
}

/** The assignment in participants' ids, from who gives to whom by index (-1: no one). */
export function describeAssignment(
  exchange: Exchange,
  recipientOfGiver: ArrayLike<number>,
  scoreOf: (giver: number, recipient: number) => number,
): MatchResult {
  const ids = exchange.participants.map((p) => p.id);
  const assignments: Assignment[] = [];
  const received = new Uint8Array(ids.length);
  const unmatchedGivers: ParticipantId[] = [];
  let totalScore = 0;
  ids.forEach((id, g) => {
    const r = recipientOfGiver[g]!;
    if (r === -1) {
      unmatchedGivers.push(id);
      return;
    }
    const score = scoreOf(g, r);
    assignments.push({ giver: id, recipient: ids[r]!, score });
    received[r] = 1;
    totalScore += score;
  });
  const unmatchedRecipients = ids.filter((_, r) => !received[r]);
  return { assignments, unmatchedRecipients, unmatchedGivers, totalScore };
}

/**
 * Where nothing must match, every pair is compatible and checking them all is quadratic: the
 * pairs that share a tag are matched for their overlaps, and the givers and recipients still
 * free are then paired in order, which reaches everyone who can give or receive (all but one
 * when a single participant is left on both sides; a swap with a matched pair takes them in).
 */
function completeOpenExchange(compatibility: Compatibility, recipientOfGiver: Int32Array): void {
  const n = compatibility.size;
  const taken = new Uint8Array(n);
  for (const r of recipientOfGiver) if (r !== -1) taken[r] = 1;
  const pool: number[] = [];
  for (let r = 0; r < n; r++) if (!taken[r] && compatibility.canReceive(r)) pool.push(r);
  let next = 0;
  for (let g = 0; g < n && next < pool.length; g++) {
    if (recipientOfGiver[g] !== -1 || !compatibility.canGive(g)) continue;
    if (pool[next] === g && next + 1 < pool.length) [pool[next], pool[next + 1]] = [pool[next + 1]!, g];
    if (pool[next] !== g) {
      recipientOfGiver[g] = pool[next++]!;
      continue;
    }
    // g is the only one left to receive: g writes for someone's recipient, who writes for g.
    const other = recipientOfGiver.findIndex((r) => r !== -1);
    if (other === -1) break;
    recipientOfGiver[g] = recipientOfGiver[other]!;
    recipientOfGiver[other] = g;
    next++;
  }
}

/** The assignment that gives the most participants a gift, and the best overlaps among those. */
export function matchExchange(exchange: Exchange): MatchResult {
  const compatibility = new Compatibility(exchange);
  const open = compatibility.unconstrained;
  const graph = open ? compatibility.sharedTagGraph() : compatibility.graph();
  const { edgeOfGiver } = bestMatching(graph);
  const recipientOfGiver = Int32Array.from(edgeOfGiver, (e) => (e === -1 ? -1 : graph.recipientOf[e]!));
  if (open) completeOpenExchange(compatibility, recipientOfGiver);
  return describeAssignment(exchange, recipientOfGiver, (g, r) => compatibility.pairScore(g, r));
}
