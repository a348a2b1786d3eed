import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findPeople } from './characters.ts';

const speakers = (text: string) =>
  findPeople(text, null)
    .filter((p) => p.speaks > 0)
    .map((p) => `${p.name}:${p.speaks}`)
    .sort();

test('a chat log: each labelled line is its speaker speaking, in emphasis or capitals too', () => {
  const chat = `Mira: are you awake
Oskar: no
Mira: Oskar.
**Oskar**: fine, yes, what
Mira: I can't sleep. The house is too quiet.
__Lena__: some of us are trying to sleep
OSKAR: okay, I'm making tea
__Lena__: make me one`;
  assert.deepEqual(speakers(chat), ['Lena:2', 'Mira:3', 'Oskar:3']);
});

test('a script reads the same; notes and chapter headings are not speakers', () => {
  const script = `Note: this is a play in one act.
Chapter 1: The Kitchen
HARALD: Where is the bread?
INGRID: Where you left it.
HARALD: I left it on the table.
INGRID: Then it walked.`;
  assert.deepEqual(speakers(script), ['Harald:2', 'Ingrid:2']);
});

test('prose with a colon or two is not a chat', () => {
  const prose = `Mira had one rule: never wake Oskar before noon.
Oskar: the name was on the door in her handwriting.
She made tea and read until he came down.`;
  assert.deepEqual(speakers(prose), []);
});

test('chat lines with timestamps, bracketed times or stage directions, and IRC names', () => {
  const stamped = `[23:02] Mira: are you awake
[23:03] Oskar: unfortunately
[23:03] Mira: come to the roof
[23:06] Lena: both of you go to sleep`;
  assert.deepEqual(speakers(stamped), ['Lena:1', 'Mira:2', 'Oskar:1']);
  const texts = `Mira (11:02 PM): are you awake
Oskar (11:03 PM): unfortunately
MIRA (whispering): come to the roof
<Lena> both of you go to sleep
<Oskar> fine`;
  assert.deepEqual(speakers(texts), ['Lena:1', 'Mira:2', 'Oskar:2']);
});
