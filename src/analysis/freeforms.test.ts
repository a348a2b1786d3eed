import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectFreeforms } from './freeforms.ts';

const names = (list: { name: string }[]) => list.map((p) => p.name);

const BREAKUP = `They had been together for six years. Their apartment still smelled of her coffee; their bed was still unmade on her side.
"I think we should break up," Lena said, and Tomas felt the floor tilt. After all this time. He cried in the car afterwards, tears he could not stop, and the ache did not leave him for weeks.
He packed his things. He walked away from her without looking back, and the grief sat in his chest like a stone. It's over, he told himself. It was over. The loneliness was worse than the pain.
He wept on the train. He regretted every word. The emptiness, the misery, the sorrow of it: he had never been so lonely.`;

const romance = [{ name: 'Lena/Tomas', confidence: 0.9, evidence: [] }];

test('break-up, established relationship and angst from their cues', () => {
  const tags = names(detectFreeforms(BREAKUP, { relationships: romance }));
  assert.ok(tags.includes('Break Up'), tags.join());
  assert.ok(tags.includes('Established Relationship'), tags.join());
  assert.ok(tags.includes('Angst'), tags.join());
  assert.ok(!tags.includes('Fluff'));
});

test('relationship tags need a romance', () => {
  const tags = names(detectFreeforms(BREAKUP, { relationships: [] }));
  assert.ok(!tags.includes('Break Up') && !tags.includes('Established Relationship'));
});

test('evidence quotes are exact, at most three, confidence in range', () => {
  for (const p of detectFreeforms(BREAKUP, { relationships: romance })) {
    assert.ok(p.evidence.length >= 1 && p.evidence.length <= 3, p.name);
    assert.ok(p.confidence > 0 && p.confidence <= 1);
    for (const e of p.evidence) assert.equal(BREAKUP.slice(e.start, e.end), e.quote);
  }
});

test('a quiet scene gets no tags', () => {
  assert.deepEqual(detectFreeforms('Mara watered the tomatoes and read until noon. The cat slept on the step.'), []);
});

test('canon divergence from an episode code and "AU" in the notes', () => {
  const note = 'Set after 2x14, AU from there.';
  const full = `${note}\n\nMara watered the tomatoes.`;
  const story = `${' '.repeat(note.length)}\n\nMara watered the tomatoes.`;
  const [tag] = detectFreeforms(story, { full });
  assert.equal(tag?.name, 'Alternate Universe - Canon Divergence');
  for (const e of tag.evidence) assert.equal(full.slice(e.start, e.end), e.quote);
});

test('tags named in a note count; the same words in the story do not', () => {
  const note = 'Pure fluff, enjoy.';
  const full = `${note}\n\nMara said the soup was pure fluff.`;
  const story = `${' '.repeat(note.length)}\n\nMara said the soup was pure fluff.`;
  assert.deepEqual(names(detectFreeforms(story, { full })), ['Fluff']);
  assert.deepEqual(names(detectFreeforms(full)), []);
});

test('species tags only on original work', () => {
  const text =
    'The vampire bared his fangs. Vampires had ruled the city for a century; the vampire council met at midnight, and every vampire in the hall turned to look at her.';
  assert.ok(names(detectFreeforms(text)).includes('Vampires'));
  assert.ok(
    !names(detectFreeforms(text, { fandoms: [{ name: 'Some Canon', confidence: 0.9, evidence: [] }] })).includes(
      'Vampires',
    ),
  );
});

test('deterministic', () => {
  assert.deepEqual(
    detectFreeforms(BREAKUP, { relationships: romance }),
    detectFreeforms(BREAKUP, { relationships: romance }),
  );
});

test('a story of a hundred words is a Drabble; one of two hundred is not', () => {
  const sentence = 'The lamp burned low and the keeper wrote one more line in the log before the tide turned. ';
  const words = (n: number) =>
    sentence
      .repeat(Math.ceil(n / 18))
      .split(' ')
      .slice(0, n)
      .join(' ');
  assert.ok(detectFreeforms(words(100)).some((p) => p.name === 'Drabble'));
  assert.ok(!detectFreeforms(words(200)).some((p) => p.name === 'Drabble'));
  assert.ok(!detectFreeforms(words(60)).some((p) => p.name === 'Drabble'));
});
