import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectTense } from './tense.ts';

const PRESENT = `Oskar knows the river better than anyone. He sinks the net at dawn and she watches from the bank. "I caught nothing yesterday," he says.
She laughs and throws him a rope. He pulls himself out, dripping, and sits beside her. The sun is already warm. Oskar shakes the water from his hair while she slowly unpacks the bread.`;

const PAST = `Oskar knew the river better than anyone. He sank the net at dawn and she watched from the bank. "I catch nothing these days," he said to nobody.
She laughed and threw him a rope. He pulled himself out, dripping, and sat beside her. The sun was already warm. Oskar shook the water from his hair while she slowly unpacked the bread.`;

test('present tense narration', () => {
  const g = detectTense(PRESENT);
  assert.equal(g.tense, 'present');
  assert.ok(g.counts.present > g.counts.past);
});

test('past tense narration; present-tense dialogue is ignored', () => {
  const g = detectTense(PAST);
  assert.equal(g.tense, 'past');
  assert.equal(g.counts.present, 0);
});

test('evidence quotes are exact and confidence in range', () => {
  for (const text of [PRESENT, PAST]) {
    const g = detectTense(text);
    assert.ok(g.evidence.length >= 1 && g.evidence.length <= 3);
    for (const e of g.evidence) assert.equal(text.slice(e.start, e.end), e.quote);
    assert.ok(g.confidence > 0 && g.confidence <= 1);
  }
});

test('adjectives in -ed after "was" are not past verbs on their own', () => {
  const g = detectTense('She is tired. He is scared. They are married.');
  assert.equal(g.tense, 'present');
});

test('no verbs: past with zero confidence', () => {
  const g = detectTense('Rain. Wind. Gulls.');
  assert.deepEqual([g.tense, g.confidence], ['past', 0]);
});

test('tense in French, Spanish and German from marker words and endings', async () => {
  const { detectTenseIn } = await import('./tense.ts');
  const frPresent =
    'Tous les matins, Lucie ouvre la boutique. Elle est fatiguée, mais elle fait le café et elle va chercher le pain. Le chat reste sur le comptoir.';
  assert.equal(detectTenseIn(frPresent, 'fr').tense, 'present');
  const esPast =
    'Lucía abría la tienda todas las mañanas. Estaba cansada, pero preparaba el café y salía a buscar el pan. El gato dormía sobre el mostrador.';
  assert.equal(detectTenseIn(esPast, 'es').tense, 'past');
  const dePast =
    'Jeden Morgen ging Lena zur Bäckerei. Sie war müde, aber sie machte Kaffee und sagte nichts. Der Kater lag auf der Theke.';
  assert.equal(detectTenseIn(dePast, 'de').tense, 'past');
});
