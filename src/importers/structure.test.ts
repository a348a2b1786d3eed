import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { body, P1, P2, P3, P4, STORY } from './test-structure.ts';
import { splitStructure, textToBlocks } from './text-structure.ts';

describe('chapters', () => {
  test('a text without headings is one chapter with no title', () => {
    const s = splitStructure(STORY);
    assert.equal(s.chapters.length, 1);
    assert.equal(s.chapters[0]!.title, null);
    assert.equal(s.chapters[0]!.text, STORY);
    assert.equal(s.summary, null);
    assert.deepEqual(s.notes, []);
  });

  const headings = [
    'Chapter 1',
    'Chapter One',
    'Chapter 12: The Lake',
    'CHAPTER IV',
    'Ch. 3 - Title',
    'Prologue',
    'Epilogue',
    'Part II',
    'Part Two: Winter',
    'Interlude',
    'Chapter Twenty-One',
    'Chapter 7 - The Long Way Round',
  ];
  for (const h of headings) {
    test(`"${h}" on its own line is a chapter heading`, () => {
      const s = splitStructure(`${h}\n\n${P1}\n\n${P2}\n\nChapter 99\n\n${P4}`);
      assert.deepEqual(
        s.chapters.map((c) => c.title),
        [h, 'Chapter 99'],
      );
      assert.equal(s.chapters[0]!.text, `${P1}\n\n${P2}`);
    });
  }

  test('decorated and Markdown headings are headings, shown without the decoration', () => {
    const s = splitStructure(`**Chapter 1**\n\n${P1}\n\n~ Chapter 2 ~\n\n${P2}\n\n# The Crossing\n\n${P4}`);
    assert.deepEqual(
      s.chapters.map((c) => c.title),
      ['Chapter 1', 'Chapter 2', 'The Crossing'],
    );
  });

  test('a chapter name on the line under a bare heading joins it', () => {
    const s = splitStructure(
      `Chapter 1\nThe Crossing\n\n${P1}\n\nCHAPTER II\n\nThe Island\n\n${P2}\n\nChapter 3\n\nThe island was quiet.\n\n${P4}`,
    );
    assert.deepEqual(
      s.chapters.map((c) => [c.title, c.text.slice(0, 20)]),
      [
        ['Chapter 1: The Crossing', P1.slice(0, 20)],
        ['CHAPTER II: The Island', P2.slice(0, 20)],
        ['Chapter 3', 'The island was quiet'],
      ],
    );
  });

  test('a heading needs no blank line after it', () => {
    const s = splitStructure(`Chapter 1\n${P1}\n\nChapter 2\n${P2}`);
    assert.deepEqual(
      s.chapters.map((c) => [c.title, c.text]),
      [
        ['Chapter 1', P1],
        ['Chapter 2', P2],
      ],
    );
  });

  test('sentences that begin like headings are story', () => {
    const text = `Chapter one of her life was over.\n\nPart of me knew it then.\n\nPrologue to a disaster, her mother called it.\n\n${P1}`;
    const s = splitStructure(text);
    assert.equal(s.chapters.length, 1);
    assert.equal(s.chapters[0]!.title, null);
    assert.equal(s.chapters[0]!.text, text);
  });

  test('story text before the first heading is the first chapter, untitled', () => {
    const s = splitStructure(`${P1}\n\n${P2}\n\n${P3}\n\n${P4}\n\nChapter 2\n\n${P1}`);
    assert.deepEqual(
      s.chapters.map((c) => c.title),
      [null, 'Chapter 2'],
    );
    assert.equal(s.chapters[0]!.text, STORY);
  });

  test('a part heading directly followed by a chapter heading titles one chapter', () => {
    const s = splitStructure(`Part One\n\nChapter 1\n\n${P1}\n\nChapter 2\n\n${P2}`);
    assert.deepEqual(
      s.chapters.map((c) => c.title),
      ['Part One — Chapter 1', 'Chapter 2'],
    );
  });

  test('a single chapter heading gives a one-chapter work whose notes sit on the work', () => {
    const s = splitStructure(`Chapter 1\n\nA/N: First fic, be kind.\n\n${STORY}\n\nA/N: Thanks for reading!`);
    assert.equal(s.chapters.length, 1);
    assert.equal(s.chapters[0]!.title, 'Chapter 1');
    assert.deepEqual(s.chapters[0]!.notes, []);
    assert.deepEqual(s.notes, [
      { position: 'beginning', text: 'First fic, be kind.' },
      { position: 'end', text: 'Thanks for reading!' },
    ]);
    assert.equal(s.chapters[0]!.text, STORY);
  });

  test('scene-break lines stay in the chapter text', () => {
    const text = `${P1}\n\n***\n\n${P2}\n\n* * *\n\n${P4}`;
    assert.equal(body(text), text);
  });
});

describe('summary', () => {
  test('a short line set apart by two blank lines is the summary', () => {
    const s = splitStructure(`She knows he will always come back for her.\n\n\n${STORY}`);
    assert.equal(s.summary, 'She knows he will always come back for her.');
    assert.deepEqual(s.notes, []);
    assert.equal(body(`She knows he will always come back for her.\n\n\n${STORY}`), STORY);
  });

  test('a labelled summary', () => {
    const s = splitStructure(`Summary: Two strangers, one stalled ferry.\n\n${STORY}`);
    assert.equal(s.summary, 'Two strangers, one stalled ferry.');
    assert.equal(s.chapters[0]!.text, STORY);
  });

  test('a summary, then a note, then the story', () => {
    const s = splitStructure(
      `Two strangers, one stalled ferry.\n\nA/N: Written for the summer prompt fest.\n\n\n${STORY}`,
    );
    assert.equal(s.summary, 'Two strangers, one stalled ferry.');
    assert.deepEqual(s.notes, [{ position: 'beginning', text: 'Written for the summer prompt fest.' }]);
  });

  test('a summary set apart, then a note set apart', () => {
    const s = splitStructure(
      `Two strangers, one stalled ferry.\n\n\nSet during 4x02, canon divergent from there.\n\n\n${STORY}`,
    );
    assert.equal(s.summary, 'Two strangers, one stalled ferry.');
    assert.deepEqual(s.notes, [{ position: 'beginning', text: 'Set during 4x02, canon divergent from there.' }]);
    assert.equal(s.chapters[0]!.text, STORY);
  });

  test('a one-shot that opens with story at normal spacing has no summary', () => {
    const s = splitStructure(STORY);
    assert.equal(s.summary, null);
  });

  test('a short dramatic first line with one blank line after it is story', () => {
    const text = `The bell rang at midnight.\n\n${STORY}`;
    const s = splitStructure(text);
    assert.equal(s.summary, null);
    assert.equal(body(text), text);
  });

  test('an opening line of dialogue is story, even set apart', () => {
    const text = `"Do not open the door," her mother said.\n\n\n${STORY}`;
    const s = splitStructure(text);
    assert.equal(s.summary, null);
    assert.deepEqual(s.notes, []);
    assert.equal(body(text), `"Do not open the door," her mother said.\n\n${STORY}`);
  });

  test('in a double-spaced file two blank lines are ordinary spacing', () => {
    const text = ['The bell rang at midnight.', P1, P2, P3, P4].join('\n\n\n');
    const s = splitStructure(text);
    assert.equal(s.summary, null);
    assert.equal(s.chapters[0]!.text, ['The bell rang at midnight.', P1, P2, P3, P4].join('\n\n'));
  });

  test('in a double-spaced file three blank lines set a summary apart', () => {
    const text = `She knows he will always come back for her.\n\n\n\n${[P1, P2, P3, P4].join('\n\n\n')}`;
    assert.equal(splitStructure(text).summary, 'She knows he will always come back for her.');
  });
});

describe('header and title', () => {
  test('"Key: value" lines at the top are fields, with summary and notes among them', () => {
    const text = `Title: The Stalled Ferry\nAuthor: wren_writes\nFandom: Original Work\nRating: General Audiences\nPairing: Mara/Captain\nSummary: Two strangers,\none stalled ferry.\nDisclaimer: all mine.\n\n${STORY}`;
    const s = splitStructure(text);
    assert.equal(s.title, 'The Stalled Ferry');
    assert.deepEqual(s.creators, ['wren_writes']);
    assert.equal(s.summary, 'Two strangers, one stalled ferry.');
    assert.deepEqual(s.notes, [{ position: 'beginning', text: 'all mine.' }]);
    assert.equal(s.chapters[0]!.text, STORY);
    assert.ok(s.fields.some((f) => f.key === 'relationship' && f.value === 'Mara/Captain'));
  });

  test('a title-cased first line set apart is the title', () => {
    const s = splitStructure(`The Stalled Ferry\n\n\n${STORY}`);
    assert.equal(s.title, 'The Stalled Ferry');
    assert.equal(s.chapters[0]!.text, STORY);
  });

  test('a title with a "by" line', () => {
    const s = splitStructure(`The Stalled Ferry\nby wren_writes\n\n${STORY}`);
    assert.equal(s.title, 'The Stalled Ferry');
    assert.deepEqual(s.creators, ['wren_writes']);
    assert.equal(s.chapters[0]!.text, STORY);
  });

  test('a title-cased line right above the first chapter heading is the title', () => {
    const s = splitStructure(`The Stalled Ferry\n\nChapter 1\n\n${P1}\n\nChapter 2\n\n${P2}`);
    assert.equal(s.title, 'The Stalled Ferry');
    assert.deepEqual(s.notes, []);
    assert.deepEqual(
      s.chapters.map((c) => c.title),
      ['Chapter 1', 'Chapter 2'],
    );
  });

  test('a short first line at normal spacing is not a title', () => {
    const s = splitStructure(`Larkhaven, Winter\n\n${STORY}`);
    assert.equal(s.title, null);
    assert.ok(s.chapters[0]!.text.startsWith('Larkhaven, Winter'));
  });
});

describe('line styles', () => {
  test('single newlines inside a paragraph are kept', () => {
    const poem = 'Row, row, row your boat\nGently down the stream';
    assert.equal(body(`${poem}\n\n${P1}`), `${poem}\n\n${P1}`);
  });

  test('one paragraph per line, no blank lines: each line is a paragraph', () => {
    const long = [P1 + ' ' + P2, P3, P4 + ' ' + P1, P2 + ' ' + P4, P1 + ' ' + P3];
    const blocks = textToBlocks(long.join('\n'));
    assert.equal(blocks.length, 5);
  });

  test('hard-wrapped paragraphs are joined with spaces', () => {
    const wrapped =
      'The ferry left at dawn, and Mara was the only passenger who did\nnot look back at the harbour. Halfway across, the engine coughed\ntwice and died. The captain swore softly and went below.\n\n' +
      'By noon the island was close enough to count the gulls on its\ncliffs, and the captain had stopped swearing and started to sing\nsomething old and tuneless about a girl from the mainland.';
    const blocks = textToBlocks(wrapped);
    assert.equal(blocks.length, 2);
    assert.ok(!blocks[0]!.text.includes('\n'));
    assert.ok(blocks[0]!.text.includes('who did not look back'));
  });
});

describe('other languages', () => {
  test('Spanish: title line, "Resumen:", "N/A:", "Capítulo N:" headings, closing line', () => {
    const text = [
      'La casa del faro',
      'Resumen: Una farera, una tormenta y un barco que no debería estar allí.',
      'N/A: Escrito para el reto de otoño. Gracias a Lía por leerlo primero.',
      'Capítulo 1: La niebla',
      'La niebla llegó un martes.',
      'Capítulo 2: La tormenta',
      'El viento llegó antes que la lluvia.',
      '---',
      'Gracias por leer. ¡Nos vemos pronto!',
    ].join('\n\n');
    const s = splitStructure(text);
    assert.equal(s.title, 'La casa del faro');
    assert.equal(s.summary, 'Una farera, una tormenta y un barco que no debería estar allí.');
    assert.deepEqual(s.notes, [
      { position: 'beginning', text: 'Escrito para el reto de otoño. Gracias a Lía por leerlo primero.' },
    ]);
    assert.deepEqual(
      s.chapters.map((c) => [c.title, c.text, c.notes]),
      [
        ['Capítulo 1: La niebla', 'La niebla llegó un martes.', []],
        [
          'Capítulo 2: La tormenta',
          'El viento llegó antes que la lluvia.',
          [{ position: 'end', text: 'Gracias por leer. ¡Nos vemos pronto!' }],
        ],
      ],
    );
  });

  test('headings in other languages', () => {
    for (const h of [
      'Chapitre 3',
      'Kapitel 2 - Der Wald',
      'Capitolo IV',
      'Глава 5',
      '第1章',
      '第十二章 雪',
      'Prólogo',
      'Épilogue',
    ]) {
      const s = splitStructure(`${h}\n\nUno.\n\nChapter 99\n\nDos.`);
      assert.deepEqual(
        s.chapters.map((c) => c.title),
        [h, 'Chapter 99'],
        h,
      );
    }
  });
});

describe('meta-talk edge cases', () => {
  test('a content warning set apart is a note, not a summary', () => {
    const s = splitStructure(
      `Post-Finale, somewhere quiet. Content warning for a nightmare near the end.\n\n\n${STORY}`,
    );
    assert.equal(s.summary, null);
    assert.equal(s.notes.length, 1);
  });

  test('a first-person narrator saying "I write" at the end is story', () => {
    const s = splitStructure(`${STORY}\n\nShe asks what I do for a living.\n\n*Nothing much*, I write.`);
    assert.deepEqual(s.notes, []);
  });

  test('thanks to a beta reader, unlabelled, set apart', () => {
    const opening = 'Vaguely set after season 3B, because I said so.\n\nThank you to M for the beta and the yelling.';
    const s = splitStructure(`${opening}\n\n\n${STORY}`);
    assert.deepEqual(s.notes, [{ position: 'beginning', text: opening }]);
  });

  test('a meta line over an unlabelled note is part of the note, not a summary', () => {
    const opening =
      'Set during the time jump before the last season.\n\nThis was written for a friend who wanted fluff. I can only do angst, apparently.';
    const s = splitStructure(`${opening}\n\n\n${STORY}`);
    assert.equal(s.summary, null);
    assert.deepEqual(s.notes, [{ position: 'beginning', text: opening }]);
  });
});

describe('narration that sounds like a note', () => {
  const cases: [string, string][] = [
    ['opening: "I wrote her a letter"', `I wrote her a letter every day that summer.\n\n\n${STORY}`],
    ['opening: "I don\'t own much"', `I don't own much: a bicycle, a cat, and a grudge.\n\n\n${STORY}`],
    [
      'ending: "to be continued" mid-sentence',
      `${STORY}\n\nTo be continued, she thought, was the cruellest phrase in the language.`,
    ],
    ['ending: "please review the"', `${STORY}\n\nPlease review the attached file, the memo read.`],
    ['ending: dialogue thanking for reading', `${STORY}\n\n"Thanks for reading to me," she whispered.`],
    ['ending: "enjoy"', `${STORY}\n\nShe hoped he would enjoy it.`],
  ];
  for (const [name, text] of cases) {
    test(name, () => {
      const s = splitStructure(text);
      assert.deepEqual(s.notes, []);
    });
  }
});
