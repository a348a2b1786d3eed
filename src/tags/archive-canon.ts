// Canon that grows with the archive: the canonical characters and relationships wranglers place
// under a fandom, and the synonyms writers tagged them with, join the bundled canon, so a story
// about them is recognised with no change to the data files. Pure: the rows come from
// wrangling.repo, the result goes to indexCanon.
import type { Canon, CanonFandom } from '../analysis/canon-types.ts';
import type { WrangledChild } from './wrangling.repo.ts';

export function withArchiveCanon(bundled: Canon, children: WrangledChild[]): Canon {
  if (children.length === 0) return bundled;
  const byName = new Map(bundled.fandoms.map((f) => [f.name.toLowerCase(), f]));
  const grown = new Map<string, CanonFandom>();
  const fandomFor = (name: string): CanonFandom => {
    const key = name.toLowerCase();
    let f = grown.get(key);
    if (!f) {
      const base = byName.get(key);
      f = base
        ? { ...base, characters: [...base.characters], relationships: [...base.relationships] }
        : {
            name,
            aliases: [],
            media: 'Uncategorized Fandoms',
            related: [],
            characters: [],
            terms: [],
            relationships: [],
          };
      grown.set(key, f);
    }
    return f;
  };
  for (const child of children) {
    const f = fandomFor(child.fandom);
    if (child.type === 'relationship') {
      if (!f.relationships.includes(child.name)) f.relationships.push(child.name);
      continue;
    }
    const known = f.characters.find((c) => c.name.toLowerCase() === child.name.toLowerCase());
    if (known) {
      const aliases = new Set(known.aliases.map((a) => a.toLowerCase()));
      const extra = child.synonyms.filter((s) => !aliases.has(s.toLowerCase()));
      if (extra.length) f.characters[f.characters.indexOf(known)] = { ...known, aliases: [...known.aliases, ...extra] };
    } else {
      f.characters.push({ name: child.name, aliases: child.synonyms, gender: 'unknown' });
    }
  }
  return {
    fandoms: [
      ...bundled.fandoms.map((f) => grown.get(f.name.toLowerCase()) ?? f),
      ...[...grown.values()].filter((f) => !byName.has(f.name.toLowerCase())),
    ],
  };
}
