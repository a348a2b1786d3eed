import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from './analyze.ts';
import { detectFreeforms } from './freeforms.ts';
import { detectPov } from './pov.ts';

const tags = (text: string) => detectFreeforms(text, { pov: detectPov(text) }).map((p) => p.name);

const CHAT = `Mara stared at her phone until the screen went dark. Then the next message came in.

Jonah: you up?

She typed three answers and deleted all of them.

Mara: no

Jonah: liar

Mara: fine. what do you want

The typing dots came and went twice before his answer arrived, and she set the phone face down on the quilt.

Jonah: the ferry leaves at six. come with me`;

test('a story told partly in text messages is tagged Texting, with a message line as evidence', () => {
  const found = detectFreeforms(CHAT).find((p) => p.name === 'Texting');
  assert.ok(found, 'Texting proposed');
  assert.ok(found.evidence.some((e) => CHAT.slice(e.start, e.end).includes('Jonah: you up?')));
});

test("a play's labelled lines are not texting: no phone is in them", () => {
  const script = `MARA: You came back.

JONAH: I said I would.

MARA: You said a lot of things.

JONAH: The ferry leaves at six.

(She turns to the window. The harbour lights are out.)`;
  assert.ok(!tags(script).includes('Texting'));
});

test('one message read aloud in prose is not a story told in texts', () => {
  const prose = `Her phone buzzed on the table. The message was short.

Jonah: the ferry leaves at six.

She read it twice and put the phone away, and went back to mending the net as if nothing had come.`;
  assert.ok(!tags(prose).includes('Texting'));
});

test('a letter opened and signed off on lines of their own is tagged Letters; "dear" in prose is not', () => {
  const letter = `The envelope had waited in the drawer for a year before she opened it.

Dear Margaret,

The lamp at Gull Rock is lit again. I think of you each time I climb the stair.

Yours ever,
Thomas

She folded it along its old creases and put it back.`;
  assert.ok(tags(letter).includes('Letters'));
  const prose = 'He was dear to her, and she told him so, dear Thomas, over and over until he laughed.';
  assert.ok(!tags(prose).includes('Letters'));
});

test('a story told to "you" is tagged Second Person; one told of "she" is not', () => {
  const second = `You wake before the gulls. You pull on your boots in the dark and you climb the stair to the lamp, counting the steps the way your father taught you, and you do not look at the empty chair by the window. You trim the wick. You wait for the light.`;
  assert.ok(analyze(second, null).freeforms.some((p) => p.name === 'Second Person'));
  const third = `She woke before the gulls. She pulled on her boots in the dark and climbed the stair to the lamp, counting the steps the way her father had taught her, and she did not look at the empty chair by the window.`;
  assert.ok(!analyze(third, null).freeforms.some((p) => p.name === 'Second Person'));
});
