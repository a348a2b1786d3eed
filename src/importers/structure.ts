// Finds the parts of a story file that are not story: a metadata header, a title line, a
// one-line summary, author's notes at the start and end of the work and of each chapter, and
// the chapter headings. Every format reader turns its file into a list of paragraph blocks and
// hands them to `analyseBlocks`; `splitStructure` does the same for plain text.
//
// The evidence, strongest first: labels ("A/N:", "Summary:"), separation from the story by more
// space than the text puts between its own paragraphs (or a "***" line), and meta-talk about the
// writing (signals.ts). Separation alone makes a lone short line a summary; it never makes a
// paragraph a note without meta-talk, so a first-person opening stays story.

import type { NotePosition } from './parsed-work.ts';
import { fieldsToMetadata, parseHeaderBlock, type HeaderField } from './header-fields.ts';
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
  type Label,
} from './signals.ts';

export interface Block {
  kind: 'text' | 'separator' | 'heading';
  /** Plain text; a single "\n" is a line break inside the paragraph. */
  text: string;
  /** Blank lines (or empty paragraphs) between this block and the one before it. */
  gapBefore: number;
}

export interface Piece<B extends Block> {
  block: B;
  /** The label this block starts with, to strip when rendering. */
  label: Label | null;
}

export interface NoteGroup<B extends Block> {
  position: NotePosition;
  pieces: Piece<B>[];
}

export interface ChapterGroup<B extends Block> {
  title: string | null;
  blocks: B[];
  notes: NoteGroup<B>[];
}

export interface BlockStructure<B extends Block> {
  /** From a "Title:" header line or a title line at the top; null when the text states none. */
  title: string | null;
  creators: string[];
  /** "Key: value" header lines, in order (summary and notes among them are not repeated elsewhere). */
  fields: HeaderField[];
  summary: Piece<B>[] | null;
  notes: NoteGroup<B>[];
  chapters: ChapterGroup<B>[];
}

export interface StructureOptions {
  /** Take a short title-cased first line set apart from the text as the title (default true). */
  detectTitleLine?: boolean;
}

// Notes and summaries are short; a "frame" longer than this is story even if set apart.
const FRAME_MAX_BLOCKS = 8;
const FRAME_MAX_WORDS = 400;
const TRAILING_MAX_BLOCKS = 6;
const TRAILING_MAX_WORDS = 300;
const SUMMARY_MAX_WORDS = 40;

export function analyseBlocks<B extends Block>(input: readonly B[], options: StructureOptions = {}): BlockStructure<B> {
  const blocks = input.filter((b) => b.kind !== 'text' || b.text.trim() !== '');
  const strong = strongGap(blocks);
  const out: BlockStructure<B> = { title: null, creators: [], fields: [], summary: null, notes: [], chapters: [] };

  let i = 0;
  while (i < blocks.length && blocks[i]?.kind === 'separator') i++;
  // A "Key: value" header at the very top.
  while (i < blocks.length) {
    const b = blocks[i]!;
    if (b.kind !== 'text') break;
    const fields = parseHeaderBlock(b.text, out.fields.length > 0);
    if (!fields) break;
    out.fields.push(...fields);
    i++;
  }
  const meta = fieldsToMetadata(out.fields);
  out.title = meta.title;
  out.creators = meta.creators;
  if (options.detectTitleLine !== false && out.title === null) {
    const t = titleLine(blocks, i, strong);
    if (t) {
      out.title = t.title;
      if (t.creator) out.creators.push(t.creator);
      i = t.next;
    }
  }
  while (i < blocks.length && blocks[i]?.kind === 'separator') i++;

  // Cut at chapter headings.
  const segments: { title: string | null; blocks: B[] }[] = [{ title: null, blocks: [] }];
  const body = blocks.slice(i);
  for (let k = 0; k < body.length; k++) {
    const b = body[k]!;
    let heading = headingTitle(b);
    if (heading === null) {
      segments[segments.length - 1]!.blocks.push(b);
      continue;
    }
    // "Chapter 4" with its name on the next line: "Chapter 4: The Counterpane".
    const next = body[k + 1];
    if (BARE_HEADING.test(heading) && next && body[k + 2] && isChapterName(next)) {
      heading = `${heading}: ${next.text.trim()}`;
      k++;
    }
    segments.push({ title: heading, blocks: [] });
  }
  const [preamble, ...headed] = segments as [(typeof segments)[number], ...typeof segments];

  // Before the first heading (or the whole text when there is none): work-level notes and summary.
  const lead = leadingNotes(preamble.blocks, strong, {
    allowSummary: meta.summary === null,
    keepOne: headed.length === 0,
  });
  out.summary = lead.summary;
  out.notes.push(...lead.notes);
  let rest = trimSeparators(preamble.blocks.slice(lead.end));
  if (headed.length > 0 && rest.length > 0 && looksLikePreface(rest, headed[0]!.title)) {
    if (!out.summary && meta.summary === null && rest.length === 1 && isSummaryLine(rest[0]!.text)) {
      out.summary = [{ block: rest[0]!, label: null }];
    } else {
      out.notes.push({
        position: 'beginning',
        pieces: rest.map((block) => ({ block, label: matchLabel(block.text) })),
      });
    }
    rest = [];
  }

  const chapters: ChapterGroup<B>[] = [];
  if (rest.length > 0 || headed.length === 0) chapters.push({ title: null, blocks: rest, notes: [] });
  for (const seg of headed) {
    const chLead = leadingNotes(seg.blocks, strong, { allowSummary: false, keepOne: false });
    chapters.push({ title: seg.title, blocks: trimSeparators(seg.blocks.slice(chLead.end)), notes: chLead.notes });
  }
  for (const ch of chapters) {
    const trail = trailingNotes(ch.blocks, strong);
    ch.blocks = trimSeparators(ch.blocks.slice(0, trail.start));
    if (trail.pieces.length > 0) ch.notes.push({ position: 'end', pieces: trail.pieces });
  }
  out.chapters = mergeEmptyHeadings(chapters);

  // AO3 keeps a one-chapter work's notes on the work.
  if (out.chapters.length === 1) {
    const only = out.chapters[0]!;
    out.notes.push(
      ...only.notes.filter((n) => n.position === 'beginning'),
      ...only.notes.filter((n) => n.position === 'end'),
    );
    only.notes = [];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Plain text

export interface TextNote {
  position: NotePosition;
  /** Label stripped, paragraphs joined with "\n\n". */
  text: string;
}

export interface TextChapter {
  title: string | null;
  /** Paragraphs joined with "\n\n"; scene-break lines kept as written. */
  text: string;
  notes: TextNote[];
}

export interface TextStructure {
  summary: string | null;
  notes: TextNote[];
  chapters: TextChapter[];
  title: string | null;
  creators: string[];
  fields: HeaderField[];
}

/** The structure of a plain-text story (newlines already normalised to "\n"). */
export function splitStructure(text: string, options: StructureOptions = {}): TextStructure {
  const s = analyseBlocks(textToBlocks(text), options);
  const meta = fieldsToMetadata(s.fields);
  const noteText = (n: NoteGroup<Block>): TextNote => ({ position: n.position, text: piecesText(n.pieces) });
  return {
    summary: s.summary ? piecesText(s.summary) : meta.summary,
    notes: [...meta.notes.map((t): TextNote => ({ position: 'beginning', text: t })), ...s.notes.map(noteText)],
    chapters: s.chapters.map((c) => ({
      title: c.title,
      text: c.blocks.map((b) => b.text).join('\n\n'),
      notes: c.notes.map(noteText),
    })),
    title: s.title,
    creators: s.creators,
    fields: s.fields,
  };
}

export function piecesText(pieces: readonly Piece<Block>[]): string {
  return pieces
    .map((p) => (p.label ? stripLabel(p.block.text, p.label) : p.block.text.trim()))
    .filter((t) => t !== '')
    .join('\n\n');
}

/**
 * Paragraph blocks of plain text: blank lines separate paragraphs, and heading and scene-break
 * lines stand alone even without blank lines around them. Files written one paragraph per line
 * (no blank lines) and files hard-wrapped at ~70 columns are recognised, so that their
 * paragraphs come out as paragraphs.
 */
export function textToBlocks(text: string): Block[] {
  const paras: { lines: string[]; gapBefore: number }[] = [];
  let gap = 0;
  let current: { lines: string[]; gapBefore: number } | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) {
      if (current) paras.push(current);
      current = null;
      gap++;
      continue;
    }
    if (!current) {
      current = { lines: [], gapBefore: paras.length > 0 ? gap : 0 };
      gap = 0;
    }
    current.lines.push(line);
  }
  if (current) paras.push(current);

  const style = lineStyle(paras);
  const blocks: Block[] = [];
  for (const para of paras) {
    let chunk: string[] = [];
    let gapBefore = para.gapBefore;
    const flush = () => {
      if (chunk.length === 0) return;
      blocks.push({ kind: 'text', text: chunk.join(style === 'wrapped' ? ' ' : '\n'), gapBefore });
      chunk = [];
      gapBefore = 0;
    };
    for (const line of para.lines) {
      const own = isSeparatorLine(line) ? 'separator' : isHeadingLine(line) ? 'heading' : null;
      if (own) {
        flush();
        blocks.push({ kind: own, text: line, gapBefore });
        gapBefore = 0;
      } else {
        chunk.push(line);
        if (style === 'per-line') flush();
      }
    }
    flush();
  }
  return blocks;
}

function isHeadingLine(line: string): boolean {
  return matchChapterHeading(line) !== null || /^#{1,6}\s+\S/.test(line);
}

function lineStyle(paras: { lines: string[] }[]): 'per-line' | 'wrapped' | 'breaks' {
  const multi = paras.filter((p) => p.lines.length >= 2);
  const lines = multi.flatMap((p) => p.lines);
  if (lines.length < 4) return 'breaks';
  const long = lines.filter((l) => l.length > 100).length;
  if (long >= 3 && long / lines.length >= 0.25) return 'per-line';
  const inner = multi.flatMap((p) => p.lines.slice(0, -1));
  const wrapped = inner.filter((l) => l.length >= 45 && l.length <= 90).length;
  if (
    inner.length >= 3 &&
    wrapped / inner.length >= 0.8 &&
    multi.length / paras.length >= 0.5 &&
    lines.every((l) => l.length <= 100)
  ) {
    return 'wrapped';
  }
  return 'breaks';
}

// ---------------------------------------------------------------------------------------------
// Pieces of the analysis

/**
 * How many blank lines set something apart: one more than the text's usual spacing between
 * paragraphs (most common gap; ties go to the smaller), so double-spaced files need three.
 */
function strongGap(blocks: readonly Block[]): number {
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

function headingTitle(b: Block): string | null {
  if (b.kind === 'heading') return matchChapterHeading(b.text) ?? (b.text.replace(/^#{1,6}\s+/, '').trim() || null);
  if (b.kind === 'text') return matchChapterHeading(b.text);
  return null;
}

// A heading that is only a word and a number ("Chapter 4", "CHAPTER IV", "Part Two").
const BARE_HEADING = /^[\p{L}.]+\s*#?\s*[\p{L}\d-]+$/u;

function isChapterName(b: Block): boolean {
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

function trimSeparators<B extends Block>(blocks: B[]): B[] {
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

function leadingNotes<B extends Block>(
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

function trailingNotes<B extends Block>(blocks: readonly B[], strong: number): { pieces: Piece<B>[]; start: number } {
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
function titleLine(
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
function looksLikePreface(blocks: readonly Block[], firstHeading: string | null): boolean {
  if (blocks.length > 3) return false;
  if (blocks.some((b) => b.kind !== 'text' || countWordsIn(b.text) > 80 || startsWithDialogue(b.text))) return false;
  return /^(?:(?:chapter|chap\.?|ch\.?|part|book|cap[ií]tulo|chapitre|kapitel|capitolo|parte|partie|teil|rozdzia[lł]|глава|часть)\s*#?\s*(?:0*1|one|i|first|uno|un|une|eins|um)\b|prologue|pr[oó]logo|prolog|preface|foreword|пролог)/iu.test(
    firstHeading ?? '',
  );
}

/** "Part One" directly followed by "Chapter 1": one chapter titled "Part One — Chapter 1". */
function mergeEmptyHeadings<B extends Block>(chapters: ChapterGroup<B>[]): ChapterGroup<B>[] {
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
