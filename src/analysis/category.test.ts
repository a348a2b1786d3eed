import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectCategories } from './category.ts';
import type { CharacterProposal } from './types.ts';

const person = (name: string, gender: CharacterProposal['gender']): CharacterProposal => ({
  name,
  aliases: [],
  mentions: 10,
  speaks: 2,
  canonical: null,
  gender,
  onPage: true,
  confidence: 0.9,
  evidence: [],
});
const rel = (name: string, confidence = 0.8) => ({ name, confidence, evidence: [] });
const names = (xs: { name: string }[]) => xs.map((x) => x.name);

test("a pairing's category follows its people's genders, surer than the pairing", () => {
  const people = [person('Ada', 'female'), person('Bo', 'male'), person('Cy', 'male'), person('Di', 'female')];
  const sure = (confidence: number) => detectCategories([rel('Ada/Bo', confidence)], people)[0]!;
  assert.equal(sure(0.8).name, 'F/M');
  // The category needs only the genders right, so it is surer than a doubtful pairing, and rises with it.
  assert.ok(sure(0.35).confidence > 0.6, String(sure(0.35).confidence));
  assert.ok(sure(0.35).confidence < sure(0.8).confidence);
  assert.ok(sure(0.8).confidence <= 1);
  assert.deepEqual(names(detectCategories([rel('Bo/Cy')], people)), ['M/M']);
  assert.deepEqual(names(detectCategories([rel('Ada/Di')], people)), ['F/F']);
  assert.deepEqual(names(detectCategories([rel('Bo/Original Female Character(s)')], people)), ['F/M']);
});

test('pairings of two kinds, or a triad, are Multi; no romance is Gen, unsure', () => {
  const people = [person('Ada', 'female'), person('Bo', 'male'), person('Cy', 'male')];
  assert.ok(names(detectCategories([rel('Ada/Bo'), rel('Bo/Cy', 0.6)], people)).includes('Multi'));
  assert.deepEqual(names(detectCategories([rel('Ada/Bo/Cy')], people)), ['Multi']);
  const gen = detectCategories([rel('Ada & Bo')], people);
  assert.deepEqual(names(gen), ['Gen']);
  assert.ok(gen[0]!.confidence < 0.5);
});
