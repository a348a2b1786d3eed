import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findPeople } from './characters.ts';
import { person } from './test-characters.ts';

// Fixture stories written for these tests: how the text uses a word tells a person from a thing.

const nobody = (people: ReturnType<typeof findPeople>, name: string) =>
  assert.ok(
    !people.some((p) => p.name === name || p.aliases.includes(name)),
    `${name} is not a person: ${people.map((p) => p.name).join(', ')}`,
  );

test('a name with an honorific suffix is a person, even when only talked about', () => {
  const text = `The classroom emptied slowly after the bell.

"Daisuke-sensei kept us late again," Reiko said, stuffing her books away.

"He always does," said Kenta. "Ask Daisuke-sensei about the exam, I dare you."`;
  const people = findPeople(text, null);
  const daisuke = person(people, 'Daisuke');
  assert.equal(daisuke.mentions, 2);
});

test('what a possessive determiner owns is a thing: "his Jeep", "their Falcon"', () => {
  const text = `Corwin climbed into his Jeep and slammed the door against the wind. His Jeep stalled twice before it started, and he sat for a while with the heater roaring and his hands held out to the vents.

He drove down to the lake, where the twins were waiting beside their Falcon with a thermos and two folding chairs. Corwin parked his Jeep under the pines, and Maren waved from their Falcon. "You're late," Maren said, and poured him a cup of something that was mostly steam.

"My Jeep hates the cold," Corwin said. Maren laughed and patted the hood of their Falcon as if it were a horse. They talked until the light went, and later his Jeep carried them all home, while their Falcon stayed by the water for the night.`;
  const people = findPeople(text, null);
  nobody(people, 'Jeep');
  nobody(people, 'Falcon');
  assert.ok(person(people, 'Corwin').speaks >= 1);
});

test('a line in title case makes no full names: its capitals are a heading, not people', () => {
  const text = `And Tokimura Knows Her Children.

And Tokimura Keeps Her Dead.

And Tokimura Knows Her Roads.

The old woman who spoke for the island was called Tokimura by everyone. Tokimura smiled at the boy. "You came back," Tokimura said.`;
  const people = findPeople(text, null);
  for (const phrase of ['Tokimura Knows', 'Tokimura Keeps', 'Children', 'Roads']) nobody(people, phrase);
  assert.ok(person(people, 'Tokimura').speaks >= 1);
});

test('groups are nobody, while the member they are named after is someone', () => {
  const text = `The Ishida Clan had ruled the valley for a century. Team Hoshino reached the gate at dawn.

Hoshino raised a hand and the others stopped. "Wait," Hoshino said. Ishida Ren stepped out of the shadow of the gate.

"The Ishida Clan sends its greetings," Ren said. Team Hoshino bowed.`;
  const people = findPeople(text, null);
  nobody(people, 'Ishida Clan');
  nobody(people, 'Team Hoshino');
  assert.ok(person(people, 'Hoshino').speaks >= 1);
  assert.ok(person(people, 'Ishida Ren').speaks >= 1);
});

test('a planet is a place: "the planet Vordane", "Planet Vordane"', () => {
  const text = `Nobody had set foot on the planet Vordane for a hundred years. Captain Ilse Maro meant to change that.

"Planet Vordane, dead ahead," said the pilot, Teodor. Ilse leaned forward. The storms of Vordane swallowed the light.

"Take us down," Ilse said. Teodor took them down toward the surface of the planet Vordane.`;
  const people = findPeople(text, null);
  nobody(people, 'Vordane');
  nobody(people, 'Planet Vordane');
  assert.ok(person(people, 'Ilse').speaks >= 1);
});

test('someone touched, looked at or moving a hand in the narration is on the page', () => {
  // Kenji is talked about first, in words that put no one on the page.
  const talk = `"Kenji is never on time," Hana told her sister on the phone. "I asked Kenji for one thing, and Kenji forgot it." Her sister had stopped listening long before, and the announcements drowned out the rest.\n\n`;
  const onPage = (scene: string) => person(findPeople(talk + scene, null), 'Kenji').onPage;
  assert.equal(onPage(`The train came in at last.`), false);
  assert.equal(onPage(`Hana ran down the platform and hugged Kenji so hard that her bag swung into the crowd.`), true);
  assert.equal(onPage(`Hana said nothing for a long time. Then she glanced at Kenji, and the silence broke.`), true);
  assert.equal(onPage(`Hana was still talking about the weather when Kenji's hand closed over hers.`), true);
});
