import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indexCanon } from './canon.ts';
import type { Canon } from './canon-types.ts';
import type { PersonMention } from './types.ts';
import { detectFandoms, scoreFandoms } from './fandoms.ts';

// Invented canons, so the tests do not move when the real data does.
const CANON: Canon = {
  fandoms: [
    {
      name: 'Beacon Isles (TV)',
      aliases: ['Beacon Isles'],
      media: 'TV Shows',
      related: ['Beacon Isles: Harbour (TV)'],
      characters: [
        { name: 'Marisol Vance', aliases: ['Marisol', 'Vance'], gender: 'female' },
        { name: 'Teodor Lind', aliases: ['Teodor', 'Teo', 'Lind'], gender: 'male' },
        { name: 'Harry Osk', aliases: ['Harry'], gender: 'male' },
      ],
      terms: ['brinelight', 'Gull Rock', 'the Keepers’ Oath'],
      relationships: ['Marisol Vance/Teodor Lind'],
    },
    {
      name: 'Beacon Isles: Harbour (TV)',
      aliases: [],
      media: 'TV Shows',
      related: ['Beacon Isles (TV)'],
      characters: [
        { name: 'Teodor Lind', aliases: ['Teodor', 'Teo'], gender: 'male' },
        { name: 'Wren Haldane', aliases: ['Wren'], gender: 'female' },
      ],
      terms: ['the Harbour Court', 'brinelight'],
      relationships: [],
    },
    {
      name: 'Clockwork Court (Video Game)',
      aliases: ['ClCo'],
      media: 'Video Games',
      related: [],
      characters: [{ name: 'Sally Brass', aliases: ['Sally'], gender: 'female' }],
      terms: ['mainspring', 'the Escapement'],
      relationships: [],
    },
  ],
};
const canon = indexCanon(CANON);

/** A person as findPeople would report them, with canon candidates looked up in the index. */
function person(name: string, mentions: number, text: string): PersonMention {
  const start = text.indexOf(name);
  const hits = canon.charactersByAlias.get(name.toLowerCase()) ?? [];
  return {
    name,
    aliases: [],
    mentions,
    speaks: 1,
    gender: 'unknown',
    onPage: true,
    evidence: start >= 0 ? [{ quote: name, start, end: start + name.length }] : [],
    candidates: hits.map((h) => ({
      fandom: h.fandom.name,
      character: h.character.name,
      score: name.includes(' ') ? 1 : 0.8,
    })),
  };
}

test('several characters of one canon make a confident fandom, with quoted evidence', () => {
  const text = 'Marisol climbed Gull Rock at dusk. Teodor was already there, trimming the brinelight. Marisol sat.';
  const people = [person('Marisol', 6, text), person('Teodor', 5, text)];
  const [top, ...rest] = detectFandoms(text, people, canon);
  assert.equal(top?.name, 'Beacon Isles (TV)');
  assert.ok(top.confidence >= 0.8);
  for (const e of top.evidence) assert.equal(text.slice(e.start, e.end), e.quote);
  assert.ok(top.evidence.some((e) => e.quote.includes('Gull Rock')));
  // The spin-off shares Teodor and "brinelight" but has nothing of its own here.
  assert.ok(!rest.some((p) => p.name === 'Beacon Isles: Harbour (TV)'));
});

test('a related fandom with evidence of its own is listed, less confident', () => {
  const text = 'Teodor met Wren at the Harbour Court. Marisol was away. Wren laughed.';
  const people = [person('Teodor', 6, text), person('Marisol', 3, text), person('Wren', 4, text)];
  const out = detectFandoms(text, people, canon);
  const names = out.map((p) => p.name);
  assert.ok(names.includes('Beacon Isles (TV)') && names.includes('Beacon Isles: Harbour (TV)'));
  const [a, b] = out;
  assert.ok(a!.confidence >= b!.confidence);
});

test('"Harry" and "Sally" alone are original work', () => {
  const text = 'Harry met Sally at the station. Sally said hello. Harry said goodbye.';
  const people = [person('Harry', 8, text), person('Sally', 8, text)];
  assert.deepEqual(detectFandoms(text, people, canon), []);
});

test('terms alone need several distinct ones', () => {
  const one = 'The mainspring broke.';
  assert.deepEqual(detectFandoms(one, [], canon), []);
  const three =
    'The mainspring broke. Beyond the Escapement, the brinelight of Gull Rock flickered over the Keepers’ Oath.';
  const out = detectFandoms(three, [], canon);
  assert.equal(out[0]?.name, 'Beacon Isles (TV)');
});

test('capitalised terms must be capitalised in the text', () => {
  const scores = scoreFandoms('They sat on the gull rock.', [], canon);
  assert.ok(!scores.some((s) => s.terms.has('gull rock')));
});

test('a one-word fandom alias in a note counts only as the canon writes it', () => {
  const named = (note: string) => {
    const full = `${note}\n\nThe story begins here.`;
    const story = full.replace(note, ' '.repeat(note.length));
    return scoreFandoms(story, [], canon, full).some(
      (s) => s.fandom.name === 'Clockwork Court (Video Game)' && s.evidence.some((e) => e.kind === 'name'),
    );
  };
  assert.equal(named('My first ClCo fic.'), true);
  assert.equal(named('My first CLCO fic.'), true);
  assert.equal(named('He came to the clco late.'), false);
});

test('no canon, no fandoms; deterministic', () => {
  assert.deepEqual(detectFandoms('Marisol and Teodor.', [], null), []);
  const text = 'Marisol climbed Gull Rock. Teodor followed.';
  const people = [person('Marisol', 6, text), person('Teodor', 5, text)];
  assert.deepEqual(detectFandoms(text, people, canon), detectFandoms(text, people, canon));
});

// Many canons share everyday first names; the one that has both of a story's leads wins them.
test('two first names that many canons share go to the canon that has both', () => {
  const many: Canon = {
    fandoms: [
      {
        name: 'Roadside Hunters (TV)',
        aliases: [],
        media: 'TV Shows',
        related: [],
        characters: [
          { name: 'Sam Kestrel', aliases: ['Sam', 'Kestrel'], gender: 'male' },
          { name: 'Dean Kestrel', aliases: ['Dean'], gender: 'male' },
        ],
        terms: ['salt line'],
        relationships: [],
      },
      ...Array.from({ length: 12 }, (_, i) => ({
        name: `Other Show ${i} (TV)`,
        aliases: [],
        media: 'TV Shows',
        related: [],
        characters: [
          { name: `${i % 2 ? 'Sam' : 'Dean'} Other${i}`, aliases: [i % 2 ? 'Sam' : 'Dean'], gender: 'male' as const },
        ],
        terms: [],
        relationships: [],
      })),
    ],
  };
  const idx = indexCanon(many);
  const text = 'Sam drove. Dean slept in the passenger seat. Sam laughed; Dean did not. They drew a salt line.';
  const mention = (name: string, mentions: number): PersonMention => ({
    ...person(name, mentions, text),
    candidates: (idx.charactersByAlias.get(name.toLowerCase()) ?? []).map((h) => ({
      fandom: h.fandom.name,
      character: h.character.name,
      score: 0.5,
    })),
  });
  const out = detectFandoms(text, [mention('Sam', 10), mention('Dean', 9)], idx);
  assert.equal(out[0]?.name, 'Roadside Hunters (TV)');
  assert.ok(!out.some((p) => p.name.startsWith('Other Show')));
});

test("a franchise's part is proposed under its umbrella, and alone only with evidence of its own", () => {
  const franchise: Canon = {
    fandoms: [
      {
        name: 'Starfall - All Media Types',
        aliases: [],
        media: 'Movies',
        related: ['Starfall: The Long War (Movies)'],
        characters: [
          { name: 'Oren Vask', aliases: ['Oren'], gender: 'male' },
          { name: 'Lio Marr', aliases: ['Lio'], gender: 'female' },
        ],
        terms: ['lumen blade'],
        relationships: [],
      },
      {
        name: 'Starfall: The Long War (Movies)',
        aliases: [],
        media: 'Movies',
        related: ['Starfall - All Media Types'],
        parent: 'Starfall - All Media Types',
        characters: [
          { name: 'Oren Vask', aliases: ['Oren'], gender: 'male' },
          { name: 'Lio Marr', aliases: ['Lio'], gender: 'female' },
          { name: 'Captain Dray', aliases: ['Dray'], gender: 'male' },
        ],
        terms: ['lumen blade', 'the Siege of Hollow'],
        relationships: [],
      },
    ],
  };
  const idx = indexCanon(franchise);
  const mention = (text: string, name: string, mentions: number): PersonMention => ({
    ...person(name, mentions, text),
    candidates: (idx.charactersByAlias.get(name.toLowerCase()) ?? []).map((h) => ({
      fandom: h.fandom.name,
      character: h.character.name,
      score: 0.9,
    })),
  });
  const shared = 'Oren lit the lumen blade. Lio watched him. Oren said nothing, and Lio smiled.';
  const names = (text: string, who: [string, number][]) =>
    detectFandoms(
      text,
      who.map(([n, m]) => mention(text, n, m)),
      idx,
    ).map((p) => p.name);
  assert.deepEqual(
    names(shared, [
      ['Oren', 8],
      ['Lio', 6],
    ]),
    ['Starfall - All Media Types'],
  );
  const war = 'Oren lit the lumen blade at the Siege of Hollow. Dray gave the order. Lio ran, and Oren followed Dray.';
  const both = names(war, [
    ['Oren', 8],
    ['Lio', 6],
    ['Dray', 5],
  ]);
  assert.ok(
    both.includes('Starfall - All Media Types') && both.includes('Starfall: The Long War (Movies)'),
    both.join(),
  );
});

test('a story is proposed in one version of a story told twice (a show and its books), never both', () => {
  // AO3 may tag each version's people apart ("Ada Quill (TV)"): they are still the same people.
  for (const suffix of ['', ' (TV)']) {
    const cast = [
      { name: 'Ada Quill', aliases: ['Ada', 'Quill'], gender: 'female' as const },
      { name: 'Bram Hollis', aliases: ['Bram', 'Hollis'], gender: 'male' as const },
      { name: 'Cora Vane', aliases: ['Cora'], gender: 'female' as const },
    ];
    const versions = indexCanon({
      fandoms: [
        {
          name: 'Inkwell Street (TV)',
          aliases: [],
          media: 'TV Shows',
          related: ['Inkwell Street - E. Marsh'],
          characters: cast.map((c) => ({ ...c, name: c.name + suffix })),
          terms: ['the Night Press', 'pager code'],
          relationships: [],
        },
        {
          name: 'Inkwell Street - E. Marsh',
          aliases: [],
          media: 'Books & Literature',
          related: ['Inkwell Street (TV)'],
          characters: cast,
          terms: ['the Night Press', 'gaslit ledger'],
          relationships: [],
        },
      ],
    });
    const text =
      'Ada checked the pager code twice. Bram held the gaslit ledger open while Cora read. "The Night Press again," Ada said.';
    const people = ['Ada', 'Bram', 'Cora'].map((name) => {
      const start = text.indexOf(name);
      return {
        name,
        aliases: [],
        mentions: 5,
        speaks: 1,
        gender: 'unknown' as const,
        onPage: true,
        evidence: [{ quote: name, start, end: start + name.length }],
        candidates: (versions.charactersByAlias.get(name.toLowerCase()) ?? []).map((h) => ({
          fandom: h.fandom.name,
          character: h.character.name,
          score: 0.8,
        })),
      };
    });
    const names = detectFandoms(text, people, versions).map((p) => p.name);
    assert.equal(names.length, 1, names.join(' | '));
  }
});

test("three of a canon's leads by first names many canons share make the fandom when one name is rare", () => {
  // "Harry", "Ron" and "Will" are in many canons; "Hermione" (an everyday name too) in two. Each
  // canon lists its leads first.
  const lead = (name: string, alias: string) => ({ name, aliases: [alias], gender: 'male' as const });
  const places = ['Ferry', 'Orchard', 'Quarry', 'Viaduct', 'Foundry', 'Lock', 'Weir', 'Kiln', 'Forge', 'Wharf'];
  const others = places.map((place) => ({
    name: `${place} Street (TV)`,
    aliases: [],
    media: 'TV Shows',
    related: [],
    characters: [lead(`Harry ${place}`, 'Harry'), lead(`Ron ${place}`, 'Ron'), lead(`Will ${place}`, 'Will')],
    terms: [],
    relationships: [],
  }));
  const yard = {
    name: 'Lantern Yard (Books)',
    aliases: [],
    media: 'Books & Literature',
    related: [],
    characters: [
      lead('Harry Quill', 'Harry'),
      lead('Ron Abel', 'Ron'),
      lead('Hermione Marr', 'Hermione'),
      lead('Will Sarn', 'Will'),
    ],
    terms: [],
    relationships: [],
  };
  const dawn = { ...others[0]!, name: 'Dawn Mill (TV)', characters: [lead('Hermione Penn', 'Hermione')] };
  const shared = indexCanon({ fandoms: [yard, dawn, ...others] });
  const personIn = (name: string, mentions: number, text: string): PersonMention => {
    const hits = shared.charactersByAlias.get(name.toLowerCase()) ?? [];
    return {
      ...person(name, mentions, text),
      candidates: hits.map((h) => ({ fandom: h.fandom.name, character: h.character.name, score: 0.5 })),
    };
  };
  const text = 'Ron paced the hall. Harry came down the stairs. Hermione waited by the door.';
  const cast = [personIn('Ron', 40, text), personIn('Harry', 38, text), personIn('Hermione', 2, text)];
  assert.deepEqual(
    detectFandoms(text, cast, shared).map((p) => p.name),
    ['Lantern Yard (Books)'],
  );
  // Three everyday names alone are anyone's.
  const everyday = [personIn('Ron', 40, text), personIn('Harry', 38, text), personIn('Will', 6, text)];
  assert.deepEqual(detectFandoms(text, everyday, shared), []);
  // Nor is a rare name enough with fewer than three leads.
  assert.deepEqual(detectFandoms(text, [personIn('Ron', 40, text), personIn('Hermione', 2, text)], shared), []);
});
