import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectPov } from './pov.ts';

const THIRD = `Ines carried the lantern down to the jetty. "I told you it would rain," she said to her brother, and he laughed at her.
She set the lantern on a post. "You always say that," he answered. Her coat was wet through; his was worse. They waited for the ferry together, and she counted the lights on the far shore while he whistled.`;

const FIRST = `I carried the lantern down to the jetty. My brother followed me, complaining about the rain, and I let him. He always complains.
I set the lantern on a post and counted the lights on the far shore. "You're quiet," he said. I did not answer him. My coat was wet through and I wanted my bed.`;

const SECOND = `You carry the lantern down to the jetty. Your brother follows you, complaining about the rain, and you let him.
You set the lantern on a post and count the lights. "Quiet tonight," he says. You don't answer. Your coat is wet through and you want your bed.`;

test('third person: dialogue "I" and "you" do not count', () => {
  const g = detectPov(THIRD);
  assert.equal(g.pov, 'third');
  assert.equal(g.counts.first, 0);
  assert.equal(g.counts.second, 0);
});

test('first person narration', () => {
  assert.equal(detectPov(FIRST).pov, 'first');
});

test('second person narration', () => {
  assert.equal(detectPov(SECOND).pov, 'second');
});

test('evidence quotes are exact slices', () => {
  for (const text of [THIRD, FIRST, SECOND]) {
    const g = detectPov(text);
    assert.ok(g.evidence.length > 0 && g.evidence.length <= 3);
    for (const e of g.evidence) assert.equal(text.slice(e.start, e.end), e.quote);
    assert.ok(g.confidence > 0 && g.confidence <= 1);
  }
});

test('no pronouns: third with zero confidence', () => {
  const g = detectPov('Rain. Wind. Gulls.');
  assert.equal(g.pov, 'third');
  assert.equal(g.confidence, 0);
});

test('"CHAPTER I" is a numeral, not the narrator', () => {
  const text =
    'CHAPTER I\n\nThe fog lay on the river. She walked along the quay and he followed her.\n\nCHAPTER II\n\nHe watched her go.';
  assert.equal(detectPov(text).counts.first, 0);
});

test('first person in Spanish and French by pronouns and possessives', async () => {
  const { detectPovIn } = await import('./pov.ts');
  const es =
    'Yo llegué tarde a la estación. Mi hermana me esperaba en el andén con mis maletas, y me abrazó sin decir nada. Mi tren salía a las ocho.';
  assert.equal(detectPovIn(es, 'es').pov, 'first');
  const fr =
    "Elle traversa la place. Il l'attendait devant le café avec son chien, et elle lui sourit. Ses mains tremblaient un peu; leur table était libre.";
  assert.equal(detectPovIn(fr, 'fr').pov, 'third');
  assert.equal(detectPovIn(es, 'xx').confidence, 0);
});
