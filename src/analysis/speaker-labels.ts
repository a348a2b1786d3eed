// Chat logs and scripts name their speakers as labels at the start of a line, after a timestamp
// or not ("Steve: are you awake", "**Tony**: no", "[23:02] Clint: up", "NATASHA (off): Boys.",
// "<Bucky> hi"): each labelled line is that person speaking, as a "said Steve" is in prose.

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

/** How far before a name a line may start: room for a timestamp and marks ("[23:02] **"). */
const MAX_PREFIX = 32;

/** What may stand before a label on its line: marks, a timestamp, an opening bracket ("[23:02] <"). */
const LABEL_PREFIX = /^[\s*_]*(?:[[(]?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?[\])]?[\s*_]*)?[<[]?[\s*_]*$/i;

/** What follows a label: marks, a stage direction or a time in brackets, then the colon and the line. */
const LABEL_SUFFIX = /^[*_\]]*(?:[ \t]*\([^()\n]{1,30}\))?[*_\]]*[ \t]*:[ \t]*[^\s/]/;

/** An IRC log's "<Mira> hello". */
const IRC_SUFFIX = /^>[ \t]*\S/;

/** The start of the line a mention is on, if it is no more than MAX_PREFIX characters back. */
function lineStart(text: string, at: number): number {
  for (let b = at - 1; b >= Math.max(-1, at - MAX_PREFIX - 1); b--) if (b < 0 || text[b] === '\n') return b + 1;
  return -1;
}

/**
 * The mentions (by index) that label a line of a chat or a script: a name at the start of its
 * line, perhaps after a timestamp, perhaps in emphasis marks or brackets ("**Tony:**", "[23:02]
 * Tony:", "TONY (off): ", "<Tony>"), then what is said. None unless the text has enough such
 * lines, by more than one speaker, to be in that format.
 */
export function speakerLabels(
  text: string,
  mentions: readonly { start: number; end: number; words: string[] }[],
): Set<number> {
  const labels: number[] = [];
  const speakers = new Set<string>();
  mentions.forEach((m, i) => {
    const from = lineStart(text, m.start);
    if (from < 0) return;
    const prefix = text.slice(from, m.start);
    if (!LABEL_PREFIX.test(prefix)) return;
    const after = text.slice(m.end, m.end + 48);
    if (!LABEL_SUFFIX.test(after) && !(prefix.includes('<') && IRC_SUFFIX.test(after))) return;
    const name = m.words.join(' ').toLowerCase();
    if (NOT_SPEAKERS.has(name)) return;
    labels.push(i);
    speakers.add(name);
  });
  return labels.length >= MIN_LINES && speakers.size >= MIN_SPEAKERS ? new Set(labels) : new Set();
}
