import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonCharacter, CanonFandom, CanonIndex } from './canon-types.ts';
import type { PersonMention } from './types.ts';
import { findPeople, originalCharacterEntries, originalCharacterTags, resolveCharacters } from './characters.ts';

// Fixture stories written for these tests.

const HOMECOMING = `Margaret Ashdown had lived in Carrowmore for six years before she came home. Maybe it was the rain. Still, she had missed the river.

"You're late," Mrs. Ashdown said, setting down her cup.

"The train was slow," said Margaret. She kissed her mother's cheek. "Is Father in?"

"Mr. Ashdown is in the garden with Dr. Pell," her mother answered. "Then you'll want to see him."

Margaret found her father by the roses. Mr. Ashdown looked up and smiled. "Dr. Pell was just leaving."

Dr. Pell tipped his hat. "Miss Ashdown. Welcome home. How is Carrowmore?"

"Wet," Margaret said. Then she thought of Oliver, who was still in Carrowmore, and of his letters. Oliver had promised to write every week. Margaret's hands shook a little as she walked back from Carrowmore's memories to the house.`;

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

const FAN_FIC = `Caroline slammed the car door harder than she needed to. Klaus was leaning against the porch rail as if he owned the whole of Mystic Falls, which he probably thought he did.

"You're staring, love," Klaus said.

"I'm glaring," Caroline corrected him. "There's a difference, Nik." She said the name on purpose, and Klaus's smile faltered for half a second.

She thought of Stefan, who would have told her to walk away. Stefan always said that. Caroline walked up the steps instead.

Nik opened the door for her. Inside, a woman named Marisol was setting the table. Marisol looked up and waved. "You must be Caroline," Marisol said. "He never stops talking about you."`;

/** A tiny canon, built by hand the way canon.ts's indexCanon would. */
function tinyCanon(): CanonIndex {
  const chars: CanonCharacter[] = [
    { name: 'Klaus Mikaelson', aliases: ['Klaus', 'Niklaus', 'Nik', 'Mikaelson'], gender: 'male' },
    { name: 'Caroline Forbes', aliases: ['Caroline', 'Forbes'], gender: 'female' },
    { name: 'Stefan Salvatore', aliases: ['Stefan', 'Salvatore'], gender: 'male' },
  ];
  const tvd: CanonFandom = {
    name: 'The Vampire Diaries (TV)',
    aliases: ['TVD'],
    media: 'TV Shows',
    related: [],
    characters: chars,
    terms: ['Mystic Falls'],
    relationships: ['Caroline Forbes/Klaus Mikaelson'],
  };
  const other: CanonFandom = {
    name: 'Some Other Show (TV)',
    aliases: [],
    media: 'TV Shows',
    related: [],
    characters: [{ name: 'Caroline Bell', aliases: ['Caroline', 'Bell'], gender: 'female' }],
    terms: [],
    relationships: [],
  };
  const index: CanonIndex = {
    canon: { fandoms: [tvd, other] },
    fandomsByName: new Map([
      [tvd.name.toLowerCase(), tvd],
      [other.name.toLowerCase(), other],
    ]),
    charactersByAlias: new Map(),
    fandomsByTerm: new Map([['mystic falls', [tvd]]]),
  };
  for (const fandom of [tvd, other]) {
    for (const character of fandom.characters) {
      for (const key of [character.name, ...character.aliases]) {
        const k = key.toLowerCase();
        index.charactersByAlias.set(k, [...(index.charactersByAlias.get(k) ?? []), { fandom, character }]);
      }
    }
  }
  return index;
}

function person(people: PersonMention[], name: string): PersonMention {
  const p = people.find((x) => x.name === name || x.aliases.includes(name));
  assert.ok(p, `expected a person named ${name}; found ${people.map((x) => x.name).join(', ')}`);
  return p;
}

function names(people: PersonMention[]): string[] {
  return people.flatMap((p) => [p.name, ...p.aliases]);
}

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

test('canon candidates: full name > unique alias > shared given name', () => {
  const canon = tinyCanon();
  const people = findPeople(FAN_FIC, canon);
  const klaus = person(people, 'Klaus');
  assert.deepEqual(klaus.candidates[0], {
    fandom: 'The Vampire Diaries (TV)',
    character: 'Klaus Mikaelson',
    score: 0.8,
  });
  const caroline = person(people, 'Caroline');
  // "Caroline" is shared by two canons: both are candidates, at the shared score
  assert.deepEqual(caroline.candidates.map((c) => c.character).sort(), ['Caroline Bell', 'Caroline Forbes']);
  assert.ok(caroline.candidates.every((c) => c.score === 0.5));
  assert.equal(caroline.gender, 'female');
  const full = findPeople('Caroline Forbes laughed. Caroline Forbes always laughed at him.', canon);
  assert.equal(person(full, 'Caroline Forbes').candidates[0]!.score, 1);
  assert.deepEqual(
    findPeople(FAN_FIC, null).flatMap((p) => p.candidates),
    [],
  );
});

test('resolveCharacters: canonical names in the chosen fandom, aliases merged, originals kept', () => {
  const canon = tinyCanon();
  const chars = resolveCharacters(findPeople(FAN_FIC, canon), ['The Vampire Diaries (TV)']);
  const klaus = chars.find((c) => c.name === 'Klaus Mikaelson');
  assert.ok(klaus);
  assert.equal(klaus.canonical, 'The Vampire Diaries (TV)');
  assert.ok(klaus.aliases.includes('Klaus') && klaus.aliases.includes('Nik'), klaus.aliases.join());
  assert.equal(klaus.gender, 'male');
  assert.equal(chars.filter((c) => c.name === 'Klaus Mikaelson').length, 1);
  const caroline = chars.find((c) => c.name === 'Caroline Forbes');
  assert.ok(caroline?.onPage && caroline.speaks >= 1);
  const marisol = chars.find((c) => c.name === 'Marisol');
  assert.ok(marisol);
  assert.equal(marisol.canonical, null);
  assert.equal(marisol.onPage, true);
  for (let i = 1; i < chars.length; i++) assert.ok(chars[i - 1]!.mentions >= chars[i]!.mentions);
  for (const c of chars) assert.ok(c.confidence >= 0 && c.confidence <= 1);
  // In another fandom the same people are not canon characters of it.
  const elsewhere = resolveCharacters(findPeople(FAN_FIC, canon), ['Some Other Show (TV)']);
  assert.ok(elsewhere.find((c) => c.name === 'Caroline Bell'));
  assert.ok(!elsewhere.find((c) => c.name === 'Klaus Mikaelson'));
});

test('resolveCharacters: a cover name said once does not outvote the name the story uses', () => {
  const canon = tinyCanon();
  const scenes = Array.from({ length: 6 }, () => 'Stefan crossed the square. "Later," Stefan said.').join(' ');
  const text = `${scenes} "Who are you?" the clerk asked. "Stefan Forbes," he lied. House Forbes owned half the street, and nobody would check. ${scenes}`;
  const chars = resolveCharacters(findPeople(text, canon), ['The Vampire Diaries (TV)']);
  const stefan = chars.find((c) => c.aliases.includes('Stefan') || c.name.startsWith('Stefan'));
  assert.equal(stefan?.name, 'Stefan Salvatore', JSON.stringify(chars.map((c) => [c.name, c.aliases])));
});

test('resolveCharacters drops a single unsupported mention', () => {
  const people = findPeople(HOMECOMING, null);
  const chars = resolveCharacters(people, []);
  for (const c of chars) assert.ok(c.mentions >= 2 || c.speaks > 0, c.name);
  assert.ok(chars.find((c) => c.name === 'Margaret Ashdown'));
});

test('originalCharacterTags: on-page non-canon people in a fan work; none in original fiction', () => {
  const canon = tinyCanon();
  const fandoms = ['The Vampire Diaries (TV)'];
  const chars = resolveCharacters(findPeople(FAN_FIC, canon), fandoms);
  assert.equal(chars.find((c) => c.name === 'Marisol')?.gender, 'unknown');
  const withGender = chars.map((c) => (c.name === 'Marisol' ? { ...c, gender: 'female' as const } : c));
  assert.deepEqual(originalCharacterTags(withGender, fandoms), ['Original Female Character(s)']);
  assert.deepEqual(originalCharacterTags(withGender), ['Original Female Character(s)']);
  assert.deepEqual(originalCharacterTags(withGender, []), []);
  const original = resolveCharacters(findPeople(HOMECOMING, null), []);
  assert.deepEqual(originalCharacterTags(original), []);
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

test('resolveCharacters: a shared surname goes to the character the story already has', () => {
  const people: PersonMention[] = [
    {
      name: 'Anakin',
      aliases: [],
      mentions: 3,
      speaks: 1,
      gender: 'male',
      onPage: true,
      evidence: [],
      candidates: [{ fandom: 'Star Wars', character: 'Anakin Skywalker', score: 0.8 }],
    },
    {
      name: 'General Skywalker',
      aliases: ['Skywalker'],
      mentions: 4,
      speaks: 0,
      gender: 'male',
      onPage: true,
      evidence: [],
      candidates: [
        { fandom: 'Star Wars', character: 'Luke Skywalker', score: 0.5 },
        { fandom: 'Star Wars', character: 'Anakin Skywalker', score: 0.5 },
      ],
    },
  ];
  const chars = resolveCharacters(people, ['Star Wars']);
  assert.equal(chars.length, 1);
  assert.equal(chars[0]!.name, 'Anakin Skywalker');
  assert.equal(chars[0]!.mentions, 7);
  assert.ok(chars[0]!.aliases.includes('General Skywalker'));
});

test('resolveCharacters: namesakes in fandoms that tell one story are one person, in the surer fandom', () => {
  const person: PersonMention = {
    name: 'Arthur',
    aliases: [],
    mentions: 12,
    speaks: 3,
    gender: 'male',
    onPage: true,
    evidence: [],
    candidates: [
      { fandom: 'Legends of the Isle', character: 'Arthur (Legends)', score: 0.5 },
      { fandom: 'Isle of Kings (TV)', character: 'Arthur Penhallow (Isle of Kings)', score: 0.5 },
    ],
  };
  const fandoms = ['Isle of Kings (TV)', 'Legends of the Isle'];
  // Unrelated fandoms: two people of one name, and the text cannot say which.
  assert.equal(resolveCharacters([person], fandoms)[0]!.canonical, null);
  // The show retells the legends: the same Arthur, tagged as the surer fandom tags him.
  const [arthur] = resolveCharacters([person], fandoms, () => true);
  assert.equal(arthur!.name, 'Arthur Penhallow (Isle of Kings)');
  assert.equal(arthur!.canonical, 'Isle of Kings (TV)');
});

test('an original-character tag is offered, never sure enough to apply on its own', () => {
  const ofc = {
    name: 'Janna Vale',
    aliases: ['Janna'],
    mentions: 30,
    speaks: 12,
    canonical: null,
    gender: 'female' as const,
    onPage: true,
    confidence: 0.93,
    evidence: [],
  };
  const [entry] = originalCharacterEntries([ofc], ['Harbour Lights (TV)']);
  assert.equal(entry?.name, 'Original Female Character(s)');
  assert.ok(entry!.confidence <= 0.5, String(entry!.confidence));
});

test('a person the story introduces by first name is canon only when a lead of the canon bears it', () => {
  const canon = tinyCanon();
  const tvd = canon.fandomsByName.get('the vampire diaries (tv)')!;
  // Eight leads ahead of a minor character who shares a given name with no one.
  const extras = Array.from({ length: 8 }, (_, i) => ({
    name: `Lead Number${i}`,
    aliases: [],
    gender: 'male' as const,
  }));
  const minor: CanonCharacter = { name: 'Rosalind Vane', aliases: ['Rosalind'], gender: 'female' };
  tvd.characters.splice(3, 0, ...extras);
  tvd.characters.push(minor);
  canon.charactersByAlias.set('rosalind', [{ fandom: tvd, character: minor }]);
  const story = (name: string) =>
    `A girl named ${name} sat at the end of the bar. ${name} ordered a whiskey. "You're new," Caroline said. ${name} shrugged. "Just passing through," ${name} said.`;
  const resolved = (name: string) =>
    resolveCharacters(findPeople(story(name), canon), ['The Vampire Diaries (TV)']).find((c) =>
      c.aliases.concat(c.name).includes(name),
    );
  assert.equal(resolved('Rosalind')?.canonical, null, 'a minor namesake the story introduces is its own person');
  assert.equal(resolved('Caroline')?.name, 'Caroline Forbes', 'a lead keeps her canon name');
  // A retelling that makes her a lead: she is not demoted in the first canon for being minor there.
  const other = canon.fandomsByName.get('some other show (tv)')!;
  const lead: CanonCharacter = { name: 'Rosalind (Other)', aliases: ['Rosalind'], gender: 'female' };
  other.characters.unshift(lead);
  canon.charactersByAlias.set('rosalind', [
    { fandom: tvd, character: minor },
    { fandom: other, character: lead },
  ]);
  const retold = resolveCharacters(
    findPeople(story('Rosalind'), canon),
    ['The Vampire Diaries (TV)', 'Some Other Show (TV)'],
    () => true,
  ).find((c) => c.aliases.concat(c.name).includes('Rosalind'));
  assert.equal(retold?.name, 'Rosalind Vane', 'the first-ranked canon keeps her');
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

test("a canon's own terms are nobody in its stories; a namesake in another canon does not save them", () => {
  const canon = tinyCanon();
  const tvd = canon.fandomsByName.get('the vampire diaries (tv)')!;
  tvd.terms.push('Augustine');
  canon.fandomsByTerm.set('augustine', [tvd]);
  const text = `Caroline read the letter twice. Augustine smiled at Stefan. Stefan looked up.
Augustine nodded, and Caroline watched Augustine cross the room. Augustine laughed.`;
  assert.ok(
    findPeople(text, tinyCanon()).some((p) => p.name === 'Augustine'),
    'a person, had the canon not said otherwise',
  );
  const people = findPeople(text, canon);
  assert.ok(!people.some((p) => p.name === 'Augustine'), people.map((p) => p.name).join(', '));
  // The same word as a character of another canon is kept until the fandom is known, then dropped.
  const other = canon.fandomsByName.get('some other show (tv)')!;
  const namesake = { name: 'Augustine', aliases: [], gender: 'male' as const };
  other.characters.push(namesake);
  canon.charactersByAlias.set('augustine', [{ fandom: other, character: namesake }]);
  const found = findPeople(text, canon);
  assert.deepEqual(found.find((p) => p.name === 'Augustine')?.termIn, ['The Vampire Diaries (TV)']);
  const chars = resolveCharacters(found, ['The Vampire Diaries (TV)']);
  assert.ok(!chars.some((c) => c.name === 'Augustine'), chars.map((c) => c.name).join(', '));
  assert.ok(chars.some((c) => c.name === 'Caroline Forbes'));
  // Whoever speaks is somebody, whatever a canon calls the word.
  const speaking = `${text}\n"Sit down," Augustine said.`;
  assert.ok(findPeople(speaking, canon).some((p) => p.name === 'Augustine'));
});

test("a character named a tenth as often as the lead is offered, not applied; the story's leads keep their confidence", () => {
  const mention = (name: string, mentions: number, character: string | null): PersonMention => ({
    name,
    aliases: [],
    mentions,
    speaks: 2,
    gender: 'female',
    onPage: true,
    evidence: [],
    candidates: character ? [{ fandom: 'The Vampire Diaries (TV)', character, score: 0.8 }] : [],
  });
  const chars = resolveCharacters(
    [
      mention('Caroline', 60, 'Caroline Forbes'),
      mention('Klaus', 30, 'Klaus Mikaelson'),
      mention('Stefan', 4, 'Stefan Salvatore'),
    ],
    ['The Vampire Diaries (TV)'],
  );
  const confidence = (name: string) => chars.find((c) => c.name === name)!.confidence;
  assert.equal(confidence('Caroline Forbes'), 0.98);
  assert.equal(confidence('Klaus Mikaelson'), 0.98, 'half the lead is a lead');
  assert.ok(confidence('Stefan Salvatore') < 0.3, `named 4 times beside 60: ${confidence('Stefan Salvatore')}`);
  const alone = resolveCharacters([mention('Stefan', 4, 'Stefan Salvatore')], ['The Vampire Diaries (TV)']);
  assert.ok(alone[0]!.confidence > 0.8, 'the only character of a drabble is its lead');
});
