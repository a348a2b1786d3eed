// Gift-exchange matching: who writes for whom. As many participants as possible receive a gift
// (the most any assignment can give, see best-matching.ts), each writes at most one and receives
// at most one, no one writes for themselves, and among the assignments that reach the most
// participants the one with the best overlaps is chosen. Deterministic: the same exchange gives
// the same assignment (ties go to participants earlier in the list).
import { bestMatching } from './best-matching.ts';
import { Compatibility, type CompatibilityGraph } from './compatibility.ts';
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

/** Matches an exchange's participants; the graph is returned for callers that look further. */
export function matchWithGraph(exchange: Exchange): { result: MatchResult; graph: CompatibilityGraph } {
  const graph = new Compatibility(exchange).graph();
  const { edgeOfGiver } = bestMatching(graph);
  const recipientOfGiver = Int32Array.from(edgeOfGiver, (e) => (e === -1 ? -1 : graph.recipientOf[e]!));
  const result = describeAssignment(exchange, recipientOfGiver, (g) => graph.score[edgeOfGiver[g]!]!);
  return { result, graph };
}

/** The assignment that gives the most participants a gift, and the best overlaps among those. */
export function matchExchange(exchange: Exchange): MatchResult {
  return matchWithGraph(exchange).result;
}
