import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FAN_FIC, HOMECOMING, names, person, tinyCanon } from './test-characters.ts';
import { findPeople, resolveCharacters } from './characters.ts';

// Fixture stories written for these tests.

const KNIGHT = `Sir Henry Marlowe rode into the yard at noon. Sir Henry was not a patient man, and the grooms knew it.

"Where is my brother?" Henry asked.

Nobody answered him. Marlowe dismounted and threw the reins to a boy called Pip. Pip caught them and grinned.

"Pip, fetch the steward," Sir Henry said. Pip ran off at once, and Henry Marlowe waited by the well, tapping his glove against his thigh.`;

const ATTRIBUTION = `Nora pushed the door open. "Is anyone here?"

"Only me," Tobias said from the kitchen.

"Then where is everyone?" said Nora.

Tobias shrugged. "Gone to the fair," he said. "Ask Jasper, if you don't believe me."

"I will," she said. "Have you seen the lantern?" she asked Jasper when he came in at last. Jasper only shook his head, and Tobias's coat dripped on the floor.

"Jasper never knows anything," Nora whispered.`;

const FALSE_STARTS = `Whatever happened next would not be her fault. Maybe the storm would pass. Still, the roof leaked. Then the lights went out. Tears stung her eyes. Everyone was asleep. Somewhere a dog barked.

Maybe Ilse would come. Still no sign of her. Then Ilse knocked, soaked through, and Ilse laughed at the dark house.`;

test('titles: Mr. and Mrs. of one surname are two people; the title gives gender', () => {
  const people = findPeople(HOMECOMING, null);
  const mrs = person(people, 'Mrs. Ashdown');
  const mr = person(people, 'Mr. Ashdown');
  assert.notEqual(mrs, mr);
  assert.equal(mrs.gender, 'female');
  assert.equal(mr.gender, 'male');
  const pell = person(people, 'Dr. Pell');
  assert.equal(pell.gender, 'male'); // "tipped his hat"
  assert.equal(pell.speaks, 1);
});

test('alias merging: full name, titled given name, given name and surname are one person', () => {
  const people = findPeople(KNIGHT, null);
  const henry = person(people, 'Sir Henry Marlowe');
  assert.equal(henry.name, 'Sir Henry Marlowe');
  for (const alias of ['Sir Henry', 'Henry', 'Marlowe', 'Henry Marlowe'])
    assert.ok(henry.aliases.includes(alias), alias);
  assert.equal(henry.mentions, 6);
  assert.equal(henry.gender, 'male');
  assert.equal(henry.speaks, 2);
  const pip = person(people, 'Pip');
  assert.notEqual(pip, henry);
  assert.equal(pip.onPage, true);
});

test('alias merging: "Miss Ashdown" joins the one unmarried Ashdown woman, never Mrs. Ashdown', () => {
  const people = findPeople(HOMECOMING, null);
  const margaret = person(people, 'Margaret Ashdown');
  assert.ok(margaret.aliases.includes('Margaret'));
  assert.ok(margaret.aliases.includes('Miss Ashdown'));
  assert.ok(!margaret.aliases.includes('Mrs. Ashdown'));
  assert.equal(margaret.gender, 'female');
});

test('dialogue attribution: "..." X said, said X, X whispered; not "she asked X"', () => {
  const people = findPeople(ATTRIBUTION, null);
  assert.equal(person(people, 'Nora').speaks, 3); // the first line by its action beat
  assert.equal(person(people, 'Tobias').speaks, 1);
  const jasper = person(people, 'Jasper');
  assert.equal(jasper.speaks, 0);
});

test('possessives: "Tobias\'s coat" is Tobias, and the evidence stops before the \'s', () => {
  const people = findPeople(ATTRIBUTION, null);
  const tobias = person(people, 'Tobias');
  assert.equal(tobias.mentions, 3);
  assert.ok(!names(people).some((n) => n.includes("'s")));
});

test('sentence-initial common words are not people', () => {
  const people = findPeople(FALSE_STARTS, null);
  for (const word of ['Whatever', 'Maybe', 'Still', 'Then', 'Tears', 'Everyone', 'Somewhere']) {
    assert.ok(!names(people).includes(word), `${word} taken for a person`);
  }
  const ilse = person(people, 'Ilse');
  assert.equal(ilse.mentions, 3);
  assert.equal(ilse.name, 'Ilse');
});

test('a common word capitalised where a missing space hides the sentence start is no part of a name', () => {
  const text = `Brannoch Vell came to the mill at dawn. Brannoch said he would stay, and he would work, and he would not complain.
She would believe it when she saw it. Brannoch carried sacks until noon, and Brannoch ate alone.
But whenever she thought about it;Would Brannoch be there tomorrow? Brannoch only smiled when she asked.`;
  const people = findPeople(text, null);
  assert.ok(!names(people).some((n) => n.startsWith('Would')), names(people).join());
  const brannoch = person(people, 'Brannoch');
  assert.ok(brannoch.aliases.includes('Brannoch Vell') || brannoch.name === 'Brannoch Vell', JSON.stringify(brannoch));
  assert.equal(brannoch.mentions, 6);
});

test('places the text makes evident are not people: "in Carrowmore", "Mystic Falls"', () => {
  assert.ok(!names(findPeople(HOMECOMING, null)).includes('Carrowmore'));
  const ff = findPeople(FAN_FIC, null);
  assert.ok(!names(ff).some((n) => /Mystic|Falls/.test(n)));
});

test('on the page vs only mentioned', () => {
  const people = findPeople(HOMECOMING, null);
  assert.equal(person(people, 'Margaret Ashdown').onPage, true);
  assert.equal(person(people, 'Mr. Ashdown').onPage, true);
  const oliver = person(people, 'Oliver');
  assert.equal(oliver.onPage, false);
  const ff = findPeople(FAN_FIC, tinyCanon());
  assert.equal(person(ff, 'Stefan').onPage, false);
  assert.equal(person(ff, 'Klaus').onPage, true);
});

test('evidence quotes the text at exact offsets', () => {
  for (const story of [HOMECOMING, KNIGHT, ATTRIBUTION, FALSE_STARTS, FAN_FIC]) {
    for (const p of findPeople(story, tinyCanon())) {
      assert.ok(p.evidence.length > 0 && p.evidence.length <= 3, p.name);
      for (const e of p.evidence) assert.equal(story.slice(e.start, e.end), e.quote);
    }
  }
  const nora = person(findPeople(ATTRIBUTION, null), 'Nora');
  assert.ok(
    nora.evidence.some((e) => /said Nora|Nora whispered/.test(e.quote)),
    JSON.stringify(nora.evidence),
  );
});

test('deterministic', () => {
  const canon = tinyCanon();
  for (const story of [HOMECOMING, KNIGHT, ATTRIBUTION, FAN_FIC]) {
    assert.deepEqual(findPeople(story, canon), findPeople(story, canon));
  }
});

test('empty and name-less texts', () => {
  assert.deepEqual(findPeople('', null), []);
  assert.deepEqual(findPeople('the rain fell and fell. nobody came.', null), []);
  assert.deepEqual(resolveCharacters([], []), []);
});

test('diminutives and stacked titles join the full name', () => {
  const story = `Detective Inspector Rowena Vale parked badly, as always. Rowena hated the rain.

"Morning, Ro," said Tom Brack from the doorway. Tom held out a coffee. "The Inspector looks tired."

Vale took the coffee without a word. Rowena drank half of it at once.`;
  const people = findPeople(story, null);
  const vale = person(people, 'Detective Inspector Rowena Vale');
  for (const alias of ['Rowena', 'Vale']) assert.ok(vale.aliases.includes(alias), alias);
  const tom = person(people, 'Tom Brack');
  assert.equal(tom.speaks, 1);
  const lizzy = findPeople(
    `Elizabeth Crane opened the gate. "Lizzy!" her brother shouted. Lizzy waved back at him, and Elizabeth laughed.`,
    null,
  );
  assert.equal(lizzy.filter((p) => /Crane|Lizzy|Elizabeth/.test([p.name, ...p.aliases].join())).length, 1);
});

test('a clipped name joins the one person whose longer name it begins', () => {
  const text =
    'Bakugou kicked the door open. "Move," Bakugou said. Kiri laughed at him. "Baku, relax," Kiri said. Baku scowled. Kirishima shrugged and Baku left.';
  const people = findPeople(text, null);
  const baku = person(people, 'Bakugou');
  assert.ok(
    baku.aliases.includes('Baku') || baku.name === 'Baku',
    JSON.stringify(people.map((p) => [p.name, p.aliases])),
  );
  assert.equal(person(people, 'Kirishima').name, person(people, 'Kiri').name);
  // A name word that is a given name of its own ("Rose" beside "Rosemary") stays its own person.
  const roses = findPeople('Rose waved. "Hi," Rose said. Rosemary frowned. "No," Rosemary said.', null);
  assert.notEqual(person(roses, 'Rose').name, person(roses, 'Rosemary').name);
});

test('dialogue in other marks: « », „ “ and dash-opened lines', () => {
  const french = `Le matin, Odette ouvre la porte.\n\n« Encore toi ? » demande Odette.\n\n« Toujours », dit Bastien.`;
  assert.equal(person(findPeople(french, null), 'Odette').speaks, 1);
  assert.equal(person(findPeople(french, null), 'Bastien').speaks, 1);
  const spanish = `La carta llegó tarde.\n\n—Marta —dijo Ramiro en la puerta—. Esto es para ti.\n\n—Gracias —dijo Marta.\n\nRamiro se fue.`;
  const people = findPeople(spanish, null);
  assert.equal(person(people, 'Ramiro').speaks, 1);
  assert.equal(person(people, 'Marta').speaks, 1);
  assert.equal(person(people, 'Marta').onPage, true);
});

test('a name said alone as a line calls someone present', () => {
  const people = findPeople(
    `The door slammed. "Oskar." Nobody answered. "Oskar, open up!" Maybe Oskar was asleep.`,
    null,
  );
  assert.equal(person(people, 'Oskar').onPage, true);
});

test('honorifics after a hyphen are not part of the name; forms of address are nobody', () => {
  const text = `"Kaito-kun!" Hana waved from the gate. Kaito turned. "Good morning, Hana-chan."
"Tou-san says we are late," Hana said. Kaito-kun's bag was already on his shoulder. "Sensei will not wait."
Kaito laughed and ran after her. "Hyung would have driven us," he said.`;
  const people = findPeople(text, null);
  const kaito = person(people, 'Kaito');
  assert.ok(kaito.mentions >= 4, `every form of Kaito is one person: ${kaito.mentions}`);
  assert.ok(person(people, 'Hana').mentions >= 3);
  for (const nobody of ['Tou', 'Tou-san', 'Sensei', 'Hyung', 'Kaito-kun', 'Hana-chan'])
    assert.ok(
      !people.some((p) => p.name === nobody),
      `${nobody} is not a person: ${people.map((p) => p.name).join(', ')}`,
    );
});
