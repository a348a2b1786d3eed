// Finds the parts of a story file that are not story: a metadata header, a title line, a
// one-line summary, author's notes at the start and end of the work and of each chapter, and
// the chapter headings. Every format reader turns its file into a list of paragraph blocks and
// hands them to `analyseBlocks`; `splitStructure` (text-structure.ts) does the same for plain text.
// The pieces that read the frame (gaps, headings, summary, title, notes) are in structure-frames.ts.
//
// The evidence, strongest first: labels ("A/N:", "Summary:"), separation from the story by more
// space than the text puts between its own paragraphs (or a "***" line), and meta-talk about the
// writing (signals.ts). Separation alone makes a lone short line a summary; it never makes a
// paragraph a note without meta-talk, so a first-person opening stays story.

import { type Label, matchLabel, stripLabel } from './signals.ts';
import type { NotePosition } from './parsed-work.ts';
import { fieldsToMetadata, type HeaderField, parseHeaderBlock } from './header-fields.ts';
import {
  BARE_HEADING,
  headingTitle,
  isChapterName,
  isSummaryLine,
  leadingNotes,
  looksLikePreface,
  mergeEmptyHeadings,
  strongGap,
  titleLine,
  trailingNotes,
  trimSeparators,
} from './structure-frames.ts';

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

/** The text of labelled or plain pieces, labels dropped, paragraphs apart. */
export function piecesText(pieces: readonly Piece<Block>[]): string {
  return pieces
    .map((p) => (p.label ? stripLabel(p.block.text, p.label) : p.block.text.trim()))
    .filter((t) => t !== '')
    .join('\n\n');
}
