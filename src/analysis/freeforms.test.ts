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

const fandom = [{ name: 'Some Canon', confidence: 0.9, evidence: [] }];
/** `n` words of a quiet scene, to set a cue among. */
const filler = (n: number) =>
  'Rain tapped on the window while the kettle warmed and the dog slept. '.repeat(Math.ceil(n / 13));

test('time travel is a premise: its few naming cues suffice in a long chapter', () => {
  const text = `${filler(3000)} She had come back from the future with a name she could not say. ${filler(3000)} Time travel, Mara thought, was mostly paperwork. ${filler(3000)}`;
  const tags = detectFreeforms(text);
  assert.ok(names(tags).includes('Time Travel'), names(tags).join());
  // "the future" in passing is not the premise.
  assert.ok(
    !names(detectFreeforms(`${filler(500)} We will see what the future holds. ${filler(500)}`)).includes('Time Travel'),
  );
});

test('in a fan work, a time traveller out to change what happened is a Time Travel Fix-It', () => {
  const story = `He woke in his younger body, back in time, with every death still in his head. ${filler(200)} He would change the future. ${filler(200)} He would save them all this time; he would not waste a second chance. Time travel had a price and he would pay it.`;
  assert.ok(names(detectFreeforms(story, { fandoms: fandom })).includes('Time Travel Fix-It'));
  assert.ok(!names(detectFreeforms(story)).includes('Time Travel Fix-It'), 'not in original work');
  // Gone back into his own past with no word of intent: most such fan works are fix-its, less surely.
  const sure = detectFreeforms(story, { fandoms: fandom }).find((p) => p.name === 'Time Travel Fix-It')!;
  const calm = `He woke in his younger body, back in time. ${filler(200)} Time travel had a price. He had come from the future, and he meant only to watch.`;
  const unsaid = detectFreeforms(calm, { fandoms: fandom }).find((p) => p.name === 'Time Travel Fix-It');
  assert.ok(unsaid && unsaid.confidence < sure.confidence, String(unsaid?.confidence));
  // A loop in time is no trip into the past.
  const loop = `${filler(200)} Time travel, she decided, was a trap: the time loop reset every dawn. ${filler(200)} The time loop held. ${filler(100)}`;
  const looped = names(detectFreeforms(loop, { fandoms: fandom }));
  assert.ok(looped.includes('Time Travel') && !looped.includes('Time Travel Fix-It'), looped.join());
});

test('war enemies are not Enemies to Lovers; two who hated each other are', () => {
  const war = `${filler(100)} The enemy had crossed the river. Their enemies were many, and the old nemesis of the realm marched with them. The enemy camp burned. ${filler(100)}`;
  assert.ok(!names(detectFreeforms(war, { relationships: romance })).includes('Enemies to Lovers'));
  const rivals = `${filler(100)} They had hated each other since the first day, rivals in every class. Lena loathed his smirk; Tomas despised her certainty. ${filler(100)}`;
  assert.ok(names(detectFreeforms(rivals, { relationships: romance })).includes('Enemies to Lovers'));
});

test('a story full of kin is tagged Family; a brother in passing is not', () => {
  const kin = `Her father cooked while her mother set the table and her brother argued with their uncle. ${filler(60)} The family sat down: grandma at the head, the cousins at the end, my aunt with the baby, her parents side by side. Her sister passed the bread to her son. ${filler(40)}`;
  assert.ok(names(detectFreeforms(kin)).includes('Family'), names(detectFreeforms(kin)).join());
  const passing = `${filler(200)} Her brother called at noon. ${filler(200)}`;
  assert.ok(!names(detectFreeforms(passing)).includes('Family'));
});

const EXPLICIT = `She pulled his shirt off and spread her legs for him, and he went down on her until she came hard, her thighs shaking. Later she wrapped a hand around him, and he was moving inside her, slow, and then he came inside her with her name in his mouth. She had an orgasm that left her breathless, and his cock was still hard; she sucked his cock until he came again.`;

test('the acts of an explicit scene are tagged; the same words outside one are not', () => {
  const tags = names(detectFreeforms(EXPLICIT));
  assert.ok(tags.includes('Oral Sex'), tags.join());
  assert.ok(!tags.includes('Anal Sex'), tags.join());
  assert.ok(
    !names(detectFreeforms(`${filler(300)} He went down on her list of errands one by one. ${filler(300)}`)).includes(
      'Oral Sex',
    ),
  );
});

test('an act a character only asks for is not tagged; doing it together is Mutual Masturbation', () => {
  const teasing = `${EXPLICIT} "Next time I want a blowjob," he said. "And a hand job after."`;
  const tags = names(detectFreeforms(teasing));
  assert.ok(!tags.includes('Hand Jobs'), tags.join());
  const together = `${EXPLICIT} Afterwards they lay side by side and jerked each other off, slow and lazy, and it was mutual masturbation at its most tender.`;
  const both = names(detectFreeforms(together));
  assert.ok(both.includes('Mutual Masturbation'), both.join());
  assert.ok(!both.includes('Masturbation'), both.join());
});

test('a tag the writer names keeps its confidence; one read from cues is discounted by how often writers tag it', () => {
  const note = 'Pure fluff.';
  const story = `${' '.repeat(note.length)}\n\n${filler(40)}`;
  const named = detectFreeforms(story, { full: `${note}\n\n${filler(40)}` }).find((p) => p.name === 'Fluff');
  assert.equal(named?.confidence, 0.8);
  const smut = detectFreeforms(EXPLICIT).find((p) => p.name === 'Smut');
  // Smut is content the Explicit rating already tells: writers tag it less often than they write it.
  if (smut) assert.ok(smut.confidence < 0.5, String(smut.confidence));
});

test('a bargain is a deal with the devil only with a devil in it', () => {
  const deal =
    'We made a deal, and the terms were clear: in exchange for the map, he would owe me a favour. The bargain was struck. Our deal held; the price was fair, and the contract was signed.';
  assert.ok(!names(detectFreeforms(deal)).includes('Deal with the Devil'));
  assert.ok(names(detectFreeforms(`${deal} The demon smiled and asked for her soul.`)).includes('Deal with the Devil'));
});
