// Limits on the shape of a document, checked in one linear pass before the parsers whose cost
// grows faster than their input see it: the HTML sanitiser and tree walkers on deeply nested or
// never-closed elements, and marked's emphasis matching on long runs of unmatched `*` and `_`.
// Real fiction is far inside them (a novel nests a dozen levels and has a few marks a paragraph);
// a text beyond them is refused with a reason that names the limit and where it was passed.
import { Parser } from 'htmlparser2';

export const MARKUP_LIMITS = {
  /** Elements open inside one another at once. */
  nesting: 256,
  /** Elements in one document (a 500,000-word novel has about 60,000; many more keep the parsers for seconds). */
  elements: 100_000,
  /** Runs of inline Markdown marks (`*`, `_`, `~`, `` ` ``, `[`, `]`) in one paragraph. */
  inlineMarks: 1_000,
  /** Characters in those runs in one paragraph (a row of marks alone on its line is a scene break, not counted). */
  markCharacters: 2_000,
  /** Markdown quotes (`>`) or list indentation levels one inside another. */
  markdownNesting: 64,
  /** Cells (`|`) in one line of a Markdown table. */
  tableCells: 1_000,
} as const;

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let k = text.indexOf('\n'); k !== -1 && k < index; k = text.indexOf('\n', k + 1)) line++;
  return line;
}

/** Why the HTML is beyond the limits, naming the line, or null when it is within them. */
export function htmlShapeProblem(html: string): string | null {
  // Cheap exit for text without markup, which is most of what is posted.
  if (html.indexOf('<') === -1) return null;
  let depth = 0;
  let elements = 0;
  let problem: string | null = null;
  const parser = new Parser(
    {
      onopentag() {
        if (problem) return;
        depth++;
        elements++;
        if (depth > MARKUP_LIMITS.nesting) {
          problem = `elements are nested more than ${MARKUP_LIMITS.nesting} deep (at line ${lineAt(html, parser.startIndex)}); the limit is ${MARKUP_LIMITS.nesting}`;
        } else if (elements > MARKUP_LIMITS.elements) {
          problem = `the document has more than ${MARKUP_LIMITS.elements.toLocaleString('en')} elements (passed at line ${lineAt(html, parser.startIndex)}); the limit is ${MARKUP_LIMITS.elements.toLocaleString('en')}`;
        }
        if (problem) parser.pause();
      },
      onclosetag() {
        depth--;
      },
    },
    { decodeEntities: false, recognizeSelfClosing: true },
  );
  parser.write(html);
  if (!problem) parser.end();
  return problem;
}

const MARK_RUN = /[*_~`[\]]+/g;

/** Why the Markdown is beyond the limits, naming the paragraph's line, or null when it is within them. */
export function markdownShapeProblem(text: string): string | null {
  let line = 1;
  for (const paragraph of text.split(/\n[ \t]*\n/)) {
    let runs = 0;
    let marks = 0;
    // A line of marks and spaces alone is a scene break ("* * *"), read in linear time.
    const inline = paragraph
      .split('\n')
      .filter((l) => !/^[\s*_~`[\]-]*$/.test(l))
      .join('\n');
    MARK_RUN.lastIndex = 0;
    for (let m = MARK_RUN.exec(inline); m !== null; m = MARK_RUN.exec(inline)) {
      marks += m[0].length;
      if (++runs > MARKUP_LIMITS.inlineMarks) {
        return `the paragraph at line ${line} has more than ${MARKUP_LIMITS.inlineMarks.toLocaleString('en')} runs of the marks * _ ~ \` [ ]; the limit is ${MARKUP_LIMITS.inlineMarks.toLocaleString('en')} a paragraph`;
      }
      if (marks > MARKUP_LIMITS.markCharacters) {
        return `the paragraph at line ${line} has more than ${MARKUP_LIMITS.markCharacters.toLocaleString('en')} of the marks * _ ~ \` [ ] inside its text; the limit is ${MARKUP_LIMITS.markCharacters.toLocaleString('en')} a paragraph`;
      }
    }
    line += (paragraph.match(/\n/g)?.length ?? 0) + 2;
  }
  const nested = markdownNestingProblem(text);
  return nested ?? htmlShapeProblem(text);
}

/** Quotes or lists nested deeper than the limit: marked's block parser slows with each level. */
function markdownNestingProblem(text: string): string | null {
  let line = 0;
  for (const l of text.split('\n')) {
    line++;
    const quotes = /^(?:[ \t]*>)*/.exec(l)![0].split('>').length - 1;
    const indent = /^[ \t]*/.exec(l)![0].replace(/\t/g, '    ').length;
    const cells = l.split('|').length - 1;
    if (cells > MARKUP_LIMITS.tableCells) {
      return `the line ${line} has more than ${MARKUP_LIMITS.tableCells.toLocaleString('en')} table cells (|); the limit is ${MARKUP_LIMITS.tableCells.toLocaleString('en')}`;
    }
    if (quotes > MARKUP_LIMITS.markdownNesting || indent > MARKUP_LIMITS.markdownNesting * 4) {
      return `quotes or lists are nested more than ${MARKUP_LIMITS.markdownNesting} deep at line ${line}; the limit is ${MARKUP_LIMITS.markdownNesting}`;
    }
  }
  return null;
}
