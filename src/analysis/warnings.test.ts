import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectWarnings } from './warnings.ts';

const names = (list: string[]) => list.map((name) => ({ name, aliases: [], onPage: true, mentions: 5 }));

const GORE = `The raiders had left corpses in the square. One man's throat was ripped open; another lay in a pool of blood with his entrails spilling onto the stones.
Someone had been decapitated. Flies crawled over the mangled bodies, and the gore ran between the cobbles. Blood pooled in the gutters.`;
const FIGHT =
  'Tove punched him and he fell. There was blood on her knuckles. "Get up," she said, but he stayed down, bruised and bleeding.';
const DEATH = `Tove held Aksel's hand through the night. Aksel asked for water at dawn. By noon Aksel was dead, and Tove sat with him until the light went. They buried him on the hill. Aksel's funeral was small.`;
const BACKSTORY = 'Tove remembered the war. Someone killed Edvard there, years ago. Tove did not speak of it.';

test('graphic violence', () => {
  const w = detectWarnings(GORE);
  assert.deepEqual(
    w.map((p) => p.name),
    ['Graphic Depictions Of Violence'],
  );
  for (const e of w[0]!.evidence) assert.equal(GORE.slice(e.start, e.end), e.quote);
});

test('a fight with some blood is not graphic violence', () => {
  assert.deepEqual(
    detectWarnings(FIGHT).map((p) => p.name),
    ['No Archive Warnings Apply'],
  );
});

test('graphic violence told without gore words: blood that runs, a skull caved in', () => {
  const scene = `The door gave and Brannoch came through it swinging. Ilse ducked, came up under his guard and drove the knife into his belly. Blood gushed over her wrist. He clawed at her face, and she felt her nose break; then she stabbed him again, and again, until he stopped moving and blood pooled around them both.`;
  const w = detectWarnings(scene);
  assert.deepEqual(
    w.map((p) => p.name),
    ['Graphic Depictions Of Violence'],
  );
  assert.ok(w[0]!.evidence.some((e) => /blood/i.test(e.quote)));
});

test('gore that a character only talks about is no graphic depiction', () => {
  const talk = `"They found him mutilated," Ilse said. "Entrails everywhere, the corpse torn apart, a pool of blood under the table." Brannoch poured the tea. "Gory business," he said. "Let the watch deal with the massacre."`;
  assert.deepEqual(
    detectWarnings(talk).map((p) => p.name),
    ['No Archive Warnings Apply'],
  );
});

test('death of a named on-page character', () => {
  const w = detectWarnings(DEATH, names(['Tove', 'Aksel']));
  assert.deepEqual(
    w.map((p) => p.name),
    ['Major Character Death'],
  );
  assert.ok(w[0]!.evidence.some((e) => e.quote.includes('Aksel was dead')));
});

test('a death in backstory of a character who is not on the page is no warning', () => {
  const people = [...names(['Tove']), { name: 'Edvard', aliases: [], onPage: false, mentions: 1 }];
  assert.deepEqual(
    detectWarnings(BACKSTORY, people).map((p) => p.name),
    ['No Archive Warnings Apply'],
  );
});

test('a death the story recounts from before it began is no major character death', () => {
  const text =
    'Tove kept the farm alone now. Aksel had died the winter before. Aksel had died in his sleep, and the neighbours buried Aksel on the hill. Tove fed the goats and mended the fence.';
  assert.deepEqual(
    detectWarnings(text, names(['Tove', 'Aksel'])).map((p) => p.name),
    ['No Archive Warnings Apply'],
  );
});

test('rape/non-con needs strong cues', () => {
  const text =
    'Years later she could say it: he raped her. The word rape sat in her mouth like a stone. She had said no; he forced himself on her anyway.';
  assert.deepEqual(
    detectWarnings(text).map((p) => p.name),
    ['Rape/Non-Con'],
  );
  assert.deepEqual(
    detectWarnings('The grapes were ripe. Rapeseed fields glowed yellow.').map((p) => p.name),
    ['No Archive Warnings Apply'],
  );
});

test('underage sex needs both sexual content and a stated minor age', () => {
  const sex = `His cock slid against her and she moaned; the orgasm shook her. He thrust into her again, mouth on her nipple, until his own orgasm took him. Her clit throbbed.`;
  assert.ok(!detectWarnings(sex).some((p) => p.name === 'Underage Sex'));
  const w = detectWarnings('She was only fifteen that summer. ' + sex);
  assert.ok(w.some((p) => p.name === 'Underage Sex'));
  assert.ok(!detectWarnings('She was fifteen that summer and learned to sail.').some((p) => p.name === 'Underage Sex'));
});

test('confidence in [0, 1] and deterministic', () => {
  for (const t of [GORE, FIGHT, DEATH]) {
    const a = detectWarnings(t, names(['Tove', 'Aksel']));
    for (const p of a) assert.ok(p.confidence >= 0 && p.confidence <= 1);
    // Choosing not to warn is the author's decision, never a suggestion.
    assert.ok(!a.some((p) => p.name === 'Creator Chose Not To Use Archive Warnings'));
    assert.deepEqual(a, detectWarnings(t, names(['Tove', 'Aksel'])));
  }
});
