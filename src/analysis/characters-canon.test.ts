// Characters against a canon: candidates, resolution to canonical names in the chosen fandoms,
// original characters, and how prominence caps confidence. characters.test.ts covers finding people.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonCharacter } from './canon-types.ts';
import type { PersonMention } from './types.ts';
import { findPeople, originalCharacterEntries, originalCharacterTags, resolveCharacters } from './characters.ts';
import { FAN_FIC, HOMECOMING, person, tinyCanon } from './test-characters.ts';

test('canon candidates: full name > unique alias > shared given name', () => {
  const canon = tinyCanon();
  const people = findPeople(FAN_FIC, canon);
  const klaus = person(people, 'Klaus');
  assert.deepEqual(klaus.candidates[0], {
    fandom: 'The Vampire Diaries (TV)',
    character: 'Klaus Mikaelson',
    score: 0.8,
    main: true,
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
      mention('Bonnie', 8, 'Bonnie Bennett'),
      mention('Elena', 18, 'Elena Gilbert'),
    ],
    ['The Vampire Diaries (TV)'],
  );
  const confidence = (name: string) => chars.find((c) => c.name === name)!.confidence;
  assert.equal(confidence('Caroline Forbes'), 0.98);
  assert.equal(confidence('Klaus Mikaelson'), 0.98, 'half the lead is a lead');
  assert.ok(confidence('Stefan Salvatore') < 0.3, `named 4 times beside 60: ${confidence('Stefan Salvatore')}`);
  // Between a tenth and a third of the lead, a character is tagged about as often as not, rising with the share.
  assert.ok(confidence('Bonnie Bennett') < 0.4, `named 8 times beside 60: ${confidence('Bonnie Bennett')}`);
  assert.ok(confidence('Elena Gilbert') > 0.5, `named 18 times beside 60: ${confidence('Elena Gilbert')}`);
  assert.ok(confidence('Elena Gilbert') < confidence('Klaus Mikaelson'));
  const alone = resolveCharacters([mention('Stefan', 4, 'Stefan Salvatore')], ['The Vampire Diaries (TV)']);
  assert.ok(alone[0]!.confidence > 0.8, 'the only character of a drabble is its lead');
});

test('a name written in the other order, or with a middle name, finds the canon character its ends share', () => {
  const canon = tinyCanon();
  const tvd = canon.fandomsByName.get('the vampire diaries (tv)')!;
  // A canon that writes the family name first, with a spelling fans shorten.
  const elder: CanonCharacter = { name: 'Tanabe Kenzou', aliases: ['Tanabe', 'Kenzo', 'Kenzou'], gender: 'male' };
  tvd.characters.push(elder);
  for (const key of ['tanabe kenzou', 'tanabe', 'kenzo', 'kenzou'])
    canon.charactersByAlias.set(key, [{ fandom: tvd, character: elder }]);
  const once = findPeople('Caroline had heard the rumours. She struck a bargain with Kenzo Tanabe.', canon);
  assert.deepEqual(person(once, 'Kenzo Tanabe').candidates[0], {
    fandom: 'The Vampire Diaries (TV)',
    character: 'Tanabe Kenzou',
    score: 0.8,
    main: true,
  });
  const chars = resolveCharacters(once, ['The Vampire Diaries (TV)']);
  assert.ok(
    chars.some((c) => c.name === 'Tanabe Kenzou'),
    chars.map((c) => c.name).join(', '),
  );
  // A middle name the canon never lists: the first and last names still agree on one person.
  const middle = findPeople('Klaus Niall Mikaelson poured the wine. Caroline watched him.', canon);
  assert.equal(person(middle, 'Klaus Niall Mikaelson').candidates[0]?.character, 'Klaus Mikaelson');
  // Ends that reach two different people name neither of them.
  const mixed = findPeople('Klaus Forbes poured the wine. Klaus Forbes smiled at Stefan.', canon);
  assert.deepEqual(person(mixed, 'Klaus Forbes').candidates, []);
});

test("resolveCharacters: a name two chosen canons share goes to the one who leads their canon's cast", () => {
  const scott = (candidates: PersonMention['candidates']): PersonMention => ({
    name: 'Scott',
    aliases: [],
    mentions: 4,
    speaks: 1,
    gender: 'male',
    onPage: true,
    evidence: [],
    candidates,
  });
  const fandoms = ['Harbour Heroes (Movies)', 'Moonrise Pack (TV)'];
  const [hero] = resolveCharacters(
    [
      scott([
        { fandom: 'Harbour Heroes (Movies)', character: 'Scott Lindqvist', score: 0.5 },
        { fandom: 'Moonrise Pack (TV)', character: 'Scott Ferreira', score: 0.5, main: true },
      ]),
    ],
    fandoms,
  );
  assert.equal(hero!.name, 'Scott Ferreira');
  assert.equal(hero!.canonical, 'Moonrise Pack (TV)');
  // Both lead their casts: the text cannot say which, and the person stays uncanonical.
  const [both] = resolveCharacters(
    [
      scott([
        { fandom: 'Harbour Heroes (Movies)', character: 'Scott Lindqvist', score: 0.5, main: true },
        { fandom: 'Moonrise Pack (TV)', character: 'Scott Ferreira', score: 0.5, main: true },
      ]),
    ],
    fandoms,
  );
  assert.equal(both!.canonical, null);
  // A surer candidate still wins over a lead's shared name.
  const [sure] = resolveCharacters(
    [
      scott([
        { fandom: 'Harbour Heroes (Movies)', character: 'Scott Lindqvist', score: 0.8 },
        { fandom: 'Moonrise Pack (TV)', character: 'Scott Ferreira', score: 0.5, main: true },
      ]),
    ],
    fandoms,
  );
  assert.equal(sure!.name, 'Scott Lindqvist');
});

test('a rank the title list lacks is passed over to reach the canon character, a given name is not', () => {
  const canon = tinyCanon();
  const text = `The hall fell quiet when Maester Stefan came in from the rain. Maester Stefan shook out his cloak and sat by the fire. "The roads are flooded," Maester Stefan said.

Beside him, Mara Salvatore laughed. "They always are," said Mara Salvatore, and Mara Salvatore poured the wine.`;
  const people = findPeople(text, canon);
  assert.equal(person(people, 'Maester Stefan').candidates[0]?.character, 'Stefan Salvatore');
  assert.deepEqual(
    person(people, 'Mara Salvatore').candidates.map((c) => c.character),
    [],
  );
});
