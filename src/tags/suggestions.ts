// Turns what the analysis proposes into tag suggestions, one per (type, name). Pure.
import type { Analysis, Evidence } from '../analysis/types.ts';
import type { TagType } from './tag-types.ts';

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
    if (p.confidence >= MIN_SUGGESTION_CONFIDENCE) out.push({ type, name: p.name, confidence: p.confidence, evidence: p.evidence });
  };
  if (a.rating.name !== 'Not Rated') add('rating', a.rating);
  for (const w of a.warnings) add('warning', w);
  for (const f of a.fandoms) add('fandom', f);
  for (const r of a.relationships) add('relationship', r);
  for (const c of a.characters) if (c.onPage) add('character', c);
  for (const f of a.freeforms) add('freeform', f);
  const seen = new Set<string>();
  return out.filter((s) => {
    const key = s.name.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
