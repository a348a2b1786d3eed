import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanContent } from './rating.ts';
import { isGraphic } from './violence.ts';

const grade = (text: string) => scanContent(text).depiction;

// A fight told as it happens, without the rating lexicon's gore words.
const SCENE = `Rook came over the wall and Tamsin met him with the axe. The blade bit into his shoulder and blood sprayed across the flagstones. He stabbed her in the side; she felt the knife scrape bone and kept swinging.
The second blow caved in his skull. Blood pooled under him, dark and spreading, and Tamsin stood over the body with her own blood running down her leg.`;

test('violence narrated as it happens reads as graphic', () => {
  const g = grade(SCENE);
  assert.ok(isGraphic(g), `graphic=${g.graphic}`);
  assert.ok(g.kinds >= 2);
  for (const h of g.hits) assert.equal(SCENE.slice(h.start, h.end).toLowerCase(), h.cue);
});

test('blows written as what a weapon or a fist does to someone', () => {
  const text =
    'Corvin slammed his head against the bar. The knife slid into his side, and he felt his nose break under the next fist. They beat him to death behind the tavern, and Yara buried the blade in the last man before she ran.';
  const cues = grade(text).hits.map((h) => h.cue);
  for (const cue of ['slammed his head against', 'knife slid into his', 'beat him to death', 'buried the blade in'])
    assert.ok(cues.includes(cue), `${cue} in ${cues.join(' | ')}`);
});

test('the same violence in speech, a threat or a memory is mentioned, not shown', () => {
  const speech = `"He stabbed her in the side," Tamsin said. "Blood pooled under her. Her skull was caved in."`;
  const threat =
    'If you come back, I will slit your throat and leave you bleeding out in the ditch. You would be torn open before dawn.';
  const memory = 'She remembered the blood pooling under her father, years ago. He had been stabbed in the market.';
  for (const text of [speech, threat, memory]) {
    const g = grade(text);
    assert.ok(!isGraphic(g), `${text}: graphic=${g.graphic}`);
    assert.ok(
      g.hits.every((h) => h.weight < 0.5),
      text,
    );
  }
});

test('what a character could feel or see happening is shown, what could happen is not', () => {
  const [felt] = grade('He could feel the blood dripping down his neck.').hits;
  assert.equal(felt?.weight, 1.5);
  const [could] = grade('Any of them could be bleeding out in a ditch by now.').hits;
  assert.ok(could && could.weight < 0.5);
});

test('in a story told in the present, a killing in the past tense is backstory', () => {
  const text =
    'Mira walks to the harbour. The man who murdered her brother sits by the nets. She watches him mend them.';
  const g = grade(text);
  assert.ok(g.hits.length > 0);
  assert.ok(g.hits.every((h) => h.weight < 0.5));
});

test('idioms of looks, hearts and shoes are no violence', () => {
  const text =
    'Oskar shot him a look. Her eyes snapped to the door. His heart was beating fast; he kicked off his shoes and picked at his salad. The stars shot across the sky. His blood ran cold. Blood rushed to her cheeks, and the blood singing through her veins filled her with nerve. He licked his cracked lips and touched her pierced ears, then diced strips of meat for the stew. Ana beat him at chess again.';
  assert.deepEqual(grade(text).hits, []);
});

test('a name after a violent verb counts only when it is a name', () => {
  assert.equal(grade('Then Lio punched Dag, hard.').hits.length, 1);
  assert.equal(grade('Then Lio punched numbers into the keypad.').hits.length, 0);
});

test("the blades of a ninja's or a Jedi's fight are weapons too", () => {
  const text =
    'The kunai sank into his thigh before Tomo could turn. Across the courtyard a lightsaber burned through the droid and on into the guard behind it, and the senbon caught in her throat.';
  const cues = grade(text).hits.map((h) => h.cue);
  for (const cue of ['kunai sank into his', 'lightsaber burned through the', 'senbon caught in her'])
    assert.ok(cues.includes(cue), `${cue} in ${cues.join(' | ')}`);
});
