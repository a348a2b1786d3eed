import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Rng } from '../dev/random.ts';
import { bruteForceBest, naiveScores, prompt, randomExchange } from '../testing/exchanges.ts';
import type { Exchange, Participant } from './exchange.ts';
import { matchExchange } from './matching.ts';
import { pinchHitCandidates, reassignAfterDefault } from './reassignment.ts';

/** Requests and offers of whole fandoms; the rules ask only that the fandom match. */
function person(id: string, requests: string[], offers: string[]): Participant {
  return {
    id,
    requests: requests.map((f) => prompt({ fandom: [f] })),
    offers: offers.map((f) => prompt({ fandom: [f] })),
  };
}

const FANDOM = { matchNumber: { fandom: 1 } };
const pairs = (list: readonly { giver: unknown; recipient: unknown }[]) =>
  list.map((a) => `${a.giver}->${a.recipient}`);

describe('defaulting and pinch hits', () => {
  // ann → bea → cy → ann, and dee, who can write for bea, has no one.
  const ring: Exchange = {
    rules: FANDOM,
    participants: [
      person('ann', ['Ferns'], ['Moomins']),
      person('bea', ['Moomins'], ['Zines']),
      person('cy', ['Zines'], ['Ferns', 'Lighthouses']),
      person('dee', ['Kites'], ['Moomins']),
    ],
  };
  const sent = [
    { giver: 'ann', recipient: 'bea' },
    { giver: 'bea', recipient: 'cy' },
    { giver: 'cy', recipient: 'ann' },
  ];

  test('a free giver takes the defaulter’s recipient, and no one else is moved', () => {
    const after = reassignAfterDefault(ring, sent, 'ann');
    assert.deepEqual(pairs(after.assignments), ['bea->cy', 'dee->bea']);
    assert.deepEqual(after.changes, [
      { giver: 'ann', from: 'bea', to: null },
      { giver: 'cy', from: 'ann', to: null },
      { giver: 'dee', from: null, to: 'bea' },
    ]);
    assert.deepEqual(after.unmatchedGivers, ['cy'], 'cy wrote for ann, who left, and can write for no one else');
    assert.deepEqual(after.unmatchedRecipients, ['dee']);
  });

  test('a defaulter who keeps receiving keeps their giver', () => {
    const after = reassignAfterDefault(ring, sent, 'ann', { keepReceiving: true });
    assert.deepEqual(pairs(after.assignments), ['bea->cy', 'cy->ann', 'dee->bea']);
    assert.deepEqual(after.unmatchedRecipients, ['dee']);
  });

  test('moves as few givers as it must, and none when told not to', () => {
    const exchange: Exchange = {
      rules: FANDOM,
      participants: [
        person('ann', ['Ferns'], ['Moomins']),
        person('bea', ['Moomins'], ['Zines']),
        person('cy', ['Zines'], ['Ferns']),
        person('dee', ['Lighthouses'], ['Zines']),
        person('ed', [], ['Kites']),
        person('fay', ['Zines', 'Kites'], []),
      ],
    };
    const current = [...sent, { giver: 'dee', recipient: 'fay' }];
    // bea leaves cy without a giver. Only dee can write for Zines, and dee writes for fay, whom
    // ed (free) can write for: dee moves to cy, ed takes fay; ann, whom bea would have received
    // from, is left with no one else to write for.
    const chained = reassignAfterDefault(exchange, current, 'bea');
    assert.deepEqual(chained.changes, [
      { giver: 'ann', from: 'bea', to: null },
      { giver: 'bea', from: 'cy', to: null },
      { giver: 'dee', from: 'fay', to: 'cy' },
      { giver: 'ed', from: null, to: 'fay' },
    ]);
    const still = reassignAfterDefault(exchange, current, 'bea', { maxMoves: 0 });
    assert.deepEqual(still.changes, [
      { giver: 'ann', from: 'bea', to: null },
      { giver: 'bea', from: 'cy', to: null },
    ]);
    assert.ok(still.unmatchedRecipients.includes('cy'));
    // A free giver who can write for the recipient moves no one.
    const direct = reassignAfterDefault(exchange, [...sent, { giver: 'ed', recipient: 'fay' }], 'bea');
    assert.deepEqual(direct.changes, [
      { giver: 'ann', from: 'bea', to: null },
      { giver: 'bea', from: 'cy', to: null },
      { giver: 'dee', from: null, to: 'cy' },
    ]);
  });

  test('pinch hitters: free participants first, then by overlap, never the recipient', () => {
    const exchange: Exchange = {
      rules: FANDOM,
      participants: [
        { id: 'ann', requests: [prompt({ fandom: ['Moomins'], character: ['Snufkin'] })], offers: [] },
        { id: 'bea', requests: [], offers: [prompt({ fandom: ['Moomins'] })] },
        { id: 'cy', requests: [], offers: [prompt({ fandom: ['Moomins'], character: ['Snufkin'] })] },
        { id: 'dee', requests: [], offers: [prompt({ fandom: ['Moomins'], character: ['Snufkin'] })] },
        { id: 'ed', requests: [], offers: [prompt({ fandom: ['Ferns'] })] },
      ],
    };
    const current = [{ giver: 'cy', recipient: 'ann' }];
    assert.deepEqual(pinchHitCandidates(exchange, current, 'ann'), [
      { giver: 'dee', score: 3, free: true },
      { giver: 'bea', score: 2, free: true },
      { giver: 'cy', score: 3, free: false },
    ]);
    assert.deepEqual(
      pinchHitCandidates(exchange, current, 'ann', ['dee']).map((c) => c.giver),
      ['bea', 'cy'],
    );
    assert.throws(() => pinchHitCandidates(exchange, current, 'zed'), /not in this exchange/);
  });

  test('refuses an assignment list that gives one participant twice', () => {
    const twice = [...sent, { giver: 'ann', recipient: 'cy' }];
    assert.throws(() => reassignAfterDefault(ring, twice, 'bea'), /clashes/);
  });

  test('after a default, as many are matched as the best assignment without the defaulter', () => {
    const rng = new Rng(1515);
    for (let round = 0; round < 300; round++) {
      const exchange = randomExchange(rng, 2 + rng.int(7));
      const before = matchExchange(exchange);
      const n = exchange.participants.length;
      const d = rng.int(n);
      const defaulter = exchange.participants[d]!.id;
      const keepReceiving = rng.chance(0.3);
      const after = reassignAfterDefault(exchange, before.assignments, defaulter, { keepReceiving });
      const scores = naiveScores(exchange).map((row, g) =>
        row.map((s, r) => (g === d || (r === d && !keepReceiving) ? -1 : s)),
      );
      assert.equal(after.assignments.length, bruteForceBest(scores).matched, `round ${round}`);
      const index = new Map(exchange.participants.map((p, i) => [p.id, i]));
      for (const a of after.assignments) assert.ok(scores[index.get(a.giver)!]![index.get(a.recipient)!]! >= 0);
      // Told to move no one, every giver who was writing keeps their recipient, but for the
      // defaulter and, when the defaulter leaves, whoever was writing for them.
      const freed = keepReceiving ? undefined : before.assignments.find((a) => a.recipient === defaulter)?.giver;
      const still = reassignAfterDefault(exchange, before.assignments, defaulter, { keepReceiving, maxMoves: 0 });
      for (const c of still.changes)
        assert.ok(c.from === null || c.giver === defaulter || c.giver === freed, `round ${round}: ${c.giver} moved`);
      assert.ok(still.assignments.length <= after.assignments.length);
      assert.ok(!after.unmatchedGivers.includes(defaulter));
    }
  });
});
