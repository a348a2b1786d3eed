// Chat logs and scripts name their speakers as labels at the start of a line ("Steve: are you
// awake", "**Tony**: no", "NATASHA: Boys."): each labelled line is that person speaking, as a
// "said Steve" is in prose.

/** Words that label a line without naming a speaker ("Note: ...", "Chapter 2: ..."). */
const NOT_SPEAKERS = new Set([
  'a/n',
  'author',
  'beta',
  'chapter',
  'characters',
  'date',
  'day',
  'disclaimer',
  'edit',
  'end',
  'fandom',
  'from',
  'location',
  'note',
  'notes',
  'pairing',
  'pairings',
  'part',
  'p.s',
  'p.s.',
  'ps',
  'posted',
  'prompt',
  'rating',
  're',
  'scene',
  'setting',
  'status',
  'subject',
  'summary',
  'tags',
  'time',
  'title',
  'to',
  'translation',
  'update',
  'warning',
  'warnings',
]);

/** Whether a line's label is a word of the page's furniture ("Note", "Summary"), not a speaker. */
export function isLabelWord(label: string): boolean {
  return NOT_SPEAKERS.has(label.toLowerCase());
}

/** Labelled lines, and distinct speakers among them, from which a text is read as chat or script. */
const MIN_LINES = 3;
const MIN_SPEAKERS = 2;

/** The marks a chat or a script may wrap a speaker's name in. */
const isMark = (c: string | undefined) => c === '*' || c === '_';

/**
 * The mentions (by index) that label a line of a chat or a script: a name alone at the start of
 * its line, perhaps in emphasis marks, then a colon and what is said. None unless the text has
 * enough such lines, by more than one speaker, to be in that format.
 */
export function speakerLabels(
  text: string,
  mentions: readonly { start: number; end: number; words: string[] }[],
): Set<number> {
  const labels: number[] = [];
  const speakers = new Set<string>();
  mentions.forEach((m, i) => {
    let b = m.start - 1;
    while (b >= 0 && (isMark(text[b]) || text[b] === ' ' || text[b] === '\t')) b--;
    if (b >= 0 && text[b] !== '\n') return;
    let a = m.end;
    while (isMark(text[a])) a++;
    if (text[a] !== ':' || !/^:[ \t]*[^\s/]/.test(text.slice(a, a + 8))) return;
    const name = m.words.join(' ').toLowerCase();
    if (NOT_SPEAKERS.has(name)) return;
    labels.push(i);
    speakers.add(name);
  });
  return labels.length >= MIN_LINES && speakers.size >= MIN_SPEAKERS ? new Set(labels) : new Set();
}
