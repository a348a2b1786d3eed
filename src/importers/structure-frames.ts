// The pieces of analyseBlocks (structure.ts) that read a story's frame: how much space sets text
// apart, chapter headings, summary and title lines, and the author's notes before and after the story.

import type { Block, ChapterGroup, NoteGroup, Piece } from './structure.ts';
import {
  countSentences,
  countWordsIn,
  isClosingNoteish,
  isFirstPerson,
  isNoteish,
  isSeparatorLine,
  matchChapterHeading,
  matchLabel,
  metaScore,
  startsWithDialogue,
  stripLabel,
} from './signals.ts';
import type { NotePosition } from './parsed-work.ts';

// Notes and summaries are short; a "frame" longer than this is story even if set apart.
const FRAME_MAX_BLOCKS = 8;
const FRAME_MAX_WORDS = 400;
const TRAILING_MAX_BLOCKS = 6;
const TRAILING_MAX_WORDS = 300;
const SUMMARY_MAX_WORDS = 40;
// ---------------------------------------------------------------------------------------------
// Pieces of the analysis

/**
 * How many blank lines set something apart: one more than the text's usual spacing between
 * paragraphs (most common gap; ties go to the smaller), so double-spaced files need three.
 */
export function strongGap(blocks: readonly Block[]): number {
  const counts = new Map<number, number>();
  for (let k = 1; k < blocks.length; k++) {
    if (blocks[k]!.kind === 'text' && blocks[k - 1]!.kind === 'text') {
      const g = blocks[k]!.gapBefore;
      counts.set(g, (counts.get(g) ?? 0) + 1);
    }
  }
  let usual = 1;
  let best = 0;
  for (const [g, n] of [...counts].sort((a, b) => a[0] - b[0])) {
    if (n > best) {
      best = n;
      usual = g;
    }
  }
  return Math.max(1, usual + 1);
}

export function headingTitle(b: Block): string | null {
  if (b.kind === 'heading') return matchChapterHeading(b.text) ?? (b.text.replace(/^#{1,6}\s+/, '').trim() || null);
  if (b.kind === 'text') return matchChapterHeading(b.text);
  return null;
}

// A heading that is only a word and a number ("Chapter 4", "CHAPTER IV", "Part Two").
export const BARE_HEADING = /^[\p{L}.]+\s*#?\s*[\p{L}\d-]+$/u;

export function isChapterName(b: Block): boolean {
  const t = b.text.trim();
  return (
    b.kind === 'text' &&
    !t.includes('\n') &&
    countWordsIn(t) <= 8 &&
    isTitleShape(t) &&
    isTitleCase(t) &&
    !matchLabel(t)
  );
}

function isBreakBefore(b: Block, strong: number): boolean {
  return b.kind === 'separator' || b.gapBefore >= strong;
}

export function trimSeparators<B extends Block>(blocks: B[]): B[] {
  let a = 0;
  let z = blocks.length;
  while (a < z && blocks[a]!.kind === 'separator') a++;
  while (z > a && blocks[z - 1]!.kind === 'separator') z--;
  return blocks.slice(a, z);
}

function isStoryish(text: string): boolean {
  return startsWithDialogue(text) || countWordsIn(text) > 150 || metaScore(text).score <= -2;
}

/** A one-line summary: one or two short sentences, not dialogue, not a first-person line. */
export function isSummaryLine(text: string): boolean {
  const t = text.trim();
  if (t.includes('\n')) return false;
  const words = countWordsIn(t);
  if (words < 3 || words > SUMMARY_MAX_WORDS) return false;
  if (countSentences(t) > 2) return false;
  if (startsWithDialogue(t) || isFirstPerson(t)) return false;
  if (/[:,;]$/.test(t)) return false;
  return true;
}

type Role = 'note' | 'summary' | 'summary?' | 'story' | 'neutral';

/**
 * Roles for a run of blocks set apart at the start or end, or null when the run is story.
 * Labelled blocks carry the blocks after them; otherwise notes must outnumber plain paragraphs.
 */
function classifyFrame(frame: readonly Block[], at: 'start' | 'end', allowSummary: boolean): Role[] | null {
  const roles: Role[] = [];
  let carried: 'note' | 'summary' | null = null;
  let firstLabel = -1;
  frame.forEach((b, idx) => {
    const label = matchLabel(b.text);
    if (label) {
      carried = label.kind === 'summary' && allowSummary ? 'summary' : 'note';
      if (firstLabel < 0) firstLabel = idx;
      roles.push(carried);
    } else if (carried) {
      roles.push(startsWithDialogue(b.text) ? 'story' : carried);
    } else if (at === 'start' ? isNoteish(b.text) : isClosingNoteish(b.text)) {
      roles.push('note');
    } else if (idx === 0 && allowSummary && isSummaryLine(b.text)) {
      roles.push('summary?');
    } else {
      roles.push(isStoryish(b.text) ? 'story' : 'neutral');
    }
  });
  if (roles.includes('story')) return null;
  const notes = roles.filter((r) => r === 'note').length;
  const neutral = roles.filter((r) => r === 'neutral').length;
  if (firstLabel >= 0) {
    // At the end, plain paragraphs before the label are the story's last lines.
    if (at === 'end' && roles.slice(0, firstLabel).some((r) => r !== 'note')) return null;
  } else if (notes === 0 || (at === 'start' ? notes < neutral : notes <= neutral)) {
    return frame.length === 1 && roles[0] === 'summary?' ? ['summary'] : null;
  }
  // A lone line over an unlabelled note, talking about the writing itself, is the note's start.
  const summaryRole: Role =
    roles[0] === 'summary?' &&
    roles[1] === 'note' &&
    !matchLabel(frame[1]!.text) &&
    metaScore(frame[0]!.text).score >= 1
      ? 'note'
      : 'summary';
  return roles.map((r) => (r === 'summary?' ? summaryRole : r === 'neutral' ? 'note' : r));
}

function groupRoles<B extends Block>(blocks: readonly B[], roles: readonly Role[], position: NotePosition) {
  const notes: NoteGroup<B>[] = [];
  let summary: Piece<B>[] | null = null;
  let last: Role | null = null;
  roles.forEach((role, idx) => {
    const b = blocks[idx]!;
    if (b.kind !== 'text') return;
    const piece: Piece<B> = { block: b, label: matchLabel(b.text) };
    if (role === 'summary') {
      summary ??= [];
      summary.push(piece);
    } else if (last === 'note' && notes.length > 0) {
      notes[notes.length - 1]!.pieces.push(piece);
    } else {
      notes.push({ position, pieces: [piece] });
    }
    last = role;
  });
  return { notes, summary: summary as Piece<B>[] | null };
}

export function leadingNotes<B extends Block>(
  blocks: readonly B[],
  strong: number,
  opts: { allowSummary: boolean; keepOne: boolean },
): { notes: NoteGroup<B>[]; summary: Piece<B>[] | null; end: number } {
  const roles: Role[] = [];
  let i = 0;
  // Runs set apart by a wide gap or a separator line, up to three (summary, notes, disclaimer).
  for (let round = 0; round < 3 && i < blocks.length; round++) {
    const k = breakAfter(blocks, i, strong);
    if (k === null) break;
    // A lone line before a "***" is as likely the first beat of the story: a summary needs space.
    const allowSummary = opts.allowSummary && i === 0 && blocks[k]!.gapBefore >= strong;
    const frameRoles = classifyFrame(blocks.slice(i, k), 'start', allowSummary);
    if (!frameRoles) break;
    roles.push(...frameRoles);
    i = k;
    while (i < blocks.length && blocks[i]!.kind === 'separator') {
      roles.push('note'); // dropped below: separators are never text of a note
      i++;
    }
  }
  // Labelled notes with ordinary spacing, and paragraphs that can only be notes.
  while (i < blocks.length) {
    const b = blocks[i]!;
    if (b.kind !== 'text') break;
    const label = matchLabel(b.text);
    if (label) {
      roles.push(label.kind === 'summary' && opts.allowSummary && !roles.includes('summary') ? 'summary' : 'note');
      i++;
      // A label on a line of its own ("Author's Note", "Summary") heads the paragraph after it.
      const next = blocks[i];
      if (!stripLabel(b.text, label) && next?.kind === 'text' && !matchLabel(next.text)) {
        roles.push(roles[roles.length - 1]!);
        i++;
      }
      while (i < blocks.length) {
        const next = blocks[i]!;
        if (next.kind !== 'text' || matchLabel(next.text) || !isNoteish(next.text)) break;
        roles.push(roles[roles.length - 1]!);
        i++;
      }
      continue;
    }
    const m = metaScore(b.text);
    if (m.strong >= 2 && m.score >= 5 && countWordsIn(b.text) <= 120) {
      roles.push('note');
      i++;
      continue;
    }
    break;
  }
  if (opts.keepOne && i >= blocks.length) return { notes: [], summary: null, end: 0 };
  const { notes, summary } = groupRoles(blocks.slice(0, i), roles, 'beginning');
  return { notes, summary, end: i };
}

/** Index of the first block set apart from blocks[from], if a short run precedes it. */
function breakAfter(blocks: readonly Block[], from: number, strong: number): number | null {
  let words = 0;
  for (let k = from; k < blocks.length && k - from <= FRAME_MAX_BLOCKS; k++) {
    const b = blocks[k]!;
    if (k > from && isBreakBefore(b, strong)) return k;
    if (b.kind !== 'text') return null;
    words += countWordsIn(b.text);
    if (words > FRAME_MAX_WORDS) return null;
  }
  return null;
}

export function trailingNotes<B extends Block>(
  blocks: readonly B[],
  strong: number,
): { pieces: Piece<B>[]; start: number } {
  const n = blocks.length;
  if (n < 2) return { pieces: [], start: n };
  let start = n;
  // A run set apart at the end.
  for (let k = n - 1; k >= Math.max(1, n - TRAILING_MAX_BLOCKS); k--) {
    const b = blocks[k]!;
    if (!isBreakBefore(b, strong)) continue;
    const from = b.kind === 'separator' ? k + 1 : k;
    const frame = blocks.slice(from);
    const words = frame.reduce((w, f) => w + countWordsIn(f.text), 0);
    if (frame.length > 0 && words <= TRAILING_MAX_WORDS && frame.every((f) => f.kind === 'text')) {
      if (classifyFrame(frame, 'end', false)) start = from;
    }
    break;
  }
  // A label near the end carries what follows it, unless that reads as story.
  for (let j = start - 1; j >= Math.max(1, start - 4); j--) {
    const b = blocks[j]!;
    if (b.kind !== 'text') break;
    const label = matchLabel(b.text);
    if (!label) continue;
    // A label on a line of its own ("End Notes") vouches for the paragraph under it.
    const labelOnly = stripLabel(b.text, label) === '';
    if (
      blocks.slice(j + 1, start).every((f, k) => f.kind === 'text' && ((k === 0 && labelOnly) || !isStoryish(f.text)))
    )
      start = j;
  }
  // Closing lines: "Thanks for reading!", "Please review", "To be continued...".
  while (start - 1 >= 1) {
    const b = blocks[start - 1]!;
    if (b.kind !== 'text' || !(matchLabel(b.text) || isClosingNoteish(b.text))) break;
    start--;
  }
  const pieces = blocks
    .slice(start)
    .filter((b) => b.kind === 'text')
    .map((block) => ({ block, label: matchLabel(block.text) }));
  return { pieces, start };
}

/**
 * A short first line that names the work: title-cased and set apart from the text (or right
 * above "Chapter 1"), or followed by "by Name" or by a labelled summary or note (then sentence case will do: "La casa de los
 * relojes" / "Resumen: ...").
 */
export function titleLine(
  blocks: readonly Block[],
  i: number,
  strong: number,
): { title: string; creator: string | null; next: number } | null {
  const b = blocks[i];
  if (b?.kind !== 'text') return null;
  const lines = b.text.split('\n').map((l) => l.trim());
  if (lines.length > 2 || !isTitleShape(lines[0]!)) return null;
  let creator = lines[1] !== undefined ? byLine(lines[1]) : null;
  if (lines[1] !== undefined && creator === null) return null;
  let next = i + 1;
  const after = blocks[next];
  if (creator === null && after?.kind === 'text' && !after.text.includes('\n')) {
    creator = byLine(after.text);
    if (creator !== null) next++;
  }
  const following = blocks[next];
  if (!following) return null;
  const labelFollows = following.kind === 'text' && matchLabel(following.text) !== null;
  const setApart = (isBreakBefore(following, strong) || headingTitle(following) !== null) && isTitleCase(lines[0]!);
  if (creator === null && !labelFollows && !setApart) return null;
  return { title: lines[0]!.replace(/^#+\s*/, ''), creator, next };
}

const SMALL_WORDS = new Set([
  'a',
  'an',
  'the',
  'and',
  'or',
  'but',
  'nor',
  'of',
  'in',
  'on',
  'at',
  'to',
  'for',
  'with',
  'from',
  'by',
  'as',
  'is',
  'into',
  'over',
  'upon',
  'vs',
  'via',
]);

function isTitleShape(line: string): boolean {
  const words = line.split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > 10 || line.length > 80) return false;
  if (/[.,;:…]$/.test(line) || startsWithDialogue(line) || matchLabel(line) || isSeparatorLine(line)) return false;
  return matchChapterHeading(line) === null && !isNoteish(line);
}

function isTitleCase(line: string): boolean {
  const words = line.split(/\s+/).filter(Boolean);
  const significant = words.filter((w) => !SMALL_WORDS.has(w.toLowerCase().replace(/[^\p{L}]/gu, '')));
  if (significant.length === 0) return false;
  const capitalised = significant.filter((w) => /^[^\p{L}\p{N}]*[\p{Lu}\p{N}]/u.test(w)).length;
  return capitalised / significant.length >= 0.6;
}

function byLine(line: string): string | null {
  const m = /^(?:by|written by|a story by|por|par|von)\s+(.{1,60})$/i.exec(line.trim());
  return m && countWordsIn(m[1]!) <= 6 ? m[1]!.trim() : null;
}

/** A few short paragraphs before "Chapter 1" or "Prologue": the writer's preface, not a chapter. */
export function looksLikePreface(blocks: readonly Block[], firstHeading: string | null): boolean {
  if (blocks.length > 3) return false;
  if (blocks.some((b) => b.kind !== 'text' || countWordsIn(b.text) > 80 || startsWithDialogue(b.text))) return false;
  return /^(?:(?:chapter|chap\.?|ch\.?|part|book|cap[ií]tulo|chapitre|kapitel|capitolo|parte|partie|teil|rozdzia[lł]|глава|часть)\s*#?\s*(?:0*1|one|i|first|uno|un|une|eins|um)\b|prologue|pr[oó]logo|prolog|preface|foreword|пролог)/iu.test(
    firstHeading ?? '',
  );
}

/** "Part One" directly followed by "Chapter 1": one chapter titled "Part One — Chapter 1". */
export function mergeEmptyHeadings<B extends Block>(chapters: ChapterGroup<B>[]): ChapterGroup<B>[] {
  const out: ChapterGroup<B>[] = [];
  let pending: string | null = null;
  chapters.forEach((ch, idx) => {
    const empty = ch.blocks.length === 0 && ch.notes.length === 0 && ch.title !== null;
    if (empty && idx < chapters.length - 1) {
      pending = pending ? `${pending} — ${ch.title}` : ch.title;
      return;
    }
    if (pending) ch.title = ch.title ? `${pending} — ${ch.title}` : pending;
    pending = null;
    out.push(ch);
  });
  return out;
}
