// Fixtures for the plain-text structure tests: short original story paragraphs to build texts from.
import { splitStructure } from './text-structure.ts';

export const P1 = 'The ferry left at dawn, and Mara was the only passenger who did not look back at the harbour.';
export const P2 = 'Halfway across, the engine coughed twice and died. The captain swore softly and went below.';
export const P3 = '"We will drift," he said when he came back up, wiping his hands. "But not far."';
export const P4 = 'By noon the island was close enough to count the gulls on its cliffs.';
export const STORY = [P1, P2, P3, P4].join('\n\n');

/** The story text of every chapter, joined: what is left once headings, notes and summary are taken out. */
export function body(text: string): string {
  return splitStructure(text)
    .chapters.map((c) => c.text)
    .join('\n\n');
}
