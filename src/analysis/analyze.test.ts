import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indexCanon } from './canon.ts';
import type { Analysis, Evidence } from './types.ts';
import { analyze } from './analyze.ts';

// An invented canon and a short fan work of it, written for this test.
const CANON = indexCanon({
  fandoms: [
    {
      name: 'Harbour Lights (TV)',
      aliases: ['Harbour Lights'],
      media: 'TV Shows',
      related: [],
      characters: [
        { name: 'Marek Holm', aliases: ['Marek', 'Holm'], gender: 'male' },
        { name: 'Ines Vidal', aliases: ['Ines', 'Vidal'], gender: 'female' },
        { name: 'Oskar Brandt', aliases: ['Oskar', 'Brandt'], gender: 'male' },
      ],
      terms: ['Saltmarsh Light', 'the Drowned Bell', 'foghorn oath'],
      relationships: ['Ines Vidal/Marek Holm'],
    },
  ],
});

const TEXT = `A/N: Written for a friend. Set after 2x05, AU from there.

Ines climbed the stairs of the Saltmarsh Light at dusk. Marek was already there, polishing the great lens, and he did not turn round when she came in.

"You're late," Marek said.

"The Drowned Bell was ringing again," Ines said. She crossed the room and kissed him, and he smiled against her lips. "I love you, you know."

"I know." Marek kissed her back. "Oskar says the tide turns at midnight."

Ines laughed and leaned into him. Below them the foghorn oath sounded twice, and Marek held her hand while the light went round.

Later Oskar came up with the lantern. Oskar grumbled about the cold, and Marek poured him tea, and Ines watched the sea.`;

function assertExact(text: string, evs: Evidence[]): void {
  for (const e of evs) {
    assert.equal(text.slice(e.start, e.end), e.quote);
    assert.ok(e.quote.length <= 120);
  }
}

test('analyze() end to end on a small fan work', () => {
  const a: Analysis = analyze(TEXT, CANON);
  assert.equal(a.language, 'en');
  assert.equal(a.pov, 'third');
  assert.equal(a.tense, 'past');
  assert.ok(a.words > 100 && a.words < 200);
  assert.equal(a.readingMinutes, 1);
  assert.equal(a.notes.length, 1);
  assert.match(a.notes[0]!, /2x05/);
  assert.equal(a.fandoms[0]?.name, 'Harbour Lights (TV)');
  const chars = a.characters.map((c) => c.name);
  assert.ok(chars.includes('Ines Vidal') && chars.includes('Marek Holm'), chars.join());
  assert.ok(
    a.relationships.some((r) => r.name === 'Ines Vidal/Marek Holm'),
    a.relationships.map((r) => r.name).join(),
  );
  assert.equal(a.rating.name, 'General Audiences');
  assert.deepEqual(
    a.warnings.map((w) => w.name),
    ['No Archive Warnings Apply'],
  );
  assert.ok(a.freeforms.some((f) => f.name === 'Alternate Universe - Canon Divergence'));
});

test('every evidence span is an exact slice of the text as given', () => {
  const a = analyze(TEXT, CANON);
  for (const p of [...a.fandoms, ...a.relationships, a.rating, ...a.warnings, ...a.freeforms]) {
    assert.ok(p.confidence >= 0 && p.confidence <= 1, p.name);
    assert.ok(p.evidence.length <= 5, p.name);
    assertExact(TEXT, p.evidence);
  }
  for (const c of a.characters) assertExact(TEXT, c.evidence);
});

test('notes are not read as story: the same text without them has the same story signals', () => {
  const story = TEXT.slice(TEXT.indexOf('Ines climbed'));
  const a = analyze(TEXT, CANON);
  const b = analyze(story, CANON);
  assert.deepEqual(b.notes, []);
  assert.equal(a.pov, b.pov);
  assert.equal(a.tense, b.tense);
  assert.deepEqual(
    a.relationships.map((r) => r.name),
    b.relationships.map((r) => r.name),
  );
});

test('without a canon: no fandom, characters keep the text names', () => {
  const a = analyze(TEXT, null);
  assert.deepEqual(a.fandoms, []);
  assert.ok(a.characters.every((c) => c.canonical === null));
});

test('empty text', () => {
  const a = analyze('', CANON);
  assert.equal(a.words, 0);
  assert.equal(a.readingMinutes, 1);
  assert.deepEqual(a.fandoms, []);
  assert.notEqual(a.rating.name, 'Not Rated');
});

test('deterministic', () => {
  assert.deepEqual(analyze(TEXT, CANON), analyze(TEXT, CANON));
});

test("a relationship's people are characters at least as surely as the relationship", () => {
  const a = analyze(TEXT, CANON);
  for (const r of a.relationships) {
    for (const member of r.name.split(/\/| & /)) {
      const c = a.characters.find((x) => x.name === member);
      assert.ok(c, `${member} of ${r.name} is a character`);
      assert.ok(c.confidence >= r.confidence, `${member} ${c.confidence} < ${r.name} ${r.confidence}`);
    }
  }
  assert.ok(a.relationships.some((r) => r.name === 'Ines Vidal/Marek Holm'));
});
