import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Rng } from '../dev/random.ts';
import { bruteForceBest, naiveScores, prompt, randomExchange } from '../testing/exchanges.ts';
import { Compatibility } from './compatibility.ts';
import { type Exchange, type MatchRules, type Participant, requiredTypes } from './exchange.ts';
import { type MatchResult, matchExchange } from './matching.ts';

const FANDOM_AND_CHARACTER: MatchRules = { matchNumber: { fandom: 1, character: 1 } };

/** A participant requesting and offering single-fandom prompts: `[fandom, ...characters]`. */
function person(id: string, requests: string[][], offers: string[][]): Participant {
  const toPrompt = ([fandom, ...characters]: string[]) => prompt({ fandom: [fandom!], character: characters });
  return { id, requests: requests.map(toPrompt), offers: offers.map(toPrompt) };
}

const pairs = (result: MatchResult) => result.assignments.map((a) => `${a.giver}->${a.recipient}`);

/** Every assignment is a compatible pair, no one gives or receives twice, no one gives to themselves. */
function assertValid(exchange: Exchange, result: MatchResult): void {
  const scores = naiveScores(exchange);
  const index = new Map(exchange.participants.map((p, i) => [p.id, i]));
  const givers = new Set();
  const recipients = new Set();
  for (const a of result.assignments) {
    assert.notEqual(a.giver, a.recipient, 'no one writes for themselves');
    assert.equal(
      scores[index.get(a.giver)!]![index.get(a.recipient)!],
      a.score,
      `${a.giver} can write for ${a.recipient}`,
    );
    assert.ok(!givers.has(a.giver) && !recipients.has(a.recipient), 'one gift each way');
    givers.add(a.giver);
    recipients.add(a.recipient);
  }
  assert.equal(result.unmatchedRecipients.length + recipients.size, exchange.participants.length);
  assert.equal(result.unmatchedGivers.length + givers.size, exchange.participants.length);
}

describe('gift exchange matching', () => {
  test('three participants who can write for each other in a ring are all matched', () => {
    const exchange: Exchange = {
      rules: FANDOM_AND_CHARACTER,
      participants: [
        person('ann', [['Moomins', 'Snufkin']], [['Lighthouse', 'Keeper']]),
        person('bea', [['Lighthouse', 'Keeper']], [['Ferns', 'Pteris']]),
        person('cy', [['Ferns', 'Pteris']], [['Moomins', 'Snufkin', 'Moomintroll']]),
      ],
    };
    const result = matchExchange(exchange);
    assert.deepEqual(pairs(result), ['ann->bea', 'bea->cy', 'cy->ann']);
    assert.deepEqual(result.unmatchedRecipients, []);
    // Each request shares its fandom and one character with the offer: 1 + 2 each.
    assert.deepEqual(
      result.assignments.map((a) => a.score),
      [3, 3, 3],
    );
  });

  test('gives up a better overlap to reach one more recipient', () => {
    // ann can write for bea (a close match) or cy; dee can write only for bea. Giving ann's best
    // match to bea would leave cy without a gift.
    const exchange: Exchange = {
      rules: { matchNumber: { fandom: 1 } },
      participants: [
        person('ann', [['Zines']], [['Moomins', 'Snufkin', 'Moomintroll'], ['Ferns']]),
        person('bea', [['Moomins', 'Snufkin', 'Moomintroll']], [['Zines']]),
        person('cy', [['Ferns']], []),
        person('dee', [], [['Moomins']]),
      ],
    };
    const result = matchExchange(exchange);
    assert.deepEqual(pairs(result), ['ann->cy', 'bea->ann', 'dee->bea']);
    assert.deepEqual(result.unmatchedRecipients, ['dee']);
    assertValid(exchange, result);
  });

  test('among assignments reaching as many, prefers the better overlaps', () => {
    // Both ann and bea can write for cy and dee; ann shares more with dee, bea with cy.
    const exchange: Exchange = {
      rules: { matchNumber: { fandom: 1 } },
      participants: [
        person('ann', [], [['Moomins', 'Snufkin', 'Little My']]),
        person('bea', [], [['Moomins', 'Moomintroll']]),
        person('cy', [['Moomins', 'Moomintroll']], []),
        person('dee', [['Moomins', 'Snufkin', 'Little My']], []),
      ],
    };
    const result = matchExchange(exchange);
    assert.deepEqual(pairs(result), ['ann->dee', 'bea->cy']);
    assert.equal(result.totalScore, 4 + 3);
  });

  test('a must-match type is respected, and a type that need not match is not', () => {
    const participants = [
      person('ann', [['Moomins', 'Snufkin']], [['Ferns', 'Pteris']]),
      person('bea', [['Ferns', 'Osmunda']], [['Moomins', 'Moomintroll']]),
    ];
    const strict = matchExchange({ rules: FANDOM_AND_CHARACTER, participants });
    assert.deepEqual(pairs(strict), [], 'the fandoms match but no character does');
    assert.deepEqual(strict.unmatchedRecipients, ['ann', 'bea']);
    const loose = matchExchange({ rules: { matchNumber: { fandom: 1 } }, participants });
    assert.deepEqual(pairs(loose), ['ann->bea', 'bea->ann']);
    const none = matchExchange({ rules: { matchNumber: { fandom: 1, rating: 1 } }, participants });
    assert.deepEqual(pairs(none), ['ann->bea', 'bea->ann'], 'a request naming no rating takes any rating');
  });

  test('match numbers: a count of shared tags, or all of them', () => {
    const requestTwo = (number: number | 'all', offered: string[]) =>
      matchExchange({
        rules: { matchNumber: { fandom: 1, character: number } },
        participants: [
          person('ann', [['Moomins', 'Snufkin', 'Little My', 'Moomintroll']], []),
          person('bea', [], [['Moomins', ...offered]]),
        ],
      }).assignments.length;
    assert.equal(requestTwo(2, ['Snufkin']), 0);
    assert.equal(requestTwo(2, ['Snufkin', 'Moomintroll']), 1);
    assert.equal(requestTwo('all', ['Snufkin', 'Moomintroll']), 0);
    assert.equal(requestTwo('all', ['Snufkin', 'Moomintroll', 'Little My', 'Groke']), 1);
    // Asking for more than the request names: naming only tags the offer has counts as all.
    assert.equal(requestTwo(5, ['Snufkin', 'Moomintroll', 'Little My']), 1);
  });

  test('"Any" on either side matches that type', () => {
    const participants = (anyOnRequest: boolean, anyOnOffer: boolean): Participant[] => [
      {
        id: 'ann',
        requests: [
          prompt(
            { fandom: ['Moomins'], character: anyOnRequest ? [] : ['Snufkin'] },
            { any: anyOnRequest ? ['character'] : [] },
          ),
        ],
        offers: [],
      },
      {
        id: 'bea',
        requests: [],
        offers: [
          prompt(
            { fandom: ['Moomins'], character: anyOnOffer ? [] : ['Groke'] },
            { any: anyOnOffer ? ['character'] : [] },
          ),
        ],
      },
    ];
    const count = (a: boolean, b: boolean) =>
      matchExchange({ rules: FANDOM_AND_CHARACTER, participants: participants(a, b) }).assignments.length;
    assert.equal(count(false, false), 0);
    assert.equal(count(true, false), 1);
    assert.equal(count(false, true), 1);
  });

  test('optional tags count only where the rules include them', () => {
    const participants: Participant[] = [
      { id: 'ann', requests: [prompt({ fandom: ['Moomins'], character: ['Snufkin'] })], offers: [] },
      {
        id: 'bea',
        requests: [],
        offers: [prompt({ fandom: ['Moomins'], character: ['Groke'] }, { optional: { character: ['Snufkin'] } })],
      },
    ];
    assert.equal(matchExchange({ rules: FANDOM_AND_CHARACTER, participants }).assignments.length, 0);
    const including = { ...FANDOM_AND_CHARACTER, includeOptional: { character: true } };
    assert.equal(matchExchange({ rules: including, participants }).assignments.length, 1);
  });

  test('how many requests must match', () => {
    const participants = [
      person('ann', [['Moomins'], ['Ferns'], ['Zines']], []),
      person('bea', [], [['Moomins'], ['Ferns']]),
    ];
    const count = (requestsToMatch: number | 'all') =>
      matchExchange({ rules: { matchNumber: { fandom: 1 }, requestsToMatch }, participants }).assignments.length;
    assert.equal(count(1), 1);
    assert.equal(count(2), 1);
    assert.equal(count(3), 0);
    assert.equal(count('all'), 0);
  });

  test('no one is matched to themselves, even as the only possible pair', () => {
    const alone = matchExchange({
      rules: FANDOM_AND_CHARACTER,
      participants: [person('ann', [['Moomins', 'Snufkin']], [['Moomins', 'Snufkin']])],
    });
    assert.deepEqual(pairs(alone), []);
    const unconstrained = matchExchange({
      rules: { matchNumber: {} },
      participants: [person('ann', [['Moomins']], [['Moomins']]), person('bea', [['Ferns']], [['Ferns']])],
    });
    assert.deepEqual(pairs(unconstrained), ['ann->bea', 'bea->ann']);
  });

  test('refuses rules no moderator could mean, and a participant signed up twice', () => {
    const participants = [person('ann', [], [])];
    assert.throws(
      () => matchExchange({ rules: { matchNumber: { fandom: -1 } }, participants }),
      /match number for fandom/,
    );
    assert.throws(
      () => matchExchange({ rules: { matchNumber: { fandom: 1 }, requestsToMatch: 0 } as MatchRules, participants }),
      /requests to match/,
    );
    assert.throws(
      () => matchExchange({ rules: { matchNumber: {} }, participants: [...participants, ...participants] }),
      /signed up twice/,
    );
  });

  test('the indexed graph holds exactly the pairs a check of every pair finds', () => {
    const rng = new Rng(15);
    for (let round = 0; round < 150; round++) {
      const exchange = randomExchange(rng, 2 + rng.int(24));
      const scores = naiveScores(exchange);
      const graph = new Compatibility(exchange).graph();
      const found = Array.from({ length: graph.size }, () => new Array<number>(graph.size).fill(-1));
      for (let e = 0; e < graph.score.length; e++) found[graph.giverOf[e]!]![graph.recipientOf[e]!] = graph.score[e]!;
      assert.deepEqual(found, scores, `round ${round}`);
    }
  });

  test('matches as many as the best of every possible assignment, with its best total score', () => {
    const rng = new Rng(2026);
    for (let round = 0; round < 400; round++) {
      const exchange = randomExchange(rng, 1 + rng.int(8));
      const result = matchExchange(exchange);
      assertValid(exchange, result);
      const best = bruteForceBest(naiveScores(exchange));
      assert.equal(result.assignments.length, best.matched, `round ${round}: matched`);
      // Where nothing must match, overlaps are sought only among pairs sharing a tag.
      if (requiredTypes(exchange.rules).length > 0)
        assert.equal(result.totalScore, best.score, `round ${round}: total score`);
    }
  });

  test('where nothing must match, everyone who can give and receive is matched, without checking every pair', () => {
    const rng = new Rng(404);
    for (let round = 0; round < 200; round++) {
      const exchange = randomExchange(rng, 1 + rng.int(8));
      const open: Exchange = { ...exchange, rules: { ...exchange.rules, matchNumber: {} } };
      const result = matchExchange(open);
      assertValid(open, result);
      assert.equal(result.assignments.length, bruteForceBest(naiveScores(open)).matched, `round ${round}`);
    }
    // Pairs sharing a fandom are preferred: each of these could write for either of the others.
    const result = matchExchange({
      rules: { matchNumber: {} },
      participants: [
        person('ann', [['Moomins']], [['Ferns']]),
        person('bea', [['Ferns']], [['Zines']]),
        person('cy', [['Zines']], [['Moomins']]),
      ],
    });
    assert.deepEqual(pairs(result), ['ann->bea', 'bea->cy', 'cy->ann']);
  });

  test('the same exchange gives the same assignment', () => {
    const rng = new Rng(7);
    for (let round = 0; round < 20; round++) {
      const exchange = randomExchange(rng, 40);
      const copy: Exchange = structuredClone(exchange);
      assert.deepEqual(matchExchange(copy), matchExchange(exchange));
    }
  });
});
