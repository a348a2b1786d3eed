// The field names of the query language (grammar in query-parser.ts), and the near miss a
// mistyped name most likely meant.

import type { TagType } from '../tags/tag-types.ts';
import type { CountField, DateField } from './query.ts';

// ---------------------------------------------------------------------------------------------
// The field table. Several names per field: Quire's own, AO3's search field names, plurals.

export type FieldSpec =
  | { kind: 'tag'; type?: TagType }
  | { kind: 'count'; field: CountField }
  | { kind: 'date'; field: DateField }
  | { kind: 'sort' | 'language' | 'single' | 'crossover' | 'creator' }
  | { kind: 'complete'; wip: boolean };

export const FIELDS: Record<string, FieldSpec> = {};
function field(spec: FieldSpec, ...names: string[]) {
  for (const n of names) FIELDS[n] = spec;
}
field({ kind: 'tag', type: 'rating' }, 'rating', 'ratings');
field({ kind: 'tag', type: 'warning' }, 'warning', 'warnings', 'archive_warning', 'archive_warnings');
field({ kind: 'tag', type: 'category' }, 'category', 'categories');
field({ kind: 'tag', type: 'fandom' }, 'fandom', 'fandoms');
field({ kind: 'tag', type: 'character' }, 'character', 'characters');
field({ kind: 'tag', type: 'relationship' }, 'relationship', 'relationships', 'ship', 'ships', 'pairing');
field({ kind: 'tag', type: 'freeform' }, 'freeform', 'freeforms', 'additional');
field({ kind: 'tag' }, 'tag', 'tags', 'any');
field({ kind: 'count', field: 'words' }, 'words', 'word_count');
field({ kind: 'count', field: 'kudos' }, 'kudos', 'kudos_count');
field({ kind: 'count', field: 'hits' }, 'hits');
field({ kind: 'count', field: 'comments' }, 'comments', 'comments_count');
field({ kind: 'count', field: 'bookmarks' }, 'bookmarks', 'bookmarks_count');
field({ kind: 'count', field: 'chapters' }, 'chapters', 'chapter_count', 'chapters_count');
field({ kind: 'date', field: 'posted' }, 'posted', 'created', 'created_at');
field({ kind: 'date', field: 'updated' }, 'updated', 'revised', 'revised_at');
field({ kind: 'sort' }, 'sort', 'sort_by', 'order');
field({ kind: 'language' }, 'language', 'lang');
field({ kind: 'complete', wip: false }, 'complete', 'completed');
field({ kind: 'complete', wip: true }, 'wip');
field({ kind: 'single' }, 'single', 'single_chapter', 'oneshot');
field({ kind: 'crossover' }, 'crossover', 'crossovers');
field({ kind: 'creator' }, 'creator', 'author', 'by');

const FIELD_NAMES = Object.keys(FIELDS);

/** The field a near-miss ("fandon", "ratng") most likely meant. */
export function nearestField(name: string): string | undefined {
  if (name.length < 4 || name.length > 20) return undefined;
  let best: string | undefined;
  let bestDistance = name.length >= 7 ? 3 : 2;
  for (const f of FIELD_NAMES) {
    if (Math.abs(f.length - name.length) >= bestDistance) continue;
    const d = editDistance(name, f);
    if (d < bestDistance) (best = f), (bestDistance = d);
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
