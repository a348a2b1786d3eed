// Step 3 of finding people (characters.ts): mentions with the same title and words make a form,
// forms gather gender votes, and forms join into people ("Sir Walter Elliot", "Walter", "Elliot")
// when only one person fits.

import * as dialogue from './dialogue.ts';
import * as lexicon from './names.ts';
import type { Gender, TitleInfo } from './names.ts';
import { isVerbAt, possessiveHer, type Scan } from './character-scan.ts';

// Bound once: under tsx an imported binding is read through a getter at every use, which shows
// in the per-token loops.
const { PARA, WORD } = dialogue;
const { GIVEN_NAME_GENDER, NICKNAMES, PRONOUN_GENDER, TITLES, foldKey } = lexicon;

/** Every mention sharing one title and one run of words ("Mr. Bennet"). */
export interface Form {
  title: TitleInfo | null;
  titleText: string;
  titleKeys: string[];
  words: string[];
  key: string;
  mentions: number[];
  /** Votes for the person's gender: title, given-name lexicon, pronouns after the name. */
  male: number;
  female: number;
}

class UnionFind {
  parent: Int32Array;
  constructor(
    n: number,
    private readonly merge?: (into: number, from: number) => void,
  ) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(a: number): number {
    let r = a;
    while (this.parent[r] !== r) r = this.parent[r]!;
    while (this.parent[a] !== r) {
      const nx = this.parent[a]!;
      this.parent[a] = r;
      a = nx;
    }
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a),
      rb = this.find(b);
    if (ra === rb) return;
    const into = Math.min(ra, rb),
      from = Math.max(ra, rb);
    this.parent[from] = into;
    this.merge?.(into, from);
  }
}

export function titleGenderOf(t: TitleInfo | null): 'male' | 'female' | null {
  return t ? t.gender : null;
}

interface ClusterInfo {
  gender: Gender;
  married: boolean;
  unmarried: boolean;
}

export function genderFromVotes(male: number, female: number): Gender {
  if (male >= 0.8 && male >= female * 2) return 'male';
  if (female >= 0.8 && female >= male * 2) return 'female';
  return 'unknown';
}

function compatible(a: ClusterInfo, t: TitleInfo | null, wordGender: Gender): boolean {
  const g = titleGenderOf(t) ?? (wordGender === 'unknown' ? null : wordGender);
  if (g && a.gender !== 'unknown' && a.gender !== g) return false;
  if (t?.marital === 'married' && a.unmarried) return false;
  if (t?.marital === 'unmarried' && a.married) return false;
  return true;
}

export function groupForms(scan: Scan, keep: boolean[]): { forms: Form[] } {
  const forms: Form[] = [];
  const byKey = new Map<string, number>();
  scan.mentions.forEach((m, idx) => {
    if (!keep[idx]) return;
    const fk = (m.title?.display ?? '') + '|' + m.key;
    let f = byKey.get(fk);
    if (f === undefined) {
      f = forms.length;
      byKey.set(fk, f);
      forms.push({
        title: m.title,
        titleText: m.titleText,
        titleKeys: m.titleKeys,
        words: m.words,
        key: m.key,
        mentions: [],
        male: 0,
        female: 0,
      });
    }
    m.form = f;
    forms[f]!.mentions.push(idx);
  });
  return { forms };
}

export function addGenderVotes(scan: Scan, forms: Form[]): void {
  const { tok, mentions, mentionAt } = scan;
  for (const f of forms) {
    const tg = titleGenderOf(f.title);
    if (tg === 'male') f.male += 3 * f.mentions.length;
    if (tg === 'female') f.female += 3 * f.mentions.length;
    const given = GIVEN_NAME_GENDER.get(foldKey(f.words[0]!));
    if (
      given &&
      (f.words.length > 1 ||
        !f.title ||
        f.title.gender === null ||
        f.title.display === 'Miss' ||
        f.title.display === 'Lady' ||
        f.title.display === 'Sir')
    ) {
      if (given === 'male') f.male += 2;
      else f.female += 2;
    }
  }
  // "Her name is Sheila", "his name was Danny"
  for (const m of mentions) {
    if (m.form < 0 || m.first < 3) continue;
    const w1 = tok.text[m.first - 1]!.toLowerCase(),
      w2 = tok.text[m.first - 2]!.toLowerCase(),
      w3 = tok.text[m.first - 3]!.toLowerCase();
    if ((w1 === 'is' || w1 === 'was') && w2 === 'name' && (w3 === 'her' || w3 === 'his')) {
      if (w3 === 'her') forms[m.form]!.female += 2;
      else forms[m.form]!.male += 2;
    }
  }
  // The first pronoun after a name in narration usually refers back to it, except an object
  // ("Caroline held onto him"): objects are skipped, and a pronoun in the next sentence counts less.
  for (const m of mentions) {
    if (m.form < 0 || m.inQuote) continue;
    const subjectLike = tok.sentStart[m.first] === 1 || isVerbAt(tok, m.next);
    const weight = subjectLike ? 1 : 0.5;
    let crossed = false;
    for (let t = m.next, steps = 0; t < tok.count && steps < 16; t++, steps++) {
      const kind = tok.kind[t];
      if (kind === PARA || tok.quote[t] !== 0 || mentionAt[t]! >= 0) break;
      if (kind !== WORD) {
        const c = tok.text[t]!;
        if (c === '.' || c === '!' || c === '?') {
          if (crossed) break;
          crossed = true;
        }
        continue;
      }
      const w = tok.text[t]!.toLowerCase();
      const p = PRONOUN_GENDER.get(w);
      if (!p) continue;
      if (w === 'him') continue;
      if (w === 'her' && !possessiveHer(tok, t + 1)) continue;
      const f = forms[m.form]!;
      const v = p[1] * weight * (crossed ? 0.6 : 1);
      if (p[0] === 'male') f.male += v;
      else f.female += v;
      break;
    }
  }
}

/** The forms being joined, and what each step below asks of the people formed so far. */
interface Clustering {
  forms: Form[];
  uf: UnionFind;
  /** The gender and marital titles of the person whose root is given. */
  info: (root: number) => ClusterInfo;
  /** Joins form `f` to the one person among `candidates`, if they are one; says whether it did. */
  attach: (f: number, candidates: number[]) => boolean;
}

/** The person (a root form) of every form. Each step joins only where one person fits; the order of the steps matters. */
export function clusterForms(forms: Form[]): number[] {
  const c = newClustering(forms);
  const order = forms
    .map((_, i) => i)
    .sort(
      (a, b) =>
        forms[b]!.words.length - forms[a]!.words.length ||
        forms[b]!.mentions.length - forms[a]!.mentions.length ||
        a - b,
    );
  const multi = order.filter((f) => forms[f]!.words.length >= 2);
  const single = order.filter((f) => forms[f]!.words.length === 1);
  joinSameWords(c, order, multi);
  joinContainedRuns(c, multi);
  // Multi-word people by given name and by surname.
  const byGiven = new Map<string, Set<number>>();
  const bySurname = new Map<string, Set<number>>();
  for (const f of multi) {
    const ws = forms[f]!.key.split(' ');
    const root = c.uf.find(f);
    addTo(byGiven, ws[0]!, root);
    addTo(bySurname, ws[ws.length - 1]!, root);
  }
  // "Miss Ashdown" before "Mrs. Ashdown": when both are named, the full name with a given name is
  // more often the daughter's, and the married title then stays with the mother.
  const maritalOrder = (f: number): number => (forms[f]!.title?.marital === 'unmarried' ? 0 : 1);
  const singleTitled = single.filter((f) => forms[f]!.title).sort((a, b) => maritalOrder(a) - maritalOrder(b));
  const singleBare = single.filter((f) => !forms[f]!.title);
  joinTitledToFull(c, singleTitled, byGiven, bySurname);
  const titledByWord = joinTitledWords(c, singleTitled);
  joinBareWords(c, singleBare, byGiven, bySurname, titledByWord);
  joinTitlesAlone(c, singleBare);
  joinNicknames(c, singleBare);
  joinClippings(c, singleBare);
  return forms.map((_, i) => c.uf.find(i));
}

function newClustering(forms: Form[]): Clustering {
  // Gender votes and marital titles summed per person as forms join, so that asking costs nothing.
  const n = forms.length;
  const male = Float64Array.from(forms, (f) => f.male);
  const female = Float64Array.from(forms, (f) => f.female);
  const married = Uint8Array.from(forms, (f) => (f.title?.marital === 'married' ? 1 : 0));
  const unmarried = Uint8Array.from(forms, (f) => (f.title?.marital === 'unmarried' ? 1 : 0));
  const uf = new UnionFind(n, (into, from) => {
    male[into]! += male[from]!;
    female[into]! += female[from]!;
    married[into] = married[into]! | married[from]!;
    unmarried[into] = unmarried[into]! | unmarried[from]!;
  });
  const info = (root: number): ClusterInfo => ({
    gender: genderFromVotes(male[root]!, female[root]!),
    married: married[root] === 1,
    unmarried: unmarried[root] === 1,
  });
  const attach = (f: number, candidates: number[]): boolean => {
    const roots = [...new Set(candidates.map((r) => uf.find(r)))];
    if (roots.length !== 1) return false;
    uf.union(f, roots[0]!);
    return true;
  };
  return { forms, uf, info, attach };
}

/** Same words with different titles ("Walter Elliot", "Sir Walter Elliot") are one person unless the titles disagree on gender. */
function joinSameWords({ forms, uf }: Clustering, order: number[], multi: number[]): void {
  const byWords = new Map<string, number[]>();
  for (const f of order) {
    const list = byWords.get(forms[f]!.key) ?? [];
    list.push(f);
    byWords.set(forms[f]!.key, list);
  }
  for (const f of multi) {
    const same = byWords.get(forms[f]!.key)!;
    for (const g of same) {
      if (g === f) continue;
      const gf = titleGenderOf(forms[f]!.title) ?? genderFromVotes(forms[f]!.male, forms[f]!.female);
      const gg = titleGenderOf(forms[g]!.title) ?? genderFromVotes(forms[g]!.male, forms[g]!.female);
      if (gf !== 'unknown' && gg !== 'unknown' && gf !== gg) continue;
      uf.union(f, g);
    }
  }
}

/** A shorter multi-word run inside exactly one longer one ("Jacob Astor" in "John Jacob Astor"). */
function joinContainedRuns({ forms, uf }: Clustering, multi: number[]): void {
  const containersOf = new Map<string, number[]>();
  for (const g of multi) {
    const ws = forms[g]!.key.split(' ');
    const runs = new Set<string>();
    for (let a = 0; a < ws.length; a++) {
      for (let b = a + 2; b <= ws.length; b++) if (b - a < ws.length) runs.add(ws.slice(a, b).join(' '));
    }
    for (const r of runs) containersOf.set(r, [...(containersOf.get(r) ?? []), g]);
  }
  for (const f of multi) {
    const containers = containersOf.get(forms[f]!.key) ?? [];
    const roots = new Set(containers.map((g) => uf.find(g)));
    if (roots.size === 1) uf.union(f, containers[0]!);
  }
}

/** "Mr. Elliot", "Sir Walter", "Lady Bridget": join the one multi-word person they fit. */
function joinTitledToFull(
  { forms, uf, info, attach }: Clustering,
  singleTitled: number[],
  byGiven: Map<string, Set<number>>,
  bySurname: Map<string, Set<number>>,
): void {
  for (const f of singleTitled) {
    const form = forms[f]!;
    const wg = GIVEN_NAME_GENDER.get(form.key) ?? 'unknown';
    const cands = [...(byGiven.get(form.key) ?? []), ...(bySurname.get(form.key) ?? [])].filter((r) =>
      compatible(info(uf.find(r)), form.title, wg),
    );
    if (attach(f, cands)) continue;
    // prefer the one whose gender is known to fit ("Mrs. McChesney" is Emma, not her son Jock)
    const tg = titleGenderOf(form.title);
    if (tg)
      attach(
        f,
        cands.filter((r) => info(uf.find(r)).gender === tg),
      );
  }
}

/** Titled single words with each other: "Dr. Mortimer" and "Mr. Mortimer", never "Mr." with "Mrs.". Returns them by word. */
function joinTitledWords({ forms, uf }: Clustering, singleTitled: number[]): Map<string, number[]> {
  const titledByWord = new Map<string, number[]>();
  for (const f of singleTitled) {
    const list = titledByWord.get(forms[f]!.key) ?? [];
    list.push(f);
    titledByWord.set(forms[f]!.key, list);
  }
  for (const list of titledByWord.values()) {
    if (list.length < 2) continue;
    const genders = new Set(list.map((f) => titleGenderOf(forms[f]!.title)).filter((g) => g !== null));
    const maritals = new Set(list.map((f) => forms[f]!.title!.marital).filter((g) => g !== undefined));
    if (genders.size <= 1 && maritals.size <= 1) for (const f of list) uf.union(list[0]!, f);
    else {
      // join neutral titles to gendered ones only when the pronouns settle which
      for (const f of list) {
        if (titleGenderOf(forms[f]!.title) !== null) continue;
        const g = genderFromVotes(forms[f]!.male, forms[f]!.female);
        if (g === 'unknown') continue;
        const same = list.filter((h) => titleGenderOf(forms[h]!.title) === g);
        if (new Set(same.map((h) => uf.find(h))).size === 1) uf.union(f, same[0]!);
      }
    }
  }
  return titledByWord;
}

/**
 * Bare single words: the one person with that given name or surname; when several share it, a
 * bare surname is usually the man ("Bennet" is Mr. Bennet), a given name follows the lexicon.
 */
function joinBareWords(
  { forms, uf, info, attach }: Clustering,
  singleBare: number[],
  byGiven: Map<string, Set<number>>,
  bySurname: Map<string, Set<number>>,
  titledByWord: Map<string, number[]>,
): void {
  for (const f of singleBare) {
    const form = forms[f]!;
    const given = [...(byGiven.get(form.key) ?? [])];
    const surname = [...(bySurname.get(form.key) ?? [])];
    const titled = titledByWord.get(form.key) ?? [];
    if (attach(f, [...given, ...surname, ...titled])) continue;
    const lexGender = GIVEN_NAME_GENDER.get(form.key);
    if (lexGender) {
      if (attach(f, given)) continue;
      attach(
        f,
        [...given, ...titled].filter((r) => info(uf.find(r)).gender === lexGender),
      );
    } else {
      attach(
        f,
        [...surname, ...titled].filter((r) => info(uf.find(r)).gender === 'male'),
      );
    }
  }
}

/** A title used alone ("the Judge", "the Doctor") is the one person who bears it, if only one does. */
function joinTitlesAlone({ forms, attach }: Clustering, singleBare: number[]): void {
  for (const f of singleBare) {
    const t = TITLES.get(forms[f]!.key);
    if (!t) continue;
    attach(
      f,
      forms.map((_, g) => g).filter((g) => g !== f && forms[g]!.titleKeys.includes(t.display)),
    );
  }
}

/** Diminutives: "Lizzy" and "Elizabeth" (or "Elizabeth Bennet") when each side has one person. */
function joinNicknames({ forms, uf }: Clustering, singleBare: number[]): void {
  const rootsByGiven = new Map<string, Set<number>>();
  for (let f = 0; f < forms.length; f++) addTo(rootsByGiven, forms[f]!.key.split(' ')[0]!, uf.find(f));
  const claims = new Map<number, number[]>();
  for (const f of singleBare) {
    const fulls = NICKNAMES.get(forms[f]!.key);
    if (!fulls) continue;
    const targets = new Set(fulls.flatMap((full) => [...(rootsByGiven.get(full) ?? [])]).map((r) => uf.find(r)));
    targets.delete(uf.find(f));
    if (targets.size !== 1) continue;
    const target = [...targets][0]!;
    claims.set(target, [...(claims.get(target) ?? []), uf.find(f)]);
  }
  for (const [target, nickRoots] of claims) {
    const distinct = [...new Set(nickRoots)];
    if (distinct.length === 1) uf.union(target, distinct[0]!);
  }
}

/**
 * Clipped names, as fans shorten a surname or an unusual given name ("Baku" for Bakugou, "Kiri"
 * for Kirishima): a bare word of four letters or more that no name lexicon knows joins the one
 * person with a longer name word it begins.
 */
function joinClippings({ forms, uf, attach }: Clustering, singleBare: number[]): void {
  const words = new Map<string, Set<number>>();
  for (let f = 0; f < forms.length; f++) for (const w of forms[f]!.key.split(' ')) addTo(words, w, f);
  for (const f of singleBare) {
    const key = forms[f]!.key;
    if (key.length < 4 || GIVEN_NAME_GENDER.has(key) || NICKNAMES.has(key)) continue;
    const longer: number[] = [];
    for (const [w, owners] of words) {
      if (w.length >= key.length + 2 && w.startsWith(key))
        for (const g of owners) if (uf.find(g) !== uf.find(f)) longer.push(g);
    }
    attach(f, longer);
  }
}

function addTo(map: Map<string, Set<number>>, key: string, v: number): void {
  let s = map.get(key);
  if (!s) {
    s = new Set();
    map.set(key, s);
  }
  s.add(v);
}
