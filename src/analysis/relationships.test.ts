import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indexCanon } from './canon.ts';
import type { CharacterProposal } from './types.ts';
import { inCanonOrder, relationshipKey, sameFamily } from './relationship-names.ts';
import { detectRelationships } from './relationships.ts';
import { collectPairs } from './relationship-pairs.ts';

function character(
  name: string,
  aliases: string[],
  gender: CharacterProposal['gender'],
  onPage = true,
): CharacterProposal {
  return { name, aliases, mentions: 10, speaks: 3, canonical: null, gender, onPage, confidence: 0.9, evidence: [] };
}

/** A one-fandom canon for tests: "Harbour Lights (TV)" with these characters and relationships. */
function harbourCanon(
  characters: { name: string; aliases: string[]; gender: 'male' | 'female' }[],
  relationships: string[],
) {
  return indexCanon({
    fandoms: [
      {
        name: 'Harbour Lights (TV)',
        aliases: [],
        media: 'TV Shows',
        related: [],
        terms: [],
        characters,
        relationships,
      },
    ],
  });
}

const ROMANCE = `Ines found Marek on the pier at dusk. She kissed him before he could say anything, and Marek laughed against her lips.
"I missed you, love," he said. Ines kissed him again, slower this time, and he held her hand all the way home.
That night Marek told her he was in love with her. Ines said she had known for a year.`;

const FRIENDS = `Ines and Dora had been best friends since school. Dora waited for Ines at the station every Friday.
"You're late," Dora said. Ines shrugged and handed her friend a coffee. They walked to the market together, Dora talking, Ines listening.
Dora was the closest thing to a sister Ines had.`;

test('romantic cues near both names: "A/B" with names in AO3 order (by family name)', () => {
  const chars = [character('Marek Holm', ['Marek'], 'male'), character('Ines Vidal', ['Ines'], 'female')];
  const [rel] = detectRelationships(ROMANCE, chars);
  assert.equal(rel?.name, 'Marek Holm/Ines Vidal');
  assert.ok(rel.confidence > 0.5 && rel.confidence <= 1);
  assert.ok(rel.evidence.length >= 1 && rel.evidence.length <= 3);
  for (const e of rel.evidence) assert.equal(ROMANCE.slice(e.start, e.end), e.quote);
});

test('friendship cues: "A & B"', () => {
  const chars = [character('Dora', [], 'female'), character('Ines', [], 'female')];
  const rels = detectRelationships(FRIENDS, chars);
  assert.deepEqual(
    rels.map((r) => r.name),
    ['Dora & Ines'],
  );
  // Writers tag a friendship less often than they write one, and one with an original character least.
  const friends = rels[0]!.confidence;
  assert.ok(friends < 0.6, String(friends));
  const oc = detectRelationships(FRIENDS, chars, {
    tagName: (c) => (c.name === 'Dora' ? 'Original Female Character(s)' : c.name),
  });
  assert.ok(oc[0]!.confidence < friends, `${oc[0]!.confidence} < ${friends}`);
});

test('a character who is not on the page is in no relationship', () => {
  const chars = [character('Marek Holm', ['Marek'], 'male'), character('Ines Vidal', ['Ines'], 'female', false)];
  assert.deepEqual(detectRelationships(ROMANCE, chars), []);
});

test('two people merely in one story are not a pairing', () => {
  const text = 'Ines bought bread. Later, across town, Marek fixed a bicycle. Ines went home.';
  const chars = [character('Marek', [], 'male'), character('Ines', [], 'female')];
  assert.deepEqual(detectRelationships(text, chars), []);
});

test('a canon pairing needs less evidence', () => {
  const text =
    'Marek waited on the pier for a long time. Ines came at last. She kissed him once, quickly, and they walked on.';
  const chars = [character('Marek Holm', ['Marek'], 'male'), character('Ines Vidal', ['Ines'], 'female')].map((c) => ({
    ...c,
    canonical: 'Harbour Lights (TV)',
  }));
  assert.deepEqual(detectRelationships(text, chars), []);
  const canon = harbourCanon(
    [
      { name: 'Marek Holm', aliases: ['Marek'], gender: 'male' },
      { name: 'Ines Vidal', aliases: ['Ines'], gender: 'female' },
    ],
    ['Ines Vidal/Marek Holm'],
  );
  const rels = detectRelationships(text, chars, { canon, fandoms: ['Harbour Lights (TV)'] });
  assert.deepEqual(
    rels.map((r) => r.name),
    ['Ines Vidal/Marek Holm'],
  );
});

test('relationshipKey ignores disambiguators and order', () => {
  assert.equal(relationshipKey('Castiel (Supernatural)/Dean Winchester'), relationshipKey('Dean Winchester/Castiel'));
  assert.notEqual(relationshipKey('A & B'), relationshipKey('A/B'));
});

test('deterministic', () => {
  const chars = [character('Marek Holm', ['Marek'], 'male'), character('Ines Vidal', ['Ines'], 'female')];
  assert.deepEqual(detectRelationships(ROMANCE, chars), detectRelationships(ROMANCE, chars));
});

// Fan works tag most central pairs as romances, and canon-favoured pairings even more so: a pair
// who share the whole story, with a glance or a "darling" between them and nothing that makes
// them kin or friends, is "A/B", not "A & B".
test("the story's central pair with a little romance is a romantic pairing", () => {
  const text = `Aurel waited for Kasimir by the ferry. Kasimir was late, as always. "You're impossible," Aurel said.
"You waited, though." Kasimir grinned at him, and Aurel looked away; his heart raced and he hated it.
They walked to the archive together. Kasimir read aloud; Aurel listened. Kasimir asked about the letters. Aurel answered.
At the door Kasimir caught his sleeve. Aurel did not pull away. Kasimir said goodnight. Aurel watched him go.`;
  const chars = [character('Aurel', [], 'male'), character('Kasimir', [], 'male')];
  const [rel] = detectRelationships(text, chars);
  assert.equal(rel?.name, 'Aurel/Kasimir');
  assert.ok(rel.confidence >= 0.3 && rel.confidence < 0.6, `a modest confidence, got ${rel.confidence}`);
});

/**
 * The relationships of a story about Aurel and Kasimir, two canon men whose canon lists
 * `relationships` (null: read with no canon at all).
 */
function aurelAndKasimir(text: string, relationships: string[] | null) {
  const chars = [character('Aurel', [], 'male'), character('Kasimir', [], 'male')].map((c) => ({
    ...c,
    canonical: 'Harbour Lights (TV)',
  }));
  const canon =
    relationships &&
    harbourCanon(
      [
        { name: 'Aurel', aliases: [], gender: 'male' },
        { name: 'Kasimir', aliases: [], gender: 'male' },
      ],
      relationships,
    );
  return detectRelationships(text, chars, { canon, fandoms: ['Harbour Lights (TV)'] });
}

// A slow burn calls its leads friends before it makes them lovers: against a pairing the fandom is
// known to write as a romance, a few friendship words do not make the central pair friends.
test('friendship words weigh less against a pairing the canon knows as a romance', () => {
  const text = `Aurel waited for Kasimir by the ferry. They were friends, Kasimir said, or something like friends.
"You're impossible," Aurel said. Kasimir grinned at him. They walked to the archive together.
Kasimir read aloud; Aurel listened. Kasimir asked about the letters. Aurel answered, and his friend nodded.
At the door Kasimir caught his sleeve. Aurel did not pull away. Kasimir said goodnight. Aurel watched him go.`;
  const names = (relationships: string[]) => aurelAndKasimir(text, relationships).map((r) => r.name);
  assert.deepEqual(names(['Aurel/Kasimir']), ['Aurel/Kasimir']);
  assert.ok(!names([]).includes('Aurel/Kasimir'), 'without the canon, friends stay friends');
});

test('time together alone is no friendship tag worth suggesting', () => {
  const text = `Aurel met Kasimir at the ferry. Kasimir carried the crates; Aurel counted them. Kasimir asked the time. Aurel told him.
They loaded the cart. Kasimir drove; Aurel read the map. At the mill Kasimir unloaded, and Aurel paid the miller.`;
  const chars = [character('Aurel', [], 'male'), character('Kasimir', [], 'male')];
  for (const r of detectRelationships(text, chars)) assert.ok(r.confidence < 0.3, `${r.name} at ${r.confidence}`);
});

test('people who share a family name are kin, not a romance by default', () => {
  assert.ok(sameFamily('Dean Winchester', 'Sam Winchester'));
  assert.ok(sameFamily('Uchiha Itachi', 'Uchiha Sasuke'));
  assert.ok(sameFamily('Elijah Mikaelson', 'Klaus Mikaelson'));
  assert.ok(!sameFamily('Sam Winchester', 'Sam Wilson (Marvel)'), 'a shared given name is not a family');
  assert.ok(!sameFamily('Draco Malfoy', 'Harry Potter'));
  assert.ok(!sameFamily('Aziraphale (Good Omens)', 'Crowley (Good Omens)'));
});

test('characters known by initials are found in their scenes ("AJ", "JC")', async () => {
  const { analyze } = await import('./analyze.ts');
  const text = `AJ found JC on the bus at dusk. "Hey," AJ said. JC kissed him before he could say anything else, and AJ laughed against his lips.
"I missed you, baby," JC said. AJ kissed him again, slower, and JC held his hand all the way to the venue.
That night AJ told JC he was in love with him. JC said he had known for a year. AJ kissed him in the dark of the bunk.`;
  const a = analyze(text, null);
  assert.ok(
    a.characters.some((c) => c.name === 'AJ'),
    a.characters.map((c) => c.name).join(),
  );
  assert.ok(
    a.relationships.some((r) => r.name === 'AJ/JC'),
    a.relationships.map((r) => r.name).join(),
  );
});

test('two men talking of kissing her are not the romance; lips and mouths alone are not either', () => {
  const text = `Teo paced the landing while Aurel watched him. Teo had never told her, never kissed her, and now she was married.
"You could have kissed her," Aurel said. Teo laughed, and his lips shook. Aurel looked at his mouth, then away.
"I loved her," Teo said. Aurel put a hand on his shoulder. They went down together, Teo first, Aurel after him.
Teo stood at the window. Aurel stood beside him, his lips pressed thin. Teo kissed her once, years ago, Aurel knew.`;
  const chars = [
    character('Teo', [], 'male'),
    character('Aurel', [], 'male'),
    { ...character('Mira', [], 'female', false), mentions: 1 },
  ];
  const rels = detectRelationships(text, chars);
  assert.ok(
    !rels.some((r) => r.name === 'Aurel/Teo' && r.confidence >= 0.4),
    JSON.stringify(rels.map((r) => [r.name, r.confidence])),
  );
});

test('a mouth opened to speak and the wrong side of the bed are no romance', () => {
  const text = `Aurel met Kasimir at the ferry. Kasimir opened his mouth to argue, then shut it again.
"You woke up on the wrong side of the bed," Aurel said. Kasimir carried the crates; Aurel counted them.
They loaded the cart. Kasimir drove; Aurel read the map. Aurel opened his mouth, and Kasimir raised a hand.
At the mill Kasimir unloaded, and Aurel paid the miller. Kasimir proposes a shortcut; Aurel refuses it.`;
  const chars = [character('Aurel', [], 'male'), character('Kasimir', [], 'male')];
  const rels = detectRelationships(text, chars);
  assert.ok(!rels.some((r) => r.name.includes('/')), JSON.stringify(rels.map((r) => r.name)));
});

test('a pair the fandom writes both ways is a friendship when the text shows no romance', () => {
  const text = `Aurel waited for Kasimir by the ferry. Kasimir was late, as always. "You're impossible," Aurel said.
"You waited, though." Kasimir grinned at him. They walked to the archive together.
Kasimir read aloud; Aurel listened. Kasimir asked about the letters. Aurel answered.
At the door Kasimir caught his sleeve. Aurel nodded. Kasimir said goodnight. Aurel watched him go.`;
  const top = (relationships: string[]) => aurelAndKasimir(text, relationships)[0];
  assert.equal(top(['Aurel/Kasimir'])?.name, 'Aurel/Kasimir');
  const both = top(['Aurel/Kasimir', 'Aurel & Kasimir']);
  assert.equal(both?.name, 'Aurel & Kasimir');
  assert.ok(both.confidence >= 0.3, String(both.confidence));
});

test("a pairing the canon lists comes out in the canon tag's order", () => {
  const canonTags = new Map([[relationshipKey('Hermione Granger/Harry Potter'), 'Hermione Granger/Harry Potter']]);
  assert.equal(inCanonOrder('Harry Potter/Hermione Granger', canonTags), 'Hermione Granger/Harry Potter');
  assert.equal(inCanonOrder('Merlin (Merlin)/Morgana (Merlin)', new Map()), 'Merlin (Merlin)/Morgana (Merlin)');
  const knights = new Map([[relationshipKey('Arthur Pendragon/Merlin'), 'Arthur Pendragon/Merlin']]);
  assert.equal(
    inCanonOrder('Merlin (Merlin)/Arthur Pendragon (Merlin)', knights),
    'Arthur Pendragon (Merlin)/Merlin (Merlin)',
  );
});

test('a kiss or a love named at someone belongs to a pair with that person', () => {
  const text = `Dora looked away when Ines kissed Marek at the gate. Dora counted the boats; Ines kissed Marek again.
Later Dora poured the wine, and Ines said she was in love with Marek. Dora laughed at them both.
"She loves Marek," Dora told the cook. Dora knew Ines loved Marek more than the sea itself.`;
  const chars = [character('Dora', [], 'female'), character('Ines', [], 'female'), character('Marek', [], 'male')];
  const romances = detectRelationships(text, chars)
    .filter((r) => r.name.includes('/'))
    .map((r) => r.name);
  assert.deepEqual(romances, ['Ines/Marek']);
});

test('a pair the fandom writes as a friendship needs a cue that says romance', () => {
  const text = `Aurel and Kasimir ran the video shop. "I need a film for tonight," a boy said, and Kasimir looked at Aurel.
Aurel vetoed anything with too much kissing. Kasimir vetoed anything with subtitles. They argued for ten minutes.
Kasimir shelved the returns; Aurel counted the till. Kasimir locked up. Aurel waited at the door, and Kasimir laughed.
Aurel opened the shop at nine. Kasimir brought the coffee. Aurel read the paper aloud, and Kasimir did the crossword.`;
  const names = (relationships: string[] | null) => aurelAndKasimir(text, relationships).map((r) => r.name);
  assert.ok(names(null).includes('Aurel/Kasimir'), 'without the canon, a central pair with a kiss nearby is a romance');
  assert.deepEqual(names(['Aurel & Kasimir']), ['Aurel & Kasimir']);
});

test("the canon's gender decides whom a pronoun points to", () => {
  const text = `Marek waited on the pier for Ines. She kissed him before he could speak, and she held his hand.
She told him she was in love with him. He kissed her back. She kissed him again on the long walk home.`;
  const chars = [
    { ...character('Marek Holm', ['Marek'], 'male'), canonical: 'Harbour Lights (TV)' },
    // Read from the text as a man: the canon knows better.
    { ...character('Ines Vidal', ['Ines'], 'male'), canonical: 'Harbour Lights (TV)' },
  ];
  const canon = harbourCanon(
    [
      { name: 'Marek Holm', aliases: ['Marek'], gender: 'male' },
      { name: 'Ines Vidal', aliases: ['Ines'], gender: 'female' },
    ],
    [],
  );
  const [rel] = detectRelationships(text, chars, { canon, fandoms: ['Harbour Lights (TV)'] });
  assert.equal(rel?.name, 'Marek Holm/Ines Vidal');
  assert.ok(rel.confidence >= 0.5, String(rel.confidence));
});

test('dating words, pet names and plain talk of sex make a romance', () => {
  const text = `Ines asked Marek out on a Tuesday, in the queue at the bakery. "Saturday, sweetie?" she said.
Marek said yes. By winter they had slept together twice and Marek had a hickey he could not hide.
"Morning, sunshine," Ines said over the coffee. Marek laughed and told his sister that Ines was his girlfriend now.`;
  const chars = [character('Marek Holm', ['Marek'], 'male'), character('Ines Vidal', ['Ines'], 'female')];
  const [rel] = detectRelationships(text, chars);
  assert.equal(rel?.name, 'Marek Holm/Ines Vidal');
  assert.ok(rel.confidence >= 0.5, String(rel.confidence));
});

test("a cue done to someone outside the cast is nobody else's romance", () => {
  const text = `Aurel and Teo shared the night watch. Teo had snogged Lavender at the harvest fair, Aurel remembered.
Teo kissed Lavender again at midwinter, and Aurel said nothing. Teo had slept with Lavender, the whole camp knew.
Aurel counted the arrows; Teo mended the bow. Aurel asked about the roads. Teo answered, and Aurel nodded.`;
  const chars = [character('Aurel', [], 'male'), character('Teo', [], 'male')];
  const rels = detectRelationships(text, chars);
  assert.ok(!rels.some((r) => r.name === 'Aurel/Teo'), JSON.stringify(rels.map((r) => [r.name, r.confidence])));
});

test('a kiss given to a family name two characters share still counts', () => {
  const text = `Teo found Aurel in the hall and kissed Varga before the door had shut. Teo kissed Varga again on the stairs, and Aurel laughed.
Mira Varga was away at sea. Teo and Aurel had the house to themselves. Teo kissed Varga awake at dawn, and Aurel smiled.`;
  const chars = [
    character('Teo', [], 'male'),
    character('Aurel Varga', ['Aurel', 'Varga'], 'male'),
    { ...character('Mira Varga', ['Mira', 'Varga'], 'female'), mentions: 1 },
  ];
  const rels = detectRelationships(text, chars).map((r) => r.name);
  assert.ok(rels.includes('Teo/Aurel Varga'), JSON.stringify(rels));
});

test('a couple the fandom writes as a romance, named together while off the page, is a background pairing', () => {
  const canonChars = [
    { name: 'Marek Holm', aliases: ['Marek'], gender: 'male' as const },
    { name: 'Ines Vidal', aliases: ['Ines'], gender: 'female' as const },
    { name: 'Dora Lind', aliases: ['Dora'], gender: 'female' as const },
  ];
  const text = `Dora spent the summer in the lighthouse while her sister stayed with Marek and Ines in town.
Dora painted the stairs. Dora fixed the lamp. "Another storm," Dora said to the gulls, and laughed.`;
  const chars = [
    { ...character('Dora Lind', ['Dora'], 'female'), canonical: 'Harbour Lights (TV)' },
    { ...character('Marek Holm', ['Marek'], 'male', false), canonical: 'Harbour Lights (TV)', mentions: 1 },
    { ...character('Ines Vidal', ['Ines'], 'female', false), canonical: 'Harbour Lights (TV)', mentions: 1 },
  ];
  const run = (relationships: string[], story = text) =>
    detectRelationships(story, chars, {
      canon: harbourCanon(canonChars, relationships),
      fandoms: ['Harbour Lights (TV)'],
    });
  const [couple] = run(['Ines Vidal/Marek Holm']);
  assert.equal(couple?.name, 'Ines Vidal/Marek Holm');
  assert.ok(couple.confidence >= 0.3 && couple.confidence < 0.5, String(couple.confidence));
  assert.match(couple.evidence[0]!.quote, /Marek and Ines/);
  // Not a pairing the canon knows, one it writes as a friendship too, or a list of three.
  assert.deepEqual(run([]), []);
  assert.deepEqual(run(['Ines Vidal/Marek Holm', 'Ines Vidal & Marek Holm']), []);
  assert.deepEqual(run(['Ines Vidal/Marek Holm'], text.replace('Marek and Ines', 'Marek and Ines and Dora')), []);
  assert.deepEqual(run(['Ines Vidal/Marek Holm'], text.replace('Marek and Ines', 'Dora, Marek and Ines')), []);
});

test('"she is still almost in love with him" is her romance, not that of the two men beside her', () => {
  const text = `Teo and Aurel carried the nets up from the boat while Mira watched from the wall.
Teo grinned at Aurel; she is still almost in love with Aurel, and Teo knows it. Aurel pretends not to see.`;
  const chars = [character('Teo', [], 'male'), character('Aurel', [], 'male'), character('Mira', [], 'female')];
  const { pairs } = collectPairs(text, chars);
  const men = pairs.find((p) => chars[p.a]!.name !== 'Mira' && chars[p.b]!.name !== 'Mira');
  assert.equal(men?.romantic ?? 0, 0);
  const hers = pairs.find((p) => [p.a, p.b].every((i) => chars[i]!.name !== 'Teo'));
  assert.ok((hers?.romantic ?? 0) > 0);
});

test('two brothers named together are no background couple, whatever the fandom ships', () => {
  const canonChars = [
    { name: 'Marek Holm', aliases: ['Marek'], gender: 'male' as const },
    { name: 'Jonas Holm', aliases: ['Jonas'], gender: 'male' as const },
    { name: 'Dora Lind', aliases: ['Dora'], gender: 'female' as const },
  ];
  const text = `Dora spent the summer in the lighthouse while Marek and Jonas fished the north banks.
Dora painted the stairs. Dora fixed the lamp. "Another storm," Dora said to the gulls, and laughed.`;
  const chars = [
    { ...character('Dora Lind', ['Dora'], 'female'), canonical: 'Harbour Lights (TV)' },
    { ...character('Marek Holm', ['Marek'], 'unknown', false), canonical: 'Harbour Lights (TV)', mentions: 1 },
    { ...character('Jonas Holm', ['Jonas'], 'unknown', false), canonical: 'Harbour Lights (TV)', mentions: 1 },
  ];
  const canon = harbourCanon(canonChars, ['Jonas Holm/Marek Holm']);
  assert.deepEqual(detectRelationships(text, chars, { canon, fandoms: ['Harbour Lights (TV)'] }), []);
});

test('a pair the canon has no tag for is named in AO3 order, family first where the fandom writes names so', () => {
  const fandom = (name: string, familyNameFirst: boolean) => ({
    name,
    aliases: [],
    media: 'Anime & Manga',
    related: [],
    characters: [
      { name: familyNameFirst ? 'Arakawa Marek' : 'Marek Arakawa', aliases: ['Marek'], gender: 'male' as const },
      { name: familyNameFirst ? 'Tanabe Ines' : 'Ines Tanabe', aliases: ['Ines'], gender: 'female' as const },
    ],
    terms: [],
    relationships: [],
    ...(familyNameFirst ? { familyNameFirst } : {}),
  });
  const canon = indexCanon({ fandoms: [fandom('Harbour Lights', true), fandom('Harbour Lights West', false)] });
  const run = (f: string, marek: string, ines: string) =>
    detectRelationships(
      ROMANCE,
      [
        { ...character(marek, ['Marek'], 'male'), canonical: f },
        { ...character(ines, ['Ines'], 'female'), canonical: f },
      ],
      { canon, fandoms: [f] },
    )[0]?.name;
  // Arakawa < Tanabe either way; read as given first, "Tanabe Ines" would come first.
  assert.equal(run('Harbour Lights', 'Arakawa Marek', 'Tanabe Ines'), 'Arakawa Marek/Tanabe Ines');
  assert.equal(run('Harbour Lights West', 'Marek Arakawa', 'Ines Tanabe'), 'Marek Arakawa/Ines Tanabe');
});

test('"she" after a woman the analysis did not place, or after one named in passing, is not the last character named', () => {
  // Nora is no character here; Ilse is named only after "with" in Nora's sentence.
  const text = `Anselm came back to the harbour in spring. He saw Ilse first, mending nets on the wall, and then Nora.
It was good to see Nora again, so proud of her post with Ilse at the harbour office.
She had not looked at him the winter he left, but she is still in love with Anselm, and she flirts with him over the ledgers.
Part of him wants to hold her and tell her she was right. Anselm and Ilse walked to the office together, and Ilse talked about the nets.`;
  const chars = [character('Anselm', [], 'male'), character('Ilse', [], 'female')];
  const { pairs } = collectPairs(text, chars);
  const pair = pairs.find((p) => p.a !== p.b);
  assert.ok(pair && pair.together > 0);
  assert.equal(pair.romantic, 0, JSON.stringify(pair.spans.filter((s) => s.kind === 'romantic')));
  assert.ok(!detectRelationships(text, chars).some((r) => r.name.includes('/')));
});

test('"she" after a character named in passing still points to the woman the sentence is about', () => {
  const text = `Ilse sat down at the table with Greta. She kissed Anselm when he came in from the boats.`;
  const chars = [character('Anselm', [], 'male'), character('Ilse', [], 'female'), character('Greta', [], 'female')];
  const { pairs } = collectPairs(text, chars);
  const romance = (x: string, y: string) =>
    pairs.find((p) => [chars[p.a]!.name, chars[p.b]!.name].sort().join('/') === [x, y].sort().join('/'))?.romantic ?? 0;
  assert.ok(romance('Anselm', 'Ilse') > 0);
  assert.equal(romance('Anselm', 'Greta'), 0);
});

// A family of three in one house: every pair shares scenes and family words, but the story never
// gathers the three as one.
const HOUSE = [
  'Orrin woke before dawn and put the kettle on for his grandson. Lio came down the stairs yawning.',
  '"Your uncle is already out," Orrin said. Lio looked for Cato through the window, and his grandfather smiled.',
  "Cato came in from the yard with the eggs. His nephew took the basket from him, and Cato ruffled the boy's hair.",
  'Orrin watched his son at the stove. Cato had always cooked like his mother, and Orrin said so.',
  'Lio asked Cato about the boat. His uncle promised to take him out once the wind dropped, and Orrin frowned at them both.',
  '"He is my grandson, not a deckhand," Orrin told Cato. Cato laughed and said his father had taken him out younger.',
  'By noon Lio was mending nets with Cato on the pier, and Orrin brought them bread. Family, Orrin thought, was mostly bread.',
  "In the evening Cato read to Lio while Orrin dozed. The boy fell asleep on his uncle's shoulder, and his grandfather covered him.",
  'Orrin was father to Cato and grandfather to Lio, and family was all the three had in the world.',
  'Lio trusted Cato like a brother, and Cato loved the boy like a son; Orrin was glad of his family.',
];

test('three who share every scene are no group tag unless the story gathers them as one', () => {
  const chars = [character('Orrin', [], 'male'), character('Cato', [], 'male'), character('Lio', [], 'male')];
  const apart = [...HOUSE, ...HOUSE].join('\n');
  const rels = detectRelationships(apart, chars);
  assert.ok(
    !rels.some((r) => r.name.split(' & ').length === 3 && r.confidence >= 0.3),
    JSON.stringify(rels.map((r) => [r.name, r.confidence])),
  );
  const together = [...HOUSE, 'The three of them ate on the step, as they had every summer.', ...HOUSE].join('\n');
  const group = detectRelationships(together, chars).find((r) => r.name.split(' & ').length === 3);
  assert.ok(group && group.confidence >= 0.3, JSON.stringify(group));
  assert.ok(group.evidence.some((e) => /three of them/.test(e.quote)));
});

test("the lead's main partner outside her family is the romance when a hint of one is there", () => {
  const scene = [
    "Maren held her father's arm on the quay. Edvin leaned on his daughter and said nothing.",
    '"Miss Holt," Tobiah said, and Maren turned. Tobiah waited by the gangway with the papers.',
    'Maren watched the slant of his mouth as Tobiah read the names aloud, and forgot to answer him.',
    'Edvin asked Maren for his pipe. Maren found it in her coat and lit it for her father.',
    '"You should sit," Tobiah told Maren. Maren thanked him and went back up the quay.',
    'Edvin told Maren about the winter the harbour froze. Maren had heard it a hundred times from him.',
    'At home Maren made soup while Edvin dozed. Edvin woke when Maren dropped the ladle.',
    'Edvin Holt had taught his daughter to read the tides. Maren still read them for him.',
  ].join('\n');
  const chars = [
    character('Maren Holt', ['Maren'], 'female'),
    character('Edvin Holt', ['Edvin'], 'male'),
    character('Tobiah Lund', ['Tobiah'], 'male'),
  ];
  const text = [scene, scene].join('\n');
  const { pairs } = collectPairs(text, chars);
  const together = (x: string, y: string) =>
    pairs.find((p) => [chars[p.a]!.name, chars[p.b]!.name].sort().join() === [x, y].sort().join())?.together ?? 0;
  // Her father is her main partner; the other man is his own main partner's.
  assert.ok(together('Maren Holt', 'Edvin Holt') > together('Maren Holt', 'Tobiah Lund'));
  const rels = detectRelationships(text, chars);
  const romance = rels.find((r) => r.name === 'Maren Holt/Tobiah Lund');
  assert.ok(romance && romance.confidence >= 0.3, JSON.stringify(rels.map((r) => [r.name, r.confidence])));
  assert.ok(!rels.some((r) => r.name === 'Edvin Holt/Maren Holt'));
});
