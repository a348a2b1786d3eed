// Plain text into paragraph blocks for analyseBlocks (structure.ts), and splitStructure: the parts
// of a plain-text story (summary, notes, chapters) as text.

import type { NotePosition } from './parsed-work.ts';
import { fieldsToMetadata, type HeaderField } from './header-fields.ts';
import { analyseBlocks, type Block, type NoteGroup, piecesText, type StructureOptions } from './structure.ts';
import { isSeparatorLine, matchChapterHeading } from './signals.ts';

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
