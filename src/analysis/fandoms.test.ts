import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indexCanon } from './canon.ts';
import type { Canon } from './canon-types.ts';
import type { PersonMention } from './types.ts';
import { detectFandoms, scoreFandoms } from './fandoms.ts';

// Invented canons, so the tests do not move when the real data does.
const CANON: Canon = {
  fandoms: [
    {
      name: 'Beacon Isles (TV)',
      aliases: ['Beacon Isles'],
      media: 'TV Shows',
      related: ['Beacon Isles: Harbour (TV)'],
      characters: [
        { name: 'Marisol Vance', aliases: ['Marisol', 'Vance'], gender: 'female' },
        { name: 'Teodor Lind', aliases: ['Teodor', 'Teo', 'Lind'], gender: 'male' },
        { name: 'Harry Osk', aliases: ['Harry'], gender: 'male' },
      ],
      terms: ['brinelight', 'Gull Rock', 'the Keepers’ Oath'],
      relationships: ['Marisol Vance/Teodor Lind'],
    },
    {
      name: 'Beacon Isles: Harbour (TV)',
      aliases: [],
      media: 'TV Shows',
      related: ['Beacon Isles (TV)'],
      characters: [
        { name: 'Teodor Lind', aliases: ['Teodor', 'Teo'], gender: 'male' },
        { name: 'Wren Haldane', aliases: ['Wren'], gender: 'female' },
      ],
      terms: ['the Harbour Court', 'brinelight'],
      relationships: [],
    },
    {
      name: 'Clockwork Court (Video Game)',
      aliases: [],
      media: 'Video Games',
      related: [],
      characters: [{ name: 'Sally Brass', aliases: ['Sally'], gender: 'female' }],
      terms: ['mainspring', 'the Escapement'],
      relationships: [],
    },
  ],
};
const canon = indexCanon(CANON);

/** A person as findPeople would report them, with canon candidates looked up in the index. */
function person(name: string, mentions: number, text: string): PersonMention {
  const start = text.indexOf(name);
  const hits = canon.charactersByAlias.get(name.toLowerCase()) ?? [];
  return {
    name,
    aliases: [],
    mentions,
    speaks: 1,
    gender: 'unknown',
    onPage: true,
    evidence: start >= 0 ? [{ quote: name, start, end: start + name.length }] : [],
    candidates: hits.map((h) => ({
      fandom: h.fandom.name,
      character: h.character.name,
      score: name.includes(' ') ? 1 : 0.8,
    })),
  };
}

test('several characters of one canon make a confident fandom, with quoted evidence', () => {
  const text = 'Marisol climbed Gull Rock at dusk. Teodor was already there, trimming the brinelight. Marisol sat.';
  const people = [person('Marisol', 6, text), person('Teodor', 5, text)];
  const [top, ...rest] = detectFandoms(text, people, canon);
  assert.equal(top?.name, 'Beacon Isles (TV)');
  assert.ok(top.confidence >= 0.8);
  for (const e of top.evidence) assert.equal(text.slice(e.start, e.end), e.quote);
  assert.ok(top.evidence.some((e) => e.quote.includes('Gull Rock')));
  // The spin-off shares Teodor and "brinelight" but has nothing of its own here.
  assert.ok(!rest.some((p) => p.name === 'Beacon Isles: Harbour (TV)'));
});

test('a related fandom with evidence of its own is listed, less confident', () => {
  const text = 'Teodor met Wren at the Harbour Court. Marisol was away. Wren laughed.';
  const people = [person('Teodor', 6, text), person('Marisol', 3, text), person('Wren', 4, text)];
  const out = detectFandoms(text, people, canon);
  const names = out.map((p) => p.name);
  assert.ok(names.includes('Beacon Isles (TV)') && names.includes('Beacon Isles: Harbour (TV)'));
  const [a, b] = out;
  assert.ok(a!.confidence >= b!.confidence);
});

test('"Harry" and "Sally" alone are original work', () => {
  const text = 'Harry met Sally at the station. Sally said hello. Harry said goodbye.';
  const people = [person('Harry', 8, text), person('Sally', 8, text)];
  assert.deepEqual(detectFandoms(text, people, canon), []);
});

test('terms alone need several distinct ones', () => {
  const one = 'The mainspring broke.';
  assert.deepEqual(detectFandoms(one, [], canon), []);
  const three =
    'The mainspring broke. Beyond the Escapement, the brinelight of Gull Rock flickered over the Keepers’ Oath.';
  const out = detectFandoms(three, [], canon);
  assert.equal(out[0]?.name, 'Beacon Isles (TV)');
});

test('capitalised terms must be capitalised in the text', () => {
  const scores = scoreFandoms('They sat on the gull rock.', [], canon);
  assert.ok(!scores.some((s) => s.terms.has('gull rock')));
});

test('no canon, no fandoms; deterministic', () => {
  assert.deepEqual(detectFandoms('Marisol and Teodor.', [], null), []);
  const text = 'Marisol climbed Gull Rock. Teodor followed.';
  const people = [person('Marisol', 6, text), person('Teodor', 5, text)];
  assert.deepEqual(detectFandoms(text, people, canon), detectFandoms(text, people, canon));
});
