// Fixtures for the character tests: a fan-fiction scene, a tiny canon built by hand, and finders.
import assert from 'node:assert/strict';
import type { CanonCharacter, CanonFandom, CanonIndex } from './canon-types.ts';
import type { PersonMention } from './types.ts';

export const HOMECOMING = `Margaret Ashdown had lived in Carrowmore for six years before she came home. Maybe it was the rain. Still, she had missed the river.

"You're late," Mrs. Ashdown said, setting down her cup.

"The train was slow," said Margaret. She kissed her mother's cheek. "Is Father in?"

"Mr. Ashdown is in the garden with Dr. Pell," her mother answered. "Then you'll want to see him."

Margaret found her father by the roses. Mr. Ashdown looked up and smiled. "Dr. Pell was just leaving."

Dr. Pell tipped his hat. "Miss Ashdown. Welcome home. How is Carrowmore?"

"Wet," Margaret said. Then she thought of Oliver, who was still in Carrowmore, and of his letters. Oliver had promised to write every week. Margaret's hands shook a little as she walked back from Carrowmore's memories to the house.`;

export const FAN_FIC = `Caroline slammed the car door harder than she needed to. Klaus was leaning against the porch rail as if he owned the whole of Mystic Falls, which he probably thought he did.

"You're staring, love," Klaus said.

"I'm glaring," Caroline corrected him. "There's a difference, Nik." She said the name on purpose, and Klaus's smile faltered for half a second.

She thought of Stefan, who would have told her to walk away. Stefan always said that. Caroline walked up the steps instead.

Nik opened the door for her. Inside, a woman named Marisol was setting the table. Marisol looked up and waved. "You must be Caroline," Marisol said. "He never stops talking about you."`;

/** A tiny canon, built by hand the way canon.ts's indexCanon would. */
export function tinyCanon(): CanonIndex {
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

export function person(people: PersonMention[], name: string): PersonMention {
  const p = people.find((x) => x.name === name || x.aliases.includes(name));
  assert.ok(p, `expected a person named ${name}; found ${people.map((x) => x.name).join(', ')}`);
  return p;
}

export function names(people: PersonMention[]): string[] {
  return people.flatMap((p) => [p.name, ...p.aliases]);
}
