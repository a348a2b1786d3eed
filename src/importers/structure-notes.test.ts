// Author's notes found in plain text: labelled ("A/N:", "Disclaimer") and unlabelled (framing
// paragraphs set apart, closing lines), and what stays story. structure.test.ts covers the rest.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { body, P1, P2, P3, P4, STORY } from './test-structure.ts';
import { splitStructure } from './text-structure.ts';

describe('labelled notes', () => {
  const labels: [string, string][] = [
    ['A/N: ', 'A/N:'],
    ['A/N ', 'A/N'],
    ['AN: ', 'AN:'],
    ["Author's Note: ", "Author's Note:"],
    ['Author’s Notes: ', 'Author’s Notes:'],
    ['Authors Note - ', 'Authors Note'],
    ['Note: ', 'Note:'],
    ['Notes: ', 'Notes:'],
    ['Disclaimer: ', 'Disclaimer:'],
    ['N/A: ', 'N/A:'],
    ['**A/N:** ', '**A/N:**'],
    ['**A/N** ', '**A/N**'],
    ['(A/N: ', '(A/N:'],
  ];
  for (const [prefix, name] of labels) {
    test(`"${name}" at the start is a note, label stripped`, () => {
      const note = `${prefix}Written on a train with no wifi.${prefix.startsWith('(') ? ')' : ''}`;
      const s = splitStructure(`${note}\n\n${STORY}`);
      assert.deepEqual(s.notes, [{ position: 'beginning', text: 'Written on a train with no wifi.' }]);
      assert.equal(body(`${note}\n\n${STORY}`), STORY);
    });
    test(`"${name}" at the end is a note`, () => {
      const s = splitStructure(`${STORY}\n\n${prefix}More soon, I promise.${prefix.startsWith('(') ? ')' : ''}`);
      assert.deepEqual(s.notes, [{ position: 'end', text: 'More soon, I promise.' }]);
      assert.equal(s.chapters[0]!.text, STORY);
    });
  }

  test('a label on its own line labels the paragraph below it', () => {
    const s = splitStructure(`Author's Notes\nThis one is for Sam.\n\n${STORY}`);
    assert.deepEqual(s.notes, [{ position: 'beginning', text: 'This one is for Sam.' }]);
  });

  test('"Disclaimer - I don\'t own..." is a note', () => {
    const s = splitStructure(`Disclaimer - I don't own the ferry or the island.\n\n${STORY}`);
    assert.deepEqual(s.notes, [{ position: 'beginning', text: "I don't own the ferry or the island." }]);
  });

  test('a labelled note runs on over paragraphs set apart from the story', () => {
    const s = splitStructure(`A/N: This took forever.\n\nHuge thanks to Priya for looking it over.\n\n\n${STORY}`);
    assert.deepEqual(s.notes, [
      { position: 'beginning', text: 'This took forever.\n\nHuge thanks to Priya for looking it over.' },
    ]);
    assert.equal(body(`A/N: This took forever.\n\nHuge thanks to Priya for looking it over.\n\n\n${STORY}`), STORY);
  });

  test('with ordinary spacing, a labelled note ends where the meta-talk ends', () => {
    const s = splitStructure(
      `A/N: Short one today.\n\nI hope you enjoy this chapter, reviews make my day!\n\n${STORY}`,
    );
    assert.equal(s.notes.length, 1);
    assert.equal(s.notes[0]!.text, 'Short one today.\n\nI hope you enjoy this chapter, reviews make my day!');
    assert.equal(s.chapters[0]!.text, STORY);
  });

  test('notes at the start and end of each chapter belong to that chapter', () => {
    const text = [
      'Chapter 1',
      'A/N: Here we go.',
      P1,
      P2,
      'A/N: Next chapter on Friday!',
      'Chapter 2',
      'Author’s Note: Sorry this is late.',
      P3,
      P4,
      'Please review!',
    ].join('\n\n');
    const s = splitStructure(text);
    assert.deepEqual(s.notes, []);
    assert.deepEqual(
      s.chapters.map((c) => ({ title: c.title, text: c.text, notes: c.notes })),
      [
        {
          title: 'Chapter 1',
          text: `${P1}\n\n${P2}`,
          notes: [
            { position: 'beginning', text: 'Here we go.' },
            { position: 'end', text: 'Next chapter on Friday!' },
          ],
        },
        {
          title: 'Chapter 2',
          text: `${P3}\n\n${P4}`,
          notes: [
            { position: 'beginning', text: 'Sorry this is late.' },
            { position: 'end', text: 'Please review!' },
          ],
        },
      ],
    );
  });

  test('notes before the first chapter heading are work notes', () => {
    const s = splitStructure(`Disclaimer: Nothing here is mine.\n\nChapter 1\n\n${P1}\n\nChapter 2\n\n${P2}`);
    assert.deepEqual(s.notes, [{ position: 'beginning', text: 'Nothing here is mine.' }]);
    assert.deepEqual(
      s.chapters.map((c) => c.title),
      ['Chapter 1', 'Chapter 2'],
    );
  });
});

describe('unlabelled notes', () => {
  const OPENING =
    'Set after season two and then goes AU.\n\nThis started as a prompt from a friend and grew. I blame her entirely.';

  test('framing paragraphs set apart by two blank lines are a note', () => {
    const s = splitStructure(`${OPENING}\n\n\n${STORY}`);
    assert.deepEqual(s.notes, [{ position: 'beginning', text: OPENING }]);
    assert.equal(s.summary, null);
    assert.equal(body(`${OPENING}\n\n\n${STORY}`), STORY);
  });

  for (const sep of ['***', '---', '~~~', 'oOo', 'xXx', '-x-']) {
    test(`framing paragraphs set apart by "${sep}" are a note; the separator is dropped`, () => {
      const s = splitStructure(`${OPENING}\n\n${sep}\n\n${STORY}`);
      assert.deepEqual(s.notes, [{ position: 'beginning', text: OPENING }]);
      assert.equal(body(`${OPENING}\n\n${sep}\n\n${STORY}`), STORY);
    });
  }

  test('a timeline marker marks a note', () => {
    for (const marker of ['3x21', 's02e05', 'S2E5']) {
      const s = splitStructure(`Takes place right after ${marker}.\n\n\n${STORY}`);
      assert.deepEqual(s.notes, [{ position: 'beginning', text: `Takes place right after ${marker}.` }], marker);
    }
  });

  test('an unmistakable note needs no extra spacing', () => {
    const s = splitStructure(`I don't own Doctor Who, the BBC does. Hope you enjoy!\n\n${STORY}`);
    assert.deepEqual(s.notes, [
      { position: 'beginning', text: "I don't own Doctor Who, the BBC does. Hope you enjoy!" },
    ]);
  });

  test('closing lines are end notes', () => {
    for (const closing of [
      'Thanks for reading! Let me know what you think.',
      'Please review',
      'To be continued...',
      'TBC',
    ]) {
      const s = splitStructure(`${STORY}\n\n${closing}`);
      assert.deepEqual(s.notes, [{ position: 'end', text: closing }], closing);
      assert.equal(s.chapters[0]!.text, STORY, closing);
    }
  });

  test('closing lines set apart by a separator are end notes; the separator is dropped', () => {
    const s = splitStructure(
      `${STORY}\n\n***\n\nThanks for reading! Let me know what you think.\n\nSee you next chapter.`,
    );
    assert.deepEqual(s.notes, [
      { position: 'end', text: 'Thanks for reading! Let me know what you think.\n\nSee you next chapter.' },
    ]);
    assert.equal(s.chapters[0]!.text, STORY);
  });

  test('a first-person opening set apart by a scene break is story', () => {
    const opening =
      'I never meant to come back to Larkhaven. My sister called on a Tuesday, and I went, because that is what I do.\n\nThe bus smelled of oranges and diesel.';
    const text = `${opening}\n\n\n${STORY}`;
    const s = splitStructure(text);
    assert.deepEqual(s.notes, []);
    assert.equal(s.summary, null);
    assert.equal(body(text), `${opening}\n\n${STORY}`);
  });

  test('a first-person opening that mentions a story is still story', () => {
    const opening = 'I remember the story my grandmother told about the lake, the one with the drowned bell.';
    const s = splitStructure(`${opening}\n\n\n${STORY}`);
    assert.deepEqual(s.notes, []);
    assert.equal(s.summary, null);
  });

  test('a story ending is not taken for a note', () => {
    const ending = 'She never did find out who sent the letter, and after a while she stopped wondering.';
    const s = splitStructure(`${STORY}\n\n***\n\n${ending}`);
    assert.deepEqual(s.notes, []);
    assert.ok(s.chapters[0]!.text.endsWith(ending));
  });

  test('"An hour later" and "Note that" are story', () => {
    const text = `An hour later the rain stopped.\n\nNote that nobody had asked her.\n\n${STORY}`;
    const s = splitStructure(text);
    assert.deepEqual(s.notes, []);
    assert.equal(body(text), text);
  });
});
