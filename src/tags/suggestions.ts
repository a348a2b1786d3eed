// Turns what the analysis proposes into tag suggestions, one per tag name. Pure.
import type { Analysis, Evidence } from '../analysis/types.ts';
import type { TagType } from './tag-types.ts';
import type { ParsedWork } from '../importers/parsed-work.ts';
import type { CanonIndex } from '../analysis/canon-types.ts';
import { analyze } from '../analysis/analyze.ts';
import { originalCharacterTags } from '../analysis/characters.ts';
import { htmlToText } from '../analysis/word-count.ts';

export interface TagSuggestion {
  type: TagType;
  name: string;
  confidence: number;
  evidence: Evidence[];
}

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
  // Character(s); in original fiction (no fandom) every character is original and keeps a name.
  const fanWork = a.fandoms.some((f) => f.confidence >= MIN_SUGGESTION_CONFIDENCE);
  for (const c of a.characters) if (c.onPage && (c.canonical !== null || !fanWork)) add('character', c);
  if (fanWork) {
    for (const tag of originalCharacterTags(
      a.characters,
      a.fandoms.map((f) => f.name),
    )) {
      const gender = tag.startsWith('Original Female') ? 'female' : 'male';
      const people = a.characters.filter((c) => c.canonical === null && c.onPage && c.gender === gender);
      add('character', {
        name: tag,
        confidence: Math.max(...people.map((p) => p.confidence)),
        evidence: people.flatMap((p) => p.evidence).slice(0, 3),
      });
    }
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

/** The text the analysis reads for a parsed work: its chapters, notes and summary set apart. */
export function storyText(parsed: ParsedWork): string {
  return parsed.chapters.map((c) => htmlToText(c.html)).join('\n\n');
}

/** A suggester over a loaded canon, for importers and the posting form. */
export function makeSuggester(canon: CanonIndex | null): (parsed: ParsedWork) => TagSuggestion[] {
  return (parsed) => suggestionsFromAnalysis(analyze(storyText(parsed), canon));
}
