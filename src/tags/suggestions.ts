// Turns what the analysis proposes into tag suggestions, one per tag name. Pure.
import type { Analysis, Evidence } from '../analysis/types.ts';
import type { TagType } from './tag-types.ts';
import type { AuthorNote, ParsedWork } from '../importers/parsed-work.ts';
import type { CanonIndex } from '../analysis/canon-types.ts';
import { analyze, type KnownStructure } from '../analysis/analyze.ts';
import { htmlToText } from '../analysis/word-count.ts';

export interface TagSuggestion {
  type: TagType;
  name: string;
  confidence: number;
  evidence: Evidence[];
}

const ORIGINAL_TAGS = new Set(['Original Female Character(s)', 'Original Male Character(s)']);

/** Below this the analysis keeps a proposal to itself: a wrong suggestion costs the writer time. */
export const MIN_SUGGESTION_CONFIDENCE = 0.3;

export function suggestionsFromAnalysis(a: Analysis): TagSuggestion[] {
  const out: TagSuggestion[] = [];
  const add = (type: TagType, p: { name: string; confidence: number; evidence: Evidence[] }) => {
    if (p.confidence >= MIN_SUGGESTION_CONFIDENCE)
      out.push({ type, name: p.name, confidence: p.confidence, evidence: p.evidence });
  };
  if (a.rating.name !== 'Not Rated') add('rating', a.rating);
  for (const w of a.warnings) add('warning', w);
  for (const f of a.fandoms) add('fandom', f);
  for (const r of a.relationships) add('relationship', r);
  // In a fan work, people no canon knows are tagged as AO3 does, Original Female/Male
  // Character(s) (the analysis reports those entries beside them); in original fiction (no
  // fandom) every character is original and keeps a name.
  const fanWork = a.fandoms.some((f) => f.confidence >= MIN_SUGGESTION_CONFIDENCE);
  for (const c of a.characters) {
    if (!c.onPage) continue;
    const original = c.canonical === null && ORIGINAL_TAGS.has(c.name);
    if (fanWork ? c.canonical !== null || original : !original) add('character', c);
  }
  for (const c of a.categories) add('category', c);
  for (const f of a.freeforms) add('freeform', f);
  const seen = new Set<string>();
  return out.filter((s) => {
    const key = s.name.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The text the analysis reads for a parsed work, in reading order, with its summary and notes
 * marked: the story signals skip them, while a rating or a setting the writer states in a note
 * still counts.
 */
export function parsedWorkText(parsed: ParsedWork): { text: string; structure: KnownStructure } {
  let text = '';
  const structure: KnownStructure = { summary: parsed.summary, notes: [], spans: [] };
  const add = (part: string, kind: 'story' | 'summary' | 'note') => {
    const trimmed = part.trim();
    if (!trimmed) return;
    if (text) text += '\n\n\n';
    if (kind !== 'story') structure.spans.push([text.length, text.length + trimmed.length]);
    if (kind === 'note') structure.notes.push(trimmed);
    text += trimmed;
  };
  const notes = (list: AuthorNote[], position: AuthorNote['position']) => {
    for (const n of list) if (n.position === position) add(htmlToText(n.html), 'note');
  };
  if (parsed.summary) add(parsed.summary, 'summary');
  notes(parsed.notes, 'beginning');
  for (const c of parsed.chapters) {
    if (c.title) add(c.title, 'story');
    notes(c.notes, 'beginning');
    add(htmlToText(c.html), 'story');
    notes(c.notes, 'end');
  }
  notes(parsed.notes, 'end');
  return { text, structure };
}

/** A suggester over a loaded canon, for importers and the posting form. */
export function makeSuggester(canon: CanonIndex | null): (parsed: ParsedWork) => TagSuggestion[] {
  return (parsed) => {
    const { text, structure } = parsedWorkText(parsed);
    return suggestionsFromAnalysis(analyze(text, canon, structure));
  };
}
