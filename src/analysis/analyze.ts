// Runs the analysis signals in order over one text and assembles the Analysis. Pure: the canon
// comes in as an argument. Summary and author's notes are found first and blanked out (same
// length, so every evidence offset still points into the text as given); the signals then read
// only the story, while the notes may still speak for fandom, rating and freeform tags.

import type { CanonIndex } from './canon-types.ts';
import type { Analysis, CharacterProposal, Proposal } from './types.ts';
import { splitStructure } from '../importers/text-structure.ts';
import { countWords } from './word-count.ts';
import { readingMinutes } from './reading-time.ts';
import { detectLanguage, type LanguageGuess } from './language.ts';
import { detectPovIn, type PovGuess } from './pov.ts';
import { detectTenseIn, type TenseGuess } from './tense.ts';
import { findPeople, originalCharacterEntries, resolveCharacters } from './characters.ts';
import { detectFandoms } from './fandoms.ts';
import { canonGender } from './relationship-names.ts';
import { detectRelationships } from './relationships.ts';
import { detectRating } from './rating.ts';
import { detectWarnings } from './warnings.ts';
import { detectFreeforms } from './freeforms.ts';
import { detectCategories } from './category.ts';

/** The values Analysis carries for language, POV and tense, with the confidence and evidence behind them. */
export interface AnalysisDetails {
  language: LanguageGuess;
  pov: PovGuess;
  tense: TenseGuess;
  /** [start, end) spans of the text that are summary or notes, blanked for the story signals. */
  blanked: [number, number][];
}

/**
 * Summary and notes already told apart (an importer's work), with where each sits in the text:
 * the analysis then takes them as given instead of finding them again.
 */
export interface KnownStructure {
  summary: string | null;
  notes: string[];
  /** [start, end) spans of the summary and the notes in the text. */
  spans: [number, number][];
}

export function analyze(text: string, canon: CanonIndex | null, known?: KnownStructure): Analysis {
  return analyzeWithDetails(text, canon, known).analysis;
}

export function analyzeWithDetails(
  text: string,
  canon: CanonIndex | null,
  known?: KnownStructure,
): { analysis: Analysis; details: AnalysisDetails } {
  // 1. Structure: summary and notes, located in the text so they can be blanked.
  const { summary, notes, blanked } = known
    ? { summary: known.summary, notes: known.notes, blanked: known.spans }
    : findStructure(text);
  const story = blank(text, blanked);

  // 2. Counts and language.
  const words = countWords(text);
  const language = detectLanguage(story);

  // 3. Narrative form: full rules for English, pronoun and verb tables for a few other
  // languages, and for the rest the commonest form of fiction (third person, past) unsure.
  const english = language.language === 'en';
  const pov = detectPovIn(story, language.language);
  const tense = detectTenseIn(story, language.language);

  // 4. People, fandoms, then the people as canon characters of those fandoms.
  const people = findPeople(story, canon);
  const fandoms = detectFandoms(story, people, canon, text);
  const fandomNames = fandoms.map((f) => f.name);
  const resolved = resolveCharacters(people, withParts(fandomNames, canon), relatedIn(canon));
  // In a fan work, people no canon knows are also reported as AO3 tags them.
  const found = [...resolved, ...originalCharacterEntries(resolved, fandomNames)];

  // 5. Relationships, rating, warnings, freeforms.
  const relationships = detectRelationships(story, resolved, {
    canon,
    fandoms: fandomNames,
    tagName: tagNameFor(fandomNames),
  });
  const characters = withRelationshipMembers(found, relationships);
  const rating = detectRating(story, text);
  const warnings = detectWarnings(story, resolved);
  const categories = detectCategories(
    relationships,
    characters.map((c) => (c.gender === 'unknown' ? { ...c, gender: canonGender(canon, c) } : c)),
  );
  const freeforms = detectFreeforms(story, { full: text, fandoms, canon, relationships, warnings, english, pov });

  const analysis: Analysis = {
    words,
    readingMinutes: readingMinutes(words),
    language: language.language,
    pov: pov.pov,
    tense: tense.tense,
    summary,
    notes,
    fandoms,
    characters,
    relationships,
    rating,
    warnings,
    categories,
    freeforms,
  };
  return { analysis, details: { language, pov, tense, blanked } };
}

/**
 * The fandoms whose characters a story's people may be: the proposed ones, best first, then the
 * parts of a proposed franchise umbrella ("Star Wars - All Media Types" holds the Clone Wars'
 * commanders), whose people writers tag under the umbrella too.
 */
function withParts(fandoms: string[], canon: CanonIndex | null): string[] {
  if (!canon) return fandoms;
  const out = [...fandoms];
  for (const f of fandoms)
    for (const part of canon.canon.fandoms) if (part.parent === f && !out.includes(part.name)) out.push(part.name);
  return out;
}

/** Whether two fandoms tell one story: related in the canon data, or a franchise and its part. */
function relatedIn(canon: CanonIndex | null): (a: string, b: string) => boolean {
  return (a, b) => {
    if (a === b) return true;
    const fa = canon?.fandomsByName.get(a.toLowerCase());
    const fb = canon?.fandomsByName.get(b.toLowerCase());
    if (!fa || !fb) return false;
    return fa.related.includes(b) || fb.related.includes(a) || fa.parent === b || fb.parent === a;
  };
}

/**
 * A relationship's people are characters of the work at least as surely as the relationship is
 * one of its relationships: AO3 tags both, and a confident pair beside an unsure member would
 * apply the pair without the person.
 */
function withRelationshipMembers(characters: CharacterProposal[], relationships: Proposal[]): CharacterProposal[] {
  const backing = new Map<string, number>();
  for (const r of relationships)
    for (const member of r.name.split(/\/| & /)) backing.set(member, Math.max(backing.get(member) ?? 0, r.confidence));
  return characters.map((c) => {
    // An original-character tag stays as unsure as its own evidence (characters.ts says why).
    if (c.name.startsWith('Original ') && c.canonical === null) return c;
    const floor = backing.get(c.name) ?? 0;
    return floor > c.confidence ? { ...c, confidence: floor } : c;
  });
}

/** Summary and notes of a text as written, and where they sit in it. */
function findStructure(text: string): { summary: string | null; notes: string[]; blanked: [number, number][] } {
  const structure = splitStructure(text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text);
  const notes = [
    ...structure.notes.filter((n) => n.position === 'beginning'),
    ...structure.chapters.flatMap((c) => c.notes),
    ...structure.notes.filter((n) => n.position === 'end'),
  ].map((n) => n.text);
  // A lone opening line that places the story in canon or warns ("Set after 3x21.", "Post-Civil
  // War. Content warning for ...") is an author's note, not a summary of the story.
  let summary = structure.summary;
  if (summary && NOTE_LIKE.test(summary)) {
    notes.unshift(summary);
    summary = null;
  }
  const blanked: [number, number][] = [];
  for (const part of [summary, ...notes]) {
    if (!part) continue;
    const span = locate(text, part);
    if (span) blanked.push(span);
  }
  return { summary, notes, blanked };
}

/** Setting and warning statements that splitStructure may take for a one-line summary. */
const NOTE_LIKE =
  /^(?:set (?:during|after|before|between|in|around|post)\b|takes place\b|post-|pre-|(?:content |trigger )?warnings?\b|cw\b|tw\b|a\/n\b|author'?s note|written for\b|for the\b.*\b(?:prompt|challenge|exchange)\b|prompt\b)|\b\d{1,2}x\d{1,2}\b|\bcontent warning\b/i;

/**
 * In a fan work, a character the canon does not know goes into relationship tags as AO3's
 * "Original Female/Male Character(s)"; in original work every character keeps their name.
 */
function tagNameFor(fandoms: string[]): (c: CharacterProposal) => string {
  return (c) => {
    if (fandoms.length === 0 || c.canonical !== null) return c.name;
    if (c.gender === 'female') return 'Original Female Character(s)';
    if (c.gender === 'male') return 'Original Male Character(s)';
    return c.name;
  };
}

/** Where `part` (as splitStructure gave it: trimmed, label stripped) sits in the text. */
function locate(text: string, part: string): [number, number] | null {
  const words = part.split(/\s+/).filter(Boolean);
  if (!words.length) return null;
  let start = text.indexOf(part);
  let end = start + part.length;
  if (start < 0) {
    // Whitespace may differ (line breaks normalised, paragraphs re-joined).
    const re = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+'));
    const m = re.exec(text);
    if (!m) return null;
    start = m.index;
    end = start + m[0].length;
  }
  // Take in a label before it on the same line ("A/N:", "Summary:").
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (start - lineStart <= 30 && !/[.!?"”]/.test(text.slice(lineStart, start))) start = lineStart;
  return [start, end];
}

/** The text with the spans replaced by spaces (line breaks kept, so paragraphs stay paragraphs). */
function blank(text: string, spans: [number, number][]): string {
  if (!spans.length) return text;
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const parts: string[] = [];
  let at = 0;
  for (const [s, e] of sorted) {
    if (e <= at) continue;
    const from = Math.max(s, at);
    parts.push(text.slice(at, from), text.slice(from, e).replace(/[^\n]/g, ' '));
    at = e;
  }
  parts.push(text.slice(at));
  return parts.join('');
}
