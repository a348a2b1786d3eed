// What fandom detection (fandoms.ts) derives from a canon once per CanonIndex: terms by their
// first word, groups of related fandoms, fandom names for notes, and which related fandoms are
// versions of one story.

import type { CanonFandom, CanonIndex } from './canon-types.ts';

export interface TermEntry {
  term: string;
  /** Each word of the term, lower case, and whether the canon writes it capitalised. */
  words: { lower: string; capital: boolean }[];
  fandoms: CanonFandom[];
}

/**
 * The terms starting with one word: those of that one word, and the longer ones by their second
 * word. A text's every "the" and "a" starts some canon's term; looking up the next word first
 * spares trying hundreds of "the …" terms at each.
 */
export interface TermsAt {
  single: TermEntry[];
  bySecond: Map<string, TermEntry[]>;
}

export interface Derived {
  /** First word of a term -> the terms starting with it. */
  terms: Map<string, TermsAt>;
  /** Fandom -> its group of related fandoms (a union over `related`), by a representative name. */
  group: Map<CanonFandom, string>;
  /**
   * Fandom names and aliases (lower case, as token sequences), for notes that name the fandom;
   * `exact` holds a one-word name as written, which must match in its own case ("HoMe" is not "home").
   */
  names: Map<string, { words: string[]; exact: string | null; fandom: CanonFandom }[]>;
  /** Fandom -> the related fandoms that tell the same story with the same people (versions). */
  versions: Map<CanonFandom, Set<CanonFandom>>;
}

const derivedCache = new WeakMap<CanonIndex, Derived>();

const ARTICLES = new Set(['the', 'a', 'an']);
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

export function derive(canon: CanonIndex): Derived {
  const cached = derivedCache.get(canon);
  if (cached) return cached;
  const terms = new Map<string, TermsAt>();
  for (const [key, fandoms] of canon.fandomsByTerm) {
    // The writing of the term in its first fandom tells which words are capitalised.
    const written = fandoms[0]?.terms.find((t) => t.toLowerCase() === key) ?? key;
    const words = (written.match(WORD) ?? []).map((w) => ({
      lower: w.toLowerCase().replace(/’/g, "'"),
      capital: /^\p{Lu}/u.test(w) && !ARTICLES.has(w.toLowerCase()),
    }));
    const first = words[0];
    if (!first) continue;
    let at = terms.get(first.lower);
    if (!at) {
      at = { single: [], bySecond: new Map() };
      terms.set(first.lower, at);
    }
    const entry = { term: written, words, fandoms };
    const second = words[1];
    if (!second) at.single.push(entry);
    else {
      const list = at.bySecond.get(second.lower) ?? [];
      list.push(entry);
      at.bySecond.set(second.lower, list);
    }
  }
  // Related fandoms form one group, so that a character shared by TVD and The Originals counts as
  // specific rather than ambiguous.
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== undefined && parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  for (const f of canon.canon.fandoms) parent.set(f.name, f.name);
  for (const f of canon.canon.fandoms) {
    for (const r of f.related) {
      if (!parent.has(r)) continue;
      const a = find(f.name);
      const b = find(r);
      if (a !== b) parent.set(a < b ? b : a, a < b ? a : b);
    }
  }
  const group = new Map<CanonFandom, string>();
  for (const f of canon.canon.fandoms) group.set(f, find(f.name));
  const names: Derived['names'] = new Map();
  for (const f of canon.canon.fandoms) {
    for (const n of [f.name.replace(/\s*\([^()]*\)$/, ''), ...f.aliases]) {
      const words = n.toLowerCase().replace(/’/g, "'").match(WORD) ?? [];
      if (!words.length || (words.length === 1 && words[0]!.length < 3)) continue;
      const list = names.get(words[0]!) ?? [];
      list.push({ words, exact: words.length === 1 ? n.trim() : null, fandom: f });
      names.set(words[0]!, list);
    }
  }
  const d = { terms, group, names, versions: versionsOf(canon) };
  derivedCache.set(canon, d);
  return d;
}

/** How many of a fandom's first-listed (main) characters count as its cast. */
const MAIN_CAST = 6;
/** Share of each one's main cast the other must have for two related fandoms to be versions. */
const SAME_CAST = 2 / 3;

/**
 * Related fandoms that are versions of one story (Sherlock (TV) and the Conan Doyle books, a
 * show and its novels): each has most of the other's main cast. A story is written in one of
 * them, so proposing both would make an accidental crossover; spin-offs (The Originals beside
 * The Vampire Diaries) share far fewer people.
 */
function versionsOf(canon: CanonIndex): Map<CanonFandom, Set<CanonFandom>> {
  const out = new Map<CanonFandom, Set<CanonFandom>>();
  // One person in two canons is tagged apart ("Merlin (Merlin)", "Merlin (Arthurian)"): known by
  // their name without its disambiguator, or by a name the other lists among its aliases.
  const bare = (name: string) => name.replace(/\s*\([^)]*\)$/, '').toLowerCase();
  const names = (f: CanonFandom) =>
    new Set(f.characters.flatMap((c) => [bare(c.name), ...c.aliases.map((a) => a.toLowerCase())]));
  const shares = (a: CanonFandom, b: CanonFandom) => {
    const cast = a.characters.slice(0, MAIN_CAST);
    const other = names(b);
    return cast.length > 0 && cast.filter((c) => other.has(bare(c.name))).length / cast.length >= SAME_CAST;
  };
  for (const f of canon.canon.fandoms) {
    for (const name of f.related) {
      const r = canon.fandomsByName.get(name.toLowerCase());
      if (!r || !shares(f, r) || !shares(r, f)) continue;
      for (const [x, y] of [
        [f, r],
        [r, f],
      ] as const) {
        const set = out.get(x) ?? new Set();
        set.add(y);
        out.set(x, set);
      }
    }
  }
  return out;
}
